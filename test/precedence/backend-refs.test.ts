import { buildTopology, loadManifests, type Topology } from 'gateway-policy-sim';
import { describe, expect, test } from 'vitest';
import {
  canonicalRef,
  dataAtKeyInRefError,
  extServiceBackendRefsError,
  isReferencePermitted,
  type RefOwner,
  resolveSecretRef,
  secretValues,
} from '../../src/precedence/_internal/features/backend-refs.js';

function topo(yaml: string, enableBackend = true): Topology {
  return buildTopology(loadManifests(yaml), { enableBackend });
}

function sp(topology: Topology, namespace = 'app'): RefOwner {
  return { topology, kind: 'SecurityPolicy', namespace };
}

const SERVICES = `
apiVersion: v1
kind: Service
metadata: {namespace: app, name: auth}
spec: {ports: [{port: 80}, {port: 53, protocol: UDP}]}
---
apiVersion: v1
kind: Service
metadata: {namespace: other, name: auth}
spec: {ports: [{port: 80, protocol: TCP}]}
---
apiVersion: v1
kind: Service
metadata: {namespace: app, name: ext}
spec: {type: ExternalName, externalName: auth.example.com, ports: [{port: 80}]}
---
apiVersion: multicluster.x-k8s.io/v1alpha1
kind: ServiceImport
metadata: {namespace: app, name: imported}
spec: {ports: [{port: 9000, protocol: TCP}]}
`;

const BACKENDS = `
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: Backend
metadata: {namespace: app, name: ip}
spec: {endpoints: [{ip: {address: 10.0.0.1, port: 3000}}]}
---
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: Backend
metadata: {namespace: app, name: fqdn}
spec: {endpoints: [{fqdn: {hostname: auth.example.com, port: 443}}]}
---
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: Backend
metadata: {namespace: app, name: uds}
spec: {endpoints: [{unix: {path: /run/auth.sock}}]}
---
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: Backend
metadata: {namespace: app, name: dyn}
spec: {type: DynamicResolver}
`;

const GRANT = `
apiVersion: gateway.networking.k8s.io/v1beta1
kind: ReferenceGrant
metadata: {namespace: other, name: allow}
spec:
  from: [{group: gateway.envoyproxy.io, kind: SecurityPolicy, namespace: app}]
  to: [{group: '', kind: Service}]
`;

describe('isReferencePermitted (ReferenceGrant)', () => {
  test('a same-namespace reference needs no grant, another needs one naming the policy kind', () => {
    const none = topo(SERVICES);
    const to = { group: '', kind: 'Service', namespace: 'other', name: 'auth' };
    expect(isReferencePermitted(sp(none), { ...to, namespace: 'app' })).toBe(true);
    expect(isReferencePermitted(sp(none), to)).toBe(false);
    const granted = topo(`${SERVICES}---${GRANT}`);
    expect(isReferencePermitted(sp(granted), to)).toBe(true);
    expect(isReferencePermitted({ ...sp(granted), kind: 'EnvoyExtensionPolicy' }, to)).toBe(false);
    expect(isReferencePermitted(sp(granted), { ...to, kind: 'Secret' })).toBe(false);
  });

  test('a grant naming another object does not permit the reference', () => {
    const t = topo(`${SERVICES}---${GRANT.replace('kind: Service}', 'kind: Service, name: billing}')}`);
    expect(
      isReferencePermitted(sp(t), { group: '', kind: 'Service', namespace: 'other', name: 'auth' }),
    ).toBe(false);
  });
});

