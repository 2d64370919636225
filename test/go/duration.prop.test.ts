import { fc, test } from '@fast-check/vitest';
import { expect } from 'vitest';
import { parseGoDuration } from '../../src/go/duration.js';

test.prop(
  [
    fc.nat({ max: 1_000_000 }),
    fc.constantFrom(['ns', 1n], ['us', 1000n], ['ms', 1_000_000n], ['s', 10n ** 9n]),
  ],
  {
    numRuns: 200,
  },
)('a whole number of one unit parses to that many nanoseconds per unit', (n, [unit, nanos]) => {
  expect(parseGoDuration(`${n}${unit}`)).toEqual({ ok: true, nanos: BigInt(n) * nanos });
});
