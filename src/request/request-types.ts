/**
 * The question `routeRequest` answers and its answer: which listener, virtual host, route, rule
 * and match serve one HTTP request, the effective policies there (as `explain` gives them), what
 * their request-dependent parts decide, and every alternative that was considered and lost.
 *
 * @packageDocumentation
 */
import type { ExplainKind } from '../explain/explain.js';
import type { Diagnostic } from '../model/diagnostic.js';
import type { JsonObject, PolicyKind } from '../model/types.js';

/** One request. */
export interface HttpRequestInput {
  /** `GET`, `POST`, … (case-sensitive, as sent). */
  readonly method: string;
  /** Absolute URL: `http://` or `https://`, host, optional port, path, query. */
  readonly url: string;
  /** Headers as sent, in order (a repeated name is a repeated header). `Host` overrides the URL's authority. */
  readonly headers?: readonly (readonly [string, string])[];
  /** The client address Envoy sees (after any client IP detection). Default: none (CIDR rules do not match). */
  readonly sourceIp?: string;
  /**
   * The claims of a JWT the request carries, already verified (the payload as JSON). Absent: the
   * request carries no JWT.
   */
  readonly jwtClaims?: JsonObject;
}

/** Why a request cannot be read (`checkRequest`): the part of it and what is wrong with it. */
export interface RequestInputProblem {
  readonly field: 'url' | 'header' | 'method' | 'sourceIp';
  readonly message: string;
}

/** Which Gateway the request arrives at. */
export interface RouteRequestOptions {
  /** `ns/name` of the Gateway whose Envoy receives the request. */
  readonly gateway?: string;
  /**
   * `ns/name` of a ListenerSet: its parent Gateway when `gateway` is not given. The answer is
   * still Envoy's, over every listener of that Gateway; `notChosen` says when the listener that
   * serves the request is not one of this ListenerSet.
   */
  readonly listenerSet?: string;
}

/** The listener that serves the request. */
export interface RequestListener {
  /** `ns/name`. */
  readonly gateway: string;
  /** `ns/name`, or null for the Gateway's own listener. */
  readonly listenerSet: string | null;
  readonly name: string;
  readonly port: number;
  readonly protocol: string;
  readonly hostname: string | null;
}

/** The step of Envoy Gateway's route order that put the winner first (internal/gatewayapi/sort.go). */
export type RouteOrderStep =
  | 'pathMatchType'
  | 'pathLength'
  | 'headerMatchCount'
  | 'exactHeaderMatchCount'
  | 'cookieMatchCount'
  | 'exactCookieMatchCount'
  | 'queryParamMatchCount'
  | 'exactQueryParamMatchCount'
  | 'processingOrder';

/** Something that was considered for this request and not chosen, with why. */
export type NotChosen =
  | {
      readonly type: 'listener';
      readonly listener: RequestListener;
      readonly reason: string;
    }
  | {
      readonly type: 'virtualHost';
      /** The virtual host's domain. */
      readonly hostname: string;
      readonly listener: RequestListener;
      readonly reason: string;
    }
  | {
      /** A route rule match that matched the request but comes later in Envoy Gateway's order. */
      readonly type: 'route';
      readonly route: string;
      readonly ruleIndex: number;
      readonly rule: string | null;
      readonly matchIndex: number | null;
      readonly hostname: string;
      /** The ordering step that decided. */
      readonly step: RouteOrderStep;
      readonly reason: string;
    }
  | {
      /** A rule of a matching route that Envoy Gateway drops (no Envoy route at all). */
      readonly type: 'droppedRule';
      readonly route: string;
      readonly ruleIndex: number;
      readonly reason: string;
    };

