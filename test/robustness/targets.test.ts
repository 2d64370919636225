/**
 * The fuzz suite's table covers the package: every export of every entry point (the core,
 * `/node`, `/testing`) is named by a row of TARGETS, or said to need none in NOT_TARGETS; and
 * every name a row gives is one the fuzz library (library.ts) has.
 */
import * as core from 'gateway-policy-sim';
import * as node from 'gateway-policy-sim/node';
import * as testing from 'gateway-policy-sim/testing';
import { expect, test } from 'vitest';
import * as library from './library.js';
import { NOT_TARGETS, TARGETS } from './targets.js';

const ENTRY_POINTS = {
  'gateway-policy-sim': core,
  'gateway-policy-sim/node': node,
  'gateway-policy-sim/testing': testing,
};

test.each(Object.entries(ENTRY_POINTS))(
  'every export of %s is fuzzed by a row of TARGETS, or listed in NOT_TARGETS',
  (_name, entry) => {
    const covered = new Set(TARGETS.flatMap((t) => t.exports));

    const missing = Object.keys(entry).filter((name) => !covered.has(name) && !NOT_TARGETS.has(name));

    expect(missing).toEqual([]);
  },
);

test('every name in TARGETS and NOT_TARGETS is in the fuzz library (no stale rows)', () => {
  const named = [...TARGETS.flatMap((t) => t.exports), ...NOT_TARGETS];

  expect(named.filter((name) => !Object.hasOwn(library, name))).toEqual([]);
});

test('the fuzz library has every export of every entry point', () => {
  const absent = Object.values(ENTRY_POINTS).flatMap((entry) =>
    Object.keys(entry).filter((name) => !Object.hasOwn(library, name)),
  );

  expect(absent).toEqual([]);
});
