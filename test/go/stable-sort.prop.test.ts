/**
 * Go's sort.Stable, reimplemented for Envoy Gateway's route order: checked against a plain
 * reference (JavaScript's stable Array.prototype.sort) on strict weak orders, where every stable
 * sort must agree.
 */
import { fc, test } from '@fast-check/vitest';
import { expect } from 'vitest';
import { goStableSort } from '../../src/go/stable-sort.js';

test.prop([fc.array(fc.tuple(fc.integer({ min: 0, max: 6 }), fc.integer()), { maxLength: 120 })], {
  numRuns: 200,
})("Go's stable sort orders like any stable sort and keeps equal elements in input order", (items) => {
  const less = (a: readonly [number, number], b: readonly [number, number]): boolean => a[0] < b[0];
  const mine = goStableSort([...items], less);
  const reference = [...items].sort((a, b) => a[0] - b[0]);
  expect(mine).toEqual(reference);
});
