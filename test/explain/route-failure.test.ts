/**
 * The one fail-open rule (route-failure.ts), pinned to Envoy Gateway v1.9's translators
 * (internal/gatewayapi: securitypolicy.go:1448-1466, envoyextensionpolicy.go:1136-1158,
 * buildWasms / buildExtProcs `hasFailClose`): which failing features let a route keep serving.
 * The request answers and the validate gate's route findings use it, so they agree on every
 * manifest below.
 */
import {
  createRequestRouter,
  invalidFeatures,
  policyFindings,
  routeFailure,
  routeRequest,
  simulate,
} from 'gateway-policy-sim';
import { describe, expect, test } from 'vitest';
import { BASE } from '../cli/_fixtures.js';

describe('routeFailure: the rule on failed features', () => {
  test.each([
    // kind, spec, failed features, answers 500
    ['BackendTrafficPolicy', {}, ['ResponseOverride'], true],
    ['SecurityPolicy', { extAuth: { failOpen: true } }, ['ExtAuth'], false],
    ['SecurityPolicy', { extAuth: { failOpen: false } }, ['ExtAuth'], true],
    ['SecurityPolicy', { extAuth: {} }, ['ExtAuth'], true],
    // listenerHasNonExtAuthError: any other failure fails the route, failOpen or not.
    ['SecurityPolicy', { extAuth: { failOpen: true } }, ['ExtAuth', 'JWT'], true],
    ['SecurityPolicy', { extAuth: { failOpen: true } }, ['Authorization'], true],
    ['SecurityPolicy', { extAuth: { failOpen: true } }, ['CORS'], true],
    // Lua and DynamicModule have no failOpen.
    ['EnvoyExtensionPolicy', { wasm: [{ failOpen: true }], lua: [{}] }, ['Wasm', 'Lua'], true],
    ['EnvoyExtensionPolicy', { dynamicModule: [{}] }, ['DynamicModule'], true],
    ['EnvoyExtensionPolicy', { wasm: [{ failOpen: true }] }, ['Wasm'], false],
    ['EnvoyExtensionPolicy', { wasm: [{ failOpen: false }] }, ['Wasm'], true],
    ['EnvoyExtensionPolicy', { extProc: [{ failOpen: true }, { failOpen: true }] }, ['ExtProc'], false],
    ['EnvoyExtensionPolicy', { wasm: [{ failOpen: true }], extProc: [{}] }, ['Wasm', 'ExtProc'], true],
    [
      'EnvoyExtensionPolicy',
      { wasm: [{ failOpen: true }], extProc: [{ failOpen: true }] },
      ['Wasm', 'ExtProc'],
      false,
    ],
  ] as const)('%s %j failing %j: answers 500 %s', (kind, spec, features, answers500) => {
    expect(routeFailure(kind, spec, features).answers500).toBe(answers500);
  });

  test('only the entries that failed count: a fail-close entry that built does not fail the route (hasFailClose)', () => {
    const spec = { extProc: [{ failOpen: true }, { failOpen: false }] };
    expect(routeFailure('EnvoyExtensionPolicy', spec, ['ExtProc'], () => [0]).answers500).toBe(false);
    expect(routeFailure('EnvoyExtensionPolicy', spec, ['ExtProc'], () => [1]).answers500).toBe(true);
    // Not known which: every entry is taken as failed.
    expect(routeFailure('EnvoyExtensionPolicy', spec, ['ExtProc']).answers500).toBe(true);
  });
});

describe('invalidFeatures: the features of an Invalid message', () => {
  test("a feature's further errors follow on lines of their own (errors.Join)", () => {
    const m = invalidFeatures(
      'EnvoyExtensionPolicy',
      'ExtProc: service a/b not found\nservice a/c not found.\nLua: validation failed: x: y',
    );
    expect([...m.keys()]).toEqual(['ExtProc', 'Lua']);
    expect(m.get('ExtProc')).toEqual(['service a/b not found', 'service a/c not found.']);
  });

  test('a colon inside an error does not start a feature', () => {
    expect([...invalidFeatures('SecurityPolicy', 'ExtAuth: backend: not found\nJWT: x').keys()]).toEqual([
      'ExtAuth',
      'JWT',
    ]);
  });
});

const ROUTE_WEB = '  targetRefs: [{group: gateway.networking.k8s.io, kind: HTTPRoute, name: web}]';
const policy = (kind: string, spec: string): string =>
  `apiVersion: gateway.envoyproxy.io/v1alpha1\nkind: ${kind}\nmetadata: {name: p, namespace: default}\nspec:\n${ROUTE_WEB}\n${spec}\n`;

/** What the request answers and what the validate gate finds, for one policy on route web. */
function both(kind: string, spec: string): { request: string; finding: boolean } {
  const { resolution } = simulate(`${BASE}---\n${policy(kind, spec)}`, { topology: { enableLua: true } });
  const answer = routeRequest(createRequestRouter(resolution), { method: 'GET', url: 'http://web.example/' });
  const finding = policyFindings(resolution).some((d) => d.code === 'GWP-ROUTE-ANSWERS-500');
  return { request: `${answer.outcome.status ?? 'forward'} ${answer.outcome.by}`, finding };
}

describe('the request answers and the validate gate agree', () => {
  const missingProc = (failOpen: boolean) =>
    `{failOpen: ${failOpen}, backendRefs: [{name: missing-proc, port: 9000}]}`;
  const presentProc = (failOpen: boolean) => `{failOpen: ${failOpen}, backendRefs: [{name: web, port: 80}]}`;

  test.each([
    ['a failed fail-open ExtProc', 'EnvoyExtensionPolicy', `  extProc: [${missingProc(true)}]`, false],
    ['a failed fail-close ExtProc', 'EnvoyExtensionPolicy', `  extProc: [${missingProc(false)}]`, true],
    [
      'a failed fail-open ExtProc beside a fail-close one that builds',
      'EnvoyExtensionPolicy',
      `  extProc: [${missingProc(true)}, ${presentProc(false)}]`,
      false,
    ],
    [
      'a failed fail-close ExtProc beside a fail-open one that builds',
      'EnvoyExtensionPolicy',
      `  extProc: [${presentProc(true)}, ${missingProc(false)}]`,
      true,
    ],
    [
      'a fail-open ExtProc failure and a Lua failure',
      'EnvoyExtensionPolicy',
      `  extProc: [${missingProc(true)}]\n  lua: [{type: ValueRef, valueRef: {name: no-such-configmap, kind: ConfigMap, group: v1}}]`,
      true,
    ],
    [
      'a failed ExtAuth with failOpen',
      'SecurityPolicy',
      '  extAuth: {failOpen: true, http: {backendRefs: [{name: missing-auth, port: 80}]}}',
      false,
    ],
    [
      'a failed ExtAuth without failOpen',
      'SecurityPolicy',
      '  extAuth: {http: {backendRefs: [{name: missing-auth, port: 80}]}}',
      true,
    ],
  ])('%s', (_name, kind, spec, answers500) => {
    const r = both(kind, spec);
    expect(r.finding).toBe(answers500);
    expect(r.request).toBe(answers500 ? '500 policyInvalid' : 'forward forward');
  });
});
