/**
 * SecurityPolicy feature checks, in the order Envoy Gateway builds the features for a route
 * (`translateSecurityPolicyForRoute`: BasicAuth, APIKeyAuth, Authorization, then ExtAuth, OIDC and
 * JWT). Only errors the manifests decide are reported. Not checked: OIDC issuer discovery
 * (network; taken to succeed), the controller's HMAC Secret (taken to exist), backendSettings,
 * JWT provider validation and Authorization rule parsing. The GeoIP prerequisites depend on the
 * listener being translated: `authorizationGeoIPError` is for the engine to call per listener.
 */

import { parseGoDuration } from '../../../go/duration.js';
import { goJsonView } from '../../../go/json-fields.js';
import { asText } from '../../../model/_internal/topology-read.js';
import type { Resource } from '../../../model/resource.js';
import type { Policy } from '../../../model/types.js';
import {
  canonicalRef,
  extServiceBackendRefsError,
  type RefOwner,
  referencesBackend,
  resolveSecretRef,
  secretValues,
} from './backend-refs.js';
import { type FeatureCheck, type FeatureCheckContext, isRecord, isSet } from './feature-check.js';

const KIND = 'SecurityPolicy';
/** A field name no policy sets. */
const NO_FIELD = '';

function owner(ctx: FeatureCheckContext, field: string): RefOwner {
  return {
    topology: ctx.topology,
    kind: KIND,
    namespace: ctx.ownerNamespace(field),
    ...(ctx.gateway === undefined ? {} : { gateway: ctx.gateway }),
  };
}

function nn(r: Resource): string {
  return `${r.namespace}/${r.name}`;
}

/** `validateHtpasswdFormat`: `user:{SHA}<base64 of 20 bytes>` per non-empty line. */
function htpasswdError(users: string): string | null {
  for (const raw of users.replaceAll('\r\n', '\n').split('\n')) {
    const line = raw.trim();
    if (line === '') continue;
    const colon = line.indexOf(':');
    if (colon < 0) return "invalid htpasswd format: each line must be in the format 'username:password'";
    const password = line.slice(colon + 1);
    if (!password.startsWith('{SHA}')) return 'unsupported htpasswd format: please use {SHA}';
    const b64 = password.slice('{SHA}'.length).replace(/[\r\n]/g, '');
    if (b64.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(b64)) {
      return 'invalid htpasswd format: {SHA} must be base64-encoded SHA1';
    }
    const padding = b64.endsWith('==') ? 2 : b64.endsWith('=') ? 1 : 0;
    if ((b64.length / 4) * 3 - padding !== 20)
      return 'invalid htpasswd format: {SHA} must be SHA1 (20 bytes)';
  }
  return null;
}

/** `buildBasicAuth`: the users Secret, its non-empty `.htpasswd` key, SHA entries only. */
const basicAuth: FeatureCheck = {
  feature: 'BasicAuth',
  check: (written, ctx) => {
    const spec = goJsonView(written);
    const ba = spec.basicAuth;
    if (!isSet(ba)) return null;
    const res = resolveSecretRef(isRecord(ba) ? ba.users : undefined, owner(ctx, 'basicAuth'));
    if (res.error !== undefined) return res.error;
    const users = secretValues(res.secret).get('.htpasswd') ?? '';
    if (users === '') return `secret ${nn(res.secret)} must contain a non-empty ".htpasswd" key`;
    return htpasswdError(users);
  },
};

/** `buildAPIKeyAuth`: every credential Secret, and no API key shared by two clients. */
const apiKeyAuth: FeatureCheck = {
  feature: 'APIKeyAuth',
  check: (written, ctx) => {
    const spec = goJsonView(written);
    const ak = spec.apiKeyAuth;
    if (!isSet(ak)) return null;
    const refs = isRecord(ak) && Array.isArray(ak.credentialRefs) ? ak.credentialRefs : [];
    const o = owner(ctx, 'apiKeyAuth');
    const seenKeys = new Set<string>();
    const seenClients = new Set<string>();
    for (const ref of refs) {
      const res = resolveSecretRef(ref, o);
      if (res.error !== undefined) return res.error;
      const values = secretValues(res.secret);
      // Go sorts client ids bytewise; ids are ASCII in practice.
      for (const client of [...values.keys()].sort()) {
        if (seenClients.has(client)) continue;
        const key = values.get(client) ?? '';
        if (seenKeys.has(key)) return 'duplicated API key';
        seenKeys.add(key);
        seenClients.add(client);
      }
    }
    return null;
  },
};

