import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { matchesLabelSelector } from '../../src/model/label-selector.js';

const token = fc.stringMatching(/^[a-z][a-z0-9]{0,5}$/);
const labelsArb = fc.dictionary(token, token, { maxKeys: 5 });

describe('label selector laws', () => {
  test.prop([labelsArb], { numRuns: 100 })(
    'an object matches the matchLabels made of its own labels',
    (labels) => {
      expect(matchesLabelSelector(labels, { matchLabels: labels })).toBe(true);
    },
  );

  test.prop([labelsArb, token, fc.array(token, { minLength: 1, maxLength: 3 })], { numRuns: 100 })(
    'In and NotIn with the same key and values never both match',
    (labels, key, values) => {
      const inSel = matchesLabelSelector(labels, { matchExpressions: [{ key, operator: 'In', values }] });
      const notIn = matchesLabelSelector(labels, { matchExpressions: [{ key, operator: 'NotIn', values }] });
      expect(inSel && notIn).toBe(false);
      expect(inSel || notIn).toBe(true);
    },
  );

  test.prop([labelsArb, token], { numRuns: 100 })(
    'Exists and DoesNotExist on one key are complements',
    (labels, key) => {
      const exists = matchesLabelSelector(labels, { matchExpressions: [{ key, operator: 'Exists' }] });
      const absent = matchesLabelSelector(labels, { matchExpressions: [{ key, operator: 'DoesNotExist' }] });
      expect(exists).toBe(!absent);
    },
  );
});
