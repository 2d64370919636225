/**
 * The nodes of Go's `regexp/syntax` parse tree (Go 1.26, `src/regexp/syntax/parse.go` and
 * `regexp.go`) as the parser model keeps them, its constants, and the functions
 * over nodes and rune-range classes the parser uses (`isCharClass`, `Equal`, `cleanClass`,
 * `appendRange`, …).
 *
 * @packageDocumentation
 */

/** The op codes of the nodes (Go's `Op`, and the parser's pseudo-ops from 128). */
export const Op = {
  NoMatch: 1,
  EmptyMatch: 2,
  Literal: 3,
  CharClass: 4,
  AnyCharNotNL: 5,
  AnyChar: 6,
  BeginLine: 7,
  EndLine: 8,
  BeginText: 9,
  EndText: 10,
  WordBoundary: 11,
  NoWordBoundary: 12,
  Capture: 13,
  Star: 14,
  Plus: 15,
  Quest: 16,
  Repeat: 17,
  Concat: 18,
  Alternate: 19,
  LeftParen: 128,
  VerticalBar: 129,
} as const;
/** The op codes, as the limit checks (`regexp-limits.ts`) are handed them. */
export type OpCodes = typeof Op;
export const PSEUDO = 128;

/** Go's parse `Flags` (bit values as declared in parse.go). */
export const Flag = {
  FoldCase: 1,
  ClassNL: 4,
  DotNL: 8,
  OneLine: 16,
  NonGreedy: 32,
  PerlX: 64,
  UnicodeGroups: 128,
  WasDollar: 256,
} as const;
/** `syntax.Perl`, the flags `regexp.Compile` parses with. */
export const PERL_FLAGS: number = Flag.ClassNL | Flag.OneLine | Flag.PerlX | Flag.UnicodeGroups;

export const MAX_RUNE = 0x10ffff;
/** `maxRepeat`. */
export const MAX_REPEAT = 1000;
/** Levels of alternation factoring followed before giving up (Go recurses; 1,000 levels need ~500,000 characters). */
export const MAX_FACTOR_DEPTH = 1000;
/** The least and greatest runes case folding involves (`minFold`, `maxFold`). */
export const MIN_FOLD = 0x41;
export const MAX_FOLD = 0x1e943;

/** The empty rune and sub lists new nodes start with (frozen: a node gets its own list before adding). */
export const NO_RUNES: number[] = Object.freeze([]) as unknown as number[];
export const NO_SUBS: Node[] = Object.freeze([]) as unknown as Node[];

/** A node of the tree (Go's `Regexp`, the fields the parser reads). */
export interface Node {
  op: number;
  flags: number;
  runes: number[];
  /** Where a literal's runes start in `runes` (a factored prefix removed in O(1)); 0 for classes. */
  lo: number;
  subs: Node[];
  min: number;
  max: number;
  cap: number;
  /** The runes are as `cleanClass` leaves them (sorted, merged): cleaning again changes nothing. */
  clean: boolean;
}

/** Go's panics `ErrLarge` and `ErrNestingDepth`. */
export class LimitExceeded {
  constructor(readonly code: 'expression too large' | 'expression nests too deeply') {}
}

/** The expression uses what this model does not hold exactly; the caller reports nothing. */
export class Unsupported {}

/**
 * `unicode.SimpleFold` where it is known without Unicode tables: ASCII and the two non-ASCII
 * runes that fold to ASCII letters (U+017F ſ, U+212A Kelvin sign). Undefined for other runes in
 * the folding range.
 */
export function knownSimpleFold(r: number): number | undefined {
  if (r < MIN_FOLD || r > MAX_FOLD) return r;
  if (r === 0x17f) return 0x53; // ſ → S
  if (r === 0x212a) return 0x4b; // K → K
  if (r >= 0x80) return undefined;
  if (r === 0x4b) return 0x6b; // K → k
  if (r === 0x6b) return 0x212a; // k → K
  if (r === 0x53) return 0x73; // S → s
  if (r === 0x73) return 0x17f; // s → ſ
  if (r >= 0x41 && r <= 0x5a) return r + 0x20;
  if (r >= 0x61 && r <= 0x7a) return r - 0x20;
  return r;
}

/** The parser's state (Go's `parser`). */

/** `repeatIsValid`, walking the tree with a stack. */
export function repeatIsValid(root: Node, limit: number): boolean {
  const todo: [Node, number][] = [[root, limit]];
  while (todo.length > 0) {
    const [re, n0] = todo.pop() as [Node, number];
    let n = n0;
    if (re.op === Op.Repeat) {
      let m = re.max;
      if (m === 0) continue;
      if (m < 0) m = re.min;
      if (m > n) return false;
      if (m > 0) n = Math.trunc(n / m);
    }
    for (const sub of re.subs) todo.push([sub, n]);
  }
  return true;
}

/** `isCharClass`. */
export function isCharClass(re: Node): boolean {
  return (
    (re.op === Op.Literal && runeCount(re) === 1) ||
    re.op === Op.CharClass ||
    re.op === Op.AnyCharNotNL ||
    re.op === Op.AnyChar
  );
}

