import { fc, test } from '@fast-check/vitest';
import { expect } from 'vitest';
import { parseQuantity, quantityAsInt64, quantityString } from '../../src/go/quantity.js';

/** Binary suffixes with the most digits ParseQuantity's int64 fast path takes (`15 - digits - exp*3/10 - 1 >= 0`). */
const BINARY = [
  ['Ki', 10n, 11],
  ['Mi', 20n, 8],
  ['Gi', 30n, 5],
  ['Ti', 40n, 2],
] as const;

const binaryInteger = fc
  .constantFrom(...BINARY)
  .chain(([suffix, shift, digits]) =>
    fc.bigInt({ min: 0n, max: 10n ** BigInt(digits) - 1n }).map((n) => [n, suffix, shift] as const),
  );

test.prop([binaryInteger], { numRuns: 200 })(
  'formatting an integer with a binary suffix and parsing it gives the integer times the suffix back',
  ([n, suffix, shift]) => {
    const parsed = parseQuantity(`${n}${suffix}`);
    expect(parsed).not.toBeNull();
    expect(quantityAsInt64(parsed!)).toBe(n << shift);
  },
);

test.prop(
  [fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }), fc.constantFrom('', 'k', 'M', 'Ki', 'Mi', 'm')],
  {
    numRuns: 200,
  },
)('the canonical string of a quantity parses back to the same string', (n, suffix) => {
  const first = parseQuantity(`${n}${suffix}`);
  expect(first).not.toBeNull();
  const text = quantityString(first!);
  const again = parseQuantity(text);
  expect(again).not.toBeNull();
  expect(quantityString(again!)).toBe(text);
});
