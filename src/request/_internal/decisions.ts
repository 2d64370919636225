/**
 * What the request-dependent parts of the effective policies decide for one request, in the
 * order Envoy's HTTP filters run (`newOrderedHTTPFilter`, internal/xds/translator/httpfilters.go:
 * CORS 3, external auth 6, API key 7, basic auth 8, OAuth2 9, JWT 10, RBAC 301, local rate limit
 * 302, global rate limit 303, router last); then the route's own action (redirect, direct
 * response, forward). Every other effective setting is listed as `applies`.
 */
import type { ExplainKind } from '../../explain/explain.js';
import type { RouteFailure } from '../../explain/route-failure.js';
import { withoutKind } from '../../model/object-ref.js';
import type { JsonObject, PolicyKind } from '../../model/types.js';
import type { RequestDecision, RequestOutcome } from '../request-types.js';
import type { IrRedirect, IrRoute } from './ir-route.js';
import { envoyRewrittenPath, type PathModifier, programmedPathRewrite } from './path-rewrite.js';
import {
  authorizationDecision,
  corsDecision,
  type DecisionRequest,
  jwtDecision,
  rateLimitDecisions,
} from './policy-decisions.js';
import type { RegexCache } from './regex-cache.js';
import { headerValue, type MatchableRequest } from './route-match.js';

/** What the decisions read. */
export interface DecisionInput {
  readonly ir: IrRoute;
  readonly request: MatchableRequest;
  readonly method: string;
  readonly sourceIp: string | null;
  readonly jwtClaims: JsonObject | null;
  readonly policies: Readonly<Partial<Record<PolicyKind, ExplainKind>>>;
  readonly listenerFailed: { readonly routes: 'answer500' | 'dropped'; readonly policy?: string } | null;
  readonly regexes: RegexCache;
  readonly scheme: 'http' | 'https';
  readonly host: string;
  /** What a failed policy (`Kind`, `ns/name`) does to its routes (`createRouteFailureJudge`). */
  readonly routeFailure: (kind: PolicyKind, id: string) => RouteFailure | null;
}

type Rec = Readonly<Record<string, unknown>>;
const rec = (v: unknown): Rec | undefined =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Rec) : undefined;

/** The policy that supplied a top-level field of an effective spec (from its provenance). */
function sourceOf(k: ExplainKind, field: string): string {
  for (const [ptr, policy] of Object.entries(k.provenance)) {
    if (ptr === `/${field}` || ptr.startsWith(`/${field}/`)) return policy;
  }
  return k.applied[0] ?? '';
}

/** Scopes from the most specific to the least (R4.3); a scope's rank is its position. */
const SCOPES_BY_SPECIFICITY: readonly string[] = [
  'RouteRule',
  'Route',
  'ListenerSetListener',
  'ListenerSet',
  'GatewayListener',
  'Gateway',
];
const rank = (scope: string): number => {
  const i = SCOPES_BY_SPECIFICITY.indexOf(scope);
  return i < 0 ? SCOPES_BY_SPECIFICITY.length : i;
};

/** Fields whose request-dependent part is decided here (not listed as `applies`). */
const DECIDED: Readonly<Partial<Record<PolicyKind, ReadonlySet<string>>>> = {
  BackendTrafficPolicy: new Set(['rateLimit']),
  SecurityPolicy: new Set(['cors', 'jwt', 'authorization']),
};

/**
 * The decisions for a routed request, and the outcome they lead to.
 *
 * @param input - the route, the request and the effective policies
 * @returns decisions in filter order, and the first one that answers (or forward)
 */
