/**
 * `routeRequest`: which listener, virtual host, route, rule and match serve one HTTP request,
 * exactly as Envoy Gateway programs Envoy; the effective policies there; what their
 * request-dependent parts decide; and every alternative considered and skipped, with why.
 *
 * @packageDocumentation
 */
import type { Diagnostic } from '../model/diagnostic.js';
import type { ListenerNode } from '../model/topology-types.js';
import type { JsonObject, PolicyKind } from '../model/types.js';
import type { Resolution } from '../precedence/resolution-types.js';
import { arrivalGateway } from './_internal/arrival-gateway.js';
import { requestDecisions } from './_internal/decisions.js';
import {
  type EnvoyPort,
  findTlsChain,
  fleetOf,
  matchingVirtualHosts,
  type RouteConfig,
  type TlsChain,
} from './_internal/envoy-listeners.js';
import { type IrRoute, orderStepBetween } from './_internal/ir-route.js';
import { describeOrderStep } from './_internal/order-words.js';
import {
  normalizePath,
  type ParsedRequest,
  type PathSettings,
  parseRequest,
} from './_internal/parse-request.js';
import { type MatchableRequest, parseCookies, parseQuery, routeMismatch } from './_internal/route-match.js';
import { createRequestRouter, type RequestRouter, type RouterIndex } from './create-request-router.js';
import type {
  HttpRequestInput,
  NotChosen,
  RequestAnswer,
  RequestDecision,
  RequestListener,
  RequestOutcome,
  RouteRequestOptions,
} from './request-types.js';

/** At most this many routes of the chosen virtual host are listed with the condition they fail, when none matches. */
const MAX_UNMATCHED_SHOWN = 20;

function isRouter(x: Resolution | RequestRouter): x is RequestRouter {
  return (x as RequestRouter).index?.kind === 'RequestRouterIndex';
}

/**
 * Routes one request as Envoy, programmed by Envoy Gateway, would: the URL's scheme, host and
 * port choose the listener (port, protocol, TLS server name, hostname); the Host chooses the
 * virtual host (exact, then longest wildcard, then `*`); the first route of that virtual host in
 * Envoy Gateway's order that matches the request serves it. Never throws on user input: a bad URL,
 * header or Gateway is a diagnostic and a null answer.
 *
 * @param resolutionOrRouter - a resolution, or a {@link RequestRouter} built once for many requests
 * @param request - method, URL, headers, source IP, JWT claims
 * @param options - the Gateway the request arrives at (default: the only accepted Gateway)
 * @returns the answer (plain data)
 * @example
 * const answer = routeRequest(resolution, { method: 'GET', url: 'https://shop.acme.example/cart' }, { gateway: 'infra/public-gw' });
 * answer.route; // => 'HTTPRoute/shop/cart'
 * answer.listener?.name; // => 'https'
 */
export function routeRequest(
  resolutionOrRouter: Resolution | RequestRouter,
  request: HttpRequestInput,
  options: RouteRequestOptions = {},
): RequestAnswer {
  const router = isRouter(resolutionOrRouter) ? resolutionOrRouter : createRequestRouter(resolutionOrRouter);
  return new RequestRouting(router, request, options).answer();
}

/** The state of answering one request (one object per call; nothing outlives it). */
class RequestRouting {
  private readonly index: RouterIndex;
  private readonly resolution: Resolution;
  private readonly notChosen: NotChosen[] = [];
  private readonly diagnostics: Diagnostic[] = [];

  constructor(
    router: RequestRouter,
    private readonly input: HttpRequestInput,
    private readonly options: RouteRequestOptions,
  ) {
    this.index = router.index as RouterIndex;
    this.resolution = router.resolution;
  }

