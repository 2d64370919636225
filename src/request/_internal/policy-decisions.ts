/**
 * The request-dependent parts of Envoy Gateway's policies, decided for one request as Envoy
 * evaluates what Envoy Gateway programs:
 *
 * - rate limits (`buildRateLimitRule`, internal/gatewayapi/backendtrafficpolicy.go:1801-2143;
 *   local_ratelimit.go and ratelimit.go in internal/xds/translator): a rule's clientSelectors are
 *   ANDed into one rule (a later path or sourceCIDR replaces an earlier one), methods are ORed;
 *   local limits use the rule without clientSelectors as the route's default bucket, consumed only
 *   when no other rule matches; global rules without selectors count every request;
 * - authorization (`buildRBACPerRoute`, authorization.go): the first rule whose every condition
 *   matches decides, else `defaultAction` (Deny when unset);
 * - JWT authentication: a request without a JWT gets 401 unless `optional` or `failOpen`; the
 *   first provider that accepts the token verifies it (authorization's JWT principals name it);
 * - CORS (Envoy's CORS filter as cors.go configures it): preflights are answered by Envoy.
 */

import { parseGoDuration } from '../../go/duration.js';
import type { JsonObject, JsonValue } from '../../model/types.js';
import type { RateLimitRuleDecision, RequestDecision } from '../request-types.js';
import { inCidr } from './cidr.js';
import type { RegexCache } from './regex-cache.js';
import { headerValue, type MatchableRequest } from './route-match.js';

/** What the decisions need to know about the request. */
export interface DecisionRequest {
  readonly match: MatchableRequest;
  readonly method: string;
  readonly sourceIp: string | null;
  readonly jwtClaims: JsonObject | null;
  readonly regexes: RegexCache;
}

type Rec = Readonly<Record<string, unknown>>;
const rec = (v: unknown): Rec | undefined =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Rec) : undefined;
const list = (v: unknown): readonly unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** Go's `regexp.QuoteMeta`. */
function quoteMeta(s: string): string {
  return s.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&');
}

/** `regex.PathSeparatedPrefixRegex` (internal/utils/regex/regex.go). */
function pathSeparatedPrefixRegex(prefix: string): string {
  return `^${quoteMeta(prefix.replace(/\/$/, ''))}(/.*|\\?.*|#.*|;.*|$)`;
}

/** `regex.PathExactRegex`. */
function pathExactRegex(path: string): string {
  return `^${quoteMeta(path)}(\\?.*|#.*|;.*|$)`;
}

// ---------------------------------------------------------------------------------------------
// Rate limits

interface Condition {
  readonly ok: boolean;
  readonly why: string;
  readonly bucket?: string;
}

/** One clientSelectors condition of a rate-limit rule, evaluated. */
function headerCondition(h: Rec, req: DecisionRequest): Condition {
  const name = str(h.name) ?? '';
  const value = str(h.value);
  const type = str(h.type) ?? (value !== undefined ? 'Exact' : 'Distinct');
  const invert = h.invert === true;
  const got = headerValue(req.match, name);
  if (type === 'Distinct') {
    return got === null
      ? { ok: false, why: `header ${name} is absent (Distinct needs it)` }
      : { ok: true, why: `header ${name} present`, bucket: `per value of header ${name}` };
  }
  const hit = got !== null && (type === 'Exact' ? got === value : req.regexes.fullMatch(value ?? '', got));
  const ok = hit !== invert;
  return {
    ok,
    why: `header ${name} ${type} ${JSON.stringify(value)}${invert ? ' inverted' : ''}: ${got === null ? 'absent' : JSON.stringify(got)}`,
  };
}

function queryCondition(q: Rec, req: DecisionRequest): Condition {
  const name = str(q.name) ?? '';
  const value = str(q.value);
  const type = str(q.type) ?? 'Exact';
  const invert = q.invert === true;
  // Rate-limit query matches read the decoded query (parseAndDecodeQueryString), unlike routes.
  const got = req.match.decodedQuery.get(name);
  if (type === 'Distinct') {
    return got === undefined
      ? { ok: false, why: `query parameter ${name} is absent (Distinct needs it)` }
      : { ok: true, why: `query parameter ${name} present`, bucket: `per value of query parameter ${name}` };
  }
  const hit =
    got !== undefined && (type === 'Exact' ? got === value : req.regexes.fullMatch(value ?? '', got));
  return {
    ok: hit !== invert,
    why: `query parameter ${name} ${type} ${JSON.stringify(value)}${invert ? ' inverted' : ''}: ${got === undefined ? 'absent' : JSON.stringify(got)}`,
  };
}

