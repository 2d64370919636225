import { readFileSync } from 'node:fs';
import { simulate } from 'gateway-policy-sim';
import { accepted, conflicted, overridden, withPolicyMatchers } from 'gateway-policy-sim/testing';
import { test, expect as vitestExpect } from 'vitest';

const expect = withPolicyMatchers(vitestExpect);
const manifests = readFileSync(new URL('./oracle.yaml', import.meta.url), 'utf8');

test('my controller must write what Envoy Gateway writes', () => {
  const result = simulate(manifests);
  expect(result).toHaveCondition('BackendTrafficPolicy/shop/timeouts', accepted());
  expect(result).toHaveCondition('BackendTrafficPolicy/shop/retries', conflicted());
  expect(result).toHaveCondition('BackendTrafficPolicy/infra/defaults', overridden(), {
    ancestor: 'Gateway/infra/public',
  });
  expect(result).toHaveEffectivePolicy('HTTPRoute/shop/web', {
    BackendTrafficPolicy: { timeout: { http: { requestTimeout: '5s' } } },
  });
});
