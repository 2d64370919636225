import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { goRegexpError } from '../../src/go/regexp.js';
import { GO_REGEXP_MACHINERY } from '../../src/go/regexp-machinery.js';
import { goRegexpAnswer, SHORT_ENOUGH } from '../../src/go/regexp-scanner.js';

// Laws of the split between Go's regexp parser and its machinery (limit checks, Unicode tables),
// which the browser build loads apart (preloadGoRegexp): without it, an answer is Go's or none.

const piece = fc.constantFrom(
  '(',
  ')',
  '(?:',
  '(?i)',
  '|',
  '*',
  '+?',
  '{2}',
  '{0,1000}',
  '{1001}',
  '[',
  ']',
  '[^',
  '-',
  '\\',
  '\\d',
  '\\Q',
  '\\x{41}',
  '\\pL',
  '\\P{Greek}',
  '\\p{^Lu}',
  '\\p{Nope}',
  '[\\p{Han}a]',
  '[:alpha:]',
  'a',
  'é',
  '\u212A',
  '😀',
);
const expression = fc.oneof(
  fc.array(piece, { maxLength: 40 }).map((p) => p.join('')),
  // Around the length where the limits start to count.
  fc
    .tuple(fc.array(piece, { maxLength: 10 }), fc.integer({ min: SHORT_ENOUGH - 20, max: SHORT_ENOUGH + 20 }))
    .map(([p, n]) => `${p.join('')}${'a'.repeat(n)}`.slice(0, n)),
  fc.string({ unit: 'binary', maxLength: 60 }),
);

/** The expression has a `\p` or `\P` escape somewhere (a Unicode class by name, or a syntax error at it). */
const mayNameAClass = (expr: string): boolean => /\\[pP]/.test(expr);

describe("Go's regexp parser without its machinery", () => {
  test("gives Go's answer for an expression of at most 500 characters without \\p, and needs the machinery for any other only", () => {
    fc.assert(
      fc.property(expression, (expr) => {
        const answer = goRegexpAnswer(expr, null);
        if (expr.length <= SHORT_ENOUGH && !mayNameAClass(expr)) expect(answer).not.toBe('needs-machinery');
        if (answer !== 'needs-machinery') expect(answer).toBe(goRegexpError(expr));
      }),
      { numRuns: 400 },
    );
  });

  test('with the machinery, gives what goRegexpError gives, never needs-machinery', () => {
    fc.assert(
      fc.property(expression, (expr) => {
        expect(goRegexpAnswer(expr, GO_REGEXP_MACHINERY)).toBe(goRegexpError(expr));
      }),
      { numRuns: 200 },
    );
  });

  test('examples: a syntax error, a class by name, a long expression', () => {
    expect(goRegexpAnswer('*.bad', null)).toBe(
      'error parsing regexp: missing argument to repetition operator: `*`',
    );
    expect(goRegexpAnswer('^v[0-9]+$', null)).toBeNull();
    expect(goRegexpAnswer('\\p{Greek}+', null)).toBe('needs-machinery');
    expect(goRegexpAnswer('\\p{Nope}', null)).toBe('needs-machinery');
    expect(goRegexpAnswer('a'.repeat(SHORT_ENOUGH + 1), null)).toBe('needs-machinery');
    expect(goRegexpAnswer('\\p{Nope}', GO_REGEXP_MACHINERY)).toBe(
      'error parsing regexp: invalid character class range: `\\p{Nope}`',
    );
  });
});
