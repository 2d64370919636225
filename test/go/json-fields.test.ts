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

describe('goJsonView over frozen and sealed data (immer freezes what a store holds)', () => {
  /** Freezes every object of a value. */
  function deepFreeze<T>(v: T): T {
    if (typeof v === 'object' && v !== null) {
      for (const x of Object.values(v)) deepFreeze(x);
      Object.freeze(v);
    }
    return v;
  }

  test.each([
    ['deep-frozen', (v: object) => deepFreeze(v)],
    ['sealed', (v: object) => Object.seal(v)],
  ])('a %s object reads as a plain one, members viewed (the proxy broke its invariant)', (_how, harden) => {
    const input = harden({ timeout: { HTTP: { requestTimeout: '1s' } }, list: [{ Name: 'a' }], n: 1 });

    const v = goJsonView(input as unknown) as {
      timeout: { http: { requestTimeout: string } };
      list: { name: string }[];
      n: number;
    };

    expect(v.timeout.http.requestTimeout).toBe('1s');
    expect(v.list.map((x) => x.name)).toEqual(['a']);
    expect(v.list.length).toBe(1);
    expect(Object.keys(v)).toEqual(['timeout', 'list', 'n']);
    expect({ ...v.timeout }).toEqual({ HTTP: { requestTimeout: '1s' } });
    expect(JSON.parse(JSON.stringify(v))).toEqual(input);
    expect('timeout' in v).toBe(true);
  });

  test('a view is read-only: writing into it fails and changes nothing', () => {
    const input = { timeout: { http: {} } };
    const v = goJsonView(input as unknown) as { timeout: Record<string, unknown> };

    expect(() => {
      v.timeout.tcp = 1;
    }).toThrow(TypeError);
    expect(input).toEqual({ timeout: { http: {} } });
  });
});