/** A rate-limit path condition on `:path` (query included, as Envoy's header matcher sees it). */
function pathCondition(p: Rec, req: DecisionRequest): Condition {
  const value = str(p.value) ?? '/';
  const type = str(p.type) ?? 'PathPrefix';
  const invert = p.invert === true;
  const got = req.match.pathHeader;
  let hit: boolean;
  if (type === 'PathPrefix')
    hit = value === '/' ? got.startsWith('/') : req.regexes.fullMatch(pathSeparatedPrefixRegex(value), got);
  else if (type === 'Exact') hit = got === value;
  else hit = req.regexes.fullMatch(value, got);
  return {
    ok: hit !== invert,
    why: `path ${type} ${JSON.stringify(value)}${invert ? ' inverted' : ''} on :path ${JSON.stringify(got)}`,
  };
}

function cidrCondition(c: Rec, req: DecisionRequest): Condition {
  const value = str(c.value) ?? '';
  const invert = c.invert === true;
  const distinct = c.type === 'Distinct';
  if (req.sourceIp === null)
    return { ok: false, why: `sourceCIDR ${value}: no client address given (--source-ip)` };
  const hit = inCidr(req.sourceIp, value) !== invert;
  return {
    ok: hit,
    why: `client ${req.sourceIp} ${inCidr(req.sourceIp, value) ? 'in' : 'not in'} ${value}${invert ? ' (inverted)' : ''}`,
    ...(distinct && hit ? { bucket: `per client IP in ${value}` } : {}),
  };
}

/** A rate-limit rule against the request: ANDed selectors, ORed methods (one descriptor per method). */
function rateLimitRule(
  rule: Rec,
  index: number,
  req: DecisionRequest,
  mode: 'local' | 'global',
): RateLimitRuleDecision {
  const limit = rec(rule.limit) ?? {};
  const requests = typeof limit.requests === 'number' ? limit.requests : 0;
  const unit = str(limit.unit) ?? '';
  const shared = rule.shared === true;
  const selectors = list(rule.clientSelectors).map((s) => rec(s) ?? {});
  const conditions: Condition[] = [];
  let path: Rec | undefined;
  let cidr: Rec | undefined;
  const methods: Rec[] = [];
  for (const s of selectors) {
    for (const h of list(s.headers)) conditions.push(headerCondition(rec(h) ?? {}, req));
    for (const m of list(s.methods)) methods.push(rec(m) ?? {});
    // A later selector's path or sourceCIDR replaces an earlier one's (one PathMatch, one CIDRMatch per IR rule).
    if (rec(s.path) !== undefined) path = rec(s.path);
    if (rec(s.sourceCIDR) !== undefined) cidr = rec(s.sourceCIDR);
  }
  if (methods.length > 0) {
    const hits = methods.map((m) => (req.method === str(m.value)) !== (m.invert === true));
    conditions.push({
      ok: hits.some(Boolean),
      why: `method ${methods.map((m) => `${m.invert === true ? 'not ' : ''}${str(m.value)}`).join(' or ')}: ${req.method}`,
    });
  }
  if (path !== undefined) conditions.push(pathCondition(path, req));
  if (cidr !== undefined) conditions.push(cidrCondition(cidr, req));
  for (const s of selectors)
    for (const q of list(s.queryParams)) conditions.push(queryCondition(rec(q) ?? {}, req));
  const failed = conditions.find((c) => !c.ok);
  const buckets = conditions.flatMap((c) => (c.bucket === undefined ? [] : [c.bucket]));
  const scope =
    mode === 'local'
      ? 'per Envoy replica and route'
      : shared
        ? 'shared by every route the policy reaches'
        : 'per route match';
  return {
    index,
    matched: failed === undefined,
    why:
      selectors.length === 0
        ? 'no clientSelectors: every request'
        : failed === undefined
          ? conditions.map((c) => c.why).join('; ')
          : `not matched: ${failed.why}`,
    limit: { requests, unit },
    shared,
    bucket: `${buckets.length > 0 ? buckets.join(', ') : 'one bucket'} (${scope})`,
  };
}

/**
 * The rate-limit decisions of an effective BackendTrafficPolicy.
 *
 * @param policy - the policy supplying `rateLimit`
 * @param rateLimit - the effective `rateLimit`
 * @param req - the request
 * @returns one decision per mode (local, global) that is set
 */
