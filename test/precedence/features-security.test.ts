import { buildTopology, loadManifests, type Policy, type Topology } from 'gateway-policy-sim';
import { describe, expect, test } from 'vitest';
import type { FeatureCheckContext } from '../../src/precedence/_internal/features/feature-check.js';
import {
  authorizationGeoIPError,
  SECURITY_CHECKS,
} from '../../src/precedence/_internal/features/security.js';
import { featureErrors } from '../../src/precedence/feature-checks.js';

function topo(yaml: string): Topology {
  return buildTopology(loadManifests(yaml), { enableBackend: true });
}

function ctx(topology: Topology, namespace = 'app'): FeatureCheckContext {
  return { topology, ownerNamespace: () => namespace };
}

/** The checks joined as `featureErrors` joins them. */
function errors(spec: Record<string, unknown>, c: FeatureCheckContext): string | null {
  const out: string[] = [];
  for (const check of SECURITY_CHECKS) {
    const e = check.check(spec, c);
    if (e !== null) out.push(`${check.feature}: ${e}`);
  }
  return out.length === 0 ? null : out.join('\n');
}

// user1:{SHA} of "password" (20 bytes once decoded), base64-encoded as a Secret value.
const HTPASSWD = btoa('user1:{SHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g=\n');

const BASE = `
apiVersion: v1
kind: Service
metadata: {namespace: app, name: auth}
spec: {ports: [{port: 9000}]}
---
apiVersion: v1
kind: Secret
metadata: {namespace: app, name: users}
data: {.htpasswd: ${HTPASSWD}}
---
apiVersion: v1
kind: Secret
metadata: {namespace: app, name: no-users}
data: {other: eA==}
---
apiVersion: v1
kind: Secret
metadata: {namespace: app, name: bad-users}
stringData: {.htpasswd: "user1:$apr1$abc"}
---
apiVersion: v1
kind: Secret
metadata: {namespace: app, name: keys-a}
stringData: {alice: k1, bob: k2}
---
apiVersion: v1
kind: Secret
metadata: {namespace: app, name: keys-b}
stringData: {carol: k1}
---
apiVersion: v1
kind: Secret
metadata: {namespace: app, name: keys-c}
stringData: {alice: k1}
---
apiVersion: v1
kind: Secret
metadata: {namespace: app, name: oidc}
stringData: {client-secret: s3cret}
---
apiVersion: v1
kind: Secret
metadata: {namespace: app, name: oidc-empty}
stringData: {client-id: x}
---
apiVersion: v1
kind: ConfigMap
metadata: {namespace: app, name: jwks-empty}
---
apiVersion: v1
kind: ConfigMap
metadata: {namespace: app, name: ctx}
data: {tenant: acme}
`;

