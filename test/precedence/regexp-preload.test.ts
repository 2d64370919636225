/**
 * A rate-limit expression that needs Go's regexp machinery (a Unicode class by name, or more than
 * 500 characters) is reported as not checked until `preloadGoRegexp()` has loaded it, and checked
 * as Go checks it after. The tests run in order: the module state is the point.
 */
import { describe, expect, test } from 'vitest';
import { preloadGoRegexp, simulate, statusOf } from '../../src/index.js';
import { oneRouteWorld } from '../_support/one-route-world.js';

const world = oneRouteWorld({ gateway: 'infra/gw', route: 'shop/web' });

/** The world with a BackendTrafficPolicy on the route whose header rule matches `expr`. */
const withRateLimit = (expr: string): string => `${world}---
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

/** The policy's Accepted message and the unchecked-expression diagnostics. */
function outcome(expr: string): { accepted: string | undefined; unchecked: unknown[] } {
  const result = simulate(withRateLimit(expr));
  const conditions = statusOf(result, 'BackendTrafficPolicy/shop/limit').ancestors?.[0]?.conditions ?? [];
  return {
    accepted: conditions.find((c) => c.type === 'Accepted')?.message,
    unchecked: result.diagnostics
      .filter((d) => d.code === 'GWP-RESOLVE-REGEXP-UNCHECKED')
      .map((d) => ({ severity: d.severity, resource: d.resource, pointer: d.location?.pointer })),
  };
}

const AT = '/spec/rateLimit/local/rules/0/clientSelectors/0/headers/0/value';

describe('rate-limit expressions and Go regexp machinery', () => {
  test('before preloadGoRegexp: a short expression without \\p is checked as Go checks it', () => {
    const { accepted, unchecked } = outcome('*.bad');
    expect(accepted).toContain('regex "*.bad" is invalid: error parsing regexp: missing argument');
    expect(unchecked).toEqual([]);
  });

  test('before preloadGoRegexp: a Unicode class by name or a long expression is reported at its field, not guessed', () => {
    for (const expr of ['\\p{Nope}', `${'a'.repeat(600)}(`]) {
      const { accepted, unchecked } = outcome(expr);
      expect(accepted).not.toContain('is invalid');
      expect(unchecked).toEqual([
        { severity: 'warning', resource: 'BackendTrafficPolicy/shop/limit', pointer: AT },
      ]);
    }
  });

  test("after preloadGoRegexp: the same expressions get Go's errors and no warning", async () => {
    await preloadGoRegexp();
    const name = outcome('\\p{Nope}');
    expect(name.accepted).toContain('error parsing regexp: invalid character class range: `\\p{Nope}`');
    expect(name.unchecked).toEqual([]);
    const long = outcome(`${'a'.repeat(600)}(`);
    expect(long.accepted).toContain('error parsing regexp: missing closing )');
    expect(long.unchecked).toEqual([]);
  });
});
