/**
 * Envoy Gateway's IR routes of every programmed HTTP listener, in the order Envoy sees them:
 * built as `ProcessHTTPRoutes` then `ProcessGRPCRoutes` append them (route order, then per
 * parentRef listener: hostnames from `computeHosts` in sorted order, then rules, then matches;
 * route.go:1888-1975, 1152-1357, 1770-1850), then sorted per listener with
 * `sort.Stable(sort.Reverse(XdsIRRoutes))` (sort.go) unless the EnvoyProxy sets
 * `preserveRouteOrder`.
 */

import { parseGoDuration } from '../../go/duration.js';
import { goRegexpError } from '../../go/regexp.js';
import { goStableSort } from '../../go/stable-sort.js';
import { computeHosts } from '../../model/_internal/topology-hostnames.js';
import { formatRef } from '../../model/object-ref.js';
import type { ListenerNode, RouteNode, RuleNode, Topology } from '../../model/topology-types.js';
import { type BackendCheck, backendCheck } from './backend-check.js';
import {
  type IrAction,
  type IrRedirect,
  type IrRoute,
  type IrUrlRewrite,
  lessByKeys,
  orderKeys,
} from './ir-route.js';
import { list, rec, str } from './json-read.js';
import type { PathModifier } from './path-rewrite.js';
import type { StringMatch } from './string-match.js';

/** A rule Envoy Gateway drops (no IR route), and why. */
export interface DroppedRule {
  readonly route: string;
  readonly ruleIndex: number;
  readonly reason: string;
}

/** The IR routes of the programmed HTTP listeners. */
export interface IrRouteTable {
  /** Listener key → its IR routes in Envoy's order (sorted). */
  readonly byListener: ReadonlyMap<string, readonly IrRoute[]>;
  /** Rules that produce no IR route, by `route|ruleIndex`. */
  readonly dropped: ReadonlyMap<string, DroppedRule>;
}

/** Envoy Gateway's GRPCRoute regular expressions for a missing service or method (route.go:47-48). */
const VALID_SERVICE_NAME = '(?i)\\.?[a-z_][a-z_0-9]*(\\.[a-z_][a-z_0-9]*)*';
const VALID_METHOD_NAME = '[A-Za-z_][A-Za-z_0-9]*';

/** One rule's IR routes before the hostname fan-out, or why the rule is dropped. */
type RuleRoutes =
  | {
      readonly ok: true;
      readonly routes: readonly Omit<IrRoute, 'hostname' | 'listener' | 'processingIndex' | 'name'>[];
      readonly names: readonly string[];
    }
  | { readonly ok: false; readonly reason: string };

/**
 * Builds every programmed HTTP listener's IR routes.
 *
 * @param topology - the graph
 * @param ready - whether a listener is programmed
 * @returns the table
 */
export function buildIrRoutes(topology: Topology, ready: (listenerKey: string) => boolean): IrRouteTable {
  const byListener = new Map<string, IrRoute[]>();
  const dropped = new Map<string, DroppedRule>();
  const hostnamesByPort = takenHostnames(topology);
  const backends = backendCheck(topology);
  const kinds = ['HTTPRoute', 'GRPCRoute'] as const;
  for (const kind of kinds) {
    for (const route of topology.routesByKind.get(kind) ?? []) {
      if (!route.relevant) continue;
      const perRule = route.rules.map((rule) => {
        const built =
          kind === 'HTTPRoute'
            ? httpRuleRoutes(route, rule, backends)
            : grpcRuleRoutes(route, rule, backends);
        if (!built.ok)
          dropped.set(`${route.key}|${rule.index}`, {
            route: route.key,
            ruleIndex: rule.index,
            reason: built.reason,
          });
        return built;
      });
      // A parentRef identical to an earlier one is the same Go map key (RouteContext.ParentRefs).
      const seenRefs = new Set<string>();
      const seenListeners = new Set<string>();
      for (const p of route.parentRefs) {
        const refKey = JSON.stringify([p.group, p.kind, p.namespace, p.name, p.sectionName, p.port]);
        if (seenRefs.has(refKey)) continue;
        seenRefs.add(refKey);
        for (const lk of p.listeners) {
          // Two parentRefs reaching one listener append the same routes twice; the copies match
          // exactly as the first, so one is kept.
          if (seenListeners.has(lk) || !ready(lk)) continue;
          seenListeners.add(lk);
          const l = topology.listeners.get(lk);
          if (l === undefined || (l.protocol !== 'HTTP' && l.protocol !== 'HTTPS')) continue;
          const hosts = computeHosts(route.hostnames, l.hostname, (h) => hostnamesByPort(l, h));
          let out = byListener.get(lk);
          if (out === undefined) {
            out = [];
            byListener.set(lk, out);
          }
          for (const host of hosts) {
            const underscored = host.replaceAll('.', '_');
            for (const built of perRule) {
              if (!built.ok) continue;
              built.routes.forEach((r, i) => {
                out.push({
                  ...r,
                  name: `${built.names[i]}/${underscored}`,
                  hostname: host,
                  listener: lk,
                  processingIndex: out.length,
                  action: withListenerPort(r.action, l),
                });
              });
            }
          }
        }
      }
    }
  }
  const preserve = preserveRouteOrder(topology);
  for (const [lk, routes] of byListener) {
    const gw = topology.listeners.get(lk)?.gateway;
    if (gw !== undefined && preserve.has(gw)) continue;
    // sort.Stable(sort.Reverse(x)): Less(i, j) is x.Less(j, i). Keys computed once per route.
    const keyed = routes.map((r) => ({ r, k: orderKeys(r) }));
    goStableSort(keyed, (a, b) => lessByKeys(b.k, a.k) > 0);
    for (let i = 0; i < keyed.length; i++) routes[i] = keyed[i]!.r;
  }
  return { byListener, dropped };
}

