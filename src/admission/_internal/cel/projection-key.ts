/**
 * The projection of a value onto what a rule reads (`rule-reads.ts`), as a sequence of tokens:
 * two values with the same tokens agree on everything the rule reads, so the rule gives both the
 * same result. A token is a marker (a symbol: absent, null, present, the whole value, an object or
 * a list opening or closing, …) or a primitive taken from the value itself (a string, a number, a
 * boolean): nothing is allocated to make them, and the pass tables (`projection-trie.ts`) look
 * them up one by one. The sequence is unambiguous (every part says where it ends), so distinct
 * projections give distinct sequences. A read tree is compiled once into a token function.
 *
 * `projectionKey` gives the same projection as text (each token typed: a string with its length,
 * a number with its sign of zero): tests compare values by it, and the laws that state "values
 * with the same key get the same result" cover the tokens, since the text is a one-to-one
 * rendering of them.
 *
 * @packageDocumentation
 */
import type { ReadNode, StringTest } from './rule-reads.js';

type Rec = Record<string, unknown>;

/** A projection longer than this many tokens is not worth keeping (the rule reads large values whole). */
const MAX_TOKENS = 512;

/** Thrown when a value holds something that is not plain JSON data (no projection is made). */
class NotJson extends Error {}

/**
 * Markers: symbols, distinct from every value a token takes from the data. Where a read node's
 * projection can take several forms, each form but a bare value starts with its own marker, so
 * the first token says which form follows; a form of fixed length needs no closing marker.
 */
const ABSENT = Symbol('A');
const NULLISH = Symbol('N');
/** Present, and nothing more is read (perhaps its size, which follows). */
const PRESENT = Symbol('P');
/** An object read by fields: its size when read, then each field's projection. */
const FIELDS = Symbol('F');
/** A list read by items: its size when read, the indexed items, then the number of items and each. */
const ITEMS = Symbol('I');
/** A value read whole where its fields or items were to be read: its size when read, then the value. */
const WHOLE = Symbol('W');
const TESTS = Symbol('T');
const OPEN_OBJECT = Symbol('{');
const CLOSE_OBJECT = Symbol('}');
const OPEN_LIST = Symbol('[');
const CLOSE_LIST = Symbol(']');
/** `-0` (a `Map` does not tell it from `0`; `serialise` and CEL's `double` do). */
const NEGATIVE_ZERO = Symbol('z');
/** A renamed string (a rule that only compares strings): its number, in order of first appearance. */
const RENAMED = Symbol('R');

/** A reusable token buffer: `items[0 … n-1]` is the last projection made into it. */
export class Tokens {
  readonly items: unknown[] = [];
  n = 0;
  /** The numbers given to renamed strings in the last projection. */
  readonly renamed: Map<string, number> = new Map();

  /** The tokens as a new array (to keep them past the next projection into the buffer). */
  copy(): unknown[] {
    return this.items.slice(0, this.n);
  }
}

function push(t: Tokens, x: unknown): void {
  t.items[t.n++] = x;
}

/**
 * The tokens of a JSON value with its type: strings and numbers as themselves (`-0` apart),
 * `undefined` members kept (they are members of the CEL map), key order kept (it is the map's
 * iteration order).
 */
function serialise(v: unknown, t: Tokens): void {
  switch (typeof v) {
    case 'string':
    case 'boolean':
    case 'undefined':
      push(t, v);
      return;
    case 'number':
      push(t, Object.is(v, -0) ? NEGATIVE_ZERO : v);
      return;
    case 'object': {
      if (v === null) {
        push(t, null);
        return;
      }
      if (Array.isArray(v)) {
        push(t, OPEN_LIST);
        for (const x of v) serialise(x, t);
        push(t, CLOSE_LIST);
        return;
      }
      const proto = Object.getPrototypeOf(v);
      if (proto !== Object.prototype && proto !== null) throw new NotJson();
      push(t, OPEN_OBJECT);
      for (const k of Object.keys(v)) {
        push(t, k);
        serialise((v as Rec)[k], t);
      }
      push(t, CLOSE_OBJECT);
      return;
    }
    default:
      throw new NotJson();
  }
}

/**
 * `serialise` for a rule that reads strings only to compare them (`ReadNode.equalityOnly`): a
 * string that is one of the rule's constants as itself, any other as `RENAMED` and its number
 * (the same string, the same number), so values that differ by such a renaming get the same
 * tokens. An object is not made into tokens here (its keys would be compared with field names).
 */
