/**
 * What the request-dependent parts of the effective policies decide for one request, in the
 * order Envoy's HTTP filters run (`newOrderedHTTPFilter`, internal/xds/translator/httpfilters.go):
 * CORS, JWT authentication, authorization (RBAC), local then global rate limit; then the route's
 * own action (redirect, direct response, forward). Everything else is listed as `applies`.
 */
import type { ExplainKind } from '../../explain/explain.js';
import type { JsonObject, PolicyKind } from '../../model/types.js';
import type { RequestDecision, RequestOutcome } from '../request-types.js';
import type { IrRoute } from './ir-route.js';
import type { RegexCache } from './regex-cache.js';
import type { MatchableRequest } from './route-match.js';

/** What the decisions read. */
export interface DecisionInput {
  readonly ir: IrRoute;
  readonly request: MatchableRequest;
  readonly method: string;
  readonly sourceIp: string | null;
  readonly jwtClaims: JsonObject | null;
  readonly policies: Readonly<Partial<Record<PolicyKind, ExplainKind>>>;
  readonly listenerFailed: { readonly routes: 'answer500' | 'dropped' } | null;
  readonly regexes: RegexCache;
  readonly scheme: 'http' | 'https';
  readonly host: string;
}

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
  let outcome: RequestOutcome | null = null;
  const answer = (o: RequestOutcome): void => {
    outcome ??= o;
  };
  if (input.listenerFailed !== null) {
    answer({
      status: 500,
      by: 'listenerFailed',
      detail:
        "the listener's ClientTrafficPolicy failed, so Envoy Gateway answers every route here with 500 (R9)",
    });
  }
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
    answer({ status: r.statusCode, by: 'redirect', detail: `redirect to ${location}` });
  } else if (action.type === 'directResponse') {
    decisions.push({
      type: 'routeAction',
      action: 'directResponse',
      status: action.status,
      reason: `Envoy Gateway answers ${action.status}: ${action.reason}`,
    });
    answer({ status: action.status, by: 'directResponse', detail: action.reason });
  } else {
    decisions.push({
      type: 'routeAction',
      action: 'forward',
      status: null,
      reason: "forwarded to the rule's backends",
    });
  }
  return {
    decisions,
    outcome: outcome ?? { status: null, by: 'forward', detail: "forwarded to the rule's backends" },
  };
}

function redirectLocation(input: DecisionInput, r: import('./ir-route.js').IrRedirect): string {
  const scheme = r.scheme ?? input.scheme;
  const host = r.hostname ?? input.host;
  const defaultPort = scheme === 'https' ? 443 : scheme === 'http' ? 80 : null;
  const port = r.port === null || r.port === defaultPort ? '' : `:${r.port}`;
  let path = input.request.path;
  if (r.path !== null) {
    if (r.path.type === 'ReplaceFullPath') path = r.path.value;
    else if (r.path.type === 'ReplacePrefixMatch' && input.ir.pathMatch?.prefix !== undefined) {
      const prefix = input.ir.pathMatch.prefix.replace(/\/$/, '');
      path = `${r.path.value.replace(/\/$/, '')}${path.slice(prefix.length)}` || '/';
    }
  }
  const q = input.request.pathHeader.indexOf('?');
  return `${scheme}://${host}${port}${path}${q >= 0 ? input.request.pathHeader.slice(q) : ''}`;
}
