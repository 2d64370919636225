/**
 * An explain query that names nothing says so: `GWP-REF-UNKNOWN` with the nearest existing
 * names, `GWP-REF-MALFORMED` for text that is no reference; a query naming what exists adds none.
 */
import { explain, simulate } from 'gateway-policy-sim';
import { describe, expect, test } from 'vitest';
import { oneRouteWorld } from '../_support/one-route-world.js';

const WORLD = `${oneRouteWorld({ gateway: 'infra/public-gw', route: 'shop/storefront' })}---
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: BackendTrafficPolicy
metadata: { name: timeouts, namespace: shop }
spec:
  targetRefs: [{ group: gateway.networking.k8s.io, kind: HTTPRoute, name: storefront }]
  timeout: { http: { requestTimeout: 5s } }
`;

describe('explain query references', () => {
  const { resolution } = simulate(WORLD);
  const own = resolution.diagnostics.length;
  const added = (query: Parameters<typeof explain>[1]) => explain(resolution, query).diagnostics.slice(own);

  test('references that exist add no diagnostic, whichever form a Gateway is given in', () => {
    expect(added({ route: 'HTTPRoute/shop/storefront' })).toEqual([]);
    expect(added({ policy: 'BackendTrafficPolicy/shop/timeouts' })).toEqual([]);
    expect(added({ gateway: 'Gateway/infra/public-gw' })).toEqual([]);
    expect(added({ gateway: 'infra/public-gw' })).toEqual([]);
    expect(explain(resolution, { gateway: 'Gateway/infra/public-gw' }).points).toEqual(
      explain(resolution, { gateway: 'infra/public-gw' }).points,
    );
  });

  test.each([
    ['route', 'HTTPRoute/shop/storfront', 'HTTPRoute/shop/storefront'],
    ['policy', 'BackendTrafficPolicy/shop/timeout', 'BackendTrafficPolicy/shop/timeouts'],
    ['gateway', 'Gateway/infra/public', 'Gateway/infra/public-gw'],
    ['gateway', 'infra/public', 'Gateway/infra/public-gw'],
  ] as const)('a %s naming nothing (%s) gives GWP-REF-UNKNOWN naming %s', (field, wanted, meant) => {
    const r = explain(resolution, { [field]: wanted });
    expect(r.points).toEqual([]);
    const diagnostics = r.diagnostics.slice(own);
    expect(diagnostics.map((d) => [d.code, d.severity])).toEqual([['GWP-REF-UNKNOWN', 'warning']]);
    expect(diagnostics[0]!.message).toMatch(
      new RegExp(`^explain query ${field}: .* names nothing in the input \\(did you mean ${meant}\\?\\)$`),
    );
  });

  test('text that is not a reference gives GWP-REF-MALFORMED', () => {
    expect(added({ route: 'storefront' }).map((d) => d.code)).toEqual(['GWP-REF-MALFORMED']);
    expect(added({ policy: 'BackendTrafficPolicy/shop/timeouts/x' }).map((d) => d.code)).toEqual([
      'GWP-REF-MALFORMED',
    ]);
    expect(added({ gateway: 'public-gw' }).map((d) => d.code)).toEqual(['GWP-REF-MALFORMED']);
  });

  test('nothing close: no suggestion', () => {
    expect(added({ route: 'GRPCRoute/billing/ledger-sync' })[0]?.message).toBe(
      'explain query route: GRPCRoute/billing/ledger-sync names nothing in the input',
    );
  });
});
