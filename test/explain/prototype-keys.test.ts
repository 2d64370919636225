/**
 * User strings as keys: a spec member or a label named like a prototype member stays data all
 * the way to the effective spec (they are defined, never assigned, and read as own members only).
 */
import { explain, simulate } from 'gateway-policy-sim';
import { describe, expect, test } from 'vitest';
import { GATEWAY_CLASS } from '../cli/_fixtures.js';

const GATEWAY = `${GATEWAY_CLASS}---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: eg, namespace: default}
spec: {gatewayClassName: eg, listeners: [{name: http, protocol: HTTP, port: 80}]}
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: web, namespace: default, labels: {"__proto__": "yes", app: web}}
spec: {parentRefs: [{name: eg}], rules: [{backendRefs: [{name: web, port: 80}]}]}
`;

/** A policy on the route, by label selector, with `__proto__` and `constructor` members. */
const POLICY = JSON.stringify({
  apiVersion: 'gateway.envoyproxy.io/v1alpha1',
  kind: 'BackendTrafficPolicy',
  metadata: { name: 'p', namespace: 'default' },
  spec: {
    targetSelectors: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', matchLabels: { app: 'web' } }],
    timeout: { http: { requestTimeout: '5s' } },
    ['__proto__']: { polluted: true },
  },
});

describe('prototype names as user keys', () => {
  test('a spec member named __proto__ is an own member of the effective spec, not its prototype', () => {
    const { resolution } = simulate(
      [
        { file: 'a.yaml', text: GATEWAY },
        { file: 'p.json', text: POLICY },
      ],
      {
        admission: 'report',
      },
    );

    const effective = explain(resolution).points.find((p) => p.route !== null)?.policies.BackendTrafficPolicy
      ?.effective as Record<string, unknown> | undefined;

    expect(effective).toBeDefined();
    expect(Object.getPrototypeOf(effective)).toBe(Object.prototype);
    expect(Object.hasOwn(effective ?? {}, '__proto__')).toBe(true);
    expect(Object.keys(effective ?? {})).toContain('timeout');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