/** `getContextExtensionValueFromRef`: a ConfigMap or Secret in the policy's namespace, with the key. */
function contextExtensionsError(list: unknown, o: RefOwner): string | null {
  for (const ext of Array.isArray(list) ? list : []) {
    if (!isRecord(ext) || ext.type !== 'ValueRef') continue;
    if (!isRecord(ext.valueRef)) return 'unexpected nil reference';
    const ref = canonicalRef(ext.valueRef);
    const name = asText(ref.name);
    const key = asText(ref.key);
    const kind = asText(ref.kind);
    if (kind === 'ConfigMap') {
      const cm = o.topology.byKey.get(`ConfigMap/${o.namespace}/${name}`);
      if (!cm)
        return `can't find the referenced configmap ${JSON.stringify(name)} in namespace ${JSON.stringify(o.namespace)}`;
      const data = isRecord(cm.object.data) ? cm.object.data : {};
      if (!(key in data))
        return `can't find the key ${JSON.stringify(key)} in the referenced configmap ${JSON.stringify(name)}`;
    } else if (kind === 'Secret') {
      const secret = o.topology.byKey.get(`Secret/${o.namespace}/${name}`);
      if (!secret)
        return `can't find the referenced secret ${JSON.stringify(name)} in namespace ${JSON.stringify(o.namespace)}`;
      if (!secretValues(secret).has(key)) {
        return `can't find the key ${JSON.stringify(key)} in the referenced secret ${JSON.stringify(name)}`;
      }
    } else return `unexpected reference to kind ${JSON.stringify(kind)}`;
  }
  return null;
}

/** `buildExtAuth`: exactly one of http / grpc, its backendRefs, then context extensions. */
const extAuth: FeatureCheck = {
  feature: 'ExtAuth',
  perGateway: true,
  // A Backend's mixed address types are judged by the Gateway's EnvoyProxy (routingType).
  readsGateway: (written) => referencesBackend(goJsonView(written).extAuth),
  check: (written, ctx) => {
    const spec = goJsonView(written);
    const ea = spec.extAuth;
    if (!isSet(ea)) return null;
    const e = isRecord(ea) ? ea : {};
    const http = isSet(e.http);
    const grpc = isSet(e.grpc);
    if (!http && !grpc) return 'one of grpc or http must be specified';
    if (http && grpc) return 'only one of grpc or http can be specified';
    const svc = (http ? e.http : e.grpc) as unknown;
    const s = isRecord(svc) ? svc : {};
    let refs: unknown[];
    if (Array.isArray(s.backendRefs) && s.backendRefs.length > 0) refs = s.backendRefs;
    else if (isSet(s.backendRef)) refs = [s.backendRef];
    else return `${http ? 'http' : 'grpc'} backend refs must be specified`;
    const o = owner(ctx, 'extAuth');
    const err = extServiceBackendRefsError(refs, o);
    if (err !== null) return err;
    // Each context extension resolves in the namespace of the policy that named it; only the merged
    // spec is visible here, so they are checked only when parent and route share a namespace (a
    // field no policy sets resolves in the parent's namespace).
    if (ctx.ownerNamespace(NO_FIELD) !== o.namespace) return null;
    return contextExtensionsError(e.contextExtensions, o);
  },
};

