/**
 * Law: renaming namespaces consistently (order kept) changes nothing but the names — the engine
 * compares namespaces only for equality and for order (R2.1, R8.7 sorting, R8.10 truncation).
 */
import fc from 'fast-check';
import { expect, test } from 'vitest';
import {
  namespaceRenamingArb,
  renameNamespacesInManifests,
  renameNamespaceTokens,
  topologyArbitrary,
} from '../_support/topology-arbitrary.js';
import { pointSummary, run } from './_pipeline.js';

test('renaming namespaces consistently (order kept) changes nothing but the names', () => {
  fc.assert(
    fc.property(topologyArbitrary(), namespaceRenamingArb, ({ objects }, renaming) => {
      const renamed = renameNamespacesInManifests(objects, renaming) as unknown[];
      const before = run(objects);
      const after = run(renamed);
      expect(after.status).toEqual(renameNamespaceTokens(before.status, renaming));
      expect(pointSummary(after.resolution)).toEqual(
        renameNamespaceTokens(pointSummary(before.resolution), renaming),
      );
    }),
    { numRuns: 200 },
  );
});
