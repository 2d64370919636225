import fc from 'fast-check';
import { jsonMerge } from 'gateway-policy-sim';
import { describe, expect, test } from 'vitest';
import { canonical, jsonObject, jsonValue, leafPaths, PROTO_KEYS } from './arbitraries.js';

const numRuns = 200;

describe('jsonMerge laws', () => {
  test('applying a patch twice equals applying it once', () => {
    fc.assert(
      fc.property(jsonValue, jsonValue, (t, p) => {
        expect(canonical(jsonMerge(jsonMerge(t, p), p))).toBe(canonical(jsonMerge(t, p)));
      }),
      { numRuns },
    );
  });

  test('an empty object patch is the identity on objects', () => {
    fc.assert(
      fc.property(jsonObject, (t) => {
        expect(canonical(jsonMerge(t, {}))).toBe(canonical(t));
      }),
      { numRuns },
    );
  });

  test('every key the patch sets has the patch value in the result', () => {
    fc.assert(
      fc.property(jsonValue, jsonObject, (t, p) => {
        const out = jsonMerge(t, p);
        for (const [path, value] of leafPaths(p)) {
          if (value === null) continue;
          let cur: unknown = out;
          for (const k of path)
            cur = Object.hasOwn(cur as object, k) ? (cur as Record<string, unknown>)[k] : undefined;
          expect(canonical(cur)).toBe(canonical(value));
        }
      }),
      { numRuns },
    );
  });

  test('a null member of the patch removes that key', () => {
    fc.assert(
      fc.property(jsonObject, fc.constantFrom('a', 'b', ...PROTO_KEYS), (t, k) => {
        const patch = Object.fromEntries([[k, null]]);
        const out = jsonMerge(t, patch) as Record<string, unknown>;
        expect(Object.hasOwn(out, k)).toBe(false);
      }),
      { numRuns },
    );
  });

  test('jsonMerge mutates neither input', () => {
    fc.assert(
      fc.property(jsonValue, jsonValue, (t, p) => {
        const before = canonical([t, p]);
        const out = jsonMerge(t, p);
        expect(canonical([t, p])).toBe(before);
        if (typeof out === 'object' && out !== null) expect(out === t || out === p).toBe(false);
      }),
      { numRuns },
    );
  });

  test('__proto__, constructor and prototype keys in the target never reach Object.prototype', () => {
    fc.assert(
      fc.property(jsonObject, jsonObject, (t, p) => {
        const target = JSON.parse(
          `{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":2}},"x":${JSON.stringify(t)}}`,
        );
        jsonMerge(target, p);
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
        expect(Object.prototype).not.toHaveProperty('polluted');
      }),
      { numRuns },
    );
  });

  test('__proto__, constructor and prototype keys in the patch never reach Object.prototype and stay plain data', () => {
    fc.assert(
      fc.property(jsonObject, fc.constantFrom(...PROTO_KEYS), jsonValue, (t, k, v) => {
        const patch = Object.fromEntries([[k, { polluted: v ?? 1 }]]);
        const out = jsonMerge(t, patch) as Record<string, unknown>;
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
        expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
        expect(Object.hasOwn(out, k)).toBe(true);
        expect(canonical(out[k])).toBe(
          canonical(jsonMerge(Object.hasOwn(t, k) ? t[k] : undefined, patch[k])),
        );
      }),
      { numRuns },
    );
  });
});
