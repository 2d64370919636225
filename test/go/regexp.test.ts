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
    expect(goRegexpError('\\p{Greek}(')).toBeNull();
    expect(goRegexpError('(a{10}){200}(')).toBeNull();
  });
});