describe('SecurityPolicy feature checks', () => {
  const t = topo(BASE);

  test('BasicAuth: the users Secret, its .htpasswd key, SHA entries only', () => {
    expect(errors({ basicAuth: { users: { name: 'users' } } }, ctx(t))).toBeNull();
    expect(errors({ basicAuth: { users: { name: 'gone' } } }, ctx(t))).toBe(
      'BasicAuth: secret app/gone does not exist',
    );
    expect(errors({ basicAuth: { users: { name: 'no-users' } } }, ctx(t))).toBe(
      'BasicAuth: secret app/no-users must contain a non-empty ".htpasswd" key',
    );
    expect(errors({ basicAuth: { users: { name: 'bad-users' } } }, ctx(t))).toBe(
      'BasicAuth: unsupported htpasswd format: please use {SHA}',
    );
  });

  test('APIKeyAuth: one key shared by two clients is refused; a repeated client is skipped', () => {
    const refs = (...names: string[]) => ({
      apiKeyAuth: { credentialRefs: names.map((name) => ({ name })) },
    });
    expect(errors(refs('keys-a'), ctx(t))).toBeNull();
    expect(errors(refs('keys-a', 'keys-b'), ctx(t))).toBe('APIKeyAuth: duplicated API key');
    expect(errors(refs('keys-a', 'keys-c'), ctx(t))).toBeNull();
    expect(errors(refs('keys-a', 'gone'), ctx(t))).toBe('APIKeyAuth: secret app/gone does not exist');
  });

  test('ExtAuth: exactly one of http and grpc, then its backendRefs, then context extensions', () => {
    const grpc = { backendRefs: [{ name: 'auth', port: 9000 }] };
    expect(errors({ extAuth: { grpc } }, ctx(t))).toBeNull();
    expect(errors({ extAuth: {} }, ctx(t))).toBe('ExtAuth: one of grpc or http must be specified');
    expect(errors({ extAuth: { grpc, http: grpc } }, ctx(t))).toBe(
      'ExtAuth: only one of grpc or http can be specified',
    );
    expect(errors({ extAuth: { http: { backendRef: { name: 'gone', port: 80 } } } }, ctx(t))).toBe(
      'ExtAuth: service app/gone not found',
    );
    const ext = (key: string, name = 'ctx') => ({
      extAuth: {
        grpc,
        contextExtensions: [{ name: 'e', type: 'ValueRef', valueRef: { kind: 'ConfigMap', name, key } }],
      },
    });
    expect(errors(ext('tenant'), ctx(t))).toBeNull();
    expect(errors(ext('region'), ctx(t))).toBe(
      'ExtAuth: can\'t find the key "region" in the referenced configmap "ctx"',
    );
    expect(errors(ext('tenant', 'gone'), ctx(t))).toBe(
      'ExtAuth: can\'t find the referenced configmap "gone" in namespace "app"',
    );
  });

  test('ExtAuth context extensions are not judged when their owners may differ (merged across namespaces)', () => {
    const spec = {
      extAuth: {
        grpc: { backendRefs: [{ name: 'auth', port: 9000 }] },
        contextExtensions: [
          { name: 'e', type: 'ValueRef', valueRef: { kind: 'ConfigMap', name: 'gone', key: 'k' } },
        ],
      },
    };
    const merged: FeatureCheckContext = {
      topology: t,
      ownerNamespace: (f) => (f === 'extAuth' ? 'app' : 'infra'),
    };
    expect(errors(spec, merged)).toBeNull();
  });

  test('OIDC: the client secret Secret and its key; discovery is taken to succeed', () => {
    const oidc = (
      clientSecret: string,
      provider: Record<string, unknown> = { issuer: 'https://idp.example.com' },
    ) => ({
      oidc: { provider, clientID: 'web', clientSecret: { name: clientSecret } },
    });
    expect(errors(oidc('oidc'), ctx(t))).toBeNull();
    expect(errors(oidc('gone'), ctx(t))).toBe('OIDC: secret app/gone does not exist');
    expect(errors(oidc('oidc-empty'), ctx(t))).toBe('OIDC: client secret not found in secret app/oidc-empty');
    const byIP = {
      issuer: 'https://idp.example.com',
      authorizationEndpoint: 'https://idp.example.com/auth',
      tokenEndpoint: 'https://10.0.0.1/token',
    };
    expect(errors(oidc('oidc', byIP), ctx(t))).toBe(
      'OIDC: token endpoint URL must be a domain name: https://10.0.0.1/token',
    );
    expect(errors({ oidc: { ...oidc('oidc').oidc, redirectURL: 'https://app.example.com/' } }, ctx(t))).toBe(
      'OIDC: invalid redirect URL https://app.example.com/',
    );
  });

  test('JWT: a ValueRef local JWKS needs its ConfigMap, with data', () => {
    const local = (name: string) => ({
      jwt: {
        providers: [{ name: 'p', localJWKS: { type: 'ValueRef', valueRef: { kind: 'ConfigMap', name } } }],
      },
    });
    expect(errors(local('gone'), ctx(t))).toBe('JWT: local JWKS ConfigMap app/gone not found');
    // Envoy Gateway's arguments are out of order in this message; it is reproduced as written.
    expect(errors(local('jwks-empty'), ctx(t))).toBe(
      'JWT: JWKS data not found in ConfigMap jwks/app, no "jwks-empty" key and no other data found',
    );
    expect(errors(local('ctx'), ctx(t))).toBeNull();
  });

  test('references resolve in the namespace of the field owner', () => {
    const spec = { basicAuth: { users: { name: 'users' } } };
    expect(errors(spec, ctx(t, 'infra'))).toBe('BasicAuth: secret infra/users does not exist');
  });

  test('several failing features are joined in route order, one per line', () => {
    const spec = {
      jwt: {
        providers: [
          { name: 'p', localJWKS: { type: 'ValueRef', valueRef: { kind: 'ConfigMap', name: 'x' } } },
        ],
      },
      extAuth: { grpc: { backendRefs: [{ name: 'gone', port: 1 }] } },
      basicAuth: { users: { name: 'gone' } },
    };
    expect(errors(spec, ctx(t))).toBe(
      [
        'BasicAuth: secret app/gone does not exist',
        'ExtAuth: service app/gone not found',
        'JWT: local JWKS ConfigMap app/x not found',
      ].join('\n'),
    );
  });
});