export function requestDecisions(input: DecisionInput): {
  decisions: RequestDecision[];
  outcome: RequestOutcome;
} {
  const decisions: RequestDecision[] = [];
  const outcomes: RequestOutcome[] = [];
  const req: DecisionRequest = {
    match: input.request,
    method: input.method,
    sourceIp: input.sourceIp,
    jwtClaims: input.jwtClaims,
    regexes: input.regexes,
  };
  if (input.listenerFailed !== null) {
    outcomes.push({
      status: 500,
      by: 'listenerFailed',
      detail:
        "the listener's ClientTrafficPolicy failed, so Envoy Gateway answers every route here with 500, whatever the policies say (R9)",
    });
  }
  // R6.5: a BackendTrafficPolicy, SecurityPolicy or EnvoyExtensionPolicy that fails translation
  // on this route leaves it answering 500, unless a more specific policy of its kind claimed the
  // route first.
  for (const kind of ['BackendTrafficPolicy', 'SecurityPolicy', 'EnvoyExtensionPolicy'] as const) {
    const k = input.policies[kind];
    if (k === undefined) continue;
    const winnerScope = k.candidates.find((c) => c.policy === k.applied[0])?.scope;
    const winnerRank = winnerScope === undefined ? Number.POSITIVE_INFINITY : rank(winnerScope);
    const failed = k.candidates.find((c) => c.verdict === 'invalid' && rank(c.scope) <= winnerRank);
    // R6.5's exceptions (fail-open) are decided by the one rule the validate gate uses too.
    if (failed !== undefined && (input.routeFailure(kind, failed.policy)?.answers500 ?? true)) {
      outcomes.push({
        status: 500,
        by: 'policyInvalid',
        detail: `${kind} ${failed.policy} fails translation here, so Envoy Gateway answers 500 on this route (R6.5): ${failed.reason}`,
      });
    }
  }
  const sp = input.policies.SecurityPolicy;
  const spEffective = sp?.effective as Rec | undefined;
  const btp = input.policies.BackendTrafficPolicy;
  const btpEffective = btp?.effective as Rec | undefined;

  // CORS (filter order 3): the route's CORS filter wins over the SecurityPolicy's.
  const corsSpec = input.ir.corsFilter ?? rec(spEffective?.cors);
  if (corsSpec !== undefined && corsSpec !== null) {
    const source = input.ir.corsFilter !== null ? `${input.ir.route} CORS filter` : sourceOf(sp!, 'cors');
    const d = corsDecision(source, corsSpec, req);
    if (d !== null) {
      decisions.push(d);
      if (d.type === 'cors' && d.preflight)
        outcomes.push({
          status: 200,
          by: 'cors',
          detail: `Envoy's CORS filter answers the preflight itself${d.originAllowed ? '' : ', without CORS headers'}`,
        });
    }
  }
  // External auth, API key, basic auth, OIDC (6-9): need credentials or a service; listed as applies.
  // JWT (10).
  // The provider whose payload authorization's JWT principals read (none without a JWT filter).
  let verifiedBy: string | null = null;
  const jwt = rec(spEffective?.jwt);
  if (jwt !== undefined && sp !== undefined) {
    const d = jwtDecision(sourceOf(sp, 'jwt'), jwt, req);
    decisions.push(d);
    if (d.type === 'jwt') {
      verifiedBy = d.verifiedBy;
      if (d.status !== null) outcomes.push({ status: d.status, by: 'jwt', detail: d.reason });
    }
  }
  // Authorization (RBAC, 301).
  const authz = rec(spEffective?.authorization);
  if (authz !== undefined && sp !== undefined) {
    const policy = sourceOf(sp, 'authorization');
    const d = authorizationDecision(policy, withoutKind(policy), authz, req, verifiedBy);
    decisions.push(d);
    if (d.type === 'authorization' && d.status !== null)
      outcomes.push({ status: d.status, by: 'authorization', detail: d.reason });
  }
  // Local (302) then global (303) rate limits.
  const rateLimit = rec(btpEffective?.rateLimit);
  if (rateLimit !== undefined && btp !== undefined) {
    for (const d of rateLimitDecisions(sourceOf(btp, 'rateLimit'), rateLimit, req)) decisions.push(d);
  }
  // The route timeout: the rule's own, else the BackendTrafficPolicy's, else Envoy's 15s.
  const btpTimeout = rec(rec(rec(btpEffective?.timeout)?.http))?.requestTimeout;
  if (input.ir.timeout !== null) {
    decisions.push({
      type: 'requestTimeout',
      value: input.ir.timeout.value,
      source: input.ir.timeout.source,
      reason: `the route rule's own timeout (${input.ir.timeout.value}) wins over any BackendTrafficPolicy timeout.http.requestTimeout`,
    });
  } else if (typeof btpTimeout === 'string' && btp !== undefined) {
    const policy = sourceOf(btp, 'timeout');
    decisions.push({
      type: 'requestTimeout',
      value: btpTimeout,
      source: policy,
      reason: `timeout.http.requestTimeout of ${policy} (${btp.mode})`,
    });
  } else {
    decisions.push({
      type: 'requestTimeout',
      value: null,
      source: 'Envoy default',
      reason:
        "no route timeout and no BackendTrafficPolicy timeout.http.requestTimeout: Envoy's default route timeout, 15s, applies",
    });
  }
  // The route's action (router).
  const action = input.ir.action;
  if (action.type === 'redirect') {
    const r = action.redirect;
    const location = redirectLocation(input, r);
    decisions.push({
      type: 'routeAction',
      action: 'redirect',
      status: r.statusCode,
      location,
      reason: `the rule's RequestRedirect filter answers ${r.statusCode} with Location ${location}`,
    });
    outcomes.push({ status: r.statusCode, by: 'redirect', detail: `redirect to ${location}` });
  } else if (action.type === 'directResponse') {
    decisions.push({
      type: 'routeAction',
      action: 'directResponse',
      status: action.status,
      reason: `Envoy Gateway answers ${action.status}: ${action.reason}`,
    });
    outcomes.push({ status: action.status, by: 'directResponse', detail: action.reason });
  } else {
    const rewrite = input.ir.urlRewrite;
    const upstream =
      rewrite === null
        ? {}
        : {
            ...(rewrite.path !== null ? { upstreamPath: newPath(input, 'urlRewrite', rewrite.path) } : {}),
            ...(rewrite.hostname !== null ? { upstreamHost: rewrite.hostname } : {}),
          };
    const changes = [
      ...('upstreamPath' in upstream ? [`path ${upstream.upstreamPath}`] : []),
      ...('upstreamHost' in upstream ? [`Host ${upstream.upstreamHost}`] : []),
    ];
    decisions.push({
      type: 'routeAction',
      action: 'forward',
      status: null,
      ...upstream,
      reason: `forwarded to the rule's backends${changes.length > 0 ? ` with ${changes.join(' and ')} (URLRewrite)` : ''}`,
    });
  }
  // Everything else: applies, with its values.
  for (const [kind, k] of Object.entries(input.policies) as [PolicyKind, ExplainKind][]) {
    const decided = DECIDED[kind];
    for (const [field, value] of Object.entries(k.effective)) {
      if (decided?.has(field)) continue;
      decisions.push({ type: 'applies', kind, policy: sourceOf(k, field), field, value });
    }
  }
  const outcome = outcomes[0] ?? { status: null, by: 'forward', detail: "forwarded to the rule's backends" };
  const limits = decisions.filter((d) => d.type === 'rateLimit' && d.counting.length > 0).length;
  return {
    decisions,
    outcome:
      outcome.by === 'forward' && limits > 0
        ? {
            ...outcome,
            detail: `${outcome.detail}, counted by ${limits} rate limit(s): 429 once a limit is reached`,
          }
        : outcome,
  };
}

