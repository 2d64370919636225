/**
 * Request decisions name policies by their one identity, `Kind/ns/name` (as explain does), and an
 * unnamed authorization rule gets Envoy Gateway's default name, built from the policy's `ns/name`
 * (`securitypolicy/<ns>/<name>/authorization/rule/<i>`).
 */
import { expect, test } from 'vitest';
import { gateway, httpRoute, type Obj, router, rule } from './_fixtures.js';

const HTTP = { name: 'http', protocol: 'HTTP', port: 80 };

function policy(kind: string, name: string, spec: Obj): Obj {
  return {
    apiVersion: 'gateway.envoyproxy.io/v1alpha1',
    kind,
    metadata: { name, namespace: 'default' },
    spec: { targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', name: 'web' }], ...spec },
  };
}

test('decisions name policies Kind/ns/name, and an unnamed rule is named from ns/name', () => {
  const r = router([
    gateway('eg', [HTTP]),
    httpRoute('web', { rules: [rule()] }),
    policy('SecurityPolicy', 'authz', {
      authorization: { rules: [{ action: 'Allow', principal: { clientCIDRs: ['10.0.0.0/8'] } }] },
    }),
    policy('BackendTrafficPolicy', 'timeouts', { timeout: { http: { requestTimeout: '5s' } } }),
  ]);
  const a = r.ask('GET', 'http://x/', { sourceIp: '10.1.1.1' });
  const authz = a.decisions.find((d) => d.type === 'authorization');
  expect(authz).toMatchObject({
    policy: 'SecurityPolicy/default/authz',
    rule: 'securitypolicy/default/authz/authorization/rule/0',
    action: 'Allow',
  });
  expect(a.decisions.find((d) => d.type === 'requestTimeout')).toMatchObject({
    source: 'BackendTrafficPolicy/default/timeouts',
  });
});