  answer(): RequestAnswer {
    const gateway = arrivalGateway(this.resolution.topology, this.options, this.diagnostics);
    if (gateway === null) return this.empty('noListener', this.diagnostics[0]?.message ?? 'no Gateway');
    const parsed = parseRequest({
      method: this.input.method,
      url: this.input.url,
      headers: this.input.headers ?? [],
      sourceIp: this.input.sourceIp ?? null,
    });
    if (!parsed.ok) {
      this.diagnostics.push({
        code: 'GWP-REQUEST-BAD-INPUT',
        severity: 'error',
        message: `request ${parsed.problem.field}: ${parsed.problem.message}`,
      });
      return this.empty('noListener', parsed.problem.message);
    }
    const req = parsed.request;
    const topology = this.resolution.topology;
    const fleet = fleetOf(topology, gateway);
    const ports = this.index.ports.get(fleet) ?? new Map<number, EnvoyPort>();
    for (const [port, at] of ports) {
      if (port === req.port) continue;
      for (const l of at.listeners)
        this.skipListener(l, `listens on port ${port}, the request goes to port ${req.port}`);
    }
    const at = ports.get(req.port);
    if (at === undefined) {
      return this.noRoute(
        req,
        null,
        'noListener',
        `no listener of ${gateway} listens on port ${req.port}: the connection is refused`,
      );
    }
    for (const l of at.listeners) {
      const problem = this.index.problems.get(l);
      if (problem !== undefined) this.skipListener(l, `not programmed by Envoy Gateway: ${problem}`);
    }
    if (req.scheme === 'http') {
      for (const c of at.tlsChains)
        this.skipListener(c.listener, 'a TLS listener: the request is plain HTTP');
      for (const l of at.tcpListeners) this.skipListener(l, 'a TCP listener: no HTTP routing');
      if (at.http === null) {
        const why =
          at.tlsChains.length > 0
            ? `port ${req.port} only has TLS listeners: a plain-HTTP request fails the TLS handshake`
            : `no programmed HTTP listener on port ${req.port}`;
        return this.noRoute(req, null, 'noListener', why);
      }
      return this.routeHttp(req, at.http, at.httpListeners);
    }
    for (const l of at.httpListeners) this.skipListener(l, 'a plain-HTTP listener: the request uses TLS');
    if (at.tlsChains.length === 0) {
      return this.noRoute(
        req,
        null,
        'noListener',
        `no programmed HTTPS or TLS listener on port ${req.port}: the TLS handshake fails`,
      );
    }
    const chain = findTlsChain(at.tlsChains, req.urlHost);
    for (const c of at.tlsChains) {
      if (c === chain) continue;
      const names = c.serverNames.length === 0 ? 'any server name' : c.serverNames.join(', ');
      this.skipListener(
        c.listener,
        chain === null || !sameChainMatch(c, req.urlHost)
          ? `TLS server name ${req.urlHost} does not match ${names}`
          : `Envoy prefers a more specific server name than ${names}`,
        c.type === 'tls' ? c.route : undefined,
      );
    }
    if (chain === null) {
      // A TLS listener whose hostname takes this server name, but no TLSRoute of it does.
      const tls = at.listeners
        .map((k) => this.resolution.topology.listeners.get(k))
        .find(
          (l) =>
            l !== undefined &&
            l.protocol === 'TLS' &&
            !this.index.problems.has(l.key) &&
            (l.hostname === null || hostnameTakes(l.hostname.toLowerCase(), req.urlHost)),
        );
      if (tls !== undefined) {
        return this.noRoute(
          req,
          this.listenerRef(tls.key),
          'noRoute',
          `TLS listener ${tls.name} takes server name ${req.urlHost}, but none of its TLSRoutes does: Envoy has no filter chain for it and the handshake fails`,
        );
      }
      return this.noRoute(
        req,
        null,
        'noListener',
        `no TLS filter chain on port ${req.port} accepts server name ${req.urlHost}: the handshake fails`,
      );
    }
    if (chain.type === 'tls') {
      const listener = this.listenerRef(chain.listener);
      return this.finish(req, {
        listener,
        route: chain.route,
        reason: `TLS listener ${listener.name} forwards the connection for server name ${req.urlHost} to ${chain.route}; HTTP routing does not apply`,
        outcome: { status: null, by: 'tlsRoute', detail: `the TLS stream goes to ${chain.route}` },
      });
    }
    return this.routeHttp(req, chain.config, [chain.listener]);
  }

