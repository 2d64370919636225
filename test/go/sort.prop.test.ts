import { fc, test } from '@fast-check/vitest';
import { expect } from 'vitest';
import { goSort } from '../../src/go/sort.js';

const input = fc.array(fc.record({ key: fc.integer({ min: 0, max: 5 }), id: fc.nat() }), { maxLength: 300 });
const less = (a: { key: number }, b: { key: number }): boolean => a.key < b.key;

test.prop([input])('goSort returns the same elements, ordered by the less function', (xs) => {
  const out = goSort([...xs], less);
  expect([...out].sort((a, b) => a.id - b.id || a.key - b.key)).toEqual(
    [...xs].sort((a, b) => a.id - b.id || a.key - b.key),
  );
  for (let i = 1; i < out.length; i++) expect(out[i - 1]!.key <= out[i]!.key).toBe(true);
});

test.prop([fc.array(fc.record({ key: fc.integer({ min: 0, max: 3 }), id: fc.nat() }), { maxLength: 12 })])(
  'goSort is stable on 12 elements or fewer (Go sorts them by insertion)',
  (xs) => {
    const stable = [...xs].sort((a, b) => a.key - b.key);
    expect(goSort([...xs], less)).toEqual(stable);
  },
);

test.prop([input])('goSort is deterministic: the same input gives the same order', (xs) => {
  expect(goSort([...xs], less)).toEqual(goSort([...xs], less));
});
