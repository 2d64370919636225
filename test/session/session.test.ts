/**
 * `createSession` on hand-written files: documents replaced and deleted by file, answers carrying
 * source locations, incremental re-resolution of a policy edit, pending edits previewed, and API
 * misuse refused.
 */
import {
  createSession,
  GatewayPolicySimError,
  loadProfileCrds,
  locateDiagnostics,
  policyStatus,
  simulate,
} from 'gateway-policy-sim';
import { describe, expect, test } from 'vitest';
import { oneRouteWorld } from '../_support/one-route-world.js';

const GATEWAY = oneRouteWorld({ gateway: 'infra/public', route: 'shop/web' });

const policy = (name: string, timeout: string, target = 'web') => `apiVersion: gateway.envoyproxy.io/v1alpha1
kind: BackendTrafficPolicy
metadata: { name: ${name}, namespace: shop }
spec:
  targetRefs: [{ group: gateway.networking.k8s.io, kind: HTTPRoute, name: ${target} }]
  timeout: { http: { requestTimeout: ${timeout} } }
`;

const timeoutAtWeb = (s: ReturnType<typeof createSession>) =>
  s.explain({ route: 'HTTPRoute/shop/web' }).points[0]?.policies.BackendTrafficPolicy?.effective;

describe('createSession', () => {
  test('a policy edit is re-resolved incrementally; a file replaced and deleted changes what applies', () => {
    const s = createSession();
    s.setFile('gateway.yaml', GATEWAY);
    s.setFile('policies.yaml', policy('timeouts', '5s'));
    expect(timeoutAtWeb(s)).toEqual({ timeout: { http: { requestTimeout: '5s' } } });

    s.setFile('policies.yaml', policy('timeouts', '7s'));
    expect(timeoutAtWeb(s)).toEqual({ timeout: { http: { requestTimeout: '7s' } } });
    // The new policy file and its edit touched BackendTrafficPolicies only: both incremental.
    expect(s.stats()).toEqual({ incremental: 2, rebuilt: 1, full: 0 });

    s.deleteFile('policies.yaml');
    expect(timeoutAtWeb(s)).toBeUndefined();
    expect(s.files().map((f) => f.file)).toEqual(['gateway.yaml']);
    expect(s.status()).toEqual({});
  });

  test('diagnostics carry the file and line of the offending document, and can be asked per file', () => {
    const s = createSession();
    s.setFile('gateway.yaml', GATEWAY);
    s.setFile('policies.yaml', `${policy('ok', '5s')}---\n${policy('lost', '5s', 'nowhere')}`);
    // A missing Service is said at the route that needs it, in its file and at its line.
    expect(
      s.diagnostics('gateway.yaml').find((d) => d.code === 'GWP-TOPO-MISSING-KIND')?.location,
    ).toMatchObject({
      file: 'gateway.yaml',
      line: 18,
      pointer: '/spec/rules/0/backendRefs/0',
    });
    for (const d of s.diagnostics('policies.yaml')) expect(d.location?.file).toBe('policies.yaml');
    expect(s.statusOf('BackendTrafficPolicy/shop/lost').ancestors).toBeNull();
    const located = s.result().load.resources.find((r) => r.key === 'BackendTrafficPolicy/shop/lost');
    expect(located?.source).toMatchObject({ file: 'policies.yaml', document: 1, line: 8 });
  });

  test('previewEdits shows what pending edits would change and leaves the session as it was', () => {
    const s = createSession();
    s.setFile('gateway.yaml', GATEWAY);
    s.setFile('policies.yaml', policy('timeouts', '5s'));
    const before = s.result();

    const r = s.previewEdits([{ file: 'policies.yaml', text: policy('timeouts', '9s') }]);
    expect(r.changes.map((c) => [c.path, c.before, c.after])).toEqual([
      ['/timeout/http/requestTimeout', '5s', '9s'],
    ]);
    const gone = s.previewEdits([{ file: 'policies.yaml', deleted: true }]);
    expect(gone.statusChanges.map((c) => [c.policy, c.after])).toEqual([
      ['BackendTrafficPolicy/shop/timeouts', undefined],
    ]);

    expect(s.result()).toBe(before);
    expect(timeoutAtWeb(s)).toEqual({ timeout: { http: { requestTimeout: '5s' } } });
  });

  test('a query naming nothing says so with the nearest names', () => {
    const s = createSession();
    s.setFile('gateway.yaml', GATEWAY);
    expect(s.explain({ route: 'HTTPRoute/shop/wep' }).diagnostics.at(-1)?.message).toContain(
      'did you mean HTTPRoute/shop/web?',
    );
  });

  test('a diagnostic about a field carries the range of that field, for an editor', () => {
    const s = createSession();
    s.setFile('gateway.yaml', GATEWAY);
    const d = s.diagnostics('gateway.yaml').find((x) => x.code === 'GWP-TOPO-MISSING-KIND');
    const at = d?.location;
    expect(at?.pointer).toBe('/spec/rules/0/backendRefs/0');
    // The range is the backendRef's own text, start to end, on its line.
    const line = GATEWAY.split('\n')[(at?.line ?? 1) - 1] ?? '';
    expect(at?.end?.line).toBe(at?.line);
    expect(line.slice((at?.column ?? 1) - 1, (at?.end?.column ?? 1) - 1)).toMatch(/^\{.*name.*\}$/);
  });

  test('API misuse throws GWP-API-BAD-ARGUMENT; a file that is not YAML is a diagnostic', () => {
    const s = createSession();
    expect(() => s.setFile('', 'x')).toThrow(GatewayPolicySimError);
    expect(() => s.setFile('a.yaml', 3 as unknown as string)).toThrow(/text must be a string/);
    expect(() => s.previewEdits('x' as never)).toThrow(GatewayPolicySimError);
    const d = s.setFile('broken.yaml', 'kind: [');
    expect(d.some((x) => x.code === 'GWP-LOAD-YAML-SYNTAX' && x.location?.file === 'broken.yaml')).toBe(true);
    expect(s.deleteFile('never-set.yaml')).toBe(s.diagnostics());
  });

  test('with the CRD set, edits are admitted as simulate admits them, incrementally', async () => {
    const profile = await loadProfileCrds();
    const s = createSession({ profile });
    s.setFile('gateway.yaml', GATEWAY);
    s.setFile('policies.yaml', policy('timeouts', '5s'));
    // An unknown field: refused in strict field validation, an error located in the file.
    s.setFile('policies.yaml', policy('timeouts', '5s').replace('timeout:', 'timeoutt:'));
    s.setFile('policies.yaml', policy('timeouts', '9s'));
    const fresh = simulate(s.files(), { profile });
    expect(s.status()).toEqual(policyStatus(fresh.resolution));
    expect(s.diagnostics()).toEqual(locateDiagnostics(fresh.diagnostics, fresh.load, s.files()));
    expect(timeoutAtWeb(s)).toEqual({ timeout: { http: { requestTimeout: '9s' } } });
    expect(s.stats().incremental).toBeGreaterThan(0);
  });
});