/**
 * The `Location` of a redirect, as Envoy builds it (`RouteEntryImplBase::newUri`) from what Envoy
 * Gateway programs (`buildXdsRedirectAction`): the filter's scheme, else the request's; the
 * filter's hostname, else the request's Host as sent, whose port Envoy keeps unless a port is
 * programmed or the scheme changes away from the port's default (`processRequestHost`); a port
 * only when it is not 80 or 443 (Envoy Gateway programs no other); the path replaced in full or
 * by prefix (path-rewrite.ts); the query kept.
 */
function redirectLocation(input: DecisionInput, r: IrRedirect): string {
  const scheme = r.scheme ?? input.scheme;
  const port = r.port === null || r.port === 80 || r.port === 443 ? '' : `:${r.port}`;
  const host =
    r.hostname ??
    requestHost(headerValue(input.request, ':authority') ?? input.host, scheme, input.scheme, port);
  return `${scheme}://${host}${port}${newPath(input, 'redirect', r.path)}`;
}

/** The `:path` after a filter's path modifier, as Envoy Gateway programs it and Envoy applies it. */
function newPath(
  input: DecisionInput,
  filter: 'redirect' | 'urlRewrite',
  modifier: PathModifier | null,
): string {
  const q = input.request.pathHeader.indexOf('?');
  const query = q >= 0 ? input.request.pathHeader.slice(q + 1) : '';
  if (modifier === null) return input.request.pathHeader;
  const programmed = programmedPathRewrite(filter, modifier, input.ir.pathMatch);
  return envoyRewrittenPath(programmed, input.ir.pathMatch, input.request.path, query);
}

/** Envoy's `processRequestHost`: the Host as sent, without its port when a port is programmed or the scheme leaves the port's default. */
function requestHost(authority: string, newScheme: string, requestScheme: string, newPort: string): string {
  // The port starts at the last ':' (after ']' for an IPv6 literal).
  let end = authority.lastIndexOf(':');
  if (authority.startsWith('[')) {
    const bracket = authority.lastIndexOf(']:');
    end = bracket < 0 ? -1 : bracket + 1;
  }
  if (end < 0) return authority;
  const requestPort = authority.slice(end);
  const removePort =
    newPort !== '' ||
    (newScheme !== requestScheme &&
      ((requestScheme === 'https' && requestPort === ':443') ||
        (requestScheme === 'http' && requestPort === ':80')));
  return removePort ? authority.slice(0, end) : authority;
}