  private routeHttp(sent: ParsedRequest, config: RouteConfig, listeners: readonly string[]): RequestAnswer {
    // The connection manager is the first listener's: its ClientTrafficPolicy sets how it reads the request.
    const hcmListener = listeners[0]!;
    const hcm = this.connectionManagerSettings(hcmListener);
    const req =
      hcm.stripTrailingHostDot && sent.host.endsWith('.') ? { ...sent, host: sent.host.slice(0, -1) } : sent;
    if (config.duplicates.length > 0) {
      const clash = config.duplicates
        .map(
          (d) => `${d.domain} (listeners ${d.listeners.map((l) => this.listenerRef(l).name).join(' and ')})`,
        )
        .join(', ');
      return this.noRoute(
        req,
        this.listenerRef(hcmListener),
        'routeConfigRejected',
        `the plain-HTTP listeners on port ${req.port} share one route configuration, and it has two virtual hosts for ${clash}: Envoy rejects the whole configuration ("Only unique values for domains are permitted"), so no route of this port is served as configured (Envoy keeps the configuration it had, if any)`,
      );
    }
    const normalized = normalizePath(req.rawPath, hcm.path);
    const pathHeader = req.query === '' ? normalized.path : `${normalized.path}?${req.query}`;
    const matchable: MatchableRequest = {
      path: normalized.path,
      pathHeader,
      headers: new Map([...req.headers, [':path', [pathHeader]]]),
      query: parseQuery(req.query, false),
      decodedQuery: parseQuery(req.query, true),
      cookies: parseCookies(req.headers),
    };
    const vhosts = matchingVirtualHosts(config, req.host);
    const chosen = vhosts[0];
    // The listeners whose virtual hosts this route configuration holds, other than the chosen one's.
    const hostListeners = new Set(config.virtualHosts.map((v) => v.listener));
    for (const l of listeners) {
      if (l !== chosen?.host.listener && !hostListeners.has(l))
        this.skipListener(l, 'has no routes, so no virtual host');
    }
    for (const v of vhosts.slice(1)) {
      this.notChosen.push({
        type: 'virtualHost',
        hostname: v.host.domain,
        listener: this.listenerRef(v.host.listener),
        reason: `domain ${v.host.domain} matches ${req.host}, but Envoy prefers ${chosen!.how === 'exact' ? 'the exact domain' : 'the longer wildcard'} ${chosen!.host.domain}`,
      });
    }
    for (const l of hostListeners) {
      if (l !== chosen?.host.listener && !vhosts.some((v) => v.host.listener === l)) {
        const domains = config.virtualHosts.filter((v) => v.listener === l).map((v) => v.domain);
        this.skipListener(l, `its virtual hosts (${abbreviate(domains)}) do not match host ${req.host}`);
      }
    }
    if (chosen === undefined) {
      const listener = this.gatewayApiListener(listeners, req.host);
      return this.noRoute(
        req,
        listener,
        'noRoute',
        `no virtual host on port ${req.port} matches host ${req.host}: Envoy answers 404`,
        404,
        normalized.path,
      );
    }
    const listener = this.listenerRef(chosen.host.listener);
    if (normalized.outcome !== 'ok') {
      const decision: RequestDecision = {
        type: 'pathNormalization',
        path: normalized.path,
        outcome: normalized.outcome,
        reason:
          normalized.outcome === 'redirect'
            ? `the path has escaped slashes (%2F, %5C); escapedSlashesAction UnescapeAndRedirect answers with a redirect to ${normalized.path}`
            : 'the path has escaped slashes (%2F, %5C) and escapedSlashesAction is RejectRequest',
      };
      return this.finish(req, {
        listener,
        hostname: chosen.host.domain,
        path: normalized.path,
        reason: decision.reason,
        decisions: [decision],
        outcome: {
          status: normalized.outcome === 'redirect' ? 307 : 400,
          by: 'pathNormalization',
          detail: decision.reason,
        },
      });
    }
    const routes = chosen.host.routes;
    let winner: IrRoute | null = null;
    const unmatched: { route: IrRoute; failed: string }[] = [];
    for (const r of routes) {
      const miss = routeMismatch(r, matchable, this.index.regexes);
      if (miss === null) {
        if (winner === null) winner = r;
        else {
          const step = orderStepBetween(winner, r);
          this.notChosen.push({
            type: 'route',
            route: r.route,
            ruleIndex: r.ruleIndex,
            rule: r.ruleName,
            matchIndex: r.matchIndex,
            hostname: r.hostname,
            step,
            reason: `matches too, but comes after ${describeIr(winner)} in Envoy Gateway's order: ${describeOrderStep(step, winner, r)}`,
          });
        }
      } else if (winner === null && unmatched.length < MAX_UNMATCHED_SHOWN)
        unmatched.push({ route: r, failed: miss });
    }
    this.droppedRules(routes);
    if (winner === null) {
      const tried = unmatched.map((u) => `${describeIr(u.route)} needs ${u.failed}`);
      const more = routes.length > unmatched.length ? `; ${routes.length - unmatched.length} more` : '';
      return this.noRoute(
        req,
        listener,
        'noRoute',
        `virtual host ${chosen.host.domain} has no route matching ${req.method} ${normalized.path}: Envoy answers 404${tried.length > 0 ? ` (${tried.join('; ')}${more})` : ''}`,
        404,
        normalized.path,
        chosen.host.domain,
      );
    }
    const w = winner;
    const how =
      chosen.how === 'exact'
        ? `exact domain ${chosen.host.domain}`
        : chosen.how === 'wildcard'
          ? `wildcard domain ${chosen.host.domain}`
          : 'the catch-all domain *';
    return this.finish(req, {
      listener,
      route: w.route,
      ruleIndex: w.ruleIndex,
      rule: w.ruleName,
      matchIndex: w.matchIndex,
      hostname: w.hostname,
      irRoute: w.name,
      path: normalized.path,
      ir: w,
      matchable,
      reason: `listener ${listener.name} (port ${listener.port}), virtual host ${how}; ${describeIr(w)} is the first route there that matches${w.corsPreflight ? ' (the CORS preflight route Envoy Gateway adds for a method match)' : ''}`,
    });
  }

