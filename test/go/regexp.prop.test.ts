import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { goRegexpError } from '../../src/go/regexp.js';

// Laws of Go 1.26's regexp/syntax parser (src/regexp/syntax/parse.go) as goRegexpError models it.

/** Pieces of the RE2 syntax, so that random expressions reach every branch of the parser. */
const piece = fc.constantFrom(
  '(',
  ')',
  '(?:',
  '(?i)',
  '(?i:',
  '(?P<n>',
  '(?<n>',
  '(?=',
  '|',
  '*',
  '+?',
  '?',
  '{2}',
  '{2,}',
  '{0,1000}',
  '{1001}',
  '{',
  '}',
  ',',
  '[',
  ']',
  '[^',
  '-',
  '^',
  '$',
  '.',
  '\\',
  '\\d',
  '\\W',
  '\\b',
  '\\Q',
  '\\E',
  '\\x{41}',
  '\\pL',
  '[:alpha:]',
  '[:nope:]',
  'a',
  'K',
  's',
  'é',
  '\u212A',
  '\uD800',
  '😀',
);
const expression = fc.oneof(
  fc.array(piece, { maxLength: 40 }).map((p) => p.join('')),
  fc.string({ unit: 'binary', maxLength: 60 }),
);

describe('goRegexpError (laws)', () => {
  test('never throws: any string is answered with null or a text starting "error parsing regexp: "', () => {
    fc.assert(
      fc.property(expression, (expr) => {
        const e = goRegexpError(expr);
        expect(e === null || e.startsWith('error parsing regexp: ')).toBe(true);
        expect(goRegexpError(expr)).toBe(e);
      }),
      { numRuns: 500 },
    );
  });

  test('d nested capturing groups compile up to 999 and nest too deeply from 1000 on (maxHeight)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 990, max: 1010 }),
        fc.constantFrom('a', 'xyz', '[a-z]', ''),
        (d, inner) => {
          // Height: one per group, one for the innermost (an empty match when there is nothing).
          const expr = `${'('.repeat(d)}${inner}${')'.repeat(d)}`;
          const height = d + 1;
          expect(goRegexpError(expr)).toBe(
            height > 1000 ? `error parsing regexp: expression nests too deeply: \`${expr}\`` : null,
          );
        },
      ),
      { numRuns: 40 },
    );
  });

  test('nested counts compile while their product stays at most 1000; the first count past it is refused (repeatIsValid)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 2, max: 40 }), { minLength: 1, maxLength: 6 }), (counts) => {
        // counts[0] is the innermost.
        let expr = 'a';
        let product = 1;
        let refused: number | null = null;
        for (const m of counts) {
          expr = `(${expr}){${m}}`;
          product *= m;
          if (refused === null && product > 1000) refused = m;
        }
        expect(goRegexpError(expr)).toBe(
          refused === null ? null : `error parsing regexp: invalid repeat count: \`{${refused}}\``,
        );
      }),
      { numRuns: 200 },
    );
  });
});
