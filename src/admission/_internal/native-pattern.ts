/**
 * A CRD `pattern` (RE2 syntax) as a native JavaScript `RegExp`, where that is provably the same
 * language and provably linear time; otherwise nothing, and RE2 judges.
 *
 * **Same language.** Only a portable subset is read, by a parser of its own (`@bufbuild/re2`
 * exports no parser and keeps no syntax tree after compiling): ASCII literal characters, escaped
 * ASCII punctuation, `\t \n \r \f \v \a`, `\xHH` and `\x{H…}` below 0x80; positive character
 * classes of those characters and ranges of them; `\d`, `\w`, `\s` inside or outside classes,
 * read as RE2 reads them in Perl mode (`[0-9]`, `[0-9A-Z_a-z]`, `[\t\n\f\r ]`); groups
 * (`(…)`, `(?:…)`), alternation, greedy `*`, `+`, `?` and `{m}`, `{m,}`, `{m,n}` (m, n ≤ 64, no
 * leading zeros: RE2 reads `{01}` as literal text); `^` only first and `$` only last in a pattern
 * without a top-level `|`. Anything else is refused: negated classes, `.`, flags, Unicode and
 * POSIX classes, `\pN`, `\Q…\E`, `\b`, `\A`, `\z`, octal escapes, lazy quantifiers, non-ASCII
 * characters, a `{` that is not a repeat. The `RegExp` is emitted from the parsed tree, never
 * from the pattern's text: every class as explicit ranges, every character that is not a letter
 * or digit as `\xHH`, every group non-capturing, no flag. Why the two engines then agree:
 *
 * - RE2 compiles without `m`: `^` is the start of the text and `$` its end (RE2's `$` without `m`
 *   is `\z`, not Perl's "before a final newline"); JavaScript's `^` and `$` without `m` are the
 *   same. `RegExp.prototype.test` without `g` or `y`, like RE2's `test`, asks whether a match
 *   exists anywhere; both explore every way to match (no possessive or atomic parts), so
 *   leftmost-first or leftmost-longest does not change the answer.
 * - RE2 reads a JavaScript string by code points (a lone surrogate is one non-ASCII character);
 *   the `RegExp`, without `u`, by UTF-16 code units. Every atom of the subset matches one ASCII
 *   character only, and an ASCII character is one code unit and one code point: a match is a run
 *   of ASCII characters, the same run (and the same repetition counts) in either reading, and no
 *   atom can match any part of an astral character or a surrogate. With `u` it would be the same
 *   language; without it the emitted source has no escape whose meaning depends on the flag.
 *
 * **Linear time.** JavaScript's engine backtracks, RE2 never does. A pattern is accepted only if
 * its position (Glushkov) automaton is deterministic, counting every way the expression can move
 * between two positions as its own edge (the expression is one-unambiguous in Brüggemann-Klein
 * and Wood's sense, and unambiguous in how it gets from one position to the next): from the start
 * and from every position, the positions that can come next are reached one way each and have
 * pairwise disjoint character sets. Counted repetitions are expanded into positions as RE2 does
 * (`x{2,4}` = `xx(x(x)?)?`, `x{2,}` = `xxx*`), at most 1,024 positions a pattern and groups at
 * most 32 deep. To make every move one edge: the body of a repetition other than `{1}` cannot
 * match the empty text (`(a*)*`, `(a?)+`), at most one branch of an alternation can, and the
 * edges added by a loop must not repeat edges already there (`(a+)+` has two ways from `a` to
 * `a`). A backtracking matcher on
 * such a pattern, having read a prefix of the text, is at one position reached one way; of the
 * choices it then has (which branch, loop again or leave, take the optional part or not), at most
 * one leads to a position whose set holds the next character, and each other choice fails on that
 * character after a number of steps bounded by the pattern's size (or, with no `$`, ends the
 * match with success). So an attempt from one starting point costs O(pattern × text). With `^`
 * the engine makes one attempt (V8 tries a start-anchored pattern at index 0 only); without `^`
 * it makes one attempt per index, which is linear only when a match's length is bounded: a
 * search without `^` is accepted only when no repetition is unbounded. Examples:
 * `^(?:[-A-Za-z0-9/._~!$&'()*+,;=:@]|[%][0-9a-fA-F]{2})+$` is accepted;
 * `^[a-z0-9]([-a-z0-9]*[a-z0-9])?$` is refused (after a letter in the star the next letter could
 * be the star's or the last class's), as are `(a*)*b`, `(a|a)*` and `[a-z]*[a-z]`.
 *
 * @packageDocumentation
 */

