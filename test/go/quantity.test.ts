import { describe, expect, test } from 'vitest';
import { parseQuantity, quantityAsInt64, quantityString } from '../../src/go/quantity.js';

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

  test('huge exponents are kept apart from the digits: no 10^exponent is built (it threw or took minutes)', () => {
    // The int64 fast form keeps 1 × 10^99999999; AsInt64 stops at the first overflow, as
    // positiveScaleInt64 does, and zero stays zero at any scale.
    expect(q('1e99999999')).toEqual({ int: null, str: '1e99999999' });
    expect(q('-1e99999999')).toEqual({ int: null, str: '-1e99999999' });
    expect(q('0e99999999')).toEqual({ int: 0n, str: '0' });
    // Go keeps the exponent in an int32: 2147483648 wraps to -2^31, whose negation is itself, so
    // the value is 10^(2^31), and String's int32 exponent wraps again on the way to a multiple of 3.
    expect(q('1e2147483648')).toEqual({ int: null, str: '100e2147483646' });
    expect(q('1e2147483647')).toEqual({ int: null, str: '10e2147483646' });
    // The exponent 9223372036854775807 is -1 as an int32.
    expect(q('1e9223372036854775807')).toEqual({ int: null, str: '100e-3' });
    // Below a nano rounds up to one nano, however small.
    expect(q('1e-99999999')).toEqual({ int: null, str: '1e-9' });
    expect(q('1.5e-1000').str).toBe('1e-9');
    expect(q('0.0000000000001').str).toBe('1n');
  });

  test('a hundred thousand digits read without a quadratic walk over their zeros', () => {
    expect(q(`1${'0'.repeat(100_000)}`)).toEqual({ int: null, str: '10' });
  });

  test('DecimalSI has suffixes for exponents -9 to 18 only: Go writes 10^21 with none (constructBytes)', () => {
    expect(q('1000E').str).toBe('1');
    expect(q('10E').str).toBe('10E');
  });

  test('malformed quantities do not parse', () => {
    for (const bad of ['', 'abc', '1x', '1Kii', '1e', '--1', '1.2.3']) expect(parseQuantity(bad)).toBeNull();
  });
});