  /** Rules of the virtual host's routes that Envoy Gateway dropped. */
  private droppedRules(routes: readonly IrRoute[]): void {
    const seen = new Set<string>();
    for (const r of routes) {
      if (seen.has(r.route)) continue;
      seen.add(r.route);
      for (const d of this.index.droppedByRoute.get(r.route) ?? []) {
        this.notChosen.push({
          type: 'droppedRule',
          route: r.route,
          ruleIndex: d.ruleIndex,
          reason: `Envoy Gateway drops this rule: ${d.reason}`,
        });
      }
    }
  }

  /** How the HCM of a listener reads requests: its ClientTrafficPolicy's `path` and `headers.host`. */
  private connectionManagerSettings(listenerKey: string): {
    path: PathSettings;
    stripTrailingHostDot: boolean;
  } {
    const point = this.index.points.get(listenerKey);
    const ctp = point ? this.index.explainPoint(point).policies.ClientTrafficPolicy : undefined;
    const effective = ctp?.effective as
      | {
          path?: { escapedSlashesAction?: unknown; disableMergeSlashes?: unknown };
          headers?: { host?: { stripTrailingHostDot?: unknown } };
        }
      | undefined;
    const path = effective?.path;
    const action = path?.escapedSlashesAction;
    return {
      path: {
        mergeSlashes: path?.disableMergeSlashes !== true,
        escapedSlashesAction:
          action === 'KeepUnchanged' || action === 'RejectRequest' || action === 'UnescapeAndForward'
            ? action
            : 'UnescapeAndRedirect',
      },
      stripTrailingHostDot: effective?.headers?.host?.stripTrailingHostDot === true,
    };
  }

  /** The listener Gateway API would say receives a host (most specific hostname), for a 404 with no virtual host. */
  private gatewayApiListener(listeners: readonly string[], host: string): RequestListener | null {
    let best: ListenerNode | null = null;
    let rank = -1;
    for (const k of listeners) {
      const l = this.resolution.topology.listeners.get(k);
      if (l === undefined) continue;
      const h = l.hostname?.toLowerCase() ?? null;
      const r =
        h === null ? 0 : h === host ? 1e6 : h.startsWith('*.') && host.endsWith(h.slice(1)) ? h.length : -1;
      if (r > rank) {
        best = l;
        rank = r;
      }
    }
    return best === null ? null : this.listenerRef(best.key);
  }

  private skipListener(key: string, reason: string, route?: string): void {
    if (this.notChosen.some((n) => n.type === 'listener' && listenerKeyOf(n.listener) === key)) return;
    this.notChosen.push({
      type: 'listener',
      listener: this.listenerRef(key),
      reason: route === undefined ? reason : `${reason} (${route})`,
    });
  }

  private listenerRef(key: string): RequestListener {
    const l = this.resolution.topology.listeners.get(key);
    return {
      gateway: l?.gateway ?? '',
      listenerSet: l?.listenerSet ?? null,
      name: l?.name ?? key,
      port: l?.port ?? 0,
      protocol: l?.protocol ?? '',
      hostname: l?.hostname ?? null,
    };
  }

  private empty(by: string, detail: string): RequestAnswer {
    return {
      request: null,
      listener: null,
      route: null,
      ruleIndex: null,
      rule: null,
      matchIndex: null,
      hostname: null,
      irRoute: null,
      reason: detail,
      outcome: { status: null, by, detail },
      policies: {},
      decisions: [],
      notChosen: this.notChosen,
      diagnostics: this.diagnostics,
    };
  }

  private noRoute(
    req: ParsedRequest,
    listener: RequestListener | null,
    by: string,
    reason: string,
    status: number | null = null,
    path: string = req.rawPath,
    hostname: string | null = null,
  ): RequestAnswer {
    return this.finish(req, { listener, reason, path, hostname, outcome: { status, by, detail: reason } });
  }

