/**
 * The testing entry: matchers that pass and fail for the right reasons with readable messages,
 * under vitest's `expect.extend` and under a jest-style one; condition builders without
 * `lastTransitionTime`; `effectiveAt` by reference; and no test framework imported at run time.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { simulate } from 'gateway-policy-sim';
import {
  accepted,
  condition,
  conflicted,
  effectiveAt,
  gatewayPolicyMatchers,
  invalid,
  merged,
  overridden,
  statusOf,
  targetNotFound,
  withPolicyMatchers,
} from 'gateway-policy-sim/testing';
import { describe, test, expect as vitestExpect } from 'vitest';

const expect = withPolicyMatchers(vitestExpect);
const here = path.dirname(fileURLToPath(import.meta.url));
const result = simulate(readFileSync(path.join(here, 'oracle.yaml'), 'utf8'));
const { toHaveCondition, toHaveEffectivePolicy } = gatewayPolicyMatchers;

describe('condition builders', () => {
  test('leave lastTransitionTime out, and the message unless given', () => {
    expect(accepted()).toEqual({ type: 'Accepted', status: 'True', reason: 'Accepted' });
    expect(conflicted('m')).toEqual({
      type: 'Accepted',
      status: 'False',
      reason: 'Conflicted',
      message: 'm',
    });
    expect(targetNotFound().reason).toBe('TargetNotFound');
    expect(invalid().reason).toBe('Invalid');
    expect(overridden()).toEqual({ type: 'Overridden', status: 'True', reason: 'Overridden' });
    expect(merged()).toEqual({ type: 'Merged', status: 'True', reason: 'Merged' });
    expect(condition('Accepted', 'False', 'Invalid')).toEqual(invalid());
  });
});

describe('toHaveCondition', () => {
  test('matches partially: a message given must be equal, one left out is any', () => {
    expect(result).toHaveCondition(
      'BackendTrafficPolicy/shop/timeouts',
      accepted('Policy has been accepted.'),
    );
    expect(result).not.toHaveCondition('BackendTrafficPolicy/shop/timeouts', accepted('another message'));
    expect(result).not.toHaveCondition('BackendTrafficPolicy/shop/timeouts', conflicted());
  });

  test('on a given ancestor only', () => {
    expect(result).toHaveCondition('BackendTrafficPolicy/shop/timeouts', accepted(), {
      ancestor: 'Gateway/infra/public',
    });
    expect(result).not.toHaveCondition('BackendTrafficPolicy/shop/timeouts', accepted(), {
      ancestor: 'Gateway/infra/private',
    });
  });

  test('a failure says what the status holds', () => {
    const r = toHaveCondition(result, 'BackendTrafficPolicy/shop/retries', accepted());
    expect(r.pass).toBe(false);
    expect(r.message()).toBe(
      'expected BackendTrafficPolicy/shop/retries to have {"type":"Accepted","status":"True","reason":"Accepted"} on any ancestor; its status: Gateway/infra/public: Accepted=False Conflicted',
    );
  });

  test('a policy that does not exist fails with the nearest names', () => {
    const r = toHaveCondition(result, 'BackendTrafficPolicy/shop/retry', accepted());
    expect(r.pass).toBe(false);
    expect(r.message()).toContain('did you mean BackendTrafficPolicy/shop/retries?');
    // Negated, it still fails: a missing policy is no evidence of a missing condition.
    expect(() => expect(result).not.toHaveCondition('BackendTrafficPolicy/shop/retry', accepted())).toThrow(
      /did you mean BackendTrafficPolicy\/shop\/retries\?/,
    );
    expect(() => expect(result).not.toHaveEffectivePolicy('HTTPRoute/shop/wep', {})).toThrow(/names nothing/);
  });

  test('something that is not a result fails, never throws', () => {
    expect(toHaveCondition({ not: 'a result' }, 'BackendTrafficPolicy/shop/retries', accepted()).pass).toBe(
      false,
    );
    expect(toHaveCondition(null, 'x', accepted()).pass).toBe(false);
  });
});

describe('toHaveEffectivePolicy', () => {
  test('passes on matching values, fails on others, naming the leaf', () => {
    expect(result).toHaveEffectivePolicy('HTTPRoute/shop/web', { BackendTrafficPolicy: {} });
    const r = toHaveEffectivePolicy(result, 'HTTPRoute/shop/web', {
      BackendTrafficPolicy: { timeout: { http: { requestTimeout: '30s' } } },
    });
    expect(r.pass).toBe(false);
    expect(r.message()).toBe(
      'expected BackendTrafficPolicy at HTTPRoute/shop/web to have /timeout/http/requestTimeout = "30s", found "5s" (applied: BackendTrafficPolicy/shop/timeouts)',
    );
  });

  test('a kind that does not take effect fails', () => {
    const r = toHaveEffectivePolicy(result, 'HTTPRoute/shop/web', { SecurityPolicy: {} });
    expect(r.pass).toBe(false);
    expect(r.message()).toBe(
      'expected SecurityPolicy to take effect at HTTPRoute/shop/web: no SecurityPolicy takes effect there (1 point)',
    );
  });
});

describe('effectiveAt', () => {
  test('by route, by rule index, by listener', () => {
    const route = effectiveAt(result, 'HTTPRoute/shop/web');
    expect(route).toMatchObject({ points: 1, differing: [], diagnostics: [] });
    expect(route.policies.BackendTrafficPolicy).toEqual({
      applied: ['BackendTrafficPolicy/shop/timeouts'],
      effective: { timeout: { http: { requestTimeout: '5s' } } },
      provenance: { '/timeout/http/requestTimeout': 'BackendTrafficPolicy/shop/timeouts' },
    });
    expect(effectiveAt(result, 'HTTPRoute/shop/web/0').policies).toEqual(route.policies);
    expect(effectiveAt(result, 'Gateway/infra/public/http')).toMatchObject({ points: 1, policies: {} });
  });

  test('a reference that names nothing gives a diagnostic, not an empty answer', () => {
    expect(effectiveAt(result, 'HTTPRoute/shop/wep').diagnostics[0]?.message).toBe(
      'effectiveAt: HTTPRoute/shop/wep names nothing in the input (did you mean HTTPRoute/shop/web?)',
    );
    expect(effectiveAt(result, 'web').diagnostics[0]?.code).toBe('GWP-REF-MALFORMED');
  });

  test('statusOf is the one of the main entry', () => {
    expect(statusOf(result, 'BackendTrafficPolicy/shop/retries').ancestors?.[0]?.conditions[0]?.reason).toBe(
      'Conflicted',
    );
  });
});

describe('with a jest-style expect', () => {
  /** What jest's expect.extend does with a matcher: call it with `this` and the received value, throw on failure. */
  function jestLike() {
    const table: Record<
      string,
      (this: unknown, received: unknown, ...args: unknown[]) => { pass: boolean; message: () => string }
    > = {};
    const fn = (received: unknown) =>
      new Proxy({} as Record<string, (...args: unknown[]) => void>, {
        get:
          (_, name: string) =>
          (...args: unknown[]) => {
            const r = table[name]!.call({ isNot: false, equals: () => false }, received, ...args);
            if (!r.pass) throw new Error(r.message());
          },
      });
    return Object.assign(fn, { extend: (m: Record<string, never>) => Object.assign(table, m) });
  }

  test('the same matchers install and report there', () => {
    const jestExpect = withPolicyMatchers(jestLike());
    jestExpect(result).toHaveCondition('BackendTrafficPolicy/shop/retries', conflicted());
    expect(() => jestExpect(result).toHaveCondition('BackendTrafficPolicy/shop/retries', accepted())).toThrow(
      /its status: Gateway\/infra\/public: Accepted=False Conflicted/,
    );
  });
});

describe('the testing entry is peer-free', () => {
  test('no file it reaches imports vitest, jest or expect', () => {
    const src = path.resolve(here, '../../src');
    const seen = new Set<string>();
    const bare: string[] = [];
    const visit = (file: string): void => {
      if (seen.has(file)) return;
      seen.add(file);
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/(?:^|\n)\s*(import|export)\s+(type\s+)?[^;'"]*?from\s*'([^']+)'/g)) {
        const spec = m[3]!;
        if (spec.startsWith('.')) visit(path.resolve(path.dirname(file), spec.replace(/\.js$/, '.ts')));
        else if (m[2] === undefined) bare.push(spec);
      }
    };
    visit(path.join(src, 'testing.ts'));
    expect(seen.size).toBeGreaterThan(5);
    expect(bare.filter((s) => /^(vitest|jest|@jest\/|expect$|@vitest\/)/.test(s))).toEqual([]);
  });
});
