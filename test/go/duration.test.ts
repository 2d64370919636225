import { describe, expect, test } from 'vitest';
import { parseGoDuration } from '../../src/go/duration.js';

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
});
