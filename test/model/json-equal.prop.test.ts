/**
 * jsonEqual: deep equality of JSON data whatever its keys (`valueOf`, `toString`, `constructor`,
 * `__proto__` as data) and however deep.
 */
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { jsonEqual } from '../../src/model/_internal/json-equal.js';

/** JSON text with object keys sorted: equal texts exactly when the values are equal. */
function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) =>
    x !== null && typeof x === 'object' && !Array.isArray(x)
      ? Object.fromEntries(Object.entries(x).sort(([p], [q]) => (p < q ? -1 : p > q ? 1 : 0)))
      : x,
  );
}

const key = fc.oneof(
  fc.string({ maxLength: 4 }),
  fc.constantFrom('valueOf', 'toString', 'constructor', '__proto__'),
);
const json = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.oneof(fc.string({ maxLength: 3 }), fc.integer({ min: -3, max: 3 }), fc.boolean(), fc.constant(null)),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.array(fc.tuple(key, tie('value')), { maxLength: 3 }).map((entries) => {
      const o: Record<string, unknown> = {};
      for (const [k, v] of entries)
        Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
      return o;
    }),
  ),
})).value;

test('jsonEqual holds exactly when the canonical JSON texts are equal, keys named like methods included', () => {
  fc.assert(
    fc.property(json, json, (a, b) => {
      expect(jsonEqual(a, b)).toBe(canonical(a) === canonical(b));
      expect(jsonEqual(a, structuredClone(a))).toBe(true);
    }),
    { numRuns: 300 },
  );
});

test('jsonEqual compares null-prototype objects and nesting deeper than the call stack', () => {
  const bare = Object.assign(Object.create(null) as object, { valueOf: 'x' });
  expect(jsonEqual(bare, { valueOf: 'x' })).toBe(true);
  let deep: unknown = 1;
  let other: unknown = 1;
  for (let i = 0; i < 100_000; i++) {
    deep = [deep];
    other = [other];
  }
  expect(jsonEqual(deep, other)).toBe(true);
});