function renamingSerialise(constants: ReadonlySet<string>): Serialise {
  const renamed: Serialise = (v, t) => {
    if (typeof v === 'string') {
      if (constants.has(v)) return push(t, v);
      let i = t.renamed.get(v);
      if (i === undefined) {
        i = t.renamed.size;
        t.renamed.set(v, i);
      }
      push(t, RENAMED);
      return push(t, i);
    }
    if (Array.isArray(v)) {
      push(t, OPEN_LIST);
      for (const x of v) renamed(x, t);
      return push(t, CLOSE_LIST);
    }
    if (typeof v === 'object' && v !== null) throw new NotJson();
    serialise(v, t);
  };
  return renamed;
}

/** How a value read whole becomes tokens: `serialise`, or `renamingSerialise`. */
type Serialise = (v: unknown, t: Tokens) => void;

/** The projection of a member (`present` false: absent) onto one read node, into `t`. */
type Project = (v: unknown, present: boolean, t: Tokens) => void;

/** The whole value: absent, or the value (whose first token is never a marker of absence). */
function wholeValue(ser: Serialise): Project {
  return (v, present, t) => {
    if (!present) push(t, ABSENT);
    else ser(v, t);
  };
}

/** Whether it is set: absent, null (both are CEL null for has()), present. */
const presenceOnly: Project = (v, present, t) =>
  push(t, !present ? ABSENT : v === null || v === undefined ? NULLISH : PRESENT);

/**
 * The answer of a string test on a string, as CEL gives it: `t`, `f`, or `e` when the test
 * cannot run (a pattern that does not compile: CEL's result is then an error for every string).
 */
export type StringTester = (test: StringTest, s: string) => 't' | 'f' | 'e';

const ANSWER_DIGIT = { t: 0, f: 1, e: 2 } as const;

/**
 * A string read only through tests (`settleStringTests`): the tests' answers, as one number (a
 * digit in base 3 per test) after their marker; a value that is not a string (CEL finds no
 * overload) is read whole (its first token is not a string, nor a marker but a list's or an
 * object's opening).
 */
function testsOnly(tests: readonly StringTest[], tester: StringTester, ser: Serialise): Project {
  return (v, present, t) => {
    if (!present) push(t, ABSENT);
    else if (v === null || v === undefined) push(t, NULLISH);
    else if (typeof v !== 'string') ser(v, t);
    else {
      let answers = 0;
      for (const test of tests) answers = answers * 3 + ANSWER_DIGIT[tester(test, v)];
      push(t, TESTS);
      push(t, answers);
    }
  };
}

/**
 * Compiles a read node: absent, null, or present and what is read of it. A value read by size,
 * fields or items takes one of four forms, each after its marker: `PRESENT` (only its size),
 * `FIELDS` (an object: its size, then each field), `ITEMS` (a list: its size, the indexed items,
 * the number of items and each), `WHOLE` (anything else: its size, then the whole value); a
 * scalar whose size is read is its value alone.
 */
function compile(r: ReadNode, tester: StringTester | undefined, ser: Serialise): Project {
  if (r.value) return wholeValue(ser);
  if (r.tests.size > 0) {
    const alone = !r.size && r.fields.size === 0 && r.indexes.size === 0 && r.each === undefined;
    return alone && tester !== undefined ? testsOnly([...r.tests.values()], tester, ser) : wholeValue(ser);
  }
  const fields = [...r.fields].map(([f, sub]) => [f, compile(sub, tester, ser)] as const);
  const indexes = [...r.indexes].map(([i, sub]) => [i, compile(sub, tester, ser)] as const);
  const each = r.each === undefined ? undefined : compile(r.each, tester, ser);
  const size = r.size;
  if (!size && fields.length === 0 && indexes.length === 0 && each === undefined) return presenceOnly;
  const fieldsOnly = indexes.length === 0 && each === undefined;
  if (fieldsOnly && !size) return fieldsProjection(fields, ser);
  const listOnly = fields.length === 0;
  return (v, present, t) => {
    if (!present) return push(t, ABSENT);
    if (v === null || v === undefined) return push(t, NULLISH);
    const list = Array.isArray(v);
    const record = !list && typeof v === 'object';
    if (size && !list && !record) return ser(v, t);
    const form =
      fieldsOnly && fields.length === 0
        ? PRESENT
        : fieldsOnly && record
          ? FIELDS
          : listOnly && !fieldsOnly && list
            ? ITEMS
            : WHOLE;
    push(t, form);
    if (size) push(t, list ? (v as unknown[]).length : Object.keys(v as Rec).length);
    if (form === FIELDS) {
      for (const [f, sub] of fields) {
        const x = (v as Rec)[f];
        sub(x, x !== undefined || Object.hasOwn(v as Rec, f), t);
      }
    } else if (form === ITEMS) {
      const items = v as unknown[];
      for (const [i, sub] of indexes) sub(items[i], i < items.length, t);
      if (each !== undefined) {
        push(t, items.length);
        for (let i = 0; i < items.length; i++) each(items[i], true, t);
      }
    } else if (form === WHOLE) ser(v, t);
  };
}

