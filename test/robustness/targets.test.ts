/**
 * The fuzz suite's table covers the package: every public function (and constant it reads) is
 * named by a row of TARGETS, or said to need none.
 */
import * as lib from 'gateway-policy-sim';
import { expect, test } from 'vitest';
import { NOT_TARGETS, TARGETS } from './targets.js';

test('every export of the package is fuzzed by a row of TARGETS, or listed in NOT_TARGETS', () => {
  const covered = new Set(TARGETS.flatMap((t) => t.exports));

  const missing = Object.keys(lib).filter((name) => !covered.has(name) && !NOT_TARGETS.has(name));

  expect(missing).toEqual([]);
});

test('every name in TARGETS and NOT_TARGETS is an export (no stale rows)', () => {
  const named = [...TARGETS.flatMap((t) => t.exports), ...NOT_TARGETS];

  expect(named.filter((name) => !Object.hasOwn(lib, name))).toEqual([]);
});
