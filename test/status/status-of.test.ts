/**
 * `statusOf` on a hand-written input: the status of one policy by reference, and what a
 * reference that is not one gives.
 */
import { simulate, statusOf } from 'gateway-policy-sim';
import { describe, expect, test } from 'vitest';
import { oneRouteWorld } from '../_support/one-route-world.js';

const WORLD = `${oneRouteWorld({ gateway: 'infra/gw', route: 'shop/web' })}---
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: BackendTrafficPolicy
metadata: { name: timeouts, namespace: shop, generation: 2 }
spec:
  targetRefs: [{ group: gateway.networking.k8s.io, kind: HTTPRoute, name: web }]
  timeout: { http: { requestTimeout: 5s } }
`;

describe('statusOf', () => {
  const result = simulate(WORLD);

  test("gives the policy's ancestors with Envoy Gateway's conditions", () => {
    const s = statusOf(result, 'BackendTrafficPolicy/shop/timeouts');
    expect(s.found).toBe(true);
    expect(s.diagnostics).toEqual([]);
    expect(s.ancestors).toEqual([
      {
        ancestorRef: { group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'gw', namespace: 'infra' },
        controllerName: 'gateway.envoyproxy.io/gatewayclass-controller',
        conditions: [
          {
            type: 'Accepted',
            status: 'True',
            reason: 'Accepted',
            message: 'Policy has been accepted.',
            observedGeneration: 2,
            lastTransitionTime: null,
          },
        ],
      },
    ]);
  });

  test('a near miss names the policy meant', () => {
    const s = statusOf(result, 'BackendTrafficPolicy/shop/timeout');
    expect(s).toMatchObject({ found: false, ancestors: null });
    expect(s.diagnostics[0]).toMatchObject({
      code: 'GWP-REF-UNKNOWN',
      severity: 'warning',
      message:
        'statusOf: BackendTrafficPolicy/shop/timeout names nothing in the input (did you mean BackendTrafficPolicy/shop/timeouts?)',
    });
  });

  test.each([
    'shop/timeouts',
    'BackendTrafficPolicy/shop/timeouts/rule',
    'BackendTrafficPolicy/timeouts',
    '',
  ])('%j is not a policy reference: GWP-REF-MALFORMED', (ref) => {
    const s = statusOf(result, ref);
    expect(s.found).toBe(false);
    expect(s.diagnostics.map((d) => d.code)).toEqual(['GWP-REF-MALFORMED']);
  });

  test('another kind with the same namespace and name is another policy: it names nothing', () => {
    const s = statusOf(result, 'SecurityPolicy/shop/timeouts');
    expect(s).toMatchObject({ found: false, ancestors: null });
    expect(s.diagnostics.map((d) => d.code)).toEqual(['GWP-REF-UNKNOWN']);
  });
});
