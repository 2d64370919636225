/**
 * Laws of `preview` and the base's options: a preview resolves with the options of its base.
 */
import fc from 'fast-check';
import {
  createPreviewState,
  loadObjects,
  type PreviewChange,
  preview,
  type SimulateOptions,
  simulate,
} from 'gateway-policy-sim';
import { expect, test } from 'vitest';
import { type Obj, topologyArbitrary } from '../_support/topology-arbitrary.js';

/** Every option a base can be simulated with. */
const optionsArb: fc.Arbitrary<SimulateOptions> = fc.record({
  order: fc.constantFrom('cluster' as const, 'input' as const),
  admission: fc.constantFrom('reject' as const, 'report' as const),
  profile: fc.constantFrom('envoy-gateway-v1.9', 'envoy-gateway-v1.5'),
  topology: fc.record({
    enableLua: fc.boolean(),
    enableBackend: fc.boolean(),
    mergeGateways: fc.boolean(),
    now: fc.constantFrom('2020-01-01T00:00:00Z', '2030-01-01T00:00:00Z'),
  }),
});

/**
 * A change that changes nothing: an object upserted as it is, or restored as it was; a policy
 * when `policy` is set and the input has one (the re-resolving path), else any object (a graph
 * change rebuilds the graph).
 */
function noOp(
  objects: readonly Obj[],
  pick: number,
  restore: boolean,
  policy: boolean,
  base: ReturnType<typeof simulate>,
): PreviewChange {
  const isPolicy = (kind: unknown): boolean => String(kind).endsWith('Policy');
  if (restore) {
    const pool = base.load.resources.filter((r) => !policy || isPolicy(r.kind));
    const list = pool.length > 0 ? pool : base.load.resources;
    return { restore: [list[pick % list.length]!] };
  }
  const pool = objects.filter((o) => !policy || isPolicy(o.kind));
  const list = pool.length > 0 ? pool : objects;
  return { upsert: [structuredClone(list[pick % list.length]!)] };
}

test('a no-op change gives an empty diff under any options, with or without a preview state', () => {
  let policies = 0;
  fc.assert(
    fc.property(
      topologyArbitrary({ maxPolicies: 6 }),
      optionsArb,
      fc.nat(),
      fc.boolean(),
      fc.boolean(),
      ({ objects }, options, pick, restore, policy) => {
        const base = simulate(loadObjects(objects), options);
        const change = noOp(objects, pick, restore, policy, base);
        const kind = String((change.upsert?.[0] as Obj | undefined)?.kind ?? change.restore?.[0]?.kind);
        if (kind.endsWith('Policy')) policies++;
        for (const r of [preview(base, change), preview(base, change, { state: createPreviewState(base) })]) {
          expect(r.changes).toEqual([]);
          expect(r.statusChanges).toEqual([]);
          expect(r.listenerChanges).toEqual([]);
        }
      },
    ),
    { numRuns: 60 },
  );
  // Policy changes take the re-resolving path, the others rebuild the graph: both were tried.
  expect(policies).toBeGreaterThan(15);
});