  private finish(
    req: ParsedRequest,
    a: {
      listener: RequestListener | null;
      route?: string;
      ruleIndex?: number;
      rule?: string | null;
      matchIndex?: number | null;
      hostname?: string | null;
      irRoute?: string;
      path?: string;
      reason: string;
      outcome?: RequestOutcome;
      decisions?: RequestDecision[];
      ir?: IrRoute;
      matchable?: MatchableRequest;
    },
  ): RequestAnswer {
    const policies: Partial<Record<PolicyKind, import('../explain/explain.js').ExplainKind>> = {};
    let listenerFailed: { routes: 'answer500' | 'dropped' } | undefined;
    if (a.listener !== null) {
      const lk = listenerKeyOf(a.listener);
      const lp = this.index.points.get(lk);
      if (lp !== undefined) {
        const ctp = this.index.explainPoint(lp).policies.ClientTrafficPolicy;
        if (ctp !== undefined) policies.ClientTrafficPolicy = ctp;
      }
      if (a.route !== undefined && a.ruleIndex !== undefined) {
        const p = this.index.points.get(`${lk}|${a.route}|${a.ruleIndex}`);
        if (p !== undefined) {
          const explained = this.index.explainPoint(p);
          Object.assign(policies, explained.policies);
          if (explained.listenerFailed) listenerFailed = explained.listenerFailed;
        }
      }
    }
    let decisions = a.decisions ?? [];
    let outcome = a.outcome;
    if (a.ir !== undefined && a.matchable !== undefined) {
      const d = requestDecisions({
        ir: a.ir,
        request: a.matchable,
        method: req.method,
        sourceIp: req.sourceIp,
        jwtClaims: (this.input.jwtClaims ?? null) as JsonObject | null,
        policies,
        listenerFailed: listenerFailed ?? null,
        regexes: this.index.regexes,
        scheme: req.scheme,
        host: req.host,
        routeFailure: this.index.routeFailure,
      });
      decisions = d.decisions;
      outcome = d.outcome;
    }
    if (
      this.options.listenerSet !== undefined &&
      a.listener !== null &&
      a.listener.listenerSet !== this.options.listenerSet
    ) {
      this.notChosen.push({
        type: 'listener',
        listener: a.listener,
        reason: `serves the request although it is not a listener of ListenerSet ${this.options.listenerSet}: Envoy routes over every listener of the Gateway`,
      });
    }
    return {
      request: {
        method: req.method,
        url: this.input.url,
        host: req.host,
        port: req.port,
        path: a.path ?? req.rawPath,
        sourceIp: req.sourceIp,
      },
      listener: a.listener,
      route: a.route ?? null,
      ruleIndex: a.ruleIndex ?? null,
      rule: a.rule ?? null,
      matchIndex: a.matchIndex ?? null,
      hostname: a.hostname ?? null,
      irRoute: a.irRoute ?? null,
      reason: a.reason,
      outcome: outcome ?? { status: null, by: 'forward', detail: 'forwarded to the backends' },
      policies,
      decisions,
      notChosen: this.notChosen,
      diagnostics: this.diagnostics,
    };
  }
}

/** Whether a listener hostname (exact or `*.suffix`) takes a server name. */
function hostnameTakes(hostname: string, sni: string): boolean {
  return (
    hostname === sni ||
    (hostname.startsWith('*.') && sni.endsWith(hostname.slice(1)) && sni.length > hostname.length - 1)
  );
}

function sameChainMatch(c: TlsChain, sni: string): boolean {
  return c.serverNames.length === 0 || c.serverNames.some((n) => hostnameTakes(n.toLowerCase(), sni));
}

function listenerKeyOf(l: RequestListener): string {
  return l.listenerSet === null ? `${l.gateway}/${l.name}` : `${l.gateway}/${l.listenerSet}/${l.name}`;
}

/** A route rule match in words: `HTTPRoute/ns/name rule 0 (name) match 1`. */
function describeIr(r: IrRoute): string {
  const rule = r.ruleName === null ? `rule ${r.ruleIndex}` : `rule ${r.ruleIndex} (${r.ruleName})`;
  return `${r.route} ${rule}${r.matchIndex === null ? '' : ` match ${r.matchIndex}`}${r.corsPreflight ? ' (CORS preflight)' : ''}`;
}

function abbreviate(items: readonly string[]): string {
  return items.length <= 5 ? items.join(', ') : `${items.slice(0, 5).join(', ')}, … ${items.length - 5} more`;
}
