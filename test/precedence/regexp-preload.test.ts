/**
 * A rate-limit expression that needs Go's regexp machinery (a Unicode class by name, or more than
 * 500 characters) is reported as not checked until `preloadGoRegexp()` has loaded it, and checked
 * as Go checks it after. The tests run in order: the module state is the point.
 */
import { describe, expect, test } from 'vitest';
import { preloadGoRegexp, simulate, statusOf } from '../../src/index.js';
import {
  RATE_LIMIT_EXPRESSION_POINTER as AT,
  rateLimitWorld as withRateLimit,
} from '../_support/rate-limit-world.js';

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
