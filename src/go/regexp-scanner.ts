/**
 * The reader of Go's `regexp/syntax` parser (Go 1.26, `src/regexp/syntax/parse.go`: `parse`, the
 * release Envoy Gateway v1.9 builds with): syntax errors with Go's texts, over the parse tree of
 * `regexp-tree.ts`. Go's limits and its Unicode tables come in as {@link GoRegexpMachinery}
 * (`regexp-machinery.ts`), which a short expression without `\\p` does not need: the answer
 * without them is Go's all the same (`goRegexpAnswer`).
 *
 * @packageDocumentation
 */

import {
  appendClass,
  appendNegatedClass,
  appendRange,
  cleanClass,
  Flag,
  LimitExceeded,
  type Node,
  negateClass,
  Op,
  type OpCodes,
  Unsupported,
} from './regexp-node.js';
import { CountsOnly, type GoLimitChecks, GoParseTree } from './regexp-tree.js';
import type { UnicodeLookup } from './regexp-unicode.js';

/**
 * What an expression may need beyond the parser: Go's limit checks and its Unicode class tables
 * (`\\p{Greek}`), made per expression.
 */
export interface GoRegexpMachinery {
  readonly limits: (op: OpCodes) => GoLimitChecks;
  readonly unicode: () => { lookup(name: string): UnicodeLookup };
}

/** Thrown where the expression needs the Unicode tables and they are not at hand. */
class NeedsMachinery {}

/** Perl classes (`perlGroup`): sign and ranges. */
const PERL_GROUPS: ReadonlyMap<string, readonly [number, readonly number[]]> = new Map([
  ['\\d', [1, [0x30, 0x39]]],
  ['\\D', [-1, [0x30, 0x39]]],
  ['\\s', [1, [0x09, 0x0a, 0x0c, 0x0d, 0x20, 0x20]]],
  ['\\S', [-1, [0x09, 0x0a, 0x0c, 0x0d, 0x20, 0x20]]],
  ['\\w', [1, [0x30, 0x39, 0x41, 0x5a, 0x5f, 0x5f, 0x61, 0x7a]]],
  ['\\W', [-1, [0x30, 0x39, 0x41, 0x5a, 0x5f, 0x5f, 0x61, 0x7a]]],
]);

/** POSIX classes (`posixGroup`), `[:name:]` and `[:^name:]`. */
const POSIX_GROUPS: ReadonlyMap<string, readonly [number, readonly number[]]> = new Map(
  (
    [
      ['alnum', [0x30, 0x39, 0x41, 0x5a, 0x61, 0x7a]],
      ['alpha', [0x41, 0x5a, 0x61, 0x7a]],
      ['ascii', [0x00, 0x7f]],
      ['blank', [0x09, 0x09, 0x20, 0x20]],
      ['cntrl', [0x00, 0x1f, 0x7f, 0x7f]],
      ['digit', [0x30, 0x39]],
      ['graph', [0x21, 0x7e]],
      ['lower', [0x61, 0x7a]],
      ['print', [0x20, 0x7e]],
      ['punct', [0x21, 0x2f, 0x3a, 0x40, 0x5b, 0x60, 0x7b, 0x7e]],
      ['space', [0x09, 0x0d, 0x20, 0x20]],
      ['upper', [0x41, 0x5a]],
      ['word', [0x30, 0x39, 0x41, 0x5a, 0x5f, 0x5f, 0x61, 0x7a]],
      ['xdigit', [0x30, 0x39, 0x41, 0x46, 0x61, 0x66]],
    ] as const
  ).flatMap(([name, ranges]): [string, readonly [number, readonly number[]]][] => [
    [`[:${name}:]`, [1, ranges]],
    [`[:^${name}:]`, [-1, ranges]],
  ]),
);

/**
 * Expressions up to this length never reach Go's limits (fewer than 1,000 nodes deep, far from
 * the size and rune budgets), so the syntax errors of an expression this model folds inexactly
 * (see {@link goRegexpError}) are still Go's.
 */
export const SHORT_ENOUGH = 500;

/** A syntax error: Go's error code and the offending text. */
class GoSyntaxError {
  constructor(readonly text: string) {}
}

