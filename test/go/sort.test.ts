import { expect, test } from 'vitest';
import { goSort } from '../../src/go/sort.js';

interface Item {
  readonly key: number;
  readonly id: string;
}
const items = (keys: readonly number[]): Item[] =>
  keys.map((key, i) => ({ key, id: String.fromCharCode(97 + i) }));
const byKey = (a: Item, b: Item): boolean => a.key < b.key;

test('up to 12 elements Go sorts by insertion: equal elements keep their order', () => {
  const out = goSort(items([1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0]), byKey);
  expect(out.map((x) => x.id).join('')).toBe('bdfhjlacegik');
});

test('beyond 12 elements equal elements move as Go moves them (traced by hand through pdqsort_func)', () => {
  // Thirteen elements, twelve equal then one smaller. choosePivot takes the middle one (g),
  // partitioning swaps it to the front and the smaller one (m) into slot 1, then the pivot back
  // into slot 1: m, g, c, d, e, f, a, h, …, l, b; the eleven left are sorted by insertion, unmoved.
  const out = goSort(items([1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0]), byKey);
  expect(out.map((x) => x.id).join('')).toBe('mgcdefahijklb');
  // A stable sort would give mabcdefghijkl.
});

test('already sorted input, ties included, is left as it is (partialInsertionSort finds no inversion)', () => {
  const keys = Array.from({ length: 40 }, (_, i) => Math.floor(i / 7));
  const out = goSort(items(keys), byKey);
  expect(out.map((x) => x.id)).toEqual(items(keys).map((x) => x.id));
});