/** `computeHosts`' "taken by another listener of the Gateway on the same port" test. */
function takenHostnames(topology: Topology): (l: ListenerNode, host: string) => boolean {
  const counts = new Map<string, number>();
  for (const l of topology.listeners.values()) {
    if (l.hostname === null) continue;
    const k = `${l.gateway} ${l.port} ${l.hostname}`;
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return (l, host) => (counts.get(`${l.gateway} ${l.port} ${host}`) ?? 0) - (l.hostname === host ? 1 : 0) > 0;
}

/** Gateways whose EnvoyProxy sets `preserveRouteOrder: true` (`getPreserveRouteOrder`). */
function preserveRouteOrder(topology: Topology): ReadonlySet<string> {
  const out = new Set<string>();
  const proxyOf = (ns: string, ref: unknown): Readonly<Record<string, unknown>> | undefined => {
    const r = rec(ref);
    const name = str(r?.name);
    if (name === undefined || (r?.kind !== undefined && r.kind !== 'EnvoyProxy')) return undefined;
    return rec(
      topology.byKey.get(formatRef({ kind: 'EnvoyProxy', namespace: str(r?.namespace) ?? ns, name }))?.object
        .spec,
    );
  };
  for (const gw of topology.gateways.values()) {
    if (!gw.accepted) continue;
    const spec = rec(gw.resource.object.spec);
    const infra = rec(spec?.infrastructure);
    let proxy = proxyOf(gw.namespace, infra?.parametersRef);
    if (proxy === undefined) {
      const cls = topology.gatewayClasses.get(gw.gatewayClassName);
      const ref = rec(rec(cls?.object.spec)?.parametersRef);
      if (ref !== undefined) proxy = proxyOf(str(ref.namespace) ?? '', ref);
    }
    if (proxy?.preserveRouteOrder === true) out.add(gw.key);
  }
  return out;
}

function withListenerPort(action: IrAction, l: ListenerNode): IrAction {
  if (action.type !== 'redirect' || action.redirect.port !== null) return action;
  // The redirect port, when the filter has none: the scheme's well-known port, else the listener's.
  const scheme = action.redirect.scheme?.toLowerCase();
  const port = scheme === 'http' ? 80 : scheme === 'https' ? 443 : l.port;
  return { type: 'redirect', redirect: { ...action.redirect, port } };
}

function irRoutePrefix(route: RouteNode): string {
  return `${route.kind.toLowerCase()}/${route.namespace}/${route.name}/`;
}

/** Go's `time.ParseDuration` accepts it. */
function isGoDuration(s: string): boolean {
  return parseGoDuration(s).ok;
}

/** `regex.Validate`: Go's `regexp.Compile` error, as Envoy Gateway reports it when it drops the rule. */
function validateRegex(value: string): string | null {
  const err = goRegexpError(value);
  return err === null ? null : `regex ${JSON.stringify(value)} is invalid: ${err}`;
}

/** The rule's filters as far as routing needs them: redirect, CORS, direct responses. */
function ruleFilters(
  route: RouteNode,
  rule: RuleNode,
  backends: BackendCheck,
): {
  action: IrAction;
  cors: boolean;
  corsFilter: Readonly<Record<string, unknown>> | null;
  urlRewrite: IrUrlRewrite | null;
} {
  let redirect: IrRedirect | null = null;
  let urlRewrite: IrUrlRewrite | null = null;
  let cors = false;
  let corsFilter: Readonly<Record<string, unknown>> | null = null;
  let mirror = false;
  // A filter error makes Envoy Gateway answer 500 on the rule's routes (route.go:363-378,
  // filters.go:98-163).
  let filterError: string | null = null;
  for (const f of list(rule.spec.filters)) {
    const filter = rec(f);
    if (filter?.type === 'RequestRedirect') {
      const r = rec(filter.requestRedirect) ?? {};
      const scheme = str(r.scheme);
      if (redirect !== null)
        filterError ??= 'cannot configure multiple requestRedirect filters for a single HTTPRouteRule';
      else if (scheme !== undefined && scheme !== 'http' && scheme !== 'https')
        filterError ??= `scheme: ${scheme} is unsupported, only 'https' and 'http' are supported`;
      const path = redirectPath(rec(r.path));
      if (typeof path === 'string') filterError ??= path;
      redirect ??= {
        scheme: scheme ?? null,
        hostname: str(r.hostname) ?? null,
        port: typeof r.port === 'number' ? r.port : null,
        path: typeof path === 'string' ? null : path,
        statusCode: typeof r.statusCode === 'number' ? r.statusCode : 302,
      };
    } else if (filter?.type === 'URLRewrite') {
      const r = rec(filter.urlRewrite) ?? {};
      const hostname = str(r.hostname) ?? null;
      const path = rewritePath(rec(r.path));
      // processURLRewriteFilter: a second filter that sets a hostname or a path again is an error.
      if (setsRewrite(urlRewrite) && (hostname !== null || r.path !== undefined))
        filterError ??= 'cannot configure multiple urlRewrite filters for a single HTTPRouteRule';
      else if (typeof path === 'string') filterError ??= path;
      else urlRewrite = { hostname, path };
    } else if (filter?.type === 'CORS') {
      cors = true;
      // The CRD defaults maxAge to 5 seconds, which Envoy Gateway always programs.
      corsFilter = { maxAge: 5, ...rec(filter.cors) };
    } else if (filter?.type === 'RequestMirror') mirror = true;
  }
  if (mirror && redirect !== null)
    filterError ??=
      'RequestMirror filter cannot be used when the rule also configures a RequestRedirect filter';
  if (filterError !== null)
    return {
      action: { type: 'directResponse', status: 500, reason: filterError },
      cors,
      corsFilter,
      urlRewrite: null,
    };
  if (redirect !== null)
    return { action: { type: 'redirect', redirect }, cors, corsFilter, urlRewrite: null };
  const refs = list(rule.spec.backendRefs);
  const weighted = refs.filter((b) => rec(b)?.weight !== 0);
  if (weighted.length === 0) {
    return {
      action: {
        type: 'directResponse',
        status: 500,
        reason: refs.length === 0 ? 'the rule has no backendRefs' : 'every backendRef has weight 0',
      },
      cors,
      corsFilter,
      urlRewrite,
    };
  }
  const problems = weighted.map((b) => backends.problem(route, rec(b) ?? {}));
  if (problems.every((p) => p !== null)) {
    return {
      action: {
        type: 'directResponse',
        status: 500,
        reason: `no backendRef is usable: ${problems.join('; ')}`,
      },
      cors,
      corsFilter,
      urlRewrite,
    };
  }
  return { action: { type: 'forward' }, cors, corsFilter, urlRewrite };
}

/** Whether an earlier URLRewrite filter of the rule set a hostname or a path. */
function setsRewrite(r: IrUrlRewrite | null): boolean {
  return r !== null && (r.hostname !== null || r.path !== null);
}

/** A RequestRedirect's path modifier (`processRedirectFilter`), or Envoy Gateway's error for it. */
function redirectPath(path: Readonly<Record<string, unknown>> | undefined): PathModifier | null | string {
  if (path === undefined) return null;
  const type = str(path.type) ?? '';
  if (type === 'ReplaceFullPath') {
    const v = str(path.replaceFullPath);
    return v === undefined ? null : { type, value: v };
  }
  if (type === 'ReplacePrefixMatch') {
    const v = str(path.replacePrefixMatch);
    return v === undefined ? null : { type, value: v };
  }
  return `redirect path type: ${type} is invalid, only "ReplaceFullPath" and "ReplacePrefixMatch" are supported`;
}

/** A URLRewrite's path modifier (`processURLRewriteFilter`), or Envoy Gateway's error for it. */
function rewritePath(path: Readonly<Record<string, unknown>> | undefined): PathModifier | null | string {
  if (path === undefined) return null;
  const type = str(path.type) ?? '';
  const full = str(path.replaceFullPath);
  const prefix = str(path.replacePrefixMatch);
  if (type === 'ReplaceFullPath') {
    if (prefix !== undefined)
      return 'ReplacePrefixMatch cannot be set when rewrite path type is "ReplaceFullPath"';
    if (full === undefined) return 'ReplaceFullPath must be set when rewrite path type is "ReplaceFullPath"';
    return { type, value: full };
  }
  if (type === 'ReplacePrefixMatch') {
    if (full !== undefined)
      return 'ReplaceFullPath cannot be set when rewrite path type is "ReplacePrefixMatch"';
    if (prefix === undefined)
      return 'ReplacePrefixMatch must be set when rewrite path type is "ReplacePrefixMatch"';
    return { type, value: prefix };
  }
  return `rewrite path type: ${type} is invalid, only "ReplaceFullPath" and "ReplacePrefixMatch" are supported`;
}

/**
 * `processRouteTimeout` (route.go): `timeouts.request`, replaced by `timeouts.backendRequest` when
 * the rule has no retry; an unparsable value becomes 15s.
 */
function ruleTimeout(rule: RuleNode): { value: string; source: string } | null {
  const t = rec(rule.spec.timeouts);
  if (t === undefined) return null;
  const fix = (v: string): string => (isGoDuration(v) ? v : '15s');
  const backend = str(t.backendRequest);
  if (backend !== undefined && rule.spec.retry === undefined)
    return { value: fix(backend), source: 'HTTPRoute rule timeouts.backendRequest' };
  const request = str(t.request);
  return request === undefined ? null : { value: fix(request), source: 'HTTPRoute rule timeouts.request' };
}

type PartialRoute = Omit<IrRoute, 'hostname' | 'listener' | 'processingIndex' | 'name'>;

/**
 * Header or query parameter matches (`Exact` by default, `RegularExpression` validated as
 * `regex.Validate` does), or the reason the rule is dropped.
 */
function namedMatches(
  raw: unknown,
):
  | { readonly ok: true; readonly matches: readonly StringMatch[] }
  | { readonly ok: false; readonly reason: string } {
  const matches: StringMatch[] = [];
  for (const item of list(raw)) {
    const m = rec(item) ?? {};
    const name = str(m.name) ?? '';
    const value = str(m.value) ?? '';
    const type = str(m.type) ?? 'Exact';
    if (type === 'Exact') matches.push({ name, exact: value });
    else if (type === 'RegularExpression') {
      const bad = validateRegex(value);
      if (bad !== null) return { ok: false, reason: bad };
      matches.push({ name, safeRegex: value });
    }
  }
  return { ok: true, matches };
}

function httpRuleRoutes(route: RouteNode, rule: RuleNode, backends: BackendCheck): RuleRoutes {
  const sp = rec(rule.spec.sessionPersistence);
  if (sp !== undefined) {
    const type = sp.type;
    if (type !== undefined && type !== null && type !== 'Cookie' && type !== 'Header')
      return { ok: false, reason: `unknown session persistence type ${String(type)}` };
    const abs = str(sp.absoluteTimeout);
    if (
      (type === undefined || type === null || type === 'Cookie') &&
      abs !== undefined &&
      rec(sp.cookieConfig)?.lifetimeType === 'Permanent' &&
      !isGoDuration(abs)
    )
      return { ok: false, reason: `sessionPersistence.absoluteTimeout ${abs} is not a duration` };
  }
  const { action, cors, corsFilter, urlRewrite } = ruleFilters(route, rule, backends);
  const base = {
    route: route.key,
    routeKind: 'HTTPRoute' as const,
    ruleIndex: rule.index,
    ruleName: rule.name,
    cookieMatches: [],
    action,
    corsFilter,
    urlRewrite,
    timeout: ruleTimeout(rule),
  };
  const prefix = `${irRoutePrefix(route)}rule/${rule.index}/match/`;
  const matches = list(rule.spec.matches);
  if (matches.length === 0) {
    return {
      ok: true,
      routes: [
        {
          ...base,
          matchIndex: null,
          pathMatch: null,
          headerMatches: [],
          queryParamMatches: [],
          corsPreflight: false,
        },
      ],
      names: [`${prefix}-1`],
    };
  }
  const routes: PartialRoute[] = [];
  const names: string[] = [];
  for (let i = 0; i < matches.length; i++) {
    const m = rec(matches[i]) ?? {};
    let pathMatch: StringMatch | null = null;
    const path = rec(m.path);
    if (path !== undefined) {
      // The CRD defaults the type to PathPrefix and the value to "/".
      const value = str(path.value) ?? '/';
      const type = str(path.type) ?? 'PathPrefix';
      if (type === 'PathPrefix') pathMatch = { prefix: value };
      else if (type === 'Exact') pathMatch = { exact: value };
      else if (type === 'RegularExpression') {
        const bad = validateRegex(value);
        if (bad !== null) return { ok: false, reason: bad };
        pathMatch = { safeRegex: value };
      }
    }
    const headers = namedMatches(m.headers);
    if (!headers.ok) return headers;
    const queries = namedMatches(m.queryParams);
    if (!queries.ok) return queries;
    const headerMatches = [...headers.matches];
    const queryParamMatches = queries.matches;
    const method = str(m.method);
    if (method !== undefined) headerMatches.push({ name: ':method', exact: method });
    routes.push({
      ...base,
      matchIndex: i,
      pathMatch,
      headerMatches,
      queryParamMatches,
      corsPreflight: false,
    });
    names.push(`${prefix}${i}`);
    if (cors && method !== undefined && method !== 'OPTIONS') {
      routes.push({
        ...base,
        matchIndex: i,
        pathMatch,
        queryParamMatches,
        headerMatches: [
          ...headerMatches.filter((h) => h.name !== ':method'),
          { name: ':method', exact: 'OPTIONS' },
          { name: 'origin', safeRegex: '.*' },
          { name: 'access-control-request-method', safeRegex: '.*' },
        ],
        corsPreflight: true,
      });
      names.push(`${prefix}${i}/cors-preflight`);
    }
  }
  return { ok: true, routes, names };
}

function grpcRuleRoutes(route: RouteNode, rule: RuleNode, backends: BackendCheck): RuleRoutes {
  const { action, corsFilter } = ruleFilters(route, rule, backends);
  const base = {
    route: route.key,
    routeKind: 'GRPCRoute' as const,
    corsFilter,
    urlRewrite: null,
    timeout: null,
    ruleIndex: rule.index,
    ruleName: rule.name,
    cookieMatches: [],
    queryParamMatches: [],
    corsPreflight: false,
    action,
  };
  const prefix = `${irRoutePrefix(route)}rule/${rule.index}/match/`;
  const matches = list(rule.spec.matches);
  if (matches.length === 0) {
    return {
      ok: true,
      routes: [{ ...base, matchIndex: null, pathMatch: null, headerMatches: [] }],
      names: [`${prefix}-1`],
    };
  }
  const routes: PartialRoute[] = [];
  const names: string[] = [];
  for (let i = 0; i < matches.length; i++) {
    const m = rec(matches[i]) ?? {};
    const headers = namedMatches(m.headers);
    if (!headers.ok) return headers;
    const headerMatches = [...headers.matches];
    let pathMatch: StringMatch | null = null;
    const method = rec(m.method);
    if (method !== undefined) {
      const service = str(method.service);
      const name = str(method.method);
      const type = str(method.type) ?? 'Exact';
      if (type === 'Exact') {
        if (service !== undefined && name !== undefined) pathMatch = { exact: `/${service}/${name}` };
        // A method without a service is a `:path` suffix header match (route.go:1852-1869).
        else if (name !== undefined) headerMatches.push({ name: ':path', suffix: `/${name}` });
        else if (service !== undefined) pathMatch = { prefix: `/${service}` };
      } else if (type === 'RegularExpression') {
        for (const v of [service, name]) {
          if (v === undefined) continue;
          const bad = validateRegex(v);
          if (bad !== null) return { ok: false, reason: bad };
        }
        if (service !== undefined && name !== undefined) pathMatch = { safeRegex: `/${service}/${name}` };
        else if (name !== undefined) pathMatch = { safeRegex: `/${VALID_SERVICE_NAME}/${name}` };
        else if (service !== undefined) pathMatch = { safeRegex: `/${service}/${VALID_METHOD_NAME}` };
      }
    }
    routes.push({ ...base, matchIndex: i, pathMatch, headerMatches });
    names.push(`${prefix}${i}`);
  }
  return { ok: true, routes, names };
}
