/**
 * Law: a policy that targets nothing changes no other policy's status (R3.5: a
 * missing target is silence — no claim, no scope-graph edge, no parent-map entry).
 */
import fc from 'fast-check';
import type { PolicyKind } from 'gateway-policy-sim';
import { expect, test } from 'vitest';
import {
  featureOf,
  NAMESPACES,
  type Obj,
  policyObj,
  ref,
  TIMESTAMPS,
  topologyArbitrary,
} from '../_support/topology-arbitrary.js';
import { ancestorsOf, listOf, pointSummary, run } from './_pipeline.js';

const KINDS: readonly PolicyKind[] = [
  'ClientTrafficPolicy',
  'BackendTrafficPolicy',
  'SecurityPolicy',
  'EnvoyExtensionPolicy',
];

/** Ways of targeting nothing: missing objects, a real Gateway seen from another namespace (R3.1), selectors matching nothing. */
type Ghost =
  | {
      readonly form: 'missing';
      readonly kind: 'Gateway' | 'ListenerSet' | 'HTTPRoute';
      readonly section: string | null;
    }
  | { readonly form: 'otherNamespace'; readonly section: string | null }
  | {
      readonly form: 'selector';
      readonly kind: 'Gateway' | 'ListenerSet' | 'HTTPRoute';
      readonly how: 'labels' | 'namespaces';
    };

const ghostArb: fc.Arbitrary<Ghost> = fc.oneof(
  fc.record({
    form: fc.constant('missing' as const),
    kind: fc.constantFrom('Gateway' as const, 'ListenerSet' as const, 'HTTPRoute' as const),
    section: fc.option(fc.constantFrom('http', 'r1', 'ls-http')),
  }),
  fc.record({
    form: fc.constant('otherNamespace' as const),
    section: fc.option(fc.constantFrom('http', 'https', 'admin')),
  }),
  fc.record({
    form: fc.constant('selector' as const),
    kind: fc.constantFrom('Gateway' as const, 'ListenerSet' as const, 'HTTPRoute' as const),
    how: fc.constantFrom('labels' as const, 'namespaces' as const),
  }),
);

function ghostPolicy(
  kind: PolicyKind,
  namespace: string,
  ts: string,
  g: Ghost,
  objects: readonly Obj[],
): Obj | null {
  let targeting: Obj;
  if (g.form === 'missing') {
    const k = kind === 'ClientTrafficPolicy' && g.kind === 'HTTPRoute' ? 'Gateway' : g.kind;
    targeting = { targetRefs: [ref(k, `missing-${k.toLowerCase()}`, g.section ?? undefined)] };
  } else if (g.form === 'otherNamespace') {
    // A plain ref is namespace-local: a Gateway of that name in another namespace is not found.
    const gw = objects.find((o) => o.kind === 'Gateway' && (o.metadata as Obj).namespace !== namespace);
    if (!gw) return null;
    targeting = { targetRef: ref('Gateway', String((gw.metadata as Obj).name), g.section ?? undefined) };
  } else {
    const k = kind === 'ClientTrafficPolicy' && g.kind === 'HTTPRoute' ? 'Gateway' : g.kind;
    targeting = {
      targetSelectors: [
        g.how === 'labels'
          ? { kind: k, matchLabels: { app: 'nobody' }, namespaces: { from: 'All' } }
          : { kind: k, namespaces: { from: 'Selector', selector: { matchLabels: { env: 'nowhere' } } } },
      ],
    };
  }
  return policyObj(kind, namespace, 'ghost', { ...targeting, ...featureOf(kind) }, ts);
}

test("a policy that targets nothing changes no other policy's status", () => {
  fc.assert(
    fc.property(
      topologyArbitrary(),
      fc.constantFrom(...KINDS),
      fc.constantFrom(...NAMESPACES),
      fc.constantFrom(...TIMESTAMPS),
      ghostArb,
      fc.nat(),
      ({ objects }, kind, namespace, ts, g, at) => {
        const ghost = ghostPolicy(kind, namespace, ts, g, objects);
        fc.pre(ghost !== null);
        const withGhost = [...objects];
        withGhost.splice(at % (objects.length + 1), 0, ghost!);

        const before = run(objects);
        const after = run(withGhost);
        const ghostId = `${namespace}/ghost`;
        for (const k of KINDS) {
          const others = listOf(after.status, k).filter(
            (p) => !(k === kind && `${p.metadata.namespace}/${p.metadata.name}` === ghostId),
          );
          expect(others).toEqual(listOf(before.status, k));
        }
        expect(pointSummary(after.resolution)).toEqual(pointSummary(before.resolution));
        // Its own status: absent when only selectors (R3.5), `ancestors: null` with a plain ref.
        const own = ancestorsOf(after.status, kind, ghostId);
        if (g.form === 'selector') expect(own).toBeUndefined();
        else expect(own).toBeNull();
      },
    ),
    { numRuns: 200 },
  );
});
