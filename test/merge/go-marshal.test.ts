import { describe, expect, test } from 'vitest';
import { GO_ROOT_TYPES, goMarshal } from '../../src/merge/go-marshal.js';

const sp = (spec: unknown) => ({
  apiVersion: 'gateway.envoyproxy.io/v1alpha1',
  kind: 'SecurityPolicy',
  metadata: { name: 'p' },
  spec,
});
const btp = (spec: unknown) => ({ kind: 'BackendTrafficPolicy', metadata: { name: 'p' }, spec });
const specOf = (v: unknown) => (v as { spec: unknown }).spec;

describe('goMarshal: the whole object as Envoy Gateway serialises it', () => {
  test('a bare policy gains status {ancestors: null} and loses nothing it set', () => {
    expect(goMarshal(sp({}), 'SecurityPolicy').value).toStrictEqual({
      apiVersion: 'gateway.envoyproxy.io/v1alpha1',
      kind: 'SecurityPolicy',
      metadata: { name: 'p' },
      spec: {},
      status: { ancestors: null },
    });
  });
  test('metadata keeps set fields and omits an unset creationTimestamp (omitzero)', () => {
    const v = goMarshal(
      {
        kind: 'SecurityPolicy',
        metadata: { name: 'p', namespace: 'ns', labels: { a: 'b' }, creationTimestamp: null },
      },
      'SecurityPolicy',
    ).value;
    expect((v as { metadata: unknown }).metadata).toStrictEqual({
      name: 'p',
      namespace: 'ns',
      labels: { a: 'b' },
    });
  });
  test('an absent non-omitempty pointer becomes null: authorization.defaultAction', () => {
    expect(specOf(goMarshal(sp({ authorization: { rules: [] } }), 'SecurityPolicy').value)).toStrictEqual({
      authorization: { defaultAction: null },
    });
  });
  test('an absent non-omitempty slice becomes null: apiKeyAuth.extractFrom', () => {
    expect(
      specOf(goMarshal(sp({ apiKeyAuth: { credentialRefs: [{ name: 'k' }] } }), 'SecurityPolicy').value),
    ).toStrictEqual({
      apiKeyAuth: { credentialRefs: [{ name: 'k' }], extractFrom: null },
    });
  });
  test('an absent non-omitempty string becomes "": oidc.provider.issuer', () => {
    const v = specOf(
      goMarshal(sp({ oidc: { provider: {}, clientSecret: { name: 's' } } }), 'SecurityPolicy').value,
    );
    expect(v).toStrictEqual({ oidc: { provider: { issuer: '' }, clientSecret: { name: 's' } } });
  });
  test('an absent non-pointer struct becomes an object of zero values: oidc.clientSecret', () => {
    const v = specOf(goMarshal(sp({ oidc: { provider: { issuer: 'https://i' } } }), 'SecurityPolicy').value);
    expect(v).toStrictEqual({ oidc: { provider: { issuer: 'https://i' }, clientSecret: { name: '' } } });
  });
  test('unset omitempty pointers stay absent: a compressor without its config', () => {
    expect(
      specOf(goMarshal(btp({ compressor: [{ type: 'Gzip' }] }), 'BackendTrafficPolicy').value),
    ).toStrictEqual({
      compressor: [{ type: 'Gzip' }],
    });
  });
  test('unknown fields are dropped with a warning that points at them', () => {
    const r = goMarshal(
      btp({ rateLimit: { global: { rules: [{ name: 'two', limit: { requests: 1, unit: 'Hour' } }] } } }),
      'BackendTrafficPolicy',
      {
        resource: 'BackendTrafficPolicy/ns/p',
      },
    );
    expect(specOf(r.value)).toStrictEqual({
      rateLimit: { global: { rules: [{ limit: { requests: 1, unit: 'Hour' } }] } },
    });
    expect(r.diagnostics).toStrictEqual([
      {
        code: 'GWP-MERGE-UNKNOWN-FIELD',
        severity: 'warning',
        message:
          'field "name" is not part of the Go type RateLimitRule; Envoy Gateway drops it before merging',
        resource: 'BackendTrafficPolicy/ns/p',
        location: { pointer: '/spec/rateLimit/global/rules/0/name' },
      },
    ]);
  });
  test('field names match case-insensitively, an exact match first', () => {
    const v = specOf(
      goMarshal(btp({ Timeout: { TCP: { connectTimeout: '1s' } } }), 'BackendTrafficPolicy').value,
    );
    expect(v).toStrictEqual({ timeout: { tcp: { connectTimeout: '1s' } } });
  });
  test('a value of the wrong JSON type is ignored with an error diagnostic', () => {
    const r = goMarshal(
      btp({ rateLimit: { global: { rules: [{ limit: { requests: 'many', unit: 'Hour' } }] } } }),
      'BackendTrafficPolicy',
    );
    expect(specOf(r.value)).toStrictEqual({
      rateLimit: { global: { rules: [{ limit: { requests: 0, unit: 'Hour' } }] } },
    });
    expect(r.diagnostics.map((d) => [d.code, d.severity, d.location?.pointer])).toStrictEqual([
      ['GWP-MERGE-GO-TYPE', 'error', '/spec/rateLimit/global/rules/0/limit/requests'],
    ]);
  });
  test('a kind without a Go table is copied unchanged', () => {
    const input = { kind: 'ConfigMap', metadata: { name: 'c' }, data: { x: null } };
    expect(goMarshal(input, 'ConfigMap')).toStrictEqual({ value: input, known: false, diagnostics: [] });
  });
  test('CRD defaults mode fills kubebuilder defaults top-down before marshalling', () => {
    const spec = { healthCheck: { active: { type: 'HTTP', http: { path: '/healthz' } } } };
    expect(specOf(goMarshal(btp(spec), 'BackendTrafficPolicy').value)).toStrictEqual({
      healthCheck: {
        active: {
          timeout: null,
          interval: null,
          unhealthyThreshold: null,
          healthyThreshold: null,
          type: 'HTTP',
          http: { path: '/healthz' },
        },
      },
    });
    expect(
      specOf(goMarshal(btp(spec), 'BackendTrafficPolicy', { applyCrdDefaults: true }).value),
    ).toStrictEqual({
      healthCheck: {
        active: {
          timeout: '1s',
          interval: '3s',
          unhealthyThreshold: 3,
          healthyThreshold: 1,
          type: 'HTTP',
          http: { path: '/healthz' },
        },
      },
    });
  });
  test('the input is not mutated', () => {
    const input = sp({ authorization: { rules: [{ name: 'r', action: 'Allow', principal: {} }] } });
    const before = structuredClone(input);
    goMarshal(input, 'SecurityPolicy', { applyCrdDefaults: true });
    expect(input).toStrictEqual(before);
  });
  test('every policy kind has a root type', () => {
    expect(Object.keys(GO_ROOT_TYPES).sort()).toEqual([
      'BackendTrafficPolicy',
      'ClientTrafficPolicy',
      'EnvoyExtensionPolicy',
      'SecurityPolicy',
    ]);
  });
});
