import { describe, expect, test } from 'vitest';
import { isValidLabelSelector, matchesLabelSelector } from '../../src/model/label-selector.js';

const labels = { app: 'web', tier: 'front', 'example.com/team': 'a' };

describe('matchesLabelSelector', () => {
  test('an empty selector matches every object, even one without labels', () => {
    expect(matchesLabelSelector(labels, {})).toBe(true);
    expect(matchesLabelSelector(undefined, {})).toBe(true);
  });

  test('a missing selector matches nothing', () => {
    expect(matchesLabelSelector(labels, undefined)).toBe(false);
    expect(matchesLabelSelector(labels, null)).toBe(false);
  });

  test('matchLabels requires every pair', () => {
    expect(matchesLabelSelector(labels, { matchLabels: { app: 'web', tier: 'front' } })).toBe(true);
    expect(matchesLabelSelector(labels, { matchLabels: { app: 'web', tier: 'back' } })).toBe(false);
    expect(matchesLabelSelector(labels, { matchLabels: { 'example.com/team': 'a' } })).toBe(true);
    expect(matchesLabelSelector({}, { matchLabels: { app: 'web' } })).toBe(false);
  });

  test('In matches a present key whose value is listed', () => {
    const sel = { matchExpressions: [{ key: 'tier', operator: 'In', values: ['front', 'mid'] }] };
    expect(matchesLabelSelector(labels, sel)).toBe(true);
    expect(matchesLabelSelector({ tier: 'back' }, sel)).toBe(false);
    expect(matchesLabelSelector({}, sel)).toBe(false);
  });

  test('NotIn matches an absent key or an unlisted value', () => {
    const sel = { matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['front'] }] };
    expect(matchesLabelSelector(labels, sel)).toBe(false);
    expect(matchesLabelSelector({ tier: 'back' }, sel)).toBe(true);
    expect(matchesLabelSelector({}, sel)).toBe(true);
  });

  test('Exists and DoesNotExist look at the key only', () => {
    expect(matchesLabelSelector(labels, { matchExpressions: [{ key: 'app', operator: 'Exists' }] })).toBe(
      true,
    );
    expect(matchesLabelSelector({}, { matchExpressions: [{ key: 'app', operator: 'Exists' }] })).toBe(false);
    expect(
      matchesLabelSelector(labels, { matchExpressions: [{ key: 'app', operator: 'DoesNotExist' }] }),
    ).toBe(false);
    expect(matchesLabelSelector({}, { matchExpressions: [{ key: 'app', operator: 'DoesNotExist' }] })).toBe(
      true,
    );
  });

  test('matchLabels and matchExpressions are ANDed', () => {
    const sel = {
      matchLabels: { app: 'web' },
      matchExpressions: [{ key: 'tier', operator: 'In', values: ['back'] }],
    };
    expect(matchesLabelSelector(labels, sel)).toBe(false);
    expect(matchesLabelSelector({ app: 'web', tier: 'back' }, sel)).toBe(true);
  });

  test.each([
    ['an unknown operator', { matchExpressions: [{ key: 'app', operator: 'Equals', values: ['web'] }] }],
    ['a lower-case operator', { matchExpressions: [{ key: 'app', operator: 'in', values: ['web'] }] }],
    ['In without values', { matchExpressions: [{ key: 'app', operator: 'In', values: [] }] }],
    ['NotIn without values', { matchExpressions: [{ key: 'app', operator: 'NotIn' }] }],
    ['Exists with values', { matchExpressions: [{ key: 'app', operator: 'Exists', values: ['web'] }] }],
    [
      'DoesNotExist with values',
      { matchExpressions: [{ key: 'x', operator: 'DoesNotExist', values: ['a'] }] },
    ],
    ['an invalid key', { matchLabels: { 'bad key': 'web' } }],
    ['an invalid value', { matchLabels: { app: 'not valid!' } }],
    ['an upper-case key prefix', { matchLabels: { 'Example.com/team': 'a' } }],
    ['a value over 63 characters', { matchLabels: { app: 'a'.repeat(64) } }],
  ])('a malformed selector (%s) matches nothing and is invalid', (_name, sel) => {
    expect(isValidLabelSelector(sel)).toBe(false);
    // NotIn/DoesNotExist would match these labels if the selector were taken as valid.
    expect(matchesLabelSelector({ app: 'web' }, sel)).toBe(false);
    expect(matchesLabelSelector({}, sel)).toBe(false);
  });

  test('well-formed selectors are valid, including empty values', () => {
    expect(isValidLabelSelector({})).toBe(true);
    expect(isValidLabelSelector({ matchLabels: { 'a.b/c-d_e.f': '' } })).toBe(true);
    expect(
      isValidLabelSelector({ matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['x', ''] }] }),
    ).toBe(true);
  });

  test('does not change its arguments', () => {
    const l = { app: 'web' };
    const sel = {
      matchLabels: { app: 'web' },
      matchExpressions: [{ key: 'app', operator: 'In', values: ['web'] }],
    };
    const before = structuredClone([l, sel]);
    matchesLabelSelector(l, sel);
    expect([l, sel]).toEqual(before);
  });
});
