/**
 * Unknown fields follow kubectl's field validation (issue 11, point 5); admission diagnostics are
 * located at the offending field's line and column; refused objects are not simulated.
 */

import { type FieldValidation, loadProfileCrds, simulate } from 'gateway-policy-sim';
import { describe, expect, test } from 'vitest';

const GATEWAY = `apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata:
  name: eg
spec:
  controllerName: gateway.envoyproxy.io/gatewayclass-controller
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: gw
  namespace: default
spec:
  gatewayClassName: eg
  listeners:
    - name: http
      port: 80
      protocol: HTTP
`;
const POLICY = `---
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: BackendTrafficPolicy
metadata:
  name: btp
  namespace: default
spec:
  targetRefs:
    - group: gateway.networking.k8s.io
      kind: Gateway
      name: gw
  mergetype: StrategicMerge
  timeout:
    http:
      requestTimeout: 10s
`;

async function run(fieldValidation?: FieldValidation) {
  const profile = await loadProfileCrds();
  return simulate([{ file: 'm.yaml', text: GATEWAY + POLICY }], {
    profile,
    ...(fieldValidation ? { fieldValidation } : {}),
  });
}

describe('--field-validation', () => {
  test('strict (the default) refuses the object with the API server error, at the field', async () => {
    const r = await run();
    const d = r.diagnostics.find((x) => x.code === 'GWP-ADMIT-UNKNOWN-FIELD');
    expect(d?.severity).toBe('error');
    expect(d?.message).toBe('strict decoding error: unknown field "spec.mergetype"');
    expect(d?.location).toMatchObject({ file: 'm.yaml', line: 30, column: 3, pointer: '/spec/mergetype' });
    expect(r.resolution.kinds.BackendTrafficPolicy.processed).toEqual([]);
  });

  test('warn drops the field with kubectl warning and simulates the rest', async () => {
    const r = await run('warn');
    const d = r.diagnostics.find((x) => x.code === 'GWP-ADMIT-UNKNOWN-FIELD');
    expect(d?.severity).toBe('warning');
    expect(d?.message).toBe('unknown field "spec.mergetype"');
    expect(r.resolution.kinds.BackendTrafficPolicy.processed).toEqual(['BackendTrafficPolicy/default/btp']);
    const stored = r.load.resources.find((x) => x.kind === 'BackendTrafficPolicy');
    expect(stored?.object.spec).not.toHaveProperty('mergetype');
  });

  test('ignore drops it silently', async () => {
    const r = await run('ignore');
    expect(r.diagnostics.filter((x) => x.code.startsWith('GWP-ADMIT'))).toEqual([]);
    expect(r.resolution.kinds.BackendTrafficPolicy.processed).toEqual(['BackendTrafficPolicy/default/btp']);
  });

  test('an apiVersion the CRD does not serve is an error and the object is not simulated', async () => {
    const profile = await loadProfileCrds();
    const text = GATEWAY.replace('v1\nkind: Gateway\n', 'v1alpha9\nkind: Gateway\n');
    const r = simulate([{ file: 'm.yaml', text }], { profile });
    const d = r.diagnostics.find((x) => x.code === 'GWP-ADMIT-VERSION-NOT-SERVED');
    expect(d?.message).toBe(
      'no matches for kind "Gateway" in version "gateway.networking.k8s.io/v1alpha9" (the CRD serves v1, v1beta1)',
    );
    expect(r.topology.gateways.size).toBe(0);
  });

  test('--admission report keeps refused objects, their errors as warnings', async () => {
    const profile = await loadProfileCrds();
    const r = simulate([{ file: 'm.yaml', text: GATEWAY + POLICY }], { profile, admission: 'report' });
    const d = r.diagnostics.find((x) => x.code === 'GWP-ADMIT-UNKNOWN-FIELD');
    expect(d?.severity).toBe('warning');
    expect(r.resolution.kinds.BackendTrafficPolicy.processed).toEqual(['BackendTrafficPolicy/default/btp']);
  });

  test('the translator-test layout is decoded as its harness decodes it: nothing refused or pruned', async () => {
    const profile = await loadProfileCrds();
    const text = `gateways:
- apiVersion: gateway.networking.k8s.io/v1
  kind: Gateway
  metadata: {name: gw, namespace: default}
  spec: {gatewayClassName: eg, listeners: [{name: http, port: 80, protocol: HTTP}], extra: 1}
`;
    const r = simulate([{ file: 't.in.yaml', text }], { profile, order: 'input', admission: 'report' });
    expect(r.diagnostics.filter((x) => x.code === 'GWP-ADMIT-UNKNOWN-FIELD')).toEqual([]);
    expect(r.load.resources[0]?.object.spec).toHaveProperty('extra', 1);
  });
});
