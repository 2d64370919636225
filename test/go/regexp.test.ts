import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { goRegexpError } from '../../src/go/regexp.js';

describe('goRegexpError (regexp.Compile syntax errors)', () => {
  test('valid expressions have no error', () => {
    for (const ok of [
      '^/api/v[0-9]+/.*$',
      'a{,5}',
      '()*',
      '(|)',
      '(?i)abc',
      '(?:a|b)+?',
      '(?P<name>x)(?<other>y)',
      '[]a]',
      '[^\\d\\s-]',
      '[[:alpha:]_]',
      '\\Qa*b\\E+',
      '\\x41\\x{1F600}\\101\\0',
      '^*',
      'a{2}b{1,}c{0,1000}',
    ])
      expect(goRegexpError(ok), ok).toBeNull();
  });

  test("errors carry Go's code and the offending text", () => {
    const cases: [string, string][] = [
      ['*.illegal.regex', 'missing argument to repetition operator: `*`'],
      ['a|+?', 'missing argument to repetition operator: `+?`'],
      ['a**', 'invalid nested repetition operator: `**`'],
      ['x{2}{3}', 'invalid nested repetition operator: `{2}{3}`'],
      ['(abc', 'missing closing ): `(abc`'],
      ['abc)', 'unexpected ): `abc)`'],
      ['x[a', 'missing closing ]: `[a`'],
      ['[z-a]', 'invalid character class range: `z-a`'],
      ['[[:foo:]]', 'invalid character class range: `[:foo:]`'],
      ['\\q', 'invalid escape sequence: `\\q`'],
      ['(\\1)', 'invalid escape sequence: `\\1`'],
      ['[a-\\d]', 'invalid escape sequence: `\\d`'],
      ['\\x{110000}', 'invalid escape sequence: `\\x{110000`'],
      ['a\\', 'trailing backslash at end of expression: ``'],
      ['(?=x)', 'invalid or unsupported Perl syntax: `(?=`'],
      ['(?P<n!>x)', 'invalid named capture: `(?P<n!>`'],
      ['x{1001}', 'invalid repeat count: `{1001}`'],
      ['x{2,1}', 'invalid repeat count: `{2,1}`'],
    ];
    for (const [expr, err] of cases) expect(goRegexpError(expr), expr).toBe(`error parsing regexp: ${err}`);
  });

  test('the first error in parse order wins', () => {
    expect(goRegexpError('\\q(')).toBe('error parsing regexp: invalid escape sequence: `\\q`');
    expect(goRegexpError('(a**')).toBe('error parsing regexp: invalid nested repetition operator: `**`');
  });

  test('syntax it does not model reports nothing rather than a guess', () => {
    // Scripts whose Go key is not canonical (Old_Italic): how Go 1.26 looks them up is not verified.
    expect(goRegexpError('\\p{Old_Italic}(')).toBeNull();
    expect(goRegexpError('[\\p{cntrl}]')).toBeNull();
    // (?i) folding of non-ASCII letters in a long expression: Unicode's tables would decide.
    expect(goRegexpError(`(?i)é${'a'.repeat(600)}(`)).toBeNull();
    expect(goRegexpError(`(?i)\\p{Greek}${'a'.repeat(600)}(`)).toBeNull();
  });

  test('(?i) of non-ASCII letters in a short expression keeps its syntax errors', () => {
    expect(goRegexpError('(?i)é(')).toBe('error parsing regexp: missing closing ): `(?i)é(`');
    expect(goRegexpError('(?i)[à-ÿ]')).toBeNull();
  });

  test('a lone surrogate is U+FFFD, as in the UTF-8 Go reads (never `invalid UTF-8`)', () => {
    expect(goRegexpError('a\uD800b')).toBeNull();
    expect(goRegexpError('\uDC00**')).toBe('error parsing regexp: invalid nested repetition operator: `**`');
    expect(goRegexpError('(\uD800')).toBe('error parsing regexp: missing closing ): `(\uFFFD`');
  });
});

// Go's limits: src/regexp/syntax/parse.go of Go 1.26 (the release Envoy Gateway v1.9 builds with,
// its go.mod says `go 1.26.6`). The expressions and errors below are facts of that parser; those
// marked "Go's test" are cases of TestParseInvalidRegexps (parse_test.go), the others sit at and
// just past each limit as the parser counts it.
const err = (code: string, expr: string): string => `error parsing regexp: ${code}: \`${expr}\``;
const tooDeep = (expr: string): string => err('expression nests too deeply', expr);
const tooLarge = (expr: string): string => err('expression too large', expr);

