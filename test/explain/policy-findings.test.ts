/**
 * policyFindings: one small manifest per finding (each test fails if its finding is dropped or
 * misplaced), the negative twin where Envoy Gateway's behaviour has an exception (fail-open, a
 * more specific policy that claims first), and the bundled example.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  GatewayPolicySimError,
  POLICY_FINDING_CODES,
  policyFindings,
  type SimulateOptions,
  simulate,
} from 'gateway-policy-sim';
import { readManifestFiles } from 'gateway-policy-sim/node';
import { describe, expect, test } from 'vitest';
import { BASE, btp, CONFLICT, GATEWAY_CLASS } from '../cli/_fixtures.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

function findings(
  text: string,
  options: SimulateOptions = {},
): { code: string; severity: string; resource?: string; message: string }[] {
  return policyFindings(simulate({ file: 'in.yaml', text }, options).resolution).map((d) => ({
    code: d.code,
    severity: d.severity,
    ...(d.resource !== undefined ? { resource: d.resource } : {}),
    message: d.message,
  }));
}

function policy(kind: string, name: string, spec: string): string {
  return `apiVersion: gateway.envoyproxy.io/v1alpha1
kind: ${kind}
metadata: {name: ${name}, namespace: default, creationTimestamp: '2024-01-01T00:00:00Z'}
spec:
${spec}
`;
}

const ROUTE_WEB = '  targetRefs: [{group: gateway.networking.k8s.io, kind: HTTPRoute, name: web}]';
const GATEWAY_EG = '  targetRefs: [{group: gateway.networking.k8s.io, kind: Gateway, name: eg}]';
const LUA = "  lua: [{type: Inline, inline: 'function envoy_on_request(h) end'}]";

describe('policyFindings', () => {
  test('a clean input has no finding', () => {
    expect(findings(`${BASE}---\n${btp('ok', ROUTE_WEB.trim())}`)).toEqual([]);
  });

  test('an Invalid policy is an error naming its ancestors and the message, and its routes answer 500', () => {
    const text = `${BASE}---\n${policy('EnvoyExtensionPolicy', 'lua', `${ROUTE_WEB}\n${LUA}`)}`;

    const off = findings(text);
    const on = findings(text, { topology: { enableLua: true } });

    expect(off.map((f) => `${f.severity} ${f.code} ${f.resource}`)).toEqual([
      'error GWP-STATUS-INVALID EnvoyExtensionPolicy/default/lua',
      'error GWP-ROUTE-ANSWERS-500 EnvoyExtensionPolicy/default/lua',
    ]);
    expect(off[0]?.message).toMatch(/Invalid\) on Gateway\/default\/eg: Lua: .*feature is disabled/);
    expect(off[1]?.message).toMatch(
      /HTTP 500 at 2 points: HTTPRoute\/default\/web on Gateway\/default\/eg\/http \(2 rules\)/,
    );
    expect(on).toEqual([]);
  });

  test('a failed Gateway policy does not break a route a more specific policy claims first (R6.5)', () => {
    const text = [
      BASE,
      policy('EnvoyExtensionPolicy', 'gw-lua', `${GATEWAY_EG}\n${LUA}`),
      policy(
        'EnvoyExtensionPolicy',
        'rule-main',
        '  targetRefs: [{group: gateway.networking.k8s.io, kind: HTTPRoute, name: web, sectionName: main}]\n  wasm: []\n  extProc: []\n  lua: []',
      ),
    ].join('---\n');

    const f = findings(text).filter((x) => x.code === 'GWP-ROUTE-ANSWERS-500');

    // Rule `main` is claimed by rule-main (valid, empty): only the unnamed rule answers 500.
    expect(f).toHaveLength(1);
    expect(f[0]?.message).toMatch(/at 1 point: HTTPRoute\/default\/web on Gateway\/default\/eg\/http:/);
  });

  test('a SecurityPolicy whose only error is ExtAuth with failOpen leaves the route working', () => {
    const extAuth = (failOpen: boolean): string =>
      `${ROUTE_WEB}\n  extAuth:\n    failOpen: ${failOpen}\n    http: {backendRefs: [{name: missing-auth, port: 80}]}`;

    const closed = findings(`${BASE}---\n${policy('SecurityPolicy', 'auth', extAuth(false))}`);
    const open = findings(`${BASE}---\n${policy('SecurityPolicy', 'auth', extAuth(true))}`);

    expect(closed.map((f) => f.code)).toEqual(['GWP-STATUS-INVALID', 'GWP-ROUTE-ANSWERS-500']);
    expect(closed[0]?.message).toContain('ExtAuth: ');
    expect(open.map((f) => f.code)).toEqual(['GWP-STATUS-INVALID']);
  });

  test('an EnvoyExtensionPolicy whose failed ExtProcs are all fail-open leaves the route working', () => {
    const extProc = (failOpen: boolean): string =>
      `${ROUTE_WEB}\n  extProc: [{failOpen: ${failOpen}, backendRefs: [{name: missing-proc, port: 9000}]}]`;

    expect(
      findings(`${BASE}---\n${policy('EnvoyExtensionPolicy', 'p', extProc(false))}`).map((f) => f.code),
    ).toEqual(['GWP-STATUS-INVALID', 'GWP-ROUTE-ANSWERS-500']);
    expect(
      findings(`${BASE}---\n${policy('EnvoyExtensionPolicy', 'p', extProc(true))}`).map((f) => f.code),
    ).toEqual(['GWP-STATUS-INVALID']);
  });

  test('a Conflicted policy is a warning at the losing policy', () => {
    const f = findings(CONFLICT);

    expect(f.map((x) => `${x.severity} ${x.code} ${x.resource}`)).toEqual([
      'warning GWP-STATUS-CONFLICTED BackendTrafficPolicy/default/route-a',
    ]);
    expect(f[0]?.message).toContain('another BackendTrafficPolicy has already attached to it');
  });

  test('a sectionName that names nothing is TargetNotFound (warning)', () => {
    const f = findings(
      `${BASE}---\n${btp('sec', 'targetRefs: [{group: gateway.networking.k8s.io, kind: Gateway, name: eg, sectionName: nope}]')}`,
    );

    expect(f.map((x) => `${x.severity} ${x.code}`)).toEqual(['warning GWP-STATUS-TARGET-NOT-FOUND']);
    expect(f[0]?.message).toContain('No section name nope');
  });

  test('a policy that reaches nothing is a warning; a deprecated field is a Warning condition', () => {
    const nothing = findings(
      `${BASE}---\n${btp('ghost', 'targetRefs: [{group: gateway.networking.k8s.io, kind: HTTPRoute, name: nope}]')}`,
    );
    const deprecated = findings(
      `${BASE}---\n${btp('old', 'targetRef: {group: gateway.networking.k8s.io, kind: Gateway, name: eg}')}`,
    );

    expect(nothing.map((x) => `${x.severity} ${x.code} ${x.resource}`)).toEqual([
      'warning GWP-STATUS-TARGETS-NOTHING BackendTrafficPolicy/default/ghost',
    ]);
    expect(deprecated.map((x) => `${x.severity} ${x.code}`)).toEqual(['warning GWP-STATUS-WARNING']);
    expect(deprecated[0]?.message).toMatch(/DeprecatedField.*targetRef is deprecated/);
  });

  test('a ClientTrafficPolicy that fails on an HTTP listener makes its routes answer 500; on TCP drops them', () => {
    const ctp = (listener: string): string =>
      `apiVersion: gateway.envoyproxy.io/v1alpha1
kind: ClientTrafficPolicy
metadata: {name: big-buffer, namespace: default}
spec:
  targetRefs: [{group: gateway.networking.k8s.io, kind: Gateway, name: eg, sectionName: ${listener}}]
  connection: {bufferLimit: 100Ti}
`;
    const tcp = `${GATEWAY_CLASS}---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: eg, namespace: default}
spec:
  gatewayClassName: eg
  listeners: [{name: http, protocol: HTTP, port: 80}, {name: db, protocol: TCP, port: 5432}]
---
apiVersion: gateway.networking.k8s.io/v1alpha2
kind: TCPRoute
metadata: {name: db, namespace: default}
spec:
  parentRefs: [{name: eg, sectionName: db}]
  rules: [{backendRefs: [{name: web, port: 80}]}]
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: default}
spec: {ports: [{port: 80}]}
`;

    const http = findings(`${BASE}---\n${ctp('http')}`);
    const dropped = findings(`${tcp}---\n${ctp('db')}`);

    expect(http.map((x) => x.code)).toEqual(['GWP-STATUS-INVALID', 'GWP-ROUTE-ANSWERS-500']);
    expect(http[1]?.message).toMatch(
      /at 2 points: HTTPRoute\/default\/web.*ClientTrafficPolicy default\/big-buffer/,
    );
    expect(dropped.map((x) => x.code)).toEqual(['GWP-STATUS-INVALID', 'GWP-ROUTE-DROPPED']);
    expect(dropped[1]?.message).toContain('TCPRoute/default/db');
  });

  test('findings are located at the policy, and every code is documented in the list', async () => {
    const text = `${BASE}---\n${policy('EnvoyExtensionPolicy', 'lua', `${ROUTE_WEB}\n${LUA}`)}`;
    const all = policyFindings(simulate({ file: 'in.yaml', text }).resolution);

    for (const d of all) {
      expect(d.location?.file).toBe('in.yaml');
      expect(d.location?.line).toBeGreaterThan(1);
      expect(POLICY_FINDING_CODES).toContain(d.code);
    }
  });

  test('the bundled example without Lua: three Invalid EnvoyExtensionPolicies, and the routes they break', async () => {
    const { sources } = await readManifestFiles([path.join(root, 'examples')]);
    const f = policyFindings(simulate(sources).resolution);

    expect(
      f
        .filter((d) => d.code === 'GWP-STATUS-INVALID')
        .map((d) => d.resource)
        .sort(),
    ).toEqual([
      'EnvoyExtensionPolicy/infra/pci-audit',
      'EnvoyExtensionPolicy/infra/security-headers',
      'EnvoyExtensionPolicy/shop/bot-shield',
    ]);
    const broken = f.filter((d) => d.code === 'GWP-ROUTE-ANSWERS-500');
    expect(
      broken
        .map((d) => /at (\d+) points?/.exec(d.message)?.[1])
        .map(Number)
        .reduce((a, b) => a + b, 0),
    ).toBe(13);
    expect(
      f.some(
        (d) => d.code === 'GWP-STATUS-CONFLICTED' && d.resource === 'BackendTrafficPolicy/shop/storefront-lb',
      ),
    ).toBe(true);
  });

  test('a bad maxInMessage is API misuse', () => {
    expect(() => policyFindings(simulate(BASE).resolution, { maxInMessage: 0 })).toThrow(
      GatewayPolicySimError,
    );
  });
});