describe('extServiceBackendRefsError (validateExtServiceBackendReference, translateExtServiceBackendRefs)', () => {
  const t = topo(`${SERVICES}---${BACKENDS}`);

  test('Services: a port is required, the Service must exist with that TCP port', () => {
    expect(extServiceBackendRefsError([], sp(t))).toBe('no backendRefs found for external service');
    expect(extServiceBackendRefsError([{ name: 'auth' }], sp(t))).toBe(
      'a valid port number corresponding to a port on the Service must be specified',
    );
    expect(extServiceBackendRefsError([{ name: 'nope', port: 80 }], sp(t))).toBe(
      'service app/nope not found',
    );
    expect(extServiceBackendRefsError([{ name: 'auth', port: 53 }], sp(t))).toBe(
      'TCP Port 53 not found on service app/auth',
    );
    expect(extServiceBackendRefsError([{ name: 'auth', port: 80 }], sp(t))).toBeNull();
  });

  test('an ExternalName Service is refused unless its weight is 0', () => {
    expect(extServiceBackendRefsError([{ name: 'ext', port: 80 }], sp(t))).toBe(
      'Service app/ext is of type ExternalName, which is not supported as a backend; use an Envoy Gateway Backend resource with an FQDN endpoint instead',
    );
    expect(extServiceBackendRefsError([{ name: 'ext', port: 80, weight: 0 }], sp(t))).toBeNull();
  });

  test('ServiceImports: existence, then the TCP port (worded as for a Service)', () => {
    const si = { group: 'multicluster.x-k8s.io', kind: 'ServiceImport' };
    expect(extServiceBackendRefsError([{ ...si, name: 'gone', port: 9000 }], sp(t))).toBe(
      'serviceimport app/gone not found',
    );
    expect(extServiceBackendRefsError([{ ...si, name: 'imported', port: 1 }], sp(t))).toBe(
      'TCP Port 1 not found on service app/imported',
    );
  });

  test('fields written in another case are read as Go decodes them', () => {
    const ref = { Group: 'multicluster.x-k8s.io', Kind: 'ServiceImport', Name: 'imported', Port: 9000 };
    expect(canonicalRef(ref).port).toBe(9000);
    expect(extServiceBackendRefsError([ref], sp(t))).toBeNull();
  });

  test('Backends: existence, DynamicResolver refused, disabled Backend API refused after validation', () => {
    const be = { group: 'gateway.envoyproxy.io', kind: 'Backend' };
    expect(extServiceBackendRefsError([{ ...be, name: 'gone' }], sp(t))).toBe('backend app/gone not found');
    expect(extServiceBackendRefsError([{ ...be, name: 'dyn' }], sp(t))).toBe(
      'dynamic resolver backend app/dyn is not supported',
    );
    const off = topo(`${SERVICES}---${BACKENDS}`, false);
    expect(extServiceBackendRefsError([{ ...be, name: 'gone' }], sp(off))).toBe('backend app/gone not found');
    expect(extServiceBackendRefsError([{ ...be, name: 'ip' }], sp(off))).toBe(
      'resource ip of type Backend cannot be used since Backend is disabled in Envoy Gateway configuration',
    );
  });

  test('FQDN endpoints may not be mixed with IP or socket ones; IP with socket is fine', () => {
    const be = (name: string) => ({ group: 'gateway.envoyproxy.io', kind: 'Backend', name });
    expect(extServiceBackendRefsError([be('ip'), be('fqdn')], sp(t))).toBe(
      'external service destinations having multiple endpoint types are not supported',
    );
    expect(extServiceBackendRefsError([be('ip'), be('uds')], sp(t))).toBeNull();
  });

  test("one Backend mixing FQDN and IP endpoints: refused unless the Gateway's EnvoyProxy routes to Services", () => {
    const mixed = `
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: Backend
metadata: {namespace: app, name: mixed}
spec: {endpoints: [{ip: {address: 10.0.0.1, port: 3000}}, {fqdn: {hostname: auth.example.com, port: 443}}]}
---
apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata: {name: eg}
spec: {controllerName: gateway.envoyproxy.io/gatewayclass-controller}
---
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: EnvoyProxy
metadata: {namespace: app, name: service-routing}
spec: {routingType: Service}
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {namespace: app, name: endpoint-gw}
spec: {gatewayClassName: eg, listeners: [{name: http, protocol: HTTP, port: 80}]}
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {namespace: app, name: service-gw}
spec:
  gatewayClassName: eg
  listeners: [{name: http, protocol: HTTP, port: 80}]
  infrastructure: {parametersRef: {group: gateway.envoyproxy.io, kind: EnvoyProxy, name: service-routing}}
`;
    const m = topo(mixed);
    const ref = [{ group: 'gateway.envoyproxy.io', kind: 'Backend', name: 'mixed' }];
    expect(extServiceBackendRefsError(ref, { ...sp(m), gateway: 'app/endpoint-gw' })).toBe(
      'mixed endpointslice address type for the same backendRef is not supported',
    );
    expect(extServiceBackendRefsError(ref, sp(m))).toBe(
      'mixed endpointslice address type for the same backendRef is not supported',
    );
    expect(extServiceBackendRefsError(ref, { ...sp(m), gateway: 'app/service-gw' })).toBe(
      'external service destinations having multiple endpoint types are not supported',
    );
  });

  test('a cross-namespace reference needs a ReferenceGrant, checked after existence', () => {
    const ref = { name: 'auth', namespace: 'other', port: 80 };
    expect(extServiceBackendRefsError([ref], sp(t))).toBe(
      'backend ref to Service other/auth not permitted by any ReferenceGrant',
    );
    expect(extServiceBackendRefsError([{ ...ref, name: 'gone' }], sp(t))).toBe(
      'service other/gone not found',
    );
    const granted = topo(`${SERVICES}---${GRANT}`);
    expect(extServiceBackendRefsError([ref], sp(granted))).toBeNull();
  });

  test('the first failing reference wins', () => {
    expect(
      extServiceBackendRefsError(
        [
          { name: 'a', port: 80 },
          { name: 'b', port: 80 },
        ],
        sp(t),
      ),
    ).toBe('service app/a not found');
  });

  test('a BackendTLSPolicy on the Service must find its CA', () => {
    const btls = (cmName: string) => `
apiVersion: gateway.networking.k8s.io/v1
kind: BackendTLSPolicy
metadata: {namespace: app, name: tls}
spec:
  targetRefs: [{group: '', kind: Service, name: auth}]
  validation: {hostname: auth.example.com, caCertificateRefs: [{group: '', kind: ConfigMap, name: ${cmName}}]}
---
apiVersion: v1
kind: ConfigMap
metadata: {namespace: app, name: ca}
data: {ca.crt: "-----BEGIN CERTIFICATE-----"}
`;
    const missing = topo(`${SERVICES}---${btls('gone')}`);
    expect(extServiceBackendRefsError([{ name: 'auth', port: 80 }], sp(missing))).toBe(
      'configmap gone not found in namespace app',
    );
    const ok = topo(`${SERVICES}---${btls('ca')}`);
    expect(extServiceBackendRefsError([{ name: 'auth', port: 80 }], sp(ok))).toBeNull();
  });

  test('an SDS reference Secret as CA needs extensionApis.enableSDSSecretRef, and only one of them', () => {
    const btls = (names: readonly string[]) => `
apiVersion: gateway.networking.k8s.io/v1
kind: BackendTLSPolicy
metadata: {namespace: app, name: tls}
spec:
  targetRefs: [{group: '', kind: Service, name: auth}]
  validation:
    hostname: auth.example.com
    caCertificateRefs: [${names.map((n) => `{group: '', kind: Secret, name: ${n}}`).join(', ')}]
---
apiVersion: v1
kind: Secret
metadata: {namespace: app, name: sds-a}
type: gateway.envoyproxy.io/sds
data: {}
---
apiVersion: v1
kind: Secret
metadata: {namespace: app, name: sds-b}
type: gateway.envoyproxy.io/sds
data: {}
`;
    const yaml = (names: readonly string[]) => `${SERVICES}---${btls(names)}`;
    const off = buildTopology(loadManifests(yaml(['sds-a'])), { enableBackend: true });
    expect(extServiceBackendRefsError([{ name: 'auth', port: 80 }], sp(off))).toBe(
      'SDS Secret reference is not enabled in EnvoyGateway configuration',
    );
    const on = (names: readonly string[]) =>
      buildTopology(loadManifests(yaml(names)), { enableBackend: true, enableSDSSecretRef: true });
    expect(extServiceBackendRefsError([{ name: 'auth', port: 80 }], sp(on(['sds-a'])))).toBeNull();
    expect(extServiceBackendRefsError([{ name: 'auth', port: 80 }], sp(on(['sds-a', 'sds-b'])))).toBe(
      'multiple SDS reference secrets are not supported',
    );
  });
});