export function rateLimitDecisions(policy: string, rateLimit: Rec, req: DecisionRequest): RequestDecision[] {
  const out: RequestDecision[] = [];
  const legacy = str(rateLimit.type);
  for (const mode of ['local', 'global'] as const) {
    if (legacy !== undefined && legacy.toLowerCase() !== mode) continue;
    const spec = rec(rateLimit[mode]);
    if (spec === undefined) continue;
    const rules = list(spec.rules).map((r) => rec(r) ?? {});
    const decided = rules.map((r, i) => rateLimitRule(r, i, req, mode));
    if (mode === 'local') {
      const defaultIndex = rules.findIndex((r) => list(r.clientSelectors).length === 0);
      const withSelectors = decided.filter(
        (d) => rules[d.index] !== undefined && list(rules[d.index]!.clientSelectors).length > 0,
      );
      const matched = withSelectors.filter((d) => d.matched);
      // The default bucket counts a request only when no rule with clientSelectors matches.
      if (defaultIndex >= 0) {
        decided[defaultIndex] = {
          ...decided[defaultIndex]!,
          matched: matched.length === 0,
          why:
            matched.length === 0
              ? "no clientSelectors: the route's default bucket, and no other rule matches"
              : "no clientSelectors: the route's default bucket, not consumed because another rule matches",
        };
      }
      const dflt = defaultIndex >= 0 ? decided[defaultIndex]! : null;
      const defaultLimit =
        dflt === null
          ? { requests: 4294967295, unit: 'Second', fromRule: null }
          : { ...dflt.limit, fromRule: dflt.index };
      const counting =
        matched.length > 0
          ? matched.map((d) => `rule ${d.index}: ${d.limit.requests}/${d.limit.unit}`)
          : dflt === null
            ? []
            : [`rule ${dflt.index} (default bucket): ${dflt.limit.requests}/${dflt.limit.unit}`];
      out.push({
        type: 'rateLimit',
        policy,
        mode,
        rules: decided,
        defaultLimit,
        counting,
        reason:
          matched.length > 0
            ? `rules with matching clientSelectors count this request (${counting.join(', ')}); the route's default bucket is not consumed. Envoy answers 429 once one of them is empty`
            : dflt === null
              ? 'no rule matches and no rule without clientSelectors sets a default: this request is not limited'
              : `no rule with clientSelectors matches: the route's default bucket counts it (${counting[0]}); Envoy answers 429 once it is empty`,
      });
    } else {
      const matched = decided.filter((d) => d.matched);
      const counting = matched.map(
        (d) => `rule ${d.index}: ${d.limit.requests}/${d.limit.unit}${d.shared ? ' (shared)' : ''}`,
      );
      out.push({
        type: 'rateLimit',
        policy,
        mode,
        rules: decided,
        defaultLimit: null,
        counting,
        reason:
          matched.length > 0
            ? `every matching rule sends a descriptor to the rate limit service (${counting.join(', ')}); it answers 429 once any of them is over its limit`
            : 'no rule matches: the rate limit service does not count this request',
      });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// JWT and authorization

/** A claim by its dotted name (`a.b` reads nested objects, as Envoy Gateway splits it). */
function claimAt(claims: JsonObject, name: string): JsonValue | undefined {
  let v: JsonValue | undefined = claims;
  for (const seg of name.split('.')) {
    const r = rec(v);
    if (r === undefined) return undefined;
    v = r[seg] as JsonValue | undefined;
  }
  return v;
}

/**
 * JWT authentication: which providers the effective SecurityPolicy has, and whether the request
 * passes. Given claims are taken as a verified token; `iss` and `aud` are checked against the
 * providers as the JWT filter would. Envoy Gateway asks for any provider (`requires_any`, in
 * provider order): the first that accepts the token verifies it and stores its payload under its
 * own name (`payload_in_metadata`), which is where authorization's JWT principals look. `optional`
 * lets a request without a token through; `failOpen` lets a missing or refused token through
 * (`allow_missing_or_failed`), with no payload stored.
 */
export function jwtDecision(policy: string, jwt: Rec, req: DecisionRequest): RequestDecision {
  const providers = list(jwt.providers).map((p) => rec(p) ?? {});
  const names = providers.map((p) => str(p.name) ?? '');
  const optional = jwt.optional === true;
  const failOpen = jwt.failOpen === true;
  if (req.jwtClaims === null) {
    const passes = optional || failOpen;
    return {
      type: 'jwt',
      policy,
      providers: names,
      token: 'missing',
      optional,
      failOpen,
      verifiedBy: null,
      status: passes ? null : 401,
      reason: passes
        ? `the request has no JWT and jwt.${optional ? 'optional' : 'failOpen'} is true: it continues unauthenticated (JWT principals will not match)`
        : 'the request has no JWT: Envoy answers 401 (neither jwt.optional nor jwt.failOpen is set)',
    };
  }
  const claims = req.jwtClaims;
  const iss = claims.iss;
  const aud = claims.aud;
  const audList = Array.isArray(aud) ? aud.map(String) : aud === undefined ? [] : [String(aud)];
  const verifier = providers.find((p) => {
    const issuer = str(p.issuer);
    if (issuer !== undefined && issuer !== '' && issuer !== iss) return false;
    const audiences = list(p.audiences).map(String);
    return audiences.length === 0 || audiences.some((a) => audList.includes(a));
  });
  const given = (status: number | null, verifiedBy: string | null, reason: string): RequestDecision => ({
    type: 'jwt',
    policy,
    providers: names,
    token: 'given',
    optional,
    failOpen,
    verifiedBy,
    status,
    reason,
  });
  if (verifier === undefined) {
    const refused = `no provider accepts the token (iss ${JSON.stringify(iss)}, aud ${JSON.stringify(aud)})`;
    return failOpen
      ? given(
          null,
          null,
          `${refused}; jwt.failOpen is true: it continues unauthenticated (JWT principals will not match)`,
        )
      : given(401, null, `${refused}: Envoy answers 401`);
  }
  const name = str(verifier.name) ?? '';
  return given(
    null,
    name,
    `the token (taken as verified) is accepted by ${name}${providers.length > 1 ? ' first: JWT principals naming it read its claims' : ''}`,
  );
}

/** One authorization rule's conditions against the request (all must hold). */
function authorizationRule(
  rule: Rec,
  req: DecisionRequest,
  verifiedBy: string | null,
): { matched: boolean; why: string } {
  const reasons: string[] = [];
  const fail = (why: string): { matched: boolean; why: string } => ({ matched: false, why });
  const operation = rec(rule.operation);
  const methods = list(operation?.methods).map(String);
  if (methods.length > 0) {
    if (!methods.some((m) => m.toLowerCase() === req.method.toLowerCase()))
      return fail(`method ${req.method} is not one of ${methods.join(', ')}`);
    reasons.push(`method ${req.method}`);
  }
  const path = rec(operation?.path);
  if (path !== undefined) {
    const value = str(path.value) ?? '/';
    const type = str(path.type) ?? 'PathPrefix';
    const got = req.match.pathHeader;
    const hit =
      type === 'PathPrefix'
        ? value === '/'
          ? got.startsWith('/')
          : req.regexes.fullMatch(pathSeparatedPrefixRegex(value), got)
        : type === 'Exact'
          ? req.regexes.fullMatch(pathExactRegex(value), got)
          : req.regexes.fullMatch(value, got);
    if (hit === (path.invert === true))
      return fail(
        `path ${type} ${JSON.stringify(value)}${path.invert === true ? ' inverted' : ''} does not match ${got}`,
      );
    reasons.push(`path ${type} ${JSON.stringify(value)}`);
  }
  const principal = rec(rule.principal) ?? {};
  const cidrs = list(principal.clientCIDRs).map(String);
  if (cidrs.length > 0) {
    if (req.sourceIp === null)
      return fail(`clientCIDRs ${cidrs.join(', ')}: no client address given (--source-ip)`);
    const hit = cidrs.find((c) => inCidr(req.sourceIp!, c));
    if (hit === undefined) return fail(`client ${req.sourceIp} is in none of ${cidrs.join(', ')}`);
    reasons.push(`client ${req.sourceIp} in ${hit}`);
  }
  if (list(principal.clientIPGeoLocations).length > 0)
    return fail('clientIPGeoLocations needs a GeoIP database: not simulated, taken as not matching');
  if (str(rule.cel) !== undefined) return fail('a CEL expression: not simulated, taken as not matching');
  const jwt = rec(principal.jwt);
  if (jwt !== undefined) {
    const provider = str(jwt.provider) ?? '';
    // The principal reads the payload the JWT filter stored under this provider's name.
    if (req.jwtClaims === null || verifiedBy === null)
      return fail(`JWT principal of provider ${provider}: the request has no verified JWT`);
    if (verifiedBy !== provider)
      return fail(`JWT principal of provider ${provider}: the token was verified by ${verifiedBy}`);
    const claims = req.jwtClaims;
    for (const scope of list(jwt.scopes).map(String)) {
      // The JWT filter normalises space-delimited scope / scp claims into lists.
      const has = ['scope', 'scp'].some((k) => {
        const v = claims[k];
        const items = typeof v === 'string' ? v.split(' ') : Array.isArray(v) ? v.map(String) : [];
        return items.includes(scope);
      });
      if (!has) return fail(`JWT scope ${scope} is not in scope / scp`);
      reasons.push(`scope ${scope}`);
    }
    for (const c of list(jwt.claims).map((x) => rec(x) ?? {})) {
      const name = str(c.name) ?? '';
      const values = list(c.values).map(String);
      const got = claimAt(claims, name);
      const ok =
        c.valueType === 'StringArray'
          ? Array.isArray(got) && got.some((g) => typeof g === 'string' && values.includes(g))
          : typeof got === 'string' && values.includes(got);
      if (!ok) return fail(`JWT claim ${name} ${JSON.stringify(got)} is not one of ${values.join(', ')}`);
      reasons.push(`claim ${name}`);
    }
  }
  for (const h of list(principal.headers).map((x) => rec(x) ?? {})) {
    const name = str(h.name) ?? '';
    const values = list(h.values).map(String);
    const got = headerValue(req.match, name);
    if (got === null || !values.includes(got))
      return fail(
        `header ${name} ${got === null ? 'is absent' : JSON.stringify(got)}, not one of ${values.join(', ')}`,
      );
    reasons.push(`header ${name}`);
  }
  return { matched: true, why: reasons.length === 0 ? 'no condition' : reasons.join(', ') };
}

/**
 * The authorization decision of an effective SecurityPolicy: the first rule whose conditions all
 * match, else `defaultAction`. `verifiedBy` is the JWT provider that verified the request's token
 * (null: no payload, so no JWT principal matches).
 */
export function authorizationDecision(
  policy: string,
  policyKey: string,
  authorization: Rec,
  req: DecisionRequest,
  verifiedBy: string | null,
): RequestDecision {
  const rules = list(authorization.rules).map((r) => rec(r) ?? {});
  const decided: { name: string; matched: boolean; why: string }[] = [];
  for (let i = 0; i < rules.length; i++) {
    const rule = rules[i]!;
    const name = str(rule.name) || `securitypolicy/${policyKey}/authorization/rule/${i}`;
    const r = authorizationRule(rule, req, verifiedBy);
    decided.push({ name, ...r });
    if (r.matched) {
      const action = rule.action === 'Deny' ? 'Deny' : 'Allow';
      return {
        type: 'authorization',
        policy,
        rule: name,
        ruleIndex: i,
        action,
        status: action === 'Deny' ? 403 : null,
        rules: decided,
        reason: `rule ${name} is the first rule that matches (${r.why}): ${action}${action === 'Deny' ? ', Envoy answers 403' : ''}`,
      };
    }
  }
  const action = authorization.defaultAction === 'Allow' ? 'Allow' : 'Deny';
  return {
    type: 'authorization',
    policy,
    rule: null,
    ruleIndex: null,
    action,
    status: action === 'Deny' ? 403 : null,
    rules: decided,
    reason: `no rule matches: defaultAction ${action}${authorization.defaultAction === undefined || authorization.defaultAction === null ? ' (unset means Deny)' : ''}${action === 'Deny' ? ', Envoy answers 403' : ''}`,
  };
}

// ---------------------------------------------------------------------------------------------
// CORS

/** Envoy Gateway's `wildcard2regex`: QuoteMeta, then `*` → `.*`. */
function wildcardToRegex(origin: string): string {
  return quoteMeta(origin).replaceAll('\\*', '.*');
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'POST']);
const SAFE_HEADERS = new Set(['accept', 'accept-language', 'content-language', 'content-type', 'range']);

/**
 * `Access-Control-Max-Age` as Envoy Gateway programs it: the seconds of a SecurityPolicy's
 * duration (`int(d.Seconds())`; an unparsable one sets nothing), or an HTTPRoute CORS filter's
 * seconds as they are.
 */
function maxAgeSeconds(maxAge: unknown): string | undefined {
  if (typeof maxAge === 'number') return String(Math.trunc(maxAge));
  if (typeof maxAge !== 'string') return undefined;
  const d = parseGoDuration(maxAge);
  return d.ok ? String(d.nanos / 1_000_000_000n) : undefined;
}

/**
 * The CORS decision, as Envoy's CORS filter takes it (`cors_filter.cc`): whether the Origin is
 * allowed (exact, or a wildcard as a regex); for a preflight, what Envoy answers (Envoy Gateway
 * sets `forward_not_matching_preflights: false`, so Envoy answers every preflight with 200; only
 * `access-control-allow-origin` depends on the origin, and `*` in allowMethods or allowHeaders
 * echoes what the preflight asks for) and whether a browser then sends the request.
 */
export function corsDecision(source: string, cors: Rec, req: DecisionRequest): RequestDecision | null {
  const origin = headerValue(req.match, 'origin');
  const requestedMethod = headerValue(req.match, 'access-control-request-method') ?? '';
  const requestedHeaders = headerValue(req.match, 'access-control-request-headers') ?? '';
  const preflight = req.method === 'OPTIONS' && origin !== null && origin !== '' && requestedMethod !== '';
  if (origin === null || origin === '') return null;
  const origins = list(cors.allowOrigins).map(String);
  const matchedOrigin =
    origins.find((o) =>
      o.includes('*') ? req.regexes.fullMatch(wildcardToRegex(o), origin) : o === origin,
    ) ?? null;
  const allowed = matchedOrigin !== null;
  const methods = list(cors.allowMethods).map(String);
  const headers = list(cors.allowHeaders).map(String);
  const credentials = cors.allowCredentials === true;
  const allowMethods = methods.includes('*') ? requestedMethod : methods.join(', ');
  const allowHeaders = headers.includes('*') ? requestedHeaders : headers.join(', ');
  const responseHeaders: Record<string, string> = {};
  if (allowed) responseHeaders['access-control-allow-origin'] = origin;
  if (credentials && (allowed || preflight)) responseHeaders['access-control-allow-credentials'] = 'true';
  if (preflight) {
    if (methods.length > 0) responseHeaders['access-control-allow-methods'] = allowMethods;
    if (headers.length > 0) responseHeaders['access-control-allow-headers'] = allowHeaders;
    const maxAge = maxAgeSeconds(cors.maxAge);
    if (maxAge !== undefined) responseHeaders['access-control-max-age'] = maxAge;
  } else if (allowed) {
    const expose = list(cors.exposeHeaders).map(String).join(', ');
    if (expose !== '') responseHeaders['access-control-expose-headers'] = expose;
  }
  let browserAllows: boolean | null = null;
  let browserWhy = '';
  if (preflight) {
    const wantedHeaders = requestedHeaders
      .split(',')
      .map((h) => h.trim().toLowerCase())
      .filter((h) => h !== '');
    // `*` is echoed as the exact method and headers asked for, which a browser accepts even with credentials.
    const methodOk =
      SAFE_METHODS.has(requestedMethod) || methods.includes(requestedMethod) || methods.includes('*');
    const lowered = headers.map((h) => h.toLowerCase());
    const badHeader = wantedHeaders.find(
      (h) => !SAFE_HEADERS.has(h) && !lowered.includes(h) && !headers.includes('*'),
    );
    browserAllows = allowed && methodOk && badHeader === undefined;
    browserWhy = !allowed
      ? ''
      : !methodOk
        ? `; the browser then refuses: method ${requestedMethod} is not in allowMethods`
        : badHeader !== undefined
          ? `; the browser then refuses: header ${badHeader} is not in allowHeaders`
          : '; the browser then sends the request';
  }
  return {
    type: 'cors',
    source,
    preflight,
    origin,
    originAllowed: allowed,
    matchedOrigin,
    responseHeaders,
    browserAllows,
    reason: preflight
      ? allowed
        ? `preflight from allowed origin ${origin} (matches ${matchedOrigin}): Envoy answers 200 with the CORS headers${browserWhy}`
        : `preflight from origin ${origin}, which no allowOrigins entry matches: Envoy answers 200 without access-control-allow-origin, so the browser refuses`
      : allowed
        ? `origin ${origin} is allowed (matches ${matchedOrigin}): the response gets access-control-allow-origin`
        : `origin ${origin} is not allowed: the response has no CORS headers, so a browser hides it from the page`,
  };
}