/** The host of a URL (Go `url.URL.Hostname`), or null when it has no authority. */
function urlHost(u: string): string | null {
  const m = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/([^/?#]*)/.exec(u);
  if (!m) return null;
  const authority = (m[1] ?? '').slice((m[1] ?? '').lastIndexOf('@') + 1);
  if (authority.startsWith('[')) {
    const end = authority.indexOf(']');
    return end < 0 ? authority.slice(1) : authority.slice(1, end);
  }
  const colon = authority.indexOf(':');
  return colon < 0 ? authority : authority.slice(0, colon);
}

/** `netip.ParseAddr` succeeds: dotted IPv4 without leading zeros, or an IPv6 address. */
function isIPAddress(s: string): boolean {
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(s)) {
    return s.split('.').every((p) => Number(p) <= 255 && (p === '0' || !p.startsWith('0')));
  }
  return s.includes(':') && /^[0-9A-Fa-f:.]+(%.+)?$/.test(s);
}

/** `extractRedirectPath`: `http(s)://host/path`, path not `/`. */
function redirectURLError(u: string): string | null {
  const bad = `invalid redirect URL ${u}`;
  const d = u.indexOf('://');
  if (d <= 0) return bad;
  const scheme = u.slice(0, d);
  if (scheme !== 'http' && scheme !== 'https' && scheme !== '%REQ(x-forwarded-proto)%') return bad;
  const h = u.slice(d + 3).indexOf('/');
  if (h <= 0) return bad;
  return u.slice(d + 3 + h) === '/' ? bad : null;
}

/**
 * `buildOIDC`: the provider's backendRefs, the token endpoint (when no discovery is needed),
 * the client id Secret, the client secret Secret and its `client-secret` key, the redirect URL,
 * then the token TTLs.
 * Issuer discovery, when an endpoint is not given, is taken to succeed.
 */
const oidc: FeatureCheck = {
  feature: 'OIDC',
  perGateway: true,
  // A Backend's mixed address types are judged by the Gateway's EnvoyProxy (routingType).
  readsGateway: (written) => referencesBackend(goJsonView(written).oidc),
  check: (written, ctx) => {
    const spec = goJsonView(written);
    if (!isSet(spec.oidc)) return null;
    const o = isRecord(spec.oidc) ? spec.oidc : {};
    const provider = isRecord(o.provider) ? o.provider : {};
    const own = owner(ctx, 'oidc');
    if (Array.isArray(provider.backendRefs) && provider.backendRefs.length > 0) {
      const err = extServiceBackendRefsError(provider.backendRefs, own);
      if (err !== null) return err;
    }
    // Without both endpoints Envoy Gateway discovers them from the issuer (network): taken to
    // succeed, and the discovered token endpoint is not validated.
    const tokenEndpoint = asText(provider.tokenEndpoint);
    if (asText(provider.authorizationEndpoint) !== '' && tokenEndpoint !== '') {
      const host = urlHost(tokenEndpoint);
      if (host !== null && isIPAddress(host))
        return `token endpoint URL must be a domain name: ${tokenEndpoint}`;
    }
    if (!isSet(o.clientID) && isSet(o.clientIDRef)) {
      const res = resolveSecretRef(o.clientIDRef, own);
      if (res.error !== undefined) return res.error;
      if ((secretValues(res.secret).get('client-id') ?? '') === '')
        return `client ID not found in secret ${nn(res.secret)}`;
    }
    const res = resolveSecretRef(o.clientSecret, own);
    if (res.error !== undefined) return res.error;
    if ((secretValues(res.secret).get('client-secret') ?? '') === '')
      return `client secret not found in secret ${nn(res.secret)}`;
    if (isSet(o.redirectURL)) {
      const err = redirectURLError(asText(o.redirectURL));
      if (err !== null) return err;
    }
    // The controller's HMAC Secret is taken to exist.
    for (const field of ['defaultTokenTTL', 'defaultRefreshTokenTTL', 'csrfTokenTTL']) {
      const d = o[field];
      if (!isSet(d)) continue;
      const parsed = parseGoDuration(asText(d));
      if (!parsed.ok) return `invalid ${field}: ${parsed.error}`;
    }
    return null;
  },
};

/** `buildLocalJWKS` with type ValueRef: a ConfigMap in the owner's namespace, with data. */
function localJWKSError(local: Record<string, unknown>, o: RefOwner): string | null {
  if (local.type !== 'ValueRef') return null;
  const name = asText(isRecord(local.valueRef) ? local.valueRef.name : undefined);
  const cm = o.topology.byKey.get(`ConfigMap/${o.namespace}/${name}`);
  if (!cm) return `local JWKS ConfigMap ${o.namespace}/${name} not found`;
  const data = isRecord(cm.object.data) ? cm.object.data : {};
  if ('jwks' in data || Object.keys(data).length > 0) return null;
  // Envoy Gateway's format arguments are in this order (key, namespace, quoted name).
  return `JWKS data not found in ConfigMap jwks/${cm.namespace}, no ${JSON.stringify(cm.name)} key and no other data found`;
}

/**
 * `buildJWT`: per provider, the remote JWKS backendRefs and durations, or the local JWKS
 * ConfigMap. `validateJWTProvider` (names, issuers, URIs) is not reproduced.
 */
const jwt: FeatureCheck = {
  feature: 'JWT',
  perGateway: true,
  // A Backend's mixed address types are judged by the Gateway's EnvoyProxy (routingType).
  readsGateway: (written) => referencesBackend(goJsonView(written).jwt),
  check: (written, ctx) => {
    const spec = goJsonView(written);
    const jwtSpec = spec.jwt;
    if (!isSet(jwtSpec)) return null;
    const providers = isRecord(jwtSpec) && Array.isArray(jwtSpec.providers) ? jwtSpec.providers : [];
    const o = owner(ctx, 'jwt');
    for (const p of providers) {
      if (!isRecord(p)) continue;
      if (isRecord(p.remoteJWKS)) {
        const remote = p.remoteJWKS;
        if (Array.isArray(remote.backendRefs) && remote.backendRefs.length > 0) {
          const err = extServiceBackendRefsError(remote.backendRefs, o);
          if (err !== null) return err;
        }
        // backendSettings (traffic features) are not checked here; the durations are parsed as is.
        for (const field of ['cacheDuration', 'failedRefetchDuration']) {
          const d = remote[field];
          if (!isSet(d)) continue;
          const parsed = parseGoDuration(asText(d));
          if (!parsed.ok) return parsed.error;
        }
      } else if (isRecord(p.localJWKS)) {
        const err = localJWKSError(p.localJWKS, o);
        if (err !== null) return err;
      }
    }
    return null;
  },
};

/** The SecurityPolicy checks, in Envoy Gateway's order for a route target. */
export const SECURITY_CHECKS: readonly FeatureCheck[] = [basicAuth, apiKeyAuth, extAuth, oidc, jwt];

/** The `clientIPGeoLocations` entries of the authorization rules (`Authorization.GeoIPRequirements`). */
function geoLocations(spec: Readonly<Record<string, unknown>>): Record<string, unknown>[] {
  const authz = spec.authorization;
  const rules = isRecord(authz) && Array.isArray(authz.rules) ? authz.rules : [];
  const out: Record<string, unknown>[] = [];
  for (const rule of rules) {
    const principal = isRecord(rule) ? rule.principal : undefined;
    const list =
      isRecord(principal) && Array.isArray(principal.clientIPGeoLocations)
        ? principal.clientIPGeoLocations
        : [];
    for (const geo of list) out.push(isRecord(geo) ? geo : {});
  }
  return out;
}

/**
 * `validateAuthorizationGeoIP` for one HTTP listener the policy applies on: rules matching on
 * `clientIPGeoLocations` need the listener's client IP detection (from the ClientTrafficPolicy
 * translated for it: exactly one mode, no XFF trusted CIDRs) and a MaxMind provider in the
 * Gateway's EnvoyProxy with a database for every location field used. Envoy Gateway validates once
 * per listener (route targets: per listener of each parentRef, when the listener has a route the
 * policy sets; Gateway / ListenerSet targets: per target HTTP listener), prefixes
 * `Authorization: ` and joins the errors of several listeners.
 *
 * @param spec - the (merged) SecurityPolicy spec
 * @param envoyProxy - the Gateway's EnvoyProxy spec (`gatewayEnvoyProxySpec`), or null
 * @param clientIPDetection - the listener's `clientIPDetection`, or null when no ClientTrafficPolicy sets it
 * @returns the error text, or null (also when no rule uses `clientIPGeoLocations`)
 * @example
 * authorizationGeoIPError(spec, null, null);
 * // => 'authorization clientIPGeoLocations requires ClientTrafficPolicy.spec.clientIPDetection to be configured'
 */
export function authorizationGeoIPError(
  spec: Readonly<Record<string, unknown>>,
  envoyProxy: Readonly<Record<string, unknown>> | null,
  clientIPDetection: unknown,
): string | null {
  const geos = geoLocations(goJsonView(spec));
  if (geos.length === 0) return null;
  if (!isRecord(clientIPDetection)) {
    return 'authorization clientIPGeoLocations requires ClientTrafficPolicy.spec.clientIPDetection to be configured';
  }
  const cid = goJsonView(clientIPDetection);
  const modes = [cid.xForwardedFor, cid.customHeader, cid.directSourceIP].filter(isSet).length;
  if (modes !== 1) {
    return 'authorization clientIPGeoLocations requires exactly one of ClientTrafficPolicy.spec.clientIPDetection.{xForwardedFor,customHeader,directSourceIP}';
  }
  const xff = cid.xForwardedFor;
  if (isRecord(xff) && Array.isArray(xff.trustedCIDRs) && xff.trustedCIDRs.length > 0) {
    return 'authorization clientIPGeoLocations does not support ClientIPDetection.XForwardedFor.TrustedCIDRs';
  }
  // buildGeoIPProvider
  const geoIP = envoyProxy === null ? undefined : goJsonView(envoyProxy).geoIP;
  const missingProvider =
    'authorization clientIPGeoLocations requires EnvoyProxy.spec.geoIP.provider to be configured';
  if (!isRecord(geoIP)) return missingProvider;
  const provider = isRecord(geoIP.provider) ? geoIP.provider : {};
  const type = asText(provider.type);
  if (type !== 'MaxMind') return `unsupported geoIP provider type ${JSON.stringify(type)}`;
  const maxMind = provider.maxMind;
  if (!isRecord(maxMind)) return 'geoIP provider MaxMind is missing maxMind configuration';
  const has = (source: string): boolean => isSet(maxMind[source]);
  const uses = (field: string): boolean => geos.some((g) => isSet(g[field]));
  const db = 'EnvoyProxy.spec.geoIP.provider.maxMind';
  if (uses('country') && !has('countryDbSource') && !has('cityDbSource')) {
    return `authorization clientIPGeoLocations.country requires ${db}.countryDbSource or cityDbSource`;
  }
  if (uses('region') && !has('cityDbSource'))
    return `authorization clientIPGeoLocations.region requires ${db}.cityDbSource`;
  if (uses('city') && !has('cityDbSource'))
    return `authorization clientIPGeoLocations.city requires ${db}.cityDbSource`;
  if (uses('asn') && !has('asnDbSource'))
    return `authorization clientIPGeoLocations.asn requires ${db}.asnDbSource`;
  if (uses('isp') && !has('ispDbSource'))
    return `authorization clientIPGeoLocations.isp requires ${db}.ispDbSource`;
  if (uses('anonymous') && !has('anonymousIpDbSource')) {
    return `authorization clientIPGeoLocations.anonymous requires ${db}.anonymousIpDbSource`;
  }
  return null;
}

/**
 * R6.4, R7.9: the spec-only checks Envoy Gateway makes on a SecurityPolicy before translating it
 * for a route (and again on a merged policy): `validateSecurityPolicyForTCP` for a TCPRoute,
 * `validateSecurityPolicy` for the others.
 *
 * @param policy - the policy (or merged policy)
 * @param tcp - whether the route is a TCPRoute
 * @returns the first problem, or null
 * @example
 * securityPolicySpecError(policy, true); // => 'only authorization is supported for TCP (routes/listeners)'
 */
export function securityPolicySpecError(policy: Policy, tcp: boolean): string | null {
  return tcp ? securityPolicyTcpError(policy) : securityPolicyHttpError(policy);
}

/**
 * `validateSecurityPolicy` (R7.9): the spec-only checks Envoy Gateway makes before translating a
 * SecurityPolicy on an HTTP or GRPC route (API key sources; OIDC pass-through with JWT).
 */
function securityPolicyHttpError(policy: Policy): string | null {
  const spec = (policy.spec ?? {}) as Record<string, unknown>;
  const apiKeyAuth = spec.apiKeyAuth as { extractFrom?: unknown } | null | undefined;
  for (const src of Array.isArray(apiKeyAuth?.extractFrom) ? apiKeyAuth.extractFrom : []) {
    const n = (k: string): number => {
      const list = (src as Record<string, unknown> | null)?.[k];
      return Array.isArray(list) ? list.length : 0;
    };
    const set = [n('headers') > 0, n('params') > 0, n('cookies') > 0].filter(Boolean).length;
    if (set > 1) return 'only one of headers, params or cookies must be specified';
  }
  const oidc = spec.oidc as Record<string, unknown> | null | undefined;
  if (oidc?.passThroughAuthHeader !== true) return null;
  const jwt = spec.jwt as { providers?: unknown } | null | undefined;
  if (!isSet(jwt))
    return 'the OIDC.PassThroughAuthHeader setting must be used in conjunction with JWT settings';
  const providers = (Array.isArray(jwt?.providers) ? jwt.providers : []) as Array<Record<
    string,
    unknown
  > | null>;
  const headersOf = (p: Record<string, unknown> | null): Array<{ name?: unknown }> | null => {
    const ef = p?.extractFrom as { headers?: unknown } | null | undefined;
    if (!isSet(ef)) return null;
    return Array.isArray(ef?.headers) ? (ef.headers as Array<{ name?: unknown }>) : [];
  };
  if (!providers.some((p) => headersOf(p) === null || headersOf(p)!.length > 0)) {
    return 'the OIDC.PassThroughAuthHeader setting must be used in conjunction with a JWT provider that is configured to read from a header';
  }
  const forward = oidc.forwardIDToken as { header?: unknown } | null | undefined;
  if (isSet(forward)) {
    const fwd = asText(forward?.header);
    for (const p of providers) {
      const headers = headersOf(p);
      if (headers === null) {
        if (fwd.toLowerCase() === 'authorization') {
          return `the OIDC.ForwardIDToken header ${JSON.stringify(fwd)} cannot be the Authorization header when passThroughAuthHeader is enabled and a JWT provider reads from it`;
        }
        continue;
      }
      for (const h of headers) {
        if (fwd.toLowerCase() === asText(h?.name).toLowerCase()) {
          return `the OIDC.ForwardIDToken header ${JSON.stringify(fwd)} cannot be the same as a JWT provider extractFrom header when passThroughAuthHeader is enabled`;
        }
      }
    }
  }
  return null;
}

/** `validateSecurityPolicyForTCP` (R6.4): the first problem, or null. */
function securityPolicyTcpError(policy: Policy): string | null {
  const spec = (policy.spec ?? {}) as Record<string, unknown>;
  for (const f of ['cors', 'csrf', 'jwt', 'oidc', 'apiKeyAuth', 'basicAuth', 'extAuth']) {
    if (isSet(spec[f])) return 'only authorization is supported for TCP (routes/listeners)';
  }
  const authz = spec.authorization as { rules?: unknown } | undefined | null;
  const rules = authz && Array.isArray(authz.rules) ? authz.rules : [];
  for (let i = 0; i < rules.length; i++) {
    const rule = rules[i] as Record<string, unknown> | null;
    if (!rule) continue;
    if (isSet(rule.cel)) return `rule ${i}: CEL not supported for TCP`;
    const principal = rule.principal as Record<string, unknown> | undefined | null;
    if (!principal) continue;
    if (isSet(principal.jwt)) return `rule ${i}: JWT not supported for TCP`;
    if (Array.isArray(principal.headers) && principal.headers.length > 0)
      return `rule ${i}: headers not supported for TCP`;
    if (Array.isArray(principal.clientIPGeoLocations) && principal.clientIPGeoLocations.length > 0) {
      return `rule ${i}: clientIPGeoLocations not supported for TCP`;
    }
  }
  return null;
}