describe('goRegexpError: Unicode classes by name (unicodeTable, canonicalName; Unicode 15.0.0)', () => {
  test('names of categories, scripts, aliases and the special classes, in any case, with _ - or spaces', () => {
    for (const ok of [
      '\\pL',
      '\\pl',
      '\\PN',
      '\\p{Greek}',
      '\\p{greek}',
      '\\p{GREEK}',
      '\\p{^Greek}',
      '\\P{^Han}',
      '\\p{Lu}',
      '\\p{lu}',
      '\\p{LC}',
      '\\p{Cn}',
      '\\p{Letter}',
      '\\p{cased letter}',
      '\\p{Cased-Letter}',
      '\\p{Any}',
      '\\p{ASCII}',
      '\\p{Assigned}',
      '[\\p{Greek}\\P{Latin}\\d]',
      '(?i)\\p{Greek}',
    ])
      expect(goRegexpError(ok), ok).toBeNull();
  });

  test('other names are `invalid character class range`, quoting the escape', () => {
    const cases: [string, string][] = [
      ['\\p{Nope}', '\\p{Nope}'],
      ['[a\\P{Nope}]', '\\P{Nope}'],
      ['\\pX', '\\pX'],
      ['\\p{Greek', '\\p{Greek'],
      ['x\\p', '\\p'],
      ['\\p{}', '\\p{}'],
      ['\\p{^}', '\\p{^}'],
      ['\\p{Lt_}x\\p{Latn}', '\\p{Latn}'],
    ];
    for (const [expr, seq] of cases)
      expect(goRegexpError(expr), expr).toBe(
        `error parsing regexp: invalid character class range: \`${seq}\``,
      );
  });

  test("their runes count for maxRunes: \\pL holds 1,318 in Unicode 15.0; 27,000 of them are too large (Go's test)", () => {
    const at = '\\pL'.repeat(25_458); // 33,553,644 runes
    const past = '\\pL'.repeat(25_459); // 33,554,962 runes
    expect(goRegexpError(at)).toBeNull();
    expect(goRegexpError(past)).toBe(tooLarge(past));
    const go = '\\pL'.repeat(27_000);
    expect(goRegexpError(go)).toBe(tooLarge(go));
  });

  test('the generated table says what it was made from', () => {
    const first = readFileSync(new URL('../../src/go/unicode-tables.ts', import.meta.url), 'utf8').split(
      '\n',
    )[0];
    expect(first).toMatch(
      /^\/\/ Generated by scripts\/gen-go-unicode-tables\.mjs .*Unicode Character Database 15\.0\.0.*Go 1\.26/,
    );
  });
});

describe('goRegexpError: nesting depth (maxHeight 1000, checkHeight/calcHeight)', () => {
  test('999 nested groups compile, 1000 nest too deeply (Go test)', () => {
    const ok = `${'('.repeat(999)}${')'.repeat(999)}`;
    const bad = `${'('.repeat(1000)}${')'.repeat(1000)}`;
    expect(goRegexpError(ok)).toBeNull();
    expect(goRegexpError(bad)).toBe(tooDeep(bad));
  });

  test('999 nested stars compile, 1000 nest too deeply (Go test)', () => {
    const ok = `${'(?:'.repeat(999)}${')*'.repeat(999)}`;
    const bad = `${'(?:'.repeat(1000)}${')*'.repeat(1000)}`;
    expect(goRegexpError(ok)).toBeNull();
    expect(goRegexpError(bad)).toBe(tooDeep(bad));
  });

  test('non-capturing groups add no height: 5,000 of them compile', () => {
    expect(goRegexpError(`${'(?:'.repeat(5000)}a${')'.repeat(5000)}`)).toBeNull();
  });

  test('the height counts the tree Go builds: factored alternations nest (factor)', () => {
    // a|ab|abc|… factors to a(?:|b(?:|c(?:…))): two levels per branch.
    const alts = (n: number): string =>
      Array.from({ length: n }, (_, i) =>
        Array.from({ length: i + 1 }, (_, j) => String.fromCodePoint(0x4e00 + j)).join(''),
      ).join('|');
    expect(goRegexpError(alts(490))).toBeNull();
    expect(goRegexpError(alts(510))).toBe(tooDeep(alts(510)));
  });

  test('an error before the limit is reached wins', () => {
    const expr = `)${'('.repeat(1000)}${')'.repeat(1000)}`;
    expect(goRegexpError(expr)).toBe(err('unexpected )', expr));
  });
});

