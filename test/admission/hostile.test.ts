/**
 * Hostile objects stay cheap and never throw: a huge list, the CRD's patterns on long strings
 * (RE2: linear time), deep nesting. Speed itself is measured in bench/, not asserted here.
 */
import { loadObjects, loadProfileCrds, simulate } from 'gateway-policy-sim';
import { expect, test } from 'vitest';

const profile = await loadProfileCrds();
const { crds } = profile;
const STRICT = { fieldValidation: 'strict', defaults: true, prune: true } as const;
const btp = (spec: unknown) => ({
  apiVersion: 'gateway.envoyproxy.io/v1alpha1',
  kind: 'BackendTrafficPolicy',
  metadata: { name: 'btp', namespace: 'default' },
  spec,
});

test('a list of 100,000 targets is admitted without throwing', () => {
  const targetRefs = Array.from({ length: 100_000 }, (_, i) => ({
    group: 'gateway.networking.k8s.io',
    kind: 'HTTPRoute',
    name: `r${i}`,
  }));
  const o = crds!.admit(btp({ targetRefs }) as never, STRICT)!;
  expect(o.refused).toBe(false);
});

test('a CRD pattern on a megabyte string (a backtracking engine would take forever)', () => {
  const hostname = `${'a'.repeat(1_000_000)}!`;
  const o = crds!.admit(
    btp({
      targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', name: 'r' }],
      rateLimit: { type: 'Global', global: { rules: [{ limit: { requests: 1, unit: 'Second' } }] } },
      loadBalancer: {
        type: 'ConsistentHash',
        consistentHash: { type: 'Cookie', cookie: { name: hostname } },
      },
    }) as never,
    STRICT,
  )!;
  expect(o.findings.some((f) => f.code === 'GWP-ADMIT-INTERNAL')).toBe(false);
});

test('nesting 20,000 levels deep: the loader refuses it; admitting it directly gives one internal warning, no throw', () => {
  let deep: unknown = 'leaf';
  for (let i = 0; i < 20_000; i++) deep = { d: deep };
  const object = {
    apiVersion: 'gateway.envoyproxy.io/v1alpha1',
    kind: 'EnvoyPatchPolicy',
    metadata: { name: 'p', namespace: 'default' },
    spec: {
      type: 'JSONPatch',
      targetRef: { group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'gw' },
      jsonPatches: [
        {
          type: 'type.googleapis.com/envoy.config.listener.v3.Listener',
          name: 'x',
          operation: { op: 'add', path: '/a', value: deep },
        },
      ],
    },
  };
  const r = simulate(loadObjects([object]), { profile });
  expect(r.diagnostics.map((d) => d.code)).toContain('GWP-LOAD-TOO-DEEP');
  const o = crds!.admit(object as never, STRICT)!;
  expect(o.findings.map((f) => [f.code, f.severity])).toEqual([['GWP-ADMIT-INTERNAL', 'warning']]);
});

test('thousands of distinct apiVersions and kinds leave the CRDs the set knows found', () => {
  // The set remembers which CRD each (apiVersion, kind) pair names, bounded: it must forget
  // unknown pairs without forgetting, or confusing, the known ones.
  const known = btp({ targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', name: 'r' }] });
  for (let i = 0; i < 3000; i++) {
    const unknown = { ...known, apiVersion: `example.com/v${i}`, kind: `Kind${i % 700}` };
    expect(crds!.admit(unknown as never, STRICT)).toBeUndefined();
    const sameGroupOtherKind = { ...known, kind: `Other${i}` };
    expect(crds!.admit(sameGroupOtherKind as never, STRICT)).toBeUndefined();
    if (i % 500 === 0) expect(crds!.admit(known as never, STRICT)?.refused).toBe(false);
  }
  expect(
    crds!.admit({ ...known, apiVersion: 'gateway.envoyproxy.io/v1' } as never, STRICT)?.findings[0]?.code,
  ).toBe('GWP-ADMIT-VERSION-NOT-SERVED');
  expect(crds!.admit(known as never, STRICT)?.refused).toBe(false);
});
