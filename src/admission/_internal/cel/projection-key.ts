/**
 * The projection of a value onto what a rule reads (`rule-reads.ts`), as a string key: two values
 * with the same key agree on everything the rule reads, so the rule gives both the same result.
 * The encoding is prefix-free (every part says where it ends), so distinct projections give
 * distinct keys. A read tree is compiled once into a key function.
 *
 * @packageDocumentation
 */
import type { ReadNode, StringTest } from './rule-reads.js';

type Rec = Record<string, unknown>;

function isRecord(v: unknown): v is Rec {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A key longer than this is not worth keeping (the rule reads large values whole). */
const MAX_KEY_LENGTH = 2048;

/** Thrown when a value holds something that is not plain JSON data (no key is made). */
class NotJson extends Error {}

/**
 * The text of a JSON value with its type: strings with their length (no escaping needed), `-0`
 * apart from `0`, `undefined` members kept (they are members of the CEL map), key order kept
 * (it is the map's iteration order).
 */
function serialise(v: unknown): string {
  switch (typeof v) {
    case 'string':
      return `s${v.length}:${v}`;
    case 'number':
      return `d${Object.is(v, -0) ? '-0' : String(v)};`;
    case 'boolean':
      return v ? 't' : 'f';
    case 'undefined':
      return 'u';
    case 'object': {
      if (v === null) return 'n';
      if (Array.isArray(v)) {
        let s = '[';
        for (const x of v) s += serialise(x);
        return `${s}]`;
      }
      const proto = Object.getPrototypeOf(v);
      if (proto !== Object.prototype && proto !== null) throw new NotJson();
      let s = '{';
      for (const k of Object.keys(v)) s += `${k.length}:${k}${serialise((v as Rec)[k])}`;
      return `${s}}`;
    }
    default:
      throw new NotJson();
  }
}

/** The projection of a member (`present` false: absent) onto one read node. */
type Project = (v: unknown, present: boolean) => string;

/** The whole value: `A` absent, `V…` its text. */
const wholeValue: Project = (v, present) =>
  !present ? 'A' : typeof v === 'string' ? `Vs${v.length}:${v}` : `V${serialise(v)}`;

/** Whether it is set: `A` absent, `N` null (both are CEL null for has()), `P` present. */
const presenceOnly: Project = (v, present) => (!present ? 'A' : v === null || v === undefined ? 'N' : 'P');

/**
 * The answer of a string test on a string, as CEL gives it: `t`, `f`, or `e` when the test
 * cannot run (a pattern that does not compile: CEL's result is then an error for every string).
 */
export type StringTester = (test: StringTest, s: string) => 't' | 'f' | 'e';

/**
 * A string read only through tests (`settleStringTests`): `T` and each test's answer; a value
 * that is not a string (CEL finds no overload) is read whole.
 */
function testsOnly(tests: readonly StringTest[], tester: StringTester): Project {
  return (v, present) => {
    if (!present) return 'A';
    if (v === null || v === undefined) return 'N';
    if (typeof v !== 'string') return `V${serialise(v)}`;
    let s = 'T';
    for (const t of tests) s += tester(t, v);
    return s;
  };
}

/**
 * Compiles a read node: `A` absent, `N` null, `V…` the whole value, `P…` a present value and what
 * is read of it (its size, then its fields, or its indexed items and every item), `T…` a string
 * read through tests.
 */
function compile(r: ReadNode, tester: StringTester | undefined): Project {
  if (r.value) return wholeValue;
  if (r.tests.size > 0) {
    const alone = !r.size && r.fields.size === 0 && r.indexes.size === 0 && r.each === undefined;
    return alone && tester !== undefined ? testsOnly([...r.tests.values()], tester) : wholeValue;
  }
  const fields = [...r.fields].map(([f, sub]) => [f, compile(sub, tester)] as const);
  const indexes = [...r.indexes].map(([i, sub]) => [i, compile(sub, tester)] as const);
  const each = r.each === undefined ? undefined : compile(r.each, tester);
  const size = r.size;
  if (!size && fields.length === 0 && indexes.length === 0 && each === undefined) return presenceOnly;
  const fieldsOnly = indexes.length === 0 && each === undefined;
  if (fieldsOnly && !size) return fieldsProjection(fields);
  const listOnly = fields.length === 0;
  return (v, present) => {
    if (!present) return 'A';
    if (v === null || v === undefined) return 'N';
    let s = 'P';
    if (size) {
      if (Array.isArray(v)) s += `s${v.length};`;
      else if (isRecord(v)) s += `s${Object.keys(v).length};`;
      else return `${s}V${serialise(v)}`;
    }
    if (fieldsOnly && fields.length > 0 && isRecord(v)) {
      s += '{';
      for (const [f, sub] of fields) {
        const x = v[f];
        s += sub(x, x !== undefined || Object.hasOwn(v, f));
      }
      return `${s}}`;
    }
    if (listOnly && !fieldsOnly && Array.isArray(v)) {
      s += '[';
      for (const [i, sub] of indexes) s += sub(v[i], i < v.length);
      if (each !== undefined) {
        s += '*';
        for (let i = 0; i < v.length; i++) s += each(v[i], true);
      }
      return `${s}]`;
    }
    if (fieldsOnly && fields.length === 0) return s;
    // A map iterated over, a list read by field, a scalar read by field: the whole value.
    return `${s}V${serialise(v)}`;
  };
}

/**
 * The projection of a node read only by fields (the commonest): the same text as the general
 * one (`P{…}`, or `PV…` for a value that is not an object), with the fields in arrays.
 */
function fieldsProjection(fields: readonly (readonly [string, Project])[]): Project {
  const names = fields.map(([f]) => f);
  const subs = fields.map(([, sub]) => sub);
  const n = names.length;
  return (v, present) => {
    if (!present) return 'A';
    if (v === null || v === undefined) return 'N';
    if (typeof v !== 'object' || Array.isArray(v)) return `PV${serialise(v)}`;
    const rec = v as Rec;
    let s = 'P{';
    for (let i = 0; i < n; i++) {
      const f = names[i] as string;
      const x = rec[f];
      s += (subs[i] as Project)(x, x !== undefined || Object.hasOwn(rec, f));
    }
    return `${s}}`;
  };
}

/** A compiled projection: the key of a value, or undefined when none is made. */
export type ProjectionKey = (self: unknown) => string | undefined;

/**
 * Compiles the projection key of a rule's reads.
 *
 * @param reads - what the rule reads of `self`; string tests stand for a value only where
 *   `settleStringTests` has kept them (the caller settles them against the schema)
 * @param tester - answers string tests as CEL does (without it, a tested string is read whole)
 * @returns the key function: the key of the value `self` is bound to, or undefined when the
 *   value is not plain JSON data or the key is too long to be worth keeping
 * @example
 * const key = projectionKey(ruleReads(parse('self.kind == "Gateway"').expr)!);
 * key({ kind: 'Gateway', name: 'a' }) === key({ kind: 'Gateway', name: 'b' }); // => true
 */
export function projectionKey(reads: ReadNode, tester?: StringTester): ProjectionKey {
  const project = compile(reads, tester);
  return (self) => {
    let key: string;
    try {
      key = project(self, true);
    } catch (e) {
      if (e instanceof NotJson) return undefined;
      throw e;
    }
    return key.length > MAX_KEY_LENGTH ? undefined : key;
  };
}
