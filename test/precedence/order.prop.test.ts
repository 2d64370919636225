/**
 * Law: in cluster mode the result does not depend on input order (R2.1).
 */
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { topologyArbitrary } from '../_support/topology-arbitrary.js';
import { pointSummary, run } from './_pipeline.js';

test('in cluster mode the result does not depend on input order', () => {
  fc.assert(
    fc.property(
      topologyArbitrary().chain((c) =>
        fc.tuple(
          fc.constant(c.objects),
          fc.shuffledSubarray([...c.objects], { minLength: c.objects.length }),
        ),
      ),
      ([objects, shuffled]) => {
        const a = run(objects, { order: 'cluster' });
        const b = run(shuffled, { order: 'cluster' });
        expect(b.status).toEqual(a.status);
        expect(pointSummary(b.resolution)).toEqual(pointSummary(a.resolution));
      },
    ),
    { numRuns: 200 },
  );
});
