import { describe, expect, test } from 'vitest';
import { goJsonView } from '../../src/go/json-fields.js';

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
