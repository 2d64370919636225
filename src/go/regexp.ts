/**
 * The syntax errors of Go's `regexp.Compile` (RE2 syntax), with Go's texts, for the expressions
 * Envoy Gateway compiles while translating a policy.
 *
 * @packageDocumentation
 */

const POSIX_CLASSES: ReadonlySet<string> = new Set(
  [
    'alnum',
    'alpha',
    'ascii',
    'blank',
    'cntrl',
    'digit',
    'graph',
    'lower',
    'print',
    'punct',
    'space',
    'upper',
    'word',
    'xdigit',
  ].flatMap((n) => [`[:${n}:]`, `[:^${n}:]`]),
);
const PERL_CLASSES: ReadonlySet<string> = new Set(['\\d', '\\D', '\\s', '\\S', '\\w', '\\W']);

/** Thrown inside the scanner when the expression uses syntax it does not model. */
class Unsupported {}

function isAlnum(c: string): boolean {
  return /^[0-9A-Za-z]$/.test(c);
}

function unhex(c: string): number {
  return /^[0-9A-Fa-f]$/.test(c) ? Number.parseInt(c, 16) : -1;
}

/** The first code point of `s` (as a string), or '' (Go's RuneError of size 0 on empty input). */
function firstRune(s: string): string {
  const cp = s.codePointAt(0);
  if (cp === undefined) return '';
  if (cp >= 0xd800 && cp <= 0xdfff) throw new Unsupported(); // lone surrogate: not UTF-8
  return String.fromCodePoint(cp);
}

/**
 * `parseEscape`: the rest after one escape, or Go's error.
 * Returns the code point value for class ranges.
 */
function scanEscape(s: string): { rune: number; rest: string } | { error: string } {
  let t = s.slice(1);
  if (t === '') return { error: 'trailing backslash at end of expression: ``' };
  const c = firstRune(t);
  t = t.slice(c.length);
  const fail = (): { error: string } => ({
    error: `invalid escape sequence: \`${s.slice(0, s.length - t.length)}\``,
  });
  const cp = c.codePointAt(0) ?? 0;
  if (c >= '1' && c <= '7' && !(t !== '' && t[0]! >= '0' && t[0]! <= '7')) return fail();
  if (c >= '0' && c <= '7') {
    let r = cp - 0x30;
    for (let i = 1; i < 3 && t !== '' && t[0]! >= '0' && t[0]! <= '7'; i++) {
      r = r * 8 + (t.charCodeAt(0) - 0x30);
      t = t.slice(1);
    }
    return { rune: r, rest: t };
  }
  if (c === 'x') {
    if (t === '') return fail();
    const c2 = firstRune(t);
    t = t.slice(c2.length);
    if (c2 === '{') {
      let n = 0;
      let r = 0;
      for (;;) {
        if (t === '') return fail();
        const d = firstRune(t);
        t = t.slice(d.length);
        if (d === '}') break;
        const v = unhex(d);
        if (v < 0) return fail();
        r = r * 16 + v;
        if (r > 0x10ffff) return fail();
        n++;
      }
      return n === 0 ? fail() : { rune: r, rest: t };
    }
    const x = unhex(c2);
    const c3 = firstRune(t);
    t = t.slice(c3.length);
    const y = c3 === '' ? -1 : unhex(c3);
    if (x < 0 || y < 0) return fail();
    return { rune: x * 16 + y, rest: t };
  }
  const cEscapes: Record<string, number> = { a: 7, f: 12, n: 10, r: 13, t: 9, v: 11 };
  if (c in cEscapes) return { rune: cEscapes[c]!, rest: t };
  if (cp < 0x80 && !isAlnum(c)) return { rune: cp, rest: t };
  return fail();
}

/** `parseClass`: the rest after a character class, or Go's error. */
function scanClass(s: string): { rest: string } | { error: string } {
  let t = s.slice(1);
  if (t.startsWith('^')) t = t.slice(1);
  let first = true;
  while (t === '' || t[0] !== ']' || first) {
    first = false;
    if (t.length > 2 && t[0] === '[' && t[1] === ':') {
      const i = t.indexOf(':]', 2);
      if (i >= 0) {
        const name = t.slice(0, i + 2);
        if (!POSIX_CLASSES.has(name)) return { error: `invalid character class range: \`${name}\`` };
        t = t.slice(i + 2);
        continue;
      }
    }
    if (t.length >= 2 && t[0] === '\\' && (t[1] === 'p' || t[1] === 'P')) throw new Unsupported();
    if (PERL_CLASSES.has(t.slice(0, 2))) {
      t = t.slice(2);
      continue;
    }
    const rng = t;
    const lo = classChar(t, s);
    if ('error' in lo) return lo;
    t = lo.rest;
    if (t.length >= 2 && t[0] === '-' && t[1] !== ']') {
      t = t.slice(1);
      const hi = classChar(t, s);
      if ('error' in hi) return hi;
      t = hi.rest;
      if (hi.rune < lo.rune)
        return { error: `invalid character class range: \`${rng.slice(0, rng.length - t.length)}\`` };
    }
  }
  return { rest: t.slice(1) };
}

