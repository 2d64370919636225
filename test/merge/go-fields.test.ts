import { EG_MERGE_SCHEMAS, type MergeSchema } from 'gateway-policy-sim';
import { describe, expect, test } from 'vitest';
import { type GoFieldInfo, goFieldsOf } from '../../src/merge/go-fields.js';

const byPath = (kind: string) => new Map(goFieldsOf(kind).map((f) => [f.path, f]));

describe('goFieldsOf: the Go-marshal table as data', () => {
  // Appendix A of the specification: nullable fields without omitempty.
  const appendixA: [string, string, unknown][] = [
    ['BackendTrafficPolicy', '/spec/loadBalancer/endpointOverride/extractFrom', undefined],
    ['BackendTrafficPolicy', '/spec/loadBalancer/slowStart/window', undefined],
    ['BackendTrafficPolicy', '/spec/healthCheck/active/timeout', '1s'],
    ['BackendTrafficPolicy', '/spec/healthCheck/active/interval', '3s'],
    ['BackendTrafficPolicy', '/spec/healthCheck/active/unhealthyThreshold', 3],
    ['BackendTrafficPolicy', '/spec/healthCheck/active/healthyThreshold', 1],
    ['BackendTrafficPolicy', '/spec/rateLimit/global/rules', undefined],
    ['BackendTrafficPolicy', '/spec/rateLimit/local/rules', undefined],
    ['BackendTrafficPolicy', '/spec/faultInjection/delay/fixedDelay', undefined],
    ['BackendTrafficPolicy', '/spec/responseOverride/*/match/statusCodes/*/type', 'Value'],
    ['BackendTrafficPolicy', '/spec/responseOverride/*/response/body/type', 'Inline'],
    ['SecurityPolicy', '/spec/apiKeyAuth/credentialRefs', undefined],
    ['SecurityPolicy', '/spec/apiKeyAuth/extractFrom', undefined],
    ['SecurityPolicy', '/spec/jwt/providers', undefined],
    ['SecurityPolicy', '/spec/jwt/providers/*/localJWKS/type', 'Inline'],
    ['SecurityPolicy', '/spec/oidc/denyRedirect/headers', undefined],
    ['SecurityPolicy', '/spec/authorization/defaultAction', undefined],
    ['SecurityPolicy', '/spec/authorization/rules/*/principal/headers/*/values', undefined],
    ['SecurityPolicy', '/spec/authorization/rules/*/principal/jwt/claims/*/values', undefined],
    ['SecurityPolicy', '/spec/oidc/provider/backendSettings/healthCheck/active/timeout', '1s'],
    ['EnvoyExtensionPolicy', '/spec/wasm/*/code/http/sha256', undefined],
    ['EnvoyExtensionPolicy', '/spec/wasm/*/code/image/sha256', undefined],
    ['EnvoyExtensionPolicy', '/spec/extProc/*/backendSettings/loadBalancer/slowStart/window', undefined],
  ];
  test.each(appendixA)('%s %s is a nullable field without omitempty (default %j)', (kind, path, def) => {
    const f = byPath(kind).get(path) as GoFieldInfo;
    expect(f).toBeDefined();
    expect(['pointer', 'slice']).toContain(f.go);
    expect(f.omitempty).toBe(false);
    expect(f.unset).toBeNull();
    expect(f.default).toStrictEqual(def);
  });

  test('non-pointer scalars without omitempty marshal as zero values', () => {
    expect(byPath('SecurityPolicy').get('/spec/oidc/provider/issuer')).toMatchObject({
      go: 'string',
      unset: '',
    });
    expect(byPath('SecurityPolicy').get('/spec/extAuth/bodyToExtAuth/maxRequestBytes')).toMatchObject({
      go: 'number',
      unset: 0,
    });
    expect(byPath('BackendTrafficPolicy').get('/spec/compressor/*/type')).toMatchObject({
      go: 'string',
      unset: '',
    });
  });

  test('compressor configs are omitempty pointers: they can never delete', () => {
    for (const c of ['gzip', 'brotli', 'zstd']) {
      expect(byPath('BackendTrafficPolicy').get(`/spec/compressor/*/${c}`)).toMatchObject({
        go: 'pointer',
        omitempty: true,
      });
      expect(byPath('BackendTrafficPolicy').get(`/spec/compressor/*/${c}`)?.unset).toBeUndefined();
    }
  });

  test('the strategic-merge schemas list exactly the merge fields the Go tags declare', () => {
    for (const kind of Object.keys(EG_MERGE_SCHEMAS) as (keyof typeof EG_MERGE_SCHEMAS)[]) {
      const fromTags = goFieldsOf(kind)
        .filter((f) => f.patchStrategy === 'merge')
        .map((f) => `${f.path}:${f.patchMergeKey ?? ''}`)
        .sort();
      const fromSchema: string[] = [];
      const walk = (s: MergeSchema, path: string): void => {
        if (s.patchStrategy === 'merge') fromSchema.push(`${path}:${s.patchMergeKey ?? ''}`);
        for (const [k, v] of Object.entries(s.fields ?? {})) walk(v, `${path}/${k}`);
        if (s.items) walk(s.items, `${path}/*`);
      };
      walk(EG_MERGE_SCHEMAS[kind], '');
      expect(fromSchema.sort()).toEqual(fromTags);
    }
  });

  test('a kind without a table has no fields', () => {
    expect(goFieldsOf('HTTPRoute')).toEqual([]);
  });
});