export function matchRune(re: Node, r: number): boolean {
  switch (re.op) {
    case Op.Literal:
      return runeCount(re) === 1 && firstRune(re) === r;
    case Op.CharClass:
      for (let i = 0; i < re.runes.length; i += 2)
        if ((re.runes[i] as number) <= r && r <= (re.runes[i + 1] as number)) return true;
      return false;
    case Op.AnyCharNotNL:
      return r !== 0x0a;
    case Op.AnyChar:
      return true;
    default:
      return false;
  }
}

/** `Regexp.Equal` for a leading class (or fixed repeat of one) and another node: no deep walk needed. */
export function equalShallow(x: Node, y: Node): boolean {
  if (x.op !== y.op) return false;
  if (x.op === Op.Repeat) {
    return (
      (x.flags & Flag.NonGreedy) === (y.flags & Flag.NonGreedy) &&
      x.min === y.min &&
      x.max === y.max &&
      equalShallow(x.subs[0] as Node, y.subs[0] as Node)
    );
  }
  if (x.op === Op.Literal || x.op === Op.CharClass) {
    const n = runeCount(x);
    if (n !== runeCount(y)) return false;
    for (let i = 0; i < n; i++) if (x.runes[x.lo + i] !== y.runes[y.lo + i]) return false;
    return true;
  }
  return true;
}

/** `leadingString`: the runes (from the offset) and fold flag a node starts with. */
export function leadingString(re: Node): [number[], number, number] {
  const r = re.op === Op.Concat && re.subs.length > 0 ? (re.subs[0] as Node) : re;
  if (r.op !== Op.Literal) return [[], 0, 0];
  return [r.runes, r.lo, r.flags & Flag.FoldCase];
}

/** `len(re.Rune)`. */
export function runeCount(re: Node): number {
  return re.runes.length - re.lo;
}

/** `re.Rune[0]` of a literal. */
export function firstRune(re: Node): number {
  return re.runes[re.lo] as number;
}

export function leadingRegexp(re: Node): Node | null {
  if (re.op === Op.EmptyMatch) return null;
  if (re.op === Op.Concat && re.subs.length > 0) {
    const sub = re.subs[0] as Node;
    return sub.op === Op.EmptyMatch ? null : sub;
  }
  return re;
}

/** `cleanAlt`. */
export function cleanAlt(re: Node): void {
  if (re.op !== Op.CharClass) return;
  if (!re.clean) re.runes = cleanClass(re.runes);
  re.clean = true;
  const r = re.runes;
  if (r.length === 2 && r[0] === 0 && r[1] === MAX_RUNE) {
    re.runes = [];
    re.op = Op.AnyChar;
  } else if (r.length === 4 && r[0] === 0 && r[1] === 0x09 && r[2] === 0x0b && r[3] === MAX_RUNE) {
    re.runes = [];
    re.op = Op.AnyCharNotNL;
  }
}

/** `cleanClass`: sorted by lo (hi descending on ties), overlapping and abutting ranges merged. */
export function cleanClass(r: number[]): number[] {
  const pairs: [number, number][] = [];
  for (let i = 0; i < r.length; i += 2) pairs.push([r[i] as number, r[i + 1] as number]);
  pairs.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  if (pairs.length < 1) return [];
  const out: number[] = [pairs[0]![0], pairs[0]![1]];
  for (let i = 1; i < pairs.length; i++) {
    const [lo, hi] = pairs[i] as [number, number];
    const w = out.length;
    if (lo <= (out[w - 1] as number) + 1) {
      if (hi > (out[w - 1] as number)) out[w - 1] = hi;
      continue;
    }
    out.push(lo, hi);
  }
  return out;
}

/** `appendRange`: extends one of the last two ranges when lo–hi overlaps or abuts it. */
export function appendRange(r: number[], lo: number, hi: number): number[] {
  const n = r.length;
  for (let i = 2; i <= 4; i += 2) {
    if (n >= i) {
      const rlo = r[n - i] as number;
      const rhi = r[n - i + 1] as number;
      if (lo <= rhi + 1 && rlo <= hi + 1) {
        if (lo < rlo) r[n - i] = lo;
        if (hi > rhi) r[n - i + 1] = hi;
        return r;
      }
    }
  }
  r.push(lo, hi);
  return r;
}

/** `appendClass`. */
export function appendClass(r: number[], x: readonly number[]): number[] {
  for (let i = 0; i < x.length; i += 2) r = appendRange(r, x[i] as number, x[i + 1] as number);
  return r;
}

/** `appendNegatedClass`. */
export function appendNegatedClass(r: number[], x: readonly number[]): number[] {
  let nextLo = 0;
  for (let i = 0; i < x.length; i += 2) {
    const lo = x[i] as number;
    const hi = x[i + 1] as number;
    if (nextLo <= lo - 1) r = appendRange(r, nextLo, lo - 1);
    nextLo = hi + 1;
  }
  if (nextLo <= MAX_RUNE) r = appendRange(r, nextLo, MAX_RUNE);
  return r;
}

/** `negateClass` of a clean class. */
export function negateClass(r: readonly number[]): number[] {
  const out: number[] = [];
  let nextLo = 0;
  for (let i = 0; i < r.length; i += 2) {
    const lo = r[i] as number;
    const hi = r[i + 1] as number;
    if (nextLo <= lo - 1) out.push(nextLo, lo - 1);
    nextLo = hi + 1;
  }
  if (nextLo <= MAX_RUNE) out.push(nextLo, MAX_RUNE);
  return out;
}
