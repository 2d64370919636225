/**
 * The projection of a value onto what a rule reads (`rule-reads.ts`), as a string key: two values
 * with the same key agree on everything the rule reads, so the rule gives both the same result.
 * The encoding is prefix-free (every part says where it ends), so distinct projections give
 * distinct keys.
 *
 * @packageDocumentation
 */
import type { ReadNode } from './rule-reads.js';

type Rec = Record<string, unknown>;

function isRecord(v: unknown): v is Rec {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A key longer than this is not worth keeping (the rule reads large values whole). */
const MAX_KEY_LENGTH = 2048;

/** Thrown when a value holds something that is not plain JSON data (no key is made). */
class NotJson extends Error {}

/**
 * The text of a JSON value with its type: `-0` apart from `0`, `undefined` members kept (they are
 * members of the CEL map), key order kept (it is the map's iteration order).
 */
function serialise(v: unknown): string {
  switch (typeof v) {
    case 'string':
      return JSON.stringify(v);
    case 'number':
      return `${Object.is(v, -0) ? '-0' : String(v)};`;
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
      for (const k of Object.keys(v)) s += JSON.stringify(k) + serialise((v as Rec)[k]);
      return `${s}}`;
    }
    default:
      throw new NotJson();
  }
}

function hasStructure(r: ReadNode): boolean {
  return r.fields.size > 0 || r.indexes.size > 0 || r.each !== undefined;
}

/**
 * The projection of `v` onto the reads `r` (`present` false: the member is absent).
 * `A` absent, `N` null, `V…` the whole value, `P…` a present value and what is read of it.
 */
function project(r: ReadNode, v: unknown, present: boolean): string {
  if (!present) return 'A';
  if (r.value) return `V${serialise(v)}`;
  // Both are CEL null (a member that is not set, for has()).
  if (v === null || v === undefined) return 'N';
  let s = 'P';
  if (r.size) {
    if (Array.isArray(v)) s += `s${v.length};`;
    else if (isRecord(v)) s += `s${Object.keys(v).length};`;
    else return `${s}V${serialise(v)}`;
  }
  if (!hasStructure(r)) return s;
  if (r.indexes.size === 0 && r.each === undefined && isRecord(v)) {
    s += '{';
    for (const [f, sub] of r.fields) s += project(sub, v[f], Object.hasOwn(v, f));
    return `${s}}`;
  }
  if (r.fields.size === 0 && Array.isArray(v)) {
    s += '[';
    for (const [i, sub] of r.indexes) s += project(sub, v[i], i < v.length);
    if (r.each !== undefined) {
      s += '*';
      for (const x of v) s += project(r.each, x, true);
    }
    return `${s}]`;
  }
  // A map iterated over, a list read by field, a scalar read by field: the whole value.
  return `${s}V${serialise(v)}`;
}

/**
 * The projection key of a value for a rule's reads.
 *
 * @param reads - what the rule reads of `self`
 * @param self - the value `self` is bound to
 * @returns the key, or undefined when the value is not plain JSON data or the key is too long to
 *   be worth keeping
 * @example
 * projectionKey(ruleReads(parse('self.kind == "Gateway"').expr)!, { kind: 'Gateway', name: 'a' });
 * // => the same key as for { kind: 'Gateway', name: 'b' }
 */
export function projectionKey(reads: ReadNode, self: unknown): string | undefined {
  let key: string;
  try {
    key = project(reads, self, true);
  } catch (e) {
    if (e instanceof NotJson) return undefined;
    throw e;
  }
  return key.length > MAX_KEY_LENGTH ? undefined : key;
}