describe('goRegexpError: size (maxSize 3,355,443 instructions, checkSize/calcSize)', () => {
  test("Go's tests: a large group repeated 1000 times, and 1000 repeated groups", () => {
    const a = `(${'(xx?)'.repeat(1000)}){1000}`;
    const b = '(xx?){1000}'.repeat(1000);
    expect(goRegexpError(a)).toBe(tooLarge(a));
    expect(goRegexpError(b)).toBe(tooLarge(b));
  });

  test('at the limit and one past it: 3,355 × a{1000} plus a group of 443 or 444 runes', () => {
    const at = `${'a{1000}'.repeat(3355)}(?:${'b'.repeat(443)})`;
    const past = `${'a{1000}'.repeat(3355)}(?:${'b'.repeat(444)})`;
    expect(goRegexpError(at)).toBeNull();
    expect(goRegexpError(past)).toBe(tooLarge(past));
  });

  test("a literal's size is the one cached when its first rune was pushed (calcSize's cache)", () => {
    // maybeConcat grows the literal in place; nothing pushes it again before the final concat.
    expect(goRegexpError(`${'a{1000}'.repeat(3355)}${'b'.repeat(444)}`)).toBeNull();
    expect(goRegexpError(`${'a{1000}'.repeat(3356)}`)).toBe(tooLarge('a{1000}'.repeat(3356)));
  });

  test('(xx?){1000} costs 5,000: 671 of them compile, 672 are too large', () => {
    expect(goRegexpError('(xx?){1000}'.repeat(671))).toBeNull();
    const past = '(xx?){1000}'.repeat(672);
    expect(goRegexpError(past)).toBe(tooLarge(past));
  });

  test('without repeats the size is not tracked: a literal of 3.4 million runes (more than maxSize) compiles', () => {
    expect(goRegexpError('a'.repeat(3_400_000))).toBeNull();
  });
});

describe('goRegexpError: runes of classes (maxRunes 2^25, push)', () => {
  // A class of 5,000 separate runes holds 10,000; each `)` of a non-capturing group pushes it
  // three more times (concat, alternate, the group), the end of the expression twice more.
  const big = `[${Array.from({ length: 5000 }, (_, i) => String.fromCodePoint(0x100 + 2 * i)).join('')}]`;
  const nested = (k: number): string => `${'(?:'.repeat(k)}${big}${')'.repeat(k)}`;

  test('10,000 × (3k + 3) runes: k = 1,117 compiles (33,540,000), k = 1,118 is too large (33,570,000)', () => {
    expect(goRegexpError(nested(1117))).toBeNull();
    expect(goRegexpError(nested(1118))).toBe(tooLarge(nested(1118)));
  });
});

describe('goRegexpError: nested repeat counts (maxRepeat 1000, repeatIsValid)', () => {
  test('ten nested {2} multiply to 1024 (Go test), nine to 512', () => {
    expect(goRegexpError('((((((((((x{2}){2}){2}){2}){2}){2}){2}){2}){2}){2})')).toBe(
      err('invalid repeat count', '{2}'),
    );
    expect(goRegexpError('(((((((((x{2}){2}){2}){2}){2}){2}){2}){2}){2})')).toBeNull();
  });

  test('the product at 1000 compiles, past it is refused at the outer count', () => {
    expect(goRegexpError('((a{10}){10}){10}')).toBeNull();
    expect(goRegexpError('((a{10}){10}){11}')).toBe(err('invalid repeat count', '{11}'));
    expect(goRegexpError('(a{10}){200}')).toBe(err('invalid repeat count', '{200}'));
    expect(goRegexpError('(a{10,}){101}')).toBe(err('invalid repeat count', '{101}'));
  });

  test('{0} and {1} do not multiply; * + ? are not counts', () => {
    expect(goRegexpError('((a{1000}){0}){1000}')).toBeNull();
    expect(goRegexpError('((a{1000}){1}){1}')).toBeNull();
    expect(goRegexpError('((a{1000})*){2}')).toBe(err('invalid repeat count', '{2}'));
    expect(goRegexpError('((a{1000})*)+')).toBeNull();
  });

  test('single counts past 1000 (Go test)', () => {
    expect(goRegexpError('a{100000}')).toBe(err('invalid repeat count', '{100000}'));
    expect(goRegexpError('a{100000,}')).toBe(err('invalid repeat count', '{100000,}'));
    expect(goRegexpError('a{1000}')).toBeNull();
  });
});
