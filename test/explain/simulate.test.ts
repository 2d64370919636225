import {
  buildTopology,
  explain,
  GatewayPolicySimError,
  type LoadResult,
  lint,
  loadManifests,
  locateDiagnostics,
  mergeHook,
  policyStatus,
  resolvePolicies,
  simulate,
} from 'gateway-policy-sim';
import { describe, expect, test } from 'vitest';
import { BASE, CONFLICT, NO_TARGET } from '../cli/_fixtures.js';

/** The winner at the route's points, per the resolution. */
function routeWinners(r: ReturnType<typeof simulate>): string[] {
  return [
    ...new Set(
      r.resolution.points
        .filter((p) => p.route === 'HTTPRoute/default/web')
        .map((p) => p.policies.BackendTrafficPolicy?.applied[0] ?? '-'),
    ),
  ];
}

describe('simulate', () => {
  test('gives the same resolution and status as running the three stages by hand', () => {
    const sources = [{ file: 'a.yaml', text: CONFLICT }];

    const result = simulate(sources, { order: 'input', admission: 'report' });

    const load = loadManifests(sources);
    const resolution = resolvePolicies(buildTopology(load), {
      order: 'input',
      admission: 'report',
      merge: mergeHook,
    });
    expect(result.load.summary).toEqual(load.summary);
    expect(result.resolution.kinds).toEqual(resolution.kinds);
    expect(result.resolution.points).toEqual(resolution.points);
    expect(policyStatus(result.resolution)).toEqual(policyStatus(resolution));
  });

  test('defaults to cluster order: the older of two same-route policies wins', () => {
    expect(routeWinners(simulate(CONFLICT))).toEqual(['BackendTrafficPolicy/default/route-b']);
    expect(routeWinners(simulate(CONFLICT, { order: 'input' }))).toEqual([
      'BackendTrafficPolicy/default/route-a',
    ]);
  });

  test('defaults to admission reject: a refused policy is an error and is left out', () => {
    const text = `${BASE}---\n${NO_TARGET}`;

    const rejected = simulate(text);
    const reported = simulate(text, { admission: 'report' });

    const codeOf = (r: typeof rejected) =>
      r.diagnostics.find((d) => d.code === 'GWP-ADMIT-NO-TARGET')?.severity;
    expect(codeOf(rejected)).toBe('error');
    expect(rejected.resolution.ordered.BackendTrafficPolicy).toEqual([]);
    expect(codeOf(reported)).toBe('warning');
    expect(reported.resolution.ordered.BackendTrafficPolicy).toEqual([
      'BackendTrafficPolicy/default/no-target',
    ]);
  });

  test("lists the loader's diagnostics first, then the resolution's", () => {
    const text = `${BASE}---\nkind: Gateway\n---\n${NO_TARGET}`;

    const { diagnostics, load, resolution } = simulate(text);

    expect(diagnostics).toEqual([...load.diagnostics, ...resolution.diagnostics]);
    // locateDiagnostics places every one about a resource at its field's range.
    const located = locateDiagnostics(diagnostics, load, [{ file: '<input>', text }]);
    expect(located.map((d) => d.code)).toEqual(diagnostics.map((d) => d.code));
    expect(located.filter((d) => d.resource !== undefined).every((d) => d.location?.end)).toBe(true);
    expect(diagnostics[0]?.code).toMatch(/^GWP-LOAD-/);
    expect(diagnostics.some((d) => d.code === 'GWP-ADMIT-NO-TARGET')).toBe(true);
  });

  test('takes a LoadResult as it is, without loading again, and does not mutate it', () => {
    const load: LoadResult = loadManifests(CONFLICT);
    const before = structuredClone(load);

    const result = simulate(load);

    expect(result.load).toBe(load);
    expect(load).toEqual(before);
  });

  test('passes topology options to buildTopology', () => {
    const result = simulate(CONFLICT, { topology: { controllerName: 'example.com/other' } });

    expect(result.topology.options.controllerName).toBe('example.com/other');
    expect(result.resolution.points).toEqual([]);
  });

  test('throws GatewayPolicySimError on a bad option, never on bad input', () => {
    expect(() => simulate(CONFLICT, { order: 'newest' as 'input' })).toThrow(GatewayPolicySimError);
    expect(() => simulate('\u0000\u0001: [')).not.toThrow();
  });
});

/** Values with their own `toString` / `valueOf` members (where `String(v)` throws) in every layer's fields. */
const OWN_TO_STRING = `
apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata: {name: eg}
spec: {controllerName: gateway.envoyproxy.io/gatewayclass-controller}
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {namespace: a, name: gw}
spec:
  gatewayClassName: eg

  listeners: [{name: http, protocol: HTTP, port: 80}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {namespace: a, name: r}
spec:
  parentRefs: [{name: gw, group: {toString: 1}}, {name: gw, kind: {valueOf: 2}}, {name: gw}]
  rules: [{name: x}]
---
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: BackendTrafficPolicy
metadata: {namespace: a, name: gwp}
spec:
  targetRefs: [{group: gateway.networking.k8s.io, kind: Gateway, name: gw}]
  timeout: {http: {requestTimeout: 5s}}
---
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: BackendTrafficPolicy
metadata: {namespace: a, name: p}
spec:
  mergeType: {toString: ''}
  targetRefs: [{group: gateway.networking.k8s.io, kind: HTTPRoute, name: r}]
  retry: {numRetries: {toString: ''}}
---
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: ClientTrafficPolicy
metadata: {namespace: a, name: c}
spec:
  targetRefs: [{group: gateway.networking.k8s.io, kind: Gateway, name: gw}]
  tls: {ciphers: [{toString: ''}]}
  timeout: {http: {idleTimeout: {toString: ''}}}
`;

describe('values whose own toString is not a function', () => {
  test('never make loading, resolving, status, explain or lint throw', () => {
    for (const admission of ['reject', 'report'] as const) {
      const r = simulate(OWN_TO_STRING, { admission });
      expect(() => policyStatus(r.resolution)).not.toThrow();
      expect(() => explain(r.resolution)).not.toThrow();
      expect(() => lint(r.resolution)).not.toThrow();
      expect(r.diagnostics.map((d) => d.code)).toContain('GWP-TOPO-PARENTREF-UNSUPPORTED');
    }
  });
});

describe('simulate on a deep-frozen load (immer freezes what a state store holds)', () => {
  test('the bundled example, frozen by immer, gives the status, explain and lint of the unfrozen one', async () => {
    const { freeze } = await import('immer');
    const { readManifestFiles } = await import('gateway-policy-sim/node');
    const { fileURLToPath } = await import('node:url');
    const examples = fileURLToPath(new URL('../../examples', import.meta.url));
    const { sources } = await readManifestFiles([examples]);
    const options = { topology: { enableLua: true } };

    const plain = simulate(loadManifests(sources), options);
    const frozen = simulate(freeze(loadManifests(sources), true), options);

    expect(policyStatus(frozen.resolution)).toEqual(policyStatus(plain.resolution));
    expect(explain(frozen.resolution)).toEqual(explain(plain.resolution));
    expect(lint(frozen.resolution)).toEqual(lint(plain.resolution));
  });
});