/** `parseClassChar`. */
function classChar(t: string, whole: string): { rune: number; rest: string } | { error: string } {
  if (t === '') return { error: `missing closing ]: \`${whole}\`` };
  if (t[0] === '\\') return scanEscape(t);
  const c = firstRune(t);
  return { rune: c.codePointAt(0) ?? 0, rest: t.slice(c.length) };
}

/** `parsePerlFlags`: the rest after `(?…`, whether it opened a group, or Go's error. */
function scanPerlFlags(s: string): { rest: string; group: boolean } | { error: string } {
  const startsWithP = s.length > 4 && s[2] === 'P' && s[3] === '<';
  const startsWithName = s.length > 3 && s[2] === '<';
  if (startsWithP || startsWithName) {
    const end = s.indexOf('>');
    if (end < 0) return { error: `invalid named capture: \`${s}\`` };
    const name = s.slice(startsWithName ? 3 : 4, end);
    if (!/^[A-Za-z0-9_]+$/.test(name)) return { error: `invalid named capture: \`${s.slice(0, end + 1)}\`` };
    return { rest: s.slice(end + 1), group: true };
  }
  let t = s.slice(2);
  let sign = 1;
  let sawFlag = false;
  while (t !== '') {
    const c = firstRune(t);
    t = t.slice(c.length);
    if (c === 'i' || c === 'm' || c === 's' || c === 'U') sawFlag = true;
    else if (c === '-') {
      if (sign < 0) break;
      sign = -1;
      sawFlag = false;
    } else if (c === ':' || c === ')') {
      if (sign < 0 && !sawFlag) break;
      return { rest: t, group: c === ':' };
    } else break;
  }
  return { error: `invalid or unsupported Perl syntax: \`${s.slice(0, s.length - t.length)}\`` };
}

/**
 * The syntax error Go's `regexp.Compile` reports for an expression (`error parsing regexp:
 * missing argument to repetition operator: \`*\``), following its parser step by step. Returns
 * null when the expression compiles, and also when it uses what this scanner does not model
 * (Unicode classes `\p{…}`, counted repeats of groups, very long expressions), so a reported
 * error is always Go's.
 *
 * @param expr - the regular expression
 * @returns Go's error text, or null
 * @example
 * goRegexpError('*.illegal.regex');
 * // => "error parsing regexp: missing argument to repetition operator: `*`"
 */
export function goRegexpError(expr: string): string | null {
  if (expr.length > 500) return null; // size and nesting limits are not modelled
  try {
    const err = scanRegexp(expr);
    return err === null ? null : `error parsing regexp: ${err}`;
  } catch (e) {
    if (e instanceof Unsupported) return null;
    throw e;
  }
}

