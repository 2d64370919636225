import { describe, expect, test } from 'vitest';
import {
  goJsonView,
  goQuote,
  goRegexpError,
  parseGoDuration,
  parseQuantity,
  quantityAsInt64,
  quantityString,
  timeQuote,
} from '../../src/precedence/_internal/features/go-values.js';

function q(s: unknown): { int: bigint | null; str: string } {
  const parsed = parseQuantity(s);
  if (!parsed) throw new Error(`did not parse: ${String(s)}`);
  return { int: quantityAsInt64(parsed), str: quantityString(parsed) };
}

describe('parseQuantity / quantityAsInt64 / quantityString (resource.Quantity)', () => {
  test('integers with decimal and binary suffixes convert to int64', () => {
    expect(q('512')).toEqual({ int: 512n, str: '512' });
    expect(q('1Ki')).toEqual({ int: 1024n, str: '1Ki' });
    expect(q('8193Ki')).toEqual({ int: 8193n * 1024n, str: '8193Ki' });
    expect(q('1T')).toEqual({ int: 10n ** 12n, str: '1T' });
    expect(q('100G')).toEqual({ int: 10n ** 11n, str: '100G' });
    expect(q('1Ti')).toEqual({ int: 1n << 40n, str: '1Ti' });
    expect(q(1024)).toEqual({ int: 1024n, str: '1024' });
  });

  test('String keeps the text the parser found canonical and canonicalises the rest', () => {
    // 5000 is a multiple of 8, so the parser does not keep the text; 5000Mi is still canonical.
    expect(q('5000Mi').str).toBe('5000Mi');
    expect(q('1024Ki').str).toBe('1Mi');
    expect(q('1.5Gi').str).toBe('1536Mi');
    expect(q('1.5').str).toBe('1500m');
    expect(q('1000').str).toBe('1k');
    expect(q('12e6').str).toBe('12e6');
    expect(q('0.5Ki').str).toBe('512');
    expect(q('1.2345').str).toBe('1234500u');
  });

  test('fractions and the dec form are not int64 (AsInt64 ok == false)', () => {
    expect(q('100m')).toEqual({ int: null, str: '100m' });
    expect(q('500m')).toEqual({ int: null, str: '500m' });
    expect(q('0.0').int).toBeNull();
    expect(q('1.5Gi').int).toBeNull();
    expect(q('1e3')).toEqual({ int: 1000n, str: '1e3' });
  });

  test('too many digits for the int64 fast path leave the dec form, which AsInt64 refuses', () => {
    // 15 - 3 digits - 12 - 1 < 0: Go parses 100Ti into inf.Dec.
    expect(q('100Ti')).toEqual({ int: null, str: '100Ti' });
    expect(q('99Ti').int).toBe(99n << 40n);
  });

  test('binary quantities above int64 are capped at 2^63-1', () => {
    expect(q('8Ei')).toEqual({ int: null, str: '9223372036854775807' });
  });

  test('malformed quantities do not parse', () => {
    for (const bad of ['', 'abc', '1x', '1Kii', '1e', '--1', '1.2.3']) expect(parseQuantity(bad)).toBeNull();
  });
});

describe('parseGoDuration (time.ParseDuration)', () => {
  test('valid durations give nanoseconds', () => {
    expect(parseGoDuration('1m30s')).toEqual({ ok: true, nanos: 90_000_000_000n });
    expect(parseGoDuration('0')).toEqual({ ok: true, nanos: 0n });
    expect(parseGoDuration('-1.5h')).toEqual({ ok: true, nanos: -5_400_000_000_000n });
    expect(parseGoDuration('.5s')).toEqual({ ok: true, nanos: 500_000_000n });
    expect(parseGoDuration('1.s')).toEqual({ ok: true, nanos: 1_000_000_000n });
    expect(parseGoDuration('3µs')).toEqual({ ok: true, nanos: 3_000n });
    expect(parseGoDuration('-9223372036854775808ns')).toEqual({ ok: true, nanos: -(1n << 63n) });
  });

  test("errors carry Go's texts", () => {
    expect(parseGoDuration('10sec')).toEqual({
      ok: false,
      error: 'time: unknown unit "sec" in duration "10sec"',
    });
    expect(parseGoDuration('22mib')).toEqual({
      ok: false,
      error: 'time: unknown unit "mib" in duration "22mib"',
    });
    expect(parseGoDuration('5')).toEqual({ ok: false, error: 'time: missing unit in duration "5"' });
    expect(parseGoDuration('')).toEqual({ ok: false, error: 'time: invalid duration ""' });
    expect(parseGoDuration('.s')).toEqual({ ok: false, error: 'time: invalid duration ".s"' });
    expect(parseGoDuration('s')).toEqual({ ok: false, error: 'time: invalid duration "s"' });
    expect(parseGoDuration('9223372036854775808ns')).toEqual({
      ok: false,
      error: 'time: invalid duration "9223372036854775808ns"',
    });
    expect(parseGoDuration('1é')).toEqual({
      ok: false,
      error: 'time: unknown unit "\\xc3\\xa9" in duration "1\\xc3\\xa9"',
    });
  });

  test('timeQuote escapes quotes, backslashes and control bytes', () => {
    expect(timeQuote('a"b\\c\n')).toBe('"a\\"b\\\\c\\x0a"');
  });
});

describe('goJsonView (encoding/json field matching)', () => {
  test('fields match case-insensitively and the last matching key wins', () => {
    const v = goJsonView({ perRetry: { backoff: { baseInterval: '0s' } }, a: 1, A: 2 }) as Record<
      string,
      unknown
    >;
    expect((v.PerRetry as { backOff: { baseInterval: string } }).backOff.baseInterval).toBe('0s');
    expect(v.a).toBe(2);
    expect(v.missing).toBeUndefined();
  });

  test('arrays are viewed element by element and the input is not changed', () => {
    const input = { rules: [{ Limit: { unit: 'Hour' } }] };
    const v = goJsonView(input as unknown) as { rules: { limit: { unit: string } }[] };
    expect(Array.isArray(v.rules)).toBe(true);
    expect(v.rules.map((r) => r.limit.unit)).toEqual(['Hour']);
    expect(input).toEqual({ rules: [{ Limit: { unit: 'Hour' } }] });
  });
});

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
    expect(goRegexpError('\\p{Greek}(')).toBeNull();
    expect(goRegexpError('(a{10}){200}(')).toBeNull();
  });

  test('goQuote quotes like strconv.Quote', () => {
    expect(goQuote('a\\d"\n\u0007é')).toBe('"a\\\\d\\"\\n\\aé"');
  });
});
