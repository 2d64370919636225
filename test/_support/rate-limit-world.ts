/**
 * The one-route world (`one-route-world.ts`: Gateway `infra/gw`, HTTPRoute `shop/web`) with a
 * BackendTrafficPolicy `shop/limit` on the route whose local rate-limit rule matches a header by a
 * regular expression: the input for checks of how rate-limit expressions are validated.
 */
import { oneRouteWorld } from './one-route-world.js';

/** Where the expression stands in the policy (a JSON pointer). */
export const RATE_LIMIT_EXPRESSION_POINTER =
  '/spec/rateLimit/local/rules/0/clientSelectors/0/headers/0/value';

/**
 * The world's manifests with the policy.
 *
 * @param expr - the regular expression of the header rule
 * @returns YAML text
 */
export function rateLimitWorld(expr: string): string {
  return `${oneRouteWorld({ gateway: 'infra/gw', route: 'shop/web' })}---
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: BackendTrafficPolicy
metadata: { name: limit, namespace: shop }
spec:
  targetRefs: [{ group: gateway.networking.k8s.io, kind: HTTPRoute, name: web }]
  rateLimit:
    type: Local
    local:
      rules:
        - clientSelectors: [{ headers: [{ name: x-user, type: RegularExpression, value: ${JSON.stringify(expr)} }] }]
          limit: { requests: 1, unit: Second }
`;
}