function scanRegexp(whole: string): string | null {
  // The parse stack, reduced to what errors depend on: operands, '(' and '|'.
  const stack: ('op' | '(' | '|')[] = [];
  const pseudo = (x: string | undefined): boolean => x === '(' || x === '|';
  const concat = (): void => {
    while (stack.length > 0 && !pseudo(stack[stack.length - 1])) stack.pop();
    stack.push('op');
  };
  const swapVerticalBar = (): boolean => {
    const n = stack.length;
    if (n >= 2 && stack[n - 2] === '|') {
      stack[n - 2] = stack[n - 1]!;
      stack[n - 1] = '|';
      return true;
    }
    return false;
  };
  const alternate = concat;
  let t = whole;
  let lastRepeat = '';
  let afterGroup = false;
  while (t !== '') {
    let repeat = '';
    let group = false;
    const c = t[0]!;
    if (c === '(') {
      if (t.length >= 2 && t[1] === '?') {
        const r = scanPerlFlags(t);
        if ('error' in r) return r.error;
        if (r.group) stack.push('(');
        else group = afterGroup; // flags only: the operand below stays the one a repeat takes
        t = r.rest;
      } else {
        stack.push('(');
        t = t.slice(1);
      }
    } else if (c === '|') {
      concat();
      if (!swapVerticalBar()) stack.push('|');
      t = t.slice(1);
    } else if (c === ')') {
      concat();
      if (swapVerticalBar()) stack.pop();
      alternate();
      const n = stack.length;
      if (n < 2 || stack[n - 2] !== '(') return `unexpected ): \`${whole}\``;
      stack.length = n - 2;
      stack.push('op');
      group = true;
      t = t.slice(1);
    } else if (c === '^' || c === '$' || c === '.') {
      stack.push('op');
      t = t.slice(1);
    } else if (c === '[') {
      const r = scanClass(t);
      if ('error' in r) return r.error;
      stack.push('op');
      t = r.rest;
    } else if (c === '*' || c === '+' || c === '?' || (c === '{' && parseRepeat(t) !== null)) {
      const before = t;
      let after: string;
      if (c === '{') {
        const rep = parseRepeat(t)!;
        after = rep.rest;
        const { min, max } = rep;
        if (min < 0 || min > 1000 || max > 1000 || (max >= 0 && min > max))
          return `invalid repeat count: \`${before.slice(0, before.length - after.length)}\``;
        if (afterGroup && (min >= 2 || max >= 2)) return null; // nested repeat counts are not modelled
      } else after = t.slice(1);
      if (after.startsWith('?')) after = after.slice(1);
      if (lastRepeat !== '')
        return `invalid nested repetition operator: \`${lastRepeat.slice(0, lastRepeat.length - after.length)}\``;
      if (stack.length === 0 || pseudo(stack[stack.length - 1]))
        return `missing argument to repetition operator: \`${before.slice(0, before.length - after.length)}\``;
      repeat = before;
      t = after;
    } else if (c === '\\') {
      const c1 = t[1];
      if (c1 === 'A' || c1 === 'b' || c1 === 'B' || c1 === 'z') {
        stack.push('op');
        t = t.slice(2);
      } else if (c1 === 'C') return 'invalid escape sequence: `\\C`';
      else if (c1 === 'Q') {
        const end = t.indexOf('\\E', 2);
        const lit = end < 0 ? t.slice(2) : t.slice(2, end);
        if (lit !== '') stack.push('op');
        else group = afterGroup;
        t = end < 0 ? '' : t.slice(end + 2);
      } else if (c1 === 'p' || c1 === 'P') throw new Unsupported();
      else if (PERL_CLASSES.has(t.slice(0, 2))) {
        stack.push('op');
        t = t.slice(2);
      } else {
        const r = scanEscape(t);
        if ('error' in r) return r.error;
        stack.push('op');
        t = r.rest;
      }
    } else {
      // A literal ('{' that is not a repeat included).
      const ch = firstRune(t);
      stack.push('op');
      t = t.slice(ch.length);
    }
    lastRepeat = repeat;
    afterGroup = group;
  }
  concat();
  if (swapVerticalBar()) stack.pop();
  alternate();
  return stack.length === 1 ? null : `missing closing ): \`${whole}\``;
}

/** `parseRepeat`: `{n}`, `{n,}`, `{n,m}`; min −1 when a number is too big; null when not a repeat. */
function parseRepeat(s: string): { min: number; max: number; rest: string } | null {
  const parseInt10 = (x: string): { n: number; rest: string } | null => {
    const m = /^[0-9]+/.exec(x);
    if (!m) return null;
    const digits = m[0];
    if (digits.length >= 2 && digits[0] === '0') return null;
    let n = 0;
    for (const d of digits) {
      if (n >= 1e8) {
        n = -1;
        break;
      }
      n = n * 10 + Number(d);
    }
    return { n, rest: x.slice(digits.length) };
  };
  if (!s.startsWith('{')) return null;
  const a = parseInt10(s.slice(1));
  if (!a) return null;
  let min = a.n;
  let max: number;
  let t = a.rest;
  if (t === '') return null;
  if (t[0] !== ',') max = min;
  else {
    t = t.slice(1);
    if (t === '') return null;
    if (t[0] === '}') max = -1;
    else {
      const b = parseInt10(t);
      if (!b) return null;
      max = b.n;
      t = b.rest;
      if (max < 0) min = -1;
    }
  }
  if (!t.startsWith('}')) return null;
  return { min, max, rest: t.slice(1) };
}