/** One of the request-dependent decisions, in the order Envoy's filters take them. */
export type RequestDecision =
  | {
      readonly type: 'pathNormalization';
      readonly path: string;
      readonly outcome: 'redirect' | 'reject';
      readonly reason: string;
    }
  | {
      readonly type: 'cors';
      /** `SecurityPolicy/ns/name`, or `HTTPRoute filter` (the route's CORS filter wins over a SecurityPolicy's). */
      readonly source: string;
      readonly preflight: boolean;
      readonly origin: string | null;
      readonly originAllowed: boolean;
      /** The allowOrigins entry that matched. */
      readonly matchedOrigin: string | null;
      /** The headers Envoy's CORS filter answers a preflight with (empty when it does not). */
      readonly responseHeaders: Readonly<Record<string, string>>;
      /** Whether a browser would then send the actual request (method and headers allowed). */
      readonly browserAllows: boolean | null;
      readonly reason: string;
    }
  | {
      readonly type: 'jwt';
      readonly policy: string;
      readonly providers: readonly string[];
      readonly token: 'given' | 'missing';
      readonly optional: boolean;
      /** `jwt.failOpen`: a missing or refused token continues unauthenticated. */
      readonly failOpen: boolean;
      /** The provider that verified the token (the first that accepts it), under whose name authorization reads the claims; null when none did. */
      readonly verifiedBy: string | null;
      /** 401 when a required token is missing or refused. */
      readonly status: number | null;
      readonly reason: string;
    }
  | {
      readonly type: 'authorization';
      readonly policy: string;
      /** The rule that decided, or null when `defaultAction` did. */
      readonly rule: string | null;
      readonly ruleIndex: number | null;
      readonly action: 'Allow' | 'Deny';
      /** 403 when denied. */
      readonly status: number | null;
      /** Every rule in order, up to the deciding one, with what matched or not. */
      readonly rules: readonly { readonly name: string; readonly matched: boolean; readonly why: string }[];
      readonly reason: string;
    }
  | {
      readonly type: 'rateLimit';
      readonly policy: string;
      readonly mode: 'local' | 'global';
      /** Every rule, whether its clientSelectors match this request, its limit and bucket. */
      readonly rules: readonly RateLimitRuleDecision[];
      /** Local only: the route-wide bucket (the rule without clientSelectors, else unlimited). */
      readonly defaultLimit: {
        readonly requests: number;
        readonly unit: string;
        readonly fromRule: number | null;
      } | null;
      /** The limits that count this request (the ones that answer 429 once exhausted). */
      readonly counting: readonly string[];
      readonly reason: string;
    }
  | {
      readonly type: 'routeAction';
      readonly action: 'forward' | 'redirect' | 'directResponse';
      readonly status: number | null;
      readonly location?: string;
      /** Forward with a URLRewrite path: the `:path` (query included) the backends receive. */
      readonly upstreamPath?: string;
      /** Forward with a URLRewrite hostname: the Host the backends receive. */
      readonly upstreamHost?: string;
      readonly reason: string;
    }
  | {
      /** The request timeout Envoy applies on this route (route timeout, 15 s when unset). */
      readonly type: 'requestTimeout';
      /** A Go duration, or null when none is set (Envoy's default route timeout, 15s, applies). */
      readonly value: string | null;
      /** `HTTPRoute rule timeouts.request`, `HTTPRoute rule timeouts.backendRequest`, `BackendTrafficPolicy ns/name`, or `Envoy default`. */
      readonly source: string;
      readonly reason: string;
    }
  | {
      /** An effective setting that applies to every request here, with its value. */
      readonly type: 'applies';
      readonly kind: PolicyKind;
      readonly policy: string;
      readonly field: string;
      readonly value: unknown;
    };

/** One rate-limit rule and this request. */
export interface RateLimitRuleDecision {
  readonly index: number;
  readonly matched: boolean;
  readonly why: string;
  readonly limit: { readonly requests: number; readonly unit: string };
  /** Global only: one counter for every route the policy reaches (`shared: true`), else per route. */
  readonly shared: boolean;
  /** How requests are counted: one bucket, or one per value of a header, query parameter or client IP. */
  readonly bucket: string;
}

/** What Envoy does with the request, in one line. */
export interface RequestOutcome {
  /** The status Envoy answers with when it answers itself (404, 403, 401, 30x, 500, 200 preflight); null when forwarded. */
  readonly status: number | null;
  /** `forward`, or what answers: `noListener`, `noRoute`, `tlsRoute`, `cors`, `jwt`, `authorization`, `redirect`, `directResponse`, `pathNormalization`, `listenerFailed`, `policyInvalid`, `routeConfigRejected`. */
  readonly by: string;
  readonly detail: string;
}

/** What `routeRequest` returns. Plain data; the JSON `gwpolicy request` prints. */
export interface RequestAnswer {
  readonly request: {
    readonly method: string;
    readonly url: string;
    /** The host virtual hosts are chosen by (Host header, else the URL's), lower-case, no port. */
    readonly host: string;
    readonly port: number;
    /** The path Envoy routes on, after normalisation. */
    readonly path: string;
    readonly sourceIp: string | null;
  } | null;
  readonly listener: RequestListener | null;
  /**
   * `Kind/ns/name`, or null when no route matches (Envoy answers 404) or no listener serves it.
   *
   * @pattern ^(HTTPRoute|GRPCRoute|TLSRoute|TCPRoute|UDPRoute)/[^/]+/[^/]+$
   */
  readonly route: string | null;
  readonly ruleIndex: number | null;
  /** The rule's name, or null when unnamed. */
  readonly rule: string | null;
  /** The index of the rule's match that matched, or null (no route, or a rule without matches). */
  readonly matchIndex: number | null;
  /** The virtual host's domain (the IR route's hostname). */
  readonly hostname: string | null;
  /** Envoy Gateway's IR route name of the chosen match. */
  readonly irRoute: string | null;
  /** Why the request reaches this route, or why it reaches none. */
  readonly reason: string;
  readonly outcome: RequestOutcome;
  /** The effective policies at the point (the route rule's, and the listener's ClientTrafficPolicy), as in `explain`. */
  readonly policies: Readonly<Partial<Record<PolicyKind, ExplainKind>>>;
  readonly decisions: readonly RequestDecision[];
  readonly notChosen: readonly NotChosen[];
  readonly diagnostics: readonly Diagnostic[];
}