/** A set of ASCII characters, bit `c` for character code `c`. */
type CharSet = bigint;

/** The parsed form of the portable subset. */
export type PortableNode =
  | { readonly type: 'chars'; readonly set: CharSet }
  | { readonly type: 'seq'; readonly items: readonly PortableNode[] }
  | { readonly type: 'alt'; readonly branches: readonly PortableNode[] }
  | {
      readonly type: 'repeat';
      readonly body: PortableNode;
      readonly min: number;
      readonly max: number | undefined;
    };

/** A pattern of the portable subset: its tree and whether it is anchored at each end. */
export interface PortablePattern {
  readonly tree: PortableNode;
  /** Whether the pattern starts with `^`. */
  readonly start: boolean;
  /** Whether the pattern ends with `$`. */
  readonly end: boolean;
}

/** The position automaton of a pattern: each position's characters, the starts and the moves. */
export interface PositionAutomaton {
  /** Each position's set of characters. */
  readonly sets: readonly CharSet[];
  /** The positions a match can start with, one entry per way of getting there. */
  readonly first: readonly number[];
  /** For each position, the positions that can follow, one entry per way of getting there. */
  readonly follow: readonly (readonly number[])[];
  /** The positions a match can end with, one entry per way. */
  readonly last: readonly number[];
  /** Whether the empty text matches (one way). */
  readonly nullable: boolean;
  /** Whether some repetition is unbounded (`*`, `+`, `{m,}`). */
  readonly unbounded: boolean;
}

/** Repetition bounds above this are refused. */
const MAX_REPEAT = 64;
/** Groups nested deeper than this are refused (the parser and the builder recurse). */
const MAX_DEPTH = 32;
/** Patterns with more positions than this (counted repetitions expanded) are refused. */
const MAX_POSITIONS = 1024;

const range = (lo: number, hi: number): CharSet => ((1n << BigInt(hi - lo + 1)) - 1n) << BigInt(lo);
const DIGIT = range(0x30, 0x39);
const WORD = DIGIT | range(0x41, 0x5a) | range(0x61, 0x7a) | range(0x5f, 0x5f);
const SPACE = range(0x09, 0x0a) | range(0x0c, 0x0d) | range(0x20, 0x20);
const PERL_CLASSES: Readonly<Record<string, CharSet>> = { d: DIGIT, w: WORD, s: SPACE };
const CONTROL_ESCAPES: Readonly<Record<string, number>> = { a: 7, f: 12, n: 10, r: 13, t: 9, v: 11 };
const isAlnum = (c: number): boolean =>
  (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);

/** Thrown inside the parser when the pattern leaves the portable subset; never escapes it. */
class Refused {}
const refuse = (): never => {
  throw new Refused();
};

/** A recursive-descent reader of the portable subset. */
class SubsetParser {
  #i = 0;
  #depth = 0;
  constructor(private readonly src: string) {}