describe('Secret and ConfigMap references (validateSecretRef, validateAndGetDataAtKeyInRef)', () => {
  const t = topo(`
apiVersion: v1
kind: Secret
metadata: {namespace: app, name: creds}
data: {client-secret: aHVudGVyMg==}
stringData: {note: plain}
---
apiVersion: v1
kind: Secret
metadata: {namespace: other, name: creds}
data: {a: Yg==}
---
apiVersion: v1
kind: ConfigMap
metadata: {namespace: app, name: two}
data: {x: "1", y: "2"}
`);

  test('group, kind, ReferenceGrant and existence, in that order', () => {
    expect(resolveSecretRef({ group: 'x', name: 'creds' }, sp(t)).error).toBe(
      'secret ref group must be unspecified/empty',
    );
    expect(resolveSecretRef({ kind: 'Service', name: 'creds' }, sp(t)).error).toBe(
      'secret ref kind must be Secret',
    );
    expect(resolveSecretRef({ name: 'creds', namespace: 'other' }, sp(t)).error).toBe(
      'ref to Secret other/creds not permitted by any ReferenceGrant',
    );
    expect(resolveSecretRef({ name: 'gone' }, sp(t)).error).toBe('secret app/gone does not exist');
    expect(resolveSecretRef({ name: 'creds' }, sp(t)).secret?.key).toBe('Secret/app/creds');
  });

  test('Secret values are read decoded, stringData included', () => {
    const res = resolveSecretRef({ name: 'creds' }, sp(t));
    if (res.error !== undefined) throw new Error(res.error);
    expect(Object.fromEntries(secretValues(res.secret))).toEqual({
      'client-secret': 'hunter2',
      note: 'plain',
    });
  });

  test('a CA reference needs one of the keys, or exactly one entry', () => {
    expect(dataAtKeyInRefError({ kind: 'ConfigMap', name: 'gone' }, sp(t), ['ca.crt'])).toBe(
      'configmap app/gone does not exist',
    );
    expect(dataAtKeyInRefError({ kind: 'ConfigMap', name: 'two' }, sp(t), ['ca.crt'])).toBe(
      'ref configmap [two] has none of the expected keys [ca.crt] and more than one entry',
    );
    expect(dataAtKeyInRefError({ kind: 'ClusterTrustBundle', name: 'gone' }, sp(t), ['ca.crt'])).toBe(
      'ref ClusterTrustBundle [gone] not found',
    );
    expect(dataAtKeyInRefError({ kind: 'Other', name: 'x' }, sp(t), ['ca.crt'])).toBe(
      'unsupported ref kind:Other',
    );
  });
});