function isAlnum(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

function unhex(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  if (c >= 0x41 && c <= 0x46) return c - 0x41 + 10;
  return -1;
}

/** Reads one expression, positions as UTF-16 indices into it. */
class Scanner {
  readonly tree: GoParseTree;
  /** The named Unicode classes, made on the first `\\p`. */
  private unicode: { lookup(name: string): UnicodeLookup } | null = null;
  /** For each index, the next index of `:]` at or after it (-1: none): `parseNamedClass` without rescans. */
  private readonly nextColonBracket: Int32Array;

  constructor(
    readonly s: string,
    private readonly machinery: GoRegexpMachinery | null,
  ) {
    this.tree = new GoParseTree(machinery === null ? new CountsOnly() : machinery.limits(Op));
    this.nextColonBracket = new Int32Array(s.length + 1);
    let next = -1;
    this.nextColonBracket[s.length] = -1;
    for (let i = s.length - 1; i >= 0; i--) {
      if (s[i] === ':' && s[i + 1] === ']') next = i;
      this.nextColonBracket[i] = next;
    }
  }

  private fail(text: string): never {
    throw new GoSyntaxError(text);
  }

  /** The rune at `i` and its length in UTF-16 units (Go's `nextRune` on well-formed text). */
  private rune(i: number): [number, number] {
    const c = this.s.codePointAt(i) as number;
    return [c, c > 0xffff ? 2 : 1];
  }

  /** `parse`: the main loop. */
  parse(): void {
    const { s, tree } = this;
    let i = 0;
    let lastRepeat = -1; // where the previous item's repeat operator starts, -1: none
    while (i < s.length) {
      let repeat = -1;
      const c = s[i];
      if (c === '(') {
        if (s[i + 1] === '?') i = this.perlFlags(i);
        else {
          (tree.op(Op.LeftParen) as Node).cap = 1;
          i += 1;
        }
      } else if (c === '|') {
        tree.verticalBar();
        i += 1;
      } else if (c === ')') {
        if (!tree.rightParen()) this.fail(`unexpected ): \`${s}\``);
        i += 1;
      } else if (c === '^') {
        tree.op((tree.flags & Flag.OneLine) !== 0 ? Op.BeginText : Op.BeginLine);
        i += 1;
      } else if (c === '$') {
        if ((tree.flags & Flag.OneLine) !== 0) (tree.op(Op.EndText) as Node).flags |= Flag.WasDollar;
        else tree.op(Op.EndLine);
        i += 1;
      } else if (c === '.') {
        tree.op((tree.flags & Flag.DotNL) !== 0 ? Op.AnyChar : Op.AnyCharNotNL);
        i += 1;
      } else if (c === '[') {
        i = this.charClass(i);
      } else if (c === '*' || c === '+' || c === '?') {
        const op = c === '*' ? Op.Star : c === '+' ? Op.Plus : Op.Quest;
        repeat = i;
        i = this.repeat(op, 0, 0, i, i + 1, lastRepeat);
      } else if (c === '{') {
        const r = this.parseRepeat(i);
        if (r === null) {
          tree.literal(0x7b);
          i += 1;
        } else {
          const [min, max, after] = r;
          if (min < 0 || min > 1000 || max > 1000 || (max >= 0 && min > max))
            this.fail(`invalid repeat count: \`${s.slice(i, after)}\``);
          repeat = i;
          i = this.repeat(Op.Repeat, min, max, i, after, lastRepeat);
        }
      } else if (c === '\\') {
        i = this.escapeItem(i);
      } else {
        const [r, n] = this.rune(i);
        tree.literal(r);
        i += n;
      }
      lastRepeat = repeat;
    }
    if (!tree.finish()) this.fail(`missing closing ): \`${s}\``);
  }

  /** `repeat`: the operator at `before`, `after` past it; the index past its `?` too. */
  private repeat(
    op: number,
    min: number,
    max: number,
    before: number,
    after: number,
    lastRepeat: number,
  ): number {
    const nonGreedy = this.s[after] === '?';
    const rest = nonGreedy ? after + 1 : after;
    const err = this.tree.repeat(op, min, max, nonGreedy, lastRepeat >= 0);
    if (err === 'invalid nested repetition operator')
      this.fail(`${err}: \`${this.s.slice(lastRepeat, rest)}\``);
    if (err !== null) this.fail(`${err}: \`${this.s.slice(before, rest)}\``);
    return rest;
  }

  /** `parseRepeat`: min, max (−1: none) and the index after `}`; min −1 when a number is too big. */
  private parseRepeat(i: number): [number, number, number] | null {
    const { s } = this;
    let j = i + 1;
    const a = this.parseInt(j);
    if (a === null) return null;
    let min = a[0];
    let max: number;
    j = a[1];
    if (j >= s.length) return null;
    if (s[j] !== ',') max = min;
    else {
      j += 1;
      if (j >= s.length) return null;
      if (s[j] === '}') max = -1;
      else {
        const b = this.parseInt(j);
        if (b === null) return null;
        max = b[0];
        j = b[1];
        if (max < 0) min = -1;
      }
    }
    if (s[j] !== '}') return null;
    return [min, max, j + 1];
  }

  /** `parseInt`: the value (−1 when 10^8 or more) and the index after the digits. */
  private parseInt(i: number): [number, number] | null {
    const { s } = this;
    const digit = (k: number): boolean => k < s.length && s[k]! >= '0' && s[k]! <= '9';
    if (!digit(i)) return null;
    if (s[i] === '0' && digit(i + 1)) return null;
    let j = i;
    while (digit(j)) j++;
    let n = 0;
    for (let k = i; k < j; k++) {
      if (n >= 1e8) {
        n = -1;
        break;
      }
      n = n * 10 + (s.charCodeAt(k) - 0x30);
    }
    return [n, j];
  }

  /** `parsePerlFlags` at `(?`: the index after it. */
  private perlFlags(i: number): number {
    const { s, tree } = this;
    const startsWithP = s.length - i > 4 && s[i + 2] === 'P' && s[i + 3] === '<';
    const startsWithName = s.length - i > 3 && s[i + 2] === '<';
    if (startsWithP || startsWithName) {
      const end = s.indexOf('>', i);
      if (end < 0) this.fail(`invalid named capture: \`${s.slice(i)}\``);
      const name = s.slice(i + (startsWithName ? 3 : 4), end);
      if (!/^[A-Za-z0-9_]+$/.test(name)) this.fail(`invalid named capture: \`${s.slice(i, end + 1)}\``);
      (tree.op(Op.LeftParen) as Node).cap = 1;
      return end + 1;
    }
    let t = i + 2;
    let flags = tree.flags;
    let sign = 1;
    let sawFlag = false;
    while (t < s.length) {
      const [c, n] = this.rune(t);
      t += n;
      if (c === 0x69) {
        flags |= Flag.FoldCase;
        sawFlag = true;
      } else if (c === 0x6d) {
        flags &= ~Flag.OneLine;
        sawFlag = true;
      } else if (c === 0x73) {
        flags |= Flag.DotNL;
        sawFlag = true;
      } else if (c === 0x55) {
        flags |= Flag.NonGreedy;
        sawFlag = true;
      } else if (c === 0x2d) {
        if (sign < 0) break;
        sign = -1;
        flags = ~flags & 0xffff;
        sawFlag = false;
      } else if (c === 0x3a || c === 0x29) {
        if (sign < 0) {
          if (!sawFlag) break;
          flags = ~flags & 0xffff;
        }
        if (c === 0x3a) tree.op(Op.LeftParen);
        tree.flags = flags;
        return t;
      } else break;
    }
    return this.fail(`invalid or unsupported Perl syntax: \`${s.slice(i, t)}\``);
  }

  /** An escape outside a class (`\A`, `\Q…\E`, a Perl class, an escaped rune): the index after it. */
  private escapeItem(i: number): number {
    const { s, tree } = this;
    const c1 = s[i + 1];
    if (c1 === 'A' || c1 === 'b' || c1 === 'B' || c1 === 'z') {
      tree.op(
        c1 === 'A'
          ? Op.BeginText
          : c1 === 'b'
            ? Op.WordBoundary
            : c1 === 'B'
              ? Op.NoWordBoundary
              : Op.EndText,
      );
      return i + 2;
    }
    if (c1 === 'C') this.fail('invalid escape sequence: `\\C`');
    if (c1 === 'Q') {
      const end = s.indexOf('\\E', i + 2);
      const stop = end < 0 ? s.length : end;
      for (let j = i + 2; j < stop; ) {
        const [r, n] = this.rune(j);
        tree.literal(r);
        j += n;
      }
      return end < 0 ? s.length : end + 2;
    }
    // Go allocates the class node before looking at the escape, and frees it for a plain rune.
    const re = tree.newNode(Op.CharClass);
    re.flags = tree.flags;
    if (c1 === 'p' || c1 === 'P') {
      const [runes, next] = this.unicodeClass(i, []);
      re.runes = runes;
      tree.push(re);
      return next;
    }
    const group = PERL_GROUPS.get(s.slice(i, i + 2));
    if (group !== undefined) {
      re.runes = this.appendGroup([], group);
      tree.push(re);
      return i + 2;
    }
    tree.reuse(re);
    const [r, next] = this.parseEscape(i);
    tree.literal(r);
    return next;
  }

  /** `parseUnicodeClass` at `\\p` or `\\P`: the class appended to `r`, and the index after it. */
  private unicodeClass(i: number, r: number[]): [number[], number] {
    const { s, tree } = this;
    let sign = s[i + 1] === 'P' ? -1 : 1;
    const t = i + 2;
    let end = t; // past the name
    let name = '';
    if (t < s.length) {
      const [c, n] = this.rune(t);
      if (c !== 0x7b) {
        end = t + n;
        name = s.slice(t, end);
      } else {
        const close = s.indexOf('}', i);
        if (close < 0) this.fail(`invalid character class range: \`${s.slice(i)}\``);
        end = close + 1;
        name = s.slice(i + 3, close);
      }
    }
    if (name.startsWith('^')) {
      sign = -sign;
      name = name.slice(1);
    }
    if (this.machinery === null) throw new NeedsMachinery();
    this.unicode ??= this.machinery.unicode();
    const table = this.unicode.lookup(name);
    if (table === 'unknown') throw new Unsupported();
    if (table === null) this.fail(`invalid character class range: \`${s.slice(i, end)}\``);
    if (table.sign < 0) sign = -sign;
    let ranges = table.ranges;
    if ((tree.flags & Flag.FoldCase) !== 0 && table.fold !== null) {
      // Go's tables of what folding adds to a category or script are not held here.
      if (table.fold === undefined) tree.inexact = true;
      else ranges = cleanClass(appendClass(appendClass([], table.ranges), table.fold));
    }
    return [sign > 0 ? appendClass(r, ranges) : appendNegatedClass(r, ranges), end];
  }

  /** `appendGroup`. */
  private appendGroup(r: number[], [sign, ranges]: readonly [number, readonly number[]]): number[] {
    const { tree } = this;
    const x = (tree.flags & Flag.FoldCase) === 0 ? ranges : cleanClass(tree.appendFoldedClass([], ranges));
    return sign < 0 ? appendNegatedClass(r, x) : appendClass(r, x);
  }

  /** `parseEscape` at a backslash: the rune and the index after the escape. */
  private parseEscape(i: number): [number, number] {
    const { s } = this;
    let t = i + 1;
    if (t >= s.length) this.fail('trailing backslash at end of expression: ``');
    const [c, n] = this.rune(t);
    t += n;
    const fail = (): never => this.fail(`invalid escape sequence: \`${s.slice(i, t)}\``);
    const octal = (k: number): boolean => k < s.length && s[k]! >= '0' && s[k]! <= '7';
    if (c >= 0x31 && c <= 0x37 && !octal(t)) return fail();
    if (c >= 0x30 && c <= 0x37) {
      let r = c - 0x30;
      for (let k = 1; k < 3 && octal(t); k++) {
        r = r * 8 + (s.charCodeAt(t) - 0x30);
        t += 1;
      }
      return [r, t];
    }
    if (c === 0x78) {
      if (t >= s.length) return fail();
      const [c2, n2] = this.rune(t);
      t += n2;
      if (c2 === 0x7b) {
        let digits = 0;
        let r = 0;
        for (;;) {
          if (t >= s.length) return fail();
          const [d, nd] = this.rune(t);
          t += nd;
          if (d === 0x7d) break;
          const v = unhex(d);
          if (v < 0) return fail();
          r = r * 16 + v;
          if (r > 0x10ffff) return fail();
          digits++;
        }
        return digits === 0 ? fail() : [r, t];
      }
      const x = unhex(c2);
      if (t >= s.length) return fail();
      const [c3, n3] = this.rune(t);
      t += n3;
      const y = unhex(c3);
      if (x < 0 || y < 0) return fail();
      return [x * 16 + y, t];
    }
    const cEscapes: Record<number, number> = { 97: 7, 102: 12, 110: 10, 114: 13, 116: 9, 118: 11 };
    const e = cEscapes[c];
    if (e !== undefined) return [e, t];
    if (c < 0x80 && !isAlnum(c)) return [c, t];
    return fail();
  }

  /** `parseClass` at `[`: pushes the class, returns the index after `]`. */
  private charClass(i: number): number {
    const { s, tree } = this;
    const re = tree.newNode(Op.CharClass);
    re.flags = tree.flags;
    let t = i + 1;
    let sign = 1;
    let cls: number[] = [];
    if (s[t] === '^') {
      sign = -1;
      t += 1;
      if ((tree.flags & Flag.ClassNL) === 0) cls.push(0x0a, 0x0a);
    }
    let first = true;
    while (t >= s.length || s[t] !== ']' || first) {
      first = false;
      if (s.length - t > 2 && s[t] === '[' && s[t + 1] === ':') {
        const j = this.nextColonBracket[t + 2] as number;
        if (j >= 0) {
          const name = s.slice(t, j + 2);
          const group = POSIX_GROUPS.get(name);
          if (group === undefined) this.fail(`invalid character class range: \`${name}\``);
          cls = this.appendGroup(cls, group);
          t = j + 2;
          continue;
        }
      }
      if (s.length - t >= 2 && s[t] === '\\' && (s[t + 1] === 'p' || s[t + 1] === 'P')) {
        [cls, t] = this.unicodeClass(t, cls);
        continue;
      }
      const group = s[t] === '\\' ? PERL_GROUPS.get(s.slice(t, t + 2)) : undefined;
      if (group !== undefined) {
        cls = this.appendGroup(cls, group);
        t += 2;
        continue;
      }
      const rng = t;
      const [lo, afterLo] = this.classChar(t, i);
      t = afterLo;
      let hi = lo;
      if (s.length - t >= 2 && s[t] === '-' && s[t + 1] !== ']') {
        const [h, afterHi] = this.classChar(t + 1, i);
        t = afterHi;
        hi = h;
        if (hi < lo) this.fail(`invalid character class range: \`${s.slice(rng, t)}\``);
      }
      cls =
        (tree.flags & Flag.FoldCase) === 0 ? appendRange(cls, lo, hi) : tree.appendFoldedRange(cls, lo, hi);
    }
    cls = cleanClass(cls);
    re.runes = sign < 0 ? negateClass(cls) : cls;
    re.clean = true;
    tree.push(re);
    return t + 1;
  }

  /** `parseClassChar`. */
  private classChar(t: number, classStart: number): [number, number] {
    if (t >= this.s.length) this.fail(`missing closing ]: \`${this.s.slice(classStart)}\``);
    if (this.s[t] === '\\') return this.parseEscape(t);
    const [r, n] = this.rune(t);
    return [r, t + n];
  }
}

/**
 * Go's `regexp.Compile` error for an expression ({@link goRegexpError} in `regexp.ts` says what
 * it follows and where it reports nothing), with the machinery given; without it (null), Go's
 * answer for an expression of at most {@link SHORT_ENOUGH} characters that names no Unicode
 * class (its limits cannot be reached, and no syntax error depends on a class's runes), and
 * `needs-machinery` for any other.
 *
 * @param expr - the regular expression
 * @param machinery - Go's limit checks and Unicode tables, or null
 * @returns Go's error text or null (compiles), or `needs-machinery`
 */
export function goRegexpAnswer(
  expr: string,
  machinery: GoRegexpMachinery | null,
): string | null | 'needs-machinery' {
  if (machinery === null && expr.length > SHORT_ENOUGH) return 'needs-machinery';
  const scanner = new Scanner(expr.replace(/\p{Cs}/gu, '\uFFFD'), machinery);
  try {
    scanner.parse();
    return null;
  } catch (e) {
    if (e instanceof GoSyntaxError) {
      if (scanner.tree.inexact && expr.length > SHORT_ENOUGH) return null;
      return `error parsing regexp: ${e.text}`;
    }
    if (e instanceof LimitExceeded) {
      if (scanner.tree.inexact) return null;
      return `error parsing regexp: ${e.code}: \`${scanner.s}\``;
    }
    if (e instanceof NeedsMachinery) return 'needs-machinery';
    if (e instanceof Unsupported) return null;
    // A caller with little stack left (the factoring of alternations recurses as Go's does).
    if (e instanceof RangeError && e.message.includes('call stack')) return null;
    throw e;
  }
}