  /** The whole text: its branches (more than one when it has a top-level `|`). */
  parseAll(): PortableNode[] {
    const branches = this.#branches();
    if (this.#i !== this.src.length) refuse(); // an unbalanced `)`
    return branches;
  }

  #peek(): string | undefined {
    return this.src[this.#i];
  }

  #branches(): PortableNode[] {
    const branches = [this.#sequence()];
    while (this.#peek() === '|') {
      this.#i++;
      branches.push(this.#sequence());
    }
    return branches;
  }

  #alternation(): PortableNode {
    const branches = this.#branches();
    return branches.length === 1 ? (branches[0] as PortableNode) : { type: 'alt', branches };
  }

  #sequence(): PortableNode {
    const items: PortableNode[] = [];
    for (let c = this.#peek(); c !== undefined && c !== '|' && c !== ')'; c = this.#peek()) {
      items.push(this.#quantified(this.#atom()));
    }
    return items.length === 1 ? (items[0] as PortableNode) : { type: 'seq', items };
  }

  #atom(): PortableNode {
    const c = this.#peek() as string;
    if (c === '(') {
      if (++this.#depth > MAX_DEPTH) refuse();
      this.#i++;
      if (this.#peek() === '?') {
        if (this.src[this.#i + 1] !== ':') refuse(); // flags, named groups
        this.#i += 2;
      }
      const inner = this.#alternation();
      if (this.#peek() !== ')') refuse();
      this.#i++;
      this.#depth--;
      return inner;
    }
    if (c === '[') return { type: 'chars', set: this.#charClass() };
    if (c === '\\') {
      const perl = PERL_CLASSES[this.src[this.#i + 1] ?? ''];
      if (perl !== undefined) {
        this.#i += 2;
        return { type: 'chars', set: perl };
      }
      const code = this.#escape();
      return { type: 'chars', set: range(code, code) };
    }
    // `.`, anchors inside the pattern, a repetition without an argument, a `{` (a repeat without
    // an argument, or literal text in RE2 when it is not a repeat).
    if ('.^$*+?{'.includes(c)) refuse();
    const code = c.charCodeAt(0);
    if (code > 0x7f) refuse();
    this.#i++;
    return { type: 'chars', set: range(code, code) };
  }

  /** An escaped character (not a class): `\` then punctuation, a control escape or `\x`. */
  #escape(): number {
    this.#i++; // '\'
    const c = this.#peek();
    if (c === undefined) return refuse();
    this.#i++;
    const code = c.charCodeAt(0);
    const control = CONTROL_ESCAPES[c];
    if (control !== undefined) return control;
    if (c === 'x') return this.#hex();
    if (code <= 0x7f && !isAlnum(code)) return code;
    return refuse(); // letters (`\b`, `\p`, `\Q`, `\A`, `\z`, `\D`…), digits (octal), non-ASCII
  }

  /** After `\x`: two hex digits or `{` hex digits `}`, an ASCII value. */
  #hex(): number {
    let digits: string;
    if (this.#peek() === '{') {
      const close = this.src.indexOf('}', this.#i);
      if (close === -1) return refuse();
      digits = this.src.slice(this.#i + 1, close);
      this.#i = close + 1;
    } else {
      digits = this.src.slice(this.#i, this.#i + 2);
      if (digits.length !== 2) refuse();
      this.#i += 2;
    }
    if (!/^[0-9A-Fa-f]{1,8}$/.test(digits)) refuse();
    const value = Number.parseInt(digits, 16);
    return value <= 0x7f ? value : refuse();
  }

  /** A positive class `[…]`: `]` first is a member, `-` between two characters a range. */
  #charClass(): CharSet {
    this.#i++; // '['
    if (this.#peek() === '^') refuse();
    let set = 0n;
    let first = true;
    for (;;) {
      const c = this.#peek();
      if (c === undefined) return refuse();
      if (c === ']' && !first) break;
      first = false;
      if (c === '[' && this.src[this.#i + 1] === ':') refuse(); // a POSIX class, or RE2's guess
      if (c === '\\') {
        const perl = PERL_CLASSES[this.src[this.#i + 1] ?? ''];
        if (perl !== undefined) {
          this.#i += 2;
          set |= perl;
          continue;
        }
      }
      const lo = this.#classChar();
      let hi = lo;
      if (this.#peek() === '-' && this.src[this.#i + 1] !== ']' && this.src[this.#i + 1] !== undefined) {
        this.#i++;
        hi = this.#classChar();
        if (hi < lo) refuse();
      }
      set |= range(lo, hi);
    }
    this.#i++; // ']'
    return set;
  }

  #classChar(): number {
    const c = this.#peek() as string;
    if (c === '\\') return this.#escape();
    const code = c.charCodeAt(0);
    if (code > 0x7f) refuse();
    this.#i++;
    return code;
  }

  /** The repetition operators after an atom: at most one, greedy. */
  #quantified(atom: PortableNode): PortableNode {
    const c = this.#peek();
    let min: number;
    let max: number | undefined;
    if (c === '*') [min, max] = [0, undefined];
    else if (c === '+') [min, max] = [1, undefined];
    else if (c === '?') [min, max] = [0, 1];
    else if (c === '{') {
      const m = /^\{(0|[1-9][0-9]*)(,(0|[1-9][0-9]*)?)?\}/.exec(this.src.slice(this.#i));
      if (m === null) return refuse(); // literal `{` in RE2: refused
      min = Number(m[1]);
      max = m[2] === undefined ? min : m[3] === undefined ? undefined : Number(m[3]);
      if (min > MAX_REPEAT || (max !== undefined && (max > MAX_REPEAT || max < min))) refuse();
      this.#i += m[0].length - 1;
    } else return atom;
    this.#i++;
    const next = this.#peek();
    if (next === '?' || next === '*' || next === '+' || next === '{') refuse(); // lazy, nested
    return { type: 'repeat', body: atom, min, max };
  }
}

/**
 * Reads a pattern of the portable subset.
 *
 * @param pattern - RE2 syntax
 * @returns its tree and anchors, or undefined when it leaves the subset
 * @example
 * parsePortable('^[a-c]+$')?.start; // => true
 * parsePortable('^[^a]$'); // => undefined
 */
export function parsePortable(pattern: string): PortablePattern | undefined {
  const start = pattern.startsWith('^');
  // A final `$` is an anchor unless escaped (an odd number of backslashes before it).
  let slashes = 0;
  while (pattern[pattern.length - 2 - slashes] === '\\') slashes++;
  const end = pattern.length > (start ? 1 : 0) && pattern.endsWith('$') && slashes % 2 === 0;
  const body = pattern.slice(start ? 1 : 0, end ? -1 : pattern.length);
  try {
    const branches = new SubsetParser(body).parseAll();
    // `^a|b$` anchors one branch each: refused.
    if (branches.length > 1 && (start || end)) return undefined;
    const tree: PortableNode =
      branches.length === 1 ? (branches[0] as PortableNode) : { type: 'alt', branches };
    return { tree, start, end };
  } catch (e) {
    if (e instanceof Refused) return undefined;
    throw e;
  }
}

/** A piece of the automaton under construction: its first and last positions, one entry per way. */
interface Fragment {
  readonly first: readonly number[];
  readonly last: readonly number[];
  readonly nullable: boolean;
}

const EMPTY: Fragment = { first: [], last: [], nullable: true };

/** Builds the position automaton, expanding counted repetitions. */
class AutomatonBuilder {
  readonly sets: CharSet[] = [];
  readonly follow: number[][] = [];
  unbounded = false;

  build(node: PortableNode): Fragment {
    switch (node.type) {
      case 'chars': {
        if (this.sets.length >= MAX_POSITIONS) refuse();
        const p = this.sets.push(node.set) - 1;
        this.follow.push([]);
        return { first: [p], last: [p], nullable: false };
      }
      case 'seq':
        return node.items.reduce<Fragment>((acc, item) => this.#then(acc, this.build(item)), EMPTY);
      case 'alt': {
        const parts = node.branches.map((b) => this.build(b));
        // Two branches matching the empty text are two ways through the alternation.
        if (parts.filter((p) => p.nullable).length > 1) refuse();
        return {
          first: parts.flatMap((p) => p.first),
          last: parts.flatMap((p) => p.last),
          nullable: parts.some((p) => p.nullable),
        };
      }
      case 'repeat':
        return this.#repeat(node.body, node.min, node.max);
    }
  }

  /** `a` then `b`: every last of `a` is followed by every first of `b`. */
  #then(a: Fragment, b: Fragment): Fragment {
    for (const l of a.last) (this.follow[l] as number[]).push(...b.first);
    return {
      first: a.nullable ? [...a.first, ...b.first] : a.first,
      last: b.nullable ? [...b.last, ...a.last] : b.last,
      nullable: a.nullable && b.nullable,
    };
  }

  /** `body{min,max}` as RE2 expands it: `min` copies, then nested optional copies or a star. */
  #repeat(body: PortableNode, min: number, max: number | undefined): Fragment {
    if (min === 1 && max === 1) return this.build(body);
    if (max === 0) refuse();
    const copy = (): Fragment => {
      const f = this.build(body);
      if (f.nullable) refuse(); // a loop or option around the empty text: more than one way
      return f;
    };
    let acc = EMPTY;
    for (let k = 0; k < min; k++) acc = this.#then(acc, copy());
    if (max === undefined) {
      this.unbounded = true;
      const loop = copy();
      for (const l of loop.last) (this.follow[l] as number[]).push(...loop.first);
      return this.#then(acc, { ...loop, nullable: true });
    }
    // x{0,3} = (x(x(x)?)?)?: built from the innermost copy outwards, in text order.
    const copies: Fragment[] = [];
    for (let k = min; k < max; k++) copies.push(copy());
    let tail: Fragment = EMPTY;
    for (let k = copies.length - 1; k >= 0; k--)
      tail = { ...this.#then(copies[k] as Fragment, tail), nullable: true };
    return this.#then(acc, tail);
  }
}

/**
 * The position automaton of a portable pattern, one entry per way of moving, or undefined when a
 * part can match the empty text more than one way (an alternation with two empty branches, a
 * repetition of something that matches the empty text) or it is too large.
 *
 * @param pattern - a parsed pattern
 * @returns the automaton
 * @example
 * positionAutomaton(parsePortable('^ab*$')!)?.follow; // => [[1], [1]]
 */
export function positionAutomaton(pattern: PortablePattern): PositionAutomaton | undefined {
  const builder = new AutomatonBuilder();
  try {
    const f = builder.build(pattern.tree);
    return { sets: builder.sets, follow: builder.follow, ...f, unbounded: builder.unbounded };
  } catch (e) {
    if (e instanceof Refused) return undefined;
    throw e;
  }
}

/** Whether the entries are distinct positions with pairwise disjoint character sets. */
function oneWayEach(entries: readonly number[], sets: readonly CharSet[]): boolean {
  let seen = 0n;
  for (const p of entries) {
    const s = sets[p] as CharSet;
    if ((seen & s) !== 0n) return false; // also catches a position reached twice
    seen |= s;
  }
  return true;
}

/**
 * Whether the automaton is deterministic: from the start and from every position, the next
 * positions are reached one way each and have pairwise disjoint character sets, and a match ends
 * at each last position one way.
 *
 * @param automaton - a position automaton
 * @returns whether a backtracking matcher never has two viable choices
 * @example
 * isDeterministic(positionAutomaton(parsePortable('^[a-z]*[a-z]$')!)!); // => false
 */
export function isDeterministic(automaton: PositionAutomaton): boolean {
  return (
    oneWayEach(automaton.first, automaton.sets) &&
    automaton.follow.every((f) => oneWayEach(f, automaton.sets)) &&
    new Set(automaton.last).size === automaton.last.length
  );
}

const hex = (c: number): string => `\\x${c.toString(16).padStart(2, '0')}`;
const char = (c: number): string => (isAlnum(c) ? String.fromCharCode(c) : hex(c));

/** A set as a class of explicit ranges, or one character. */
function emitSet(set: CharSet): string {
  const ranges: [number, number][] = [];
  for (let c = 0; c < 128; c++) {
    if (((set >> BigInt(c)) & 1n) === 0n) continue;
    const r = ranges[ranges.length - 1];
    if (r !== undefined && r[1] === c - 1) r[1] = c;
    else ranges.push([c, c]);
  }
  const only = ranges[0] as [number, number];
  if (ranges.length === 1 && only[0] === only[1]) return char(only[0]);
  return `[${ranges.map(([lo, hi]) => (lo === hi ? char(lo) : `${char(lo)}-${char(hi)}`)).join('')}]`;
}

/** The tree in JavaScript syntax, groups non-capturing. */
function emit(node: PortableNode): string {
  switch (node.type) {
    case 'chars':
      return emitSet(node.set);
    case 'seq':
      return node.items.map((i) => (i.type === 'alt' ? `(?:${emit(i)})` : emit(i))).join('');
    case 'alt':
      return node.branches.map((b) => (b.type === 'alt' ? `(?:${emit(b)})` : emit(b))).join('|');
    case 'repeat': {
      const body = node.body.type === 'chars' ? emit(node.body) : `(?:${emit(node.body)})`;
      const { min, max } = node;
      const op =
        max === undefined
          ? min === 0
            ? '*'
            : min === 1
              ? '+'
              : `{${min},}`
          : min === 0 && max === 1
            ? '?'
            : min === max
              ? `{${min}}`
              : `{${min},${max}}`;
      return body + op;
    }
  }
}

/**
 * The pattern as a native `RegExp` whose `test` answers as RE2's `test` on the pattern, on every
 * string, in time linear in the string; undefined unless both are proved (see the module header).
 *
 * @param pattern - RE2 syntax
 * @returns the `RegExp`, or undefined
 * @example
 * nativePattern('^(?:[a-z]|[%][0-9a-f]{2})+$')?.source; // => '^(?:(?:[a-z]|\\x25[0-9a-f]{2})+)$'
 * nativePattern('^[a-z0-9]([-a-z0-9]*[a-z0-9])?$'); // => undefined
 */
export function nativePattern(pattern: string): RegExp | undefined {
  const parsed = parsePortable(pattern);
  if (parsed === undefined) return undefined;
  const automaton = positionAutomaton(parsed);
  if (automaton === undefined || !isDeterministic(automaton)) return undefined;
  // Without `^` the engine tries every index: linear only when a match's length is bounded.
  if (!parsed.start && automaton.unbounded) return undefined;
  return new RegExp(`${parsed.start ? '^' : ''}(?:${emit(parsed.tree)})${parsed.end ? '$' : ''}`);
}