describe('authorizationGeoIPError (validateAuthorizationGeoIP, per listener)', () => {
  const spec = {
    authorization: {
      rules: [{ action: 'Allow', principal: { clientIPGeoLocations: [{ country: 'US', city: 'Seattle' }] } }],
    },
  };
  const maxMind = (sources: Record<string, unknown>) => ({
    geoIP: { provider: { type: 'MaxMind', maxMind: sources } },
  });
  const db = { local: { path: '/db.mmdb' } };
  const xff = { xForwardedFor: { numTrustedHops: 1 } };

  test('rules without clientIPGeoLocations need nothing', () => {
    expect(
      authorizationGeoIPError({ authorization: { rules: [{ action: 'Deny' }] } }, null, null),
    ).toBeNull();
  });

  test('the listener needs exactly one client IP detection mode, without XFF trusted CIDRs', () => {
    expect(authorizationGeoIPError(spec, maxMind({ cityDbSource: db }), null)).toBe(
      'authorization clientIPGeoLocations requires ClientTrafficPolicy.spec.clientIPDetection to be configured',
    );
    expect(authorizationGeoIPError(spec, maxMind({ cityDbSource: db }), {})).toBe(
      'authorization clientIPGeoLocations requires exactly one of ClientTrafficPolicy.spec.clientIPDetection.{xForwardedFor,customHeader,directSourceIP}',
    );
    expect(
      authorizationGeoIPError(spec, maxMind({ cityDbSource: db }), {
        xForwardedFor: { trustedCIDRs: ['10.0.0.0/8'] },
      }),
    ).toBe(
      'authorization clientIPGeoLocations does not support ClientIPDetection.XForwardedFor.TrustedCIDRs',
    );
  });

  test('the EnvoyProxy needs a MaxMind provider with a database per location field', () => {
    expect(authorizationGeoIPError(spec, null, xff)).toBe(
      'authorization clientIPGeoLocations requires EnvoyProxy.spec.geoIP.provider to be configured',
    );
    expect(authorizationGeoIPError(spec, maxMind({ countryDbSource: db }), xff)).toBe(
      'authorization clientIPGeoLocations.city requires EnvoyProxy.spec.geoIP.provider.maxMind.cityDbSource',
    );
    expect(authorizationGeoIPError(spec, maxMind({ cityDbSource: db }), xff)).toBeNull();
  });
});

describe('SecurityPolicy durations (Go time.ParseDuration)', () => {
  const t = topo(BASE);
  test('OIDC token TTLs and remote JWKS durations report Go parse errors', () => {
    const oidc = {
      provider: { issuer: 'https://idp.example.com' },
      clientID: 'web',
      clientSecret: { name: 'oidc' },
      defaultTokenTTL: '10sec',
    };
    expect(errors({ oidc }, ctx(t))).toBe(
      'OIDC: invalid defaultTokenTTL: time: unknown unit "sec" in duration "10sec"',
    );
    const jwt = {
      providers: [{ name: 'p', remoteJWKS: { uri: 'https://idp.example.com/jwks', cacheDuration: 'x' } }],
    };
    expect(errors({ jwt }, ctx(t))).toBe('JWT: time: invalid duration "x"');
  });
});

describe('feature order by target form', () => {
  test('a Gateway target builds JWT and OIDC before BasicAuth; a route target builds BasicAuth first', () => {
    const topology = buildTopology(loadManifests(''), { enableBackend: true });
    const policy = {
      apiVersion: 'gateway.envoyproxy.io/v1alpha1',
      kind: 'SecurityPolicy',
      metadata: { namespace: 'app', name: 'p' },
      spec: {
        basicAuth: { users: { name: 'users' } },
        jwt: {
          providers: [
            { name: 'local', localJWKS: { type: 'ValueRef', valueRef: { kind: 'ConfigMap', name: 'jwks' } } },
          ],
        },
      },
    } as Policy;
    const features = (target: 'route' | 'gateway'): string[] =>
      (featureErrors('SecurityPolicy', policy, { topology, ownerNamespace: () => 'app', target }) ?? '')
        .split('\n')
        .map((line) => line.slice(0, line.indexOf(':')));
    expect(features('route')).toEqual(['BasicAuth', 'JWT']);
    expect(features('gateway')).toEqual(['JWT', 'BasicAuth']);
  });
});