/**
 * The projection of a node read only by fields (the commonest): the same tokens as the general
 * one without a size (`FIELDS` and each field for an object, the whole value otherwise: a list's
 * opening or a scalar, never a marker of absence).
 */
function fieldsProjection(fields: readonly (readonly [string, Project])[], ser: Serialise): Project {
  const names = fields.map(([f]) => f);
  const subs = fields.map(([, sub]) => sub);
  const n = names.length;
  return (v, present, t) => {
    if (!present) return push(t, ABSENT);
    if (v === null || v === undefined) return push(t, NULLISH);
    if (typeof v !== 'object' || Array.isArray(v)) return ser(v, t);
    const rec = v as Rec;
    push(t, FIELDS);
    for (let i = 0; i < n; i++) {
      const f = names[i] as string;
      const x = rec[f];
      (subs[i] as Project)(x, x !== undefined || Object.hasOwn(rec, f), t);
    }
  };
}

/**
 * A compiled projection: writes the tokens of a value into `into` (from its start) and says
 * whether they make a projection (false when the value is not plain JSON data or the projection
 * is too long to be worth keeping).
 */
export type ProjectionTokens = (self: unknown, into: Tokens) => boolean;

/**
 * Compiles the projection of a rule's reads into tokens.
 *
 * @param reads - what the rule reads of `self`; string tests stand for a value only where
 *   `settleStringTests` has kept them (the caller settles them against the schema)
 * @param tester - answers string tests as CEL does (without it, a tested string is read whole)
 * @returns the token function
 * @example
 * const tokens = projectionTokens(ruleReads(parse('self.kind == "Gateway"').expr)!);
 * tokens({ kind: 'Gateway', name: 'a' }, buffer); // => true (buffer: present, {, whole, 'Gateway', })
 */
export function projectionTokens(reads: ReadNode, tester?: StringTester): ProjectionTokens {
  const renaming = reads.equalityOnly;
  const project = compile(reads, tester, renaming ? renamingSerialise(reads.constants) : serialise);
  return (self, into) => {
    into.n = 0;
    if (renaming) into.renamed.clear();
    try {
      project(self, true, into);
    } catch (e) {
      if (e instanceof NotJson) return false;
      throw e;
    }
    return into.n <= MAX_TOKENS;
  };
}

/**
 * The text of a token sequence, one to one: markers by their letter, strings with their length,
 * numbers with `;` after them (`-0` apart), `t`/`f` booleans, `n` null, `u` undefined.
 *
 * @param tokens - tokens from a {@link ProjectionTokens}
 * @returns the text
 */
export function tokensText(tokens: readonly unknown[]): string {
  let s = '';
  for (const x of tokens) {
    switch (typeof x) {
      case 'symbol':
        s += x.description;
        break;
      case 'string':
        s += `s${x.length}:${x}`;
        break;
      case 'number':
        s += `d${String(x)};`;
        break;
      case 'boolean':
        s += x ? 't' : 'f';
        break;
      case 'undefined':
        s += 'u';
        break;
      default:
        s += 'n';
    }
  }
  return s;
}

/** A compiled projection as text: the key of a value, or undefined when none is made. */
export type ProjectionKey = (self: unknown) => string | undefined;

/**
 * Compiles the projection of a rule's reads as text (`tokensText` of its tokens).
 *
 * @param reads - what the rule reads of `self` (see {@link projectionTokens})
 * @param tester - answers string tests as CEL does (without it, a tested string is read whole)
 * @returns the key function: the key of the value `self` is bound to, or undefined when the
 *   value is not plain JSON data or the projection is too long to be worth keeping
 * @example
 * const key = projectionKey(ruleReads(parse('self.kind == "Gateway"').expr)!);
 * key({ kind: 'Gateway', name: 'a' }) === key({ kind: 'Gateway', name: 'b' }); // => true
 */
export function projectionKey(reads: ReadNode, tester?: StringTester): ProjectionKey {
  const tokens = projectionTokens(reads, tester);
  const buffer = new Tokens();
  return (self) => (tokens(self, buffer) ? tokensText(buffer.copy()) : undefined);
}
