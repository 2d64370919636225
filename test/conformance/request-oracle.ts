/**
 * The routing oracle of the request-routing parity suite: Envoy's choice computed from Envoy
 * Gateway's own expected xDS IR (the `xdsIR` of a translator test case), independently of the
 * engine. Per IR (one Envoy fleet): the HTTP listeners on the request's port (plain HTTP ones
 * share one route configuration; an HTTPS one is chosen by SNI among the port's HTTPS listeners),
 * virtual hosts by IR route hostname (exact, then longest wildcard, then `*`), and the first IR
 * route of the chosen virtual host, in IR order, whose match the request satisfies.
 */

/** An IR string match as the test data writes it. */
export interface IrMatch {
  readonly name?: string;
  readonly exact?: string;
  readonly prefix?: string;
  readonly suffix?: string;
  readonly safeRegex?: string;
  readonly distinct?: boolean;
  readonly invert?: boolean;
}

/** An IR HTTP route as the test data writes it (the fields routing reads). */
export interface IrHttpRoute {
  readonly name: string;
  readonly hostname: string;
  readonly pathMatch?: IrMatch;
  readonly headerMatches?: readonly IrMatch[];
  readonly queryParamMatches?: readonly IrMatch[];
  readonly cookieMatches?: readonly IrMatch[];
  readonly traffic?: { readonly httpUpgrade?: readonly { readonly type?: string }[] };
}

/** An IR HTTP listener. */
export interface IrHttpListener {
  readonly name: string;
  readonly externalPort: number;
  readonly hostnames?: readonly string[];
  readonly tls?: unknown;
  readonly routes?: readonly IrHttpRoute[];
}

/** A request built to satisfy one IR route. */
export interface BuiltRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: readonly (readonly [string, string])[];
  /** What the oracle reads. */
  readonly host: string;
  readonly path: string;
  readonly query: ReadonlyMap<string, string>;
  readonly headerMap: ReadonlyMap<string, string>;
  readonly cookies: ReadonlyMap<string, string>;
  readonly https: boolean;
  readonly port: number;
}

const hasRegex = (m: IrMatch | undefined): boolean => m?.safeRegex !== undefined;

/** Whether the route has a match the suite can satisfy without a regex. */
export function buildable(r: IrHttpRoute): boolean {
  return (
    !hasRegex(r.pathMatch) &&
    !(r.headerMatches ?? []).some(hasRegex) &&
    !(r.queryParamMatches ?? []).some(hasRegex) &&
    !(r.cookieMatches ?? []).some((c) => hasRegex(c) || c.invert === true) &&
    !(r.traffic?.httpUpgrade ?? []).some((u) => u.type === 'CONNECT')
  );
}

/** A value that satisfies a non-regex match. */
function satisfy(m: IrMatch): string {
  if (m.exact !== undefined) return m.exact;
  if (m.prefix !== undefined) return `${m.prefix}x`;
  if (m.suffix !== undefined) return `x${m.suffix}`;
  return 'x';
}

/** A host a hostname pattern accepts. */
function hostFor(hostname: string): string {
  if (hostname === '*') return 'request-routing.invalid';
  if (hostname.startsWith('*.')) return `a${hostname.slice(1)}`;
  return hostname;
}

/**
 * A request that satisfies an IR route's match.
 *
 * @param r - the IR route
 * @param listener - its IR listener
 * @returns the request
 */
export function buildRequest(r: IrHttpRoute, listener: IrHttpListener): BuiltRequest {
  const https = listener.tls !== undefined && listener.tls !== null;
  const host = hostFor(r.hostname);
  let path = '/';
  if (r.pathMatch?.exact !== undefined) path = r.pathMatch.exact;
  else if (r.pathMatch?.prefix !== undefined) path = r.pathMatch.prefix;
  const headerMap = new Map<string, string>();
  let method = 'GET';
  for (const h of r.headerMatches ?? []) {
    const name = (h.name ?? '').toLowerCase();
    if (name === ':method') method = h.exact ?? method;
    else if (name === ':path') {
      if (h.suffix !== undefined) path = `${path === '/' ? '/svc' : path.replace(/\/$/, '')}${h.suffix}`;
    } else headerMap.set(name, satisfy(h));
  }
  const query = new Map<string, string>();
  for (const q of r.queryParamMatches ?? []) query.set(q.name ?? '', satisfy(q));
  const cookies = new Map<string, string>();
  for (const c of r.cookieMatches ?? []) cookies.set(c.name ?? '', satisfy(c));
  const headers: [string, string][] = [...headerMap];
  if (cookies.size > 0) headers.push(['cookie', [...cookies].map(([k, v]) => `${k}=${v}`).join('; ')]);
  const qs = [...query].map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
  const port = listener.externalPort;
  const url = `${https ? 'https' : 'http'}://${host}:${port}${path}${qs === '' ? '' : `?${qs}`}`;
  return { method, url, headers, host, path, query, headerMap, cookies, https, port };
}

function matchValue(m: IrMatch, v: string | undefined): boolean {
  if (v === undefined) return false;
  if (m.exact !== undefined) return v === m.exact;
  if (m.prefix !== undefined) return v.startsWith(m.prefix);
  if (m.suffix !== undefined) return v.endsWith(m.suffix);
  if (m.safeRegex !== undefined) return new RegExp(`^(?:${m.safeRegex})$`).test(v);
  return false;
}

function routeMatches(r: IrHttpRoute, req: BuiltRequest): boolean {
  const p = r.pathMatch;
  if (p !== undefined) {
    if (p.exact !== undefined && req.path !== p.exact) return false;
    if (p.prefix !== undefined && p.prefix !== '/') {
      const prefix = p.prefix.replace(/\/$/, '');
      if (req.path !== prefix && !req.path.startsWith(`${prefix}/`)) return false;
    }
    if (p.safeRegex !== undefined && !matchValue(p, req.path)) return false;
  }
  for (const h of r.headerMatches ?? []) {
    const name = (h.name ?? '').toLowerCase();
    const v = name === ':method' ? req.method : name === ':path' ? req.path : req.headerMap.get(name);
    if (!matchValue(h, v)) return false;
  }
  for (const q of r.queryParamMatches ?? []) if (!matchValue(q, req.query.get(q.name ?? ''))) return false;
  for (const c of r.cookieMatches ?? []) if (!matchValue(c, req.cookies.get(c.name ?? ''))) return false;
  return true;
}

/**
 * The IR route Envoy chooses for a request among one IR's HTTP listeners, or null (404, or no
 * listener).
 *
 * @param listeners - the HTTP listeners of one xDS IR, in IR order
 * @param req - the request
 * @returns the IR route name, or null
 */
export function oracleRoute(listeners: readonly IrHttpListener[], req: BuiltRequest): string | null {
  const onPort = listeners.filter(
    (l) => l.externalPort === req.port && (l.tls !== undefined && l.tls !== null) === req.https,
  );
  let configListeners: IrHttpListener[];
  if (req.https) {
    // SNI: exact server name, then longest wildcard, then a chain without server names.
    const named = (l: IrHttpListener): readonly string[] => (l.hostnames ?? []).filter((h) => h !== '*');
    const exact = onPort.find((l) => named(l).includes(req.host));
    const wild = onPort
      .flatMap((l) =>
        named(l)
          .filter((h) => h.startsWith('*.') && req.host.endsWith(h.slice(1)))
          .map((h) => ({ l, n: h.length })),
      )
      .sort((a, b) => b.n - a.n)[0]?.l;
    const any = onPort.find((l) => named(l).length === 0);
    const chain = exact ?? wild ?? any;
    configListeners = chain === undefined ? [] : [chain];
  } else configListeners = onPort;
  const vhosts: { domain: string; routes: IrHttpRoute[] }[] = [];
  for (const l of configListeners) {
    const local = new Map<string, IrHttpRoute[]>();
    for (const r of l.routes ?? []) {
      const list = local.get(r.hostname);
      if (list) list.push(r);
      else {
        const fresh = [r];
        local.set(r.hostname, fresh);
        vhosts.push({ domain: r.hostname, routes: fresh });
      }
    }
  }
  const first = (pred: (d: string) => boolean) => vhosts.find((v) => pred(v.domain.toLowerCase()));
  let vh = first((d) => d === req.host);
  if (vh === undefined) {
    vh = vhosts
      .filter(
        (v) =>
          v.domain.startsWith('*') &&
          v.domain !== '*' &&
          req.host.length > v.domain.length - 1 &&
          req.host.endsWith(v.domain.slice(1).toLowerCase()),
      )
      .sort((a, b) => b.domain.length - a.domain.length)[0];
  }
  vh ??= first((d) => d === '*');
  if (vh === undefined) return null;
  return vh.routes.find((r) => routeMatches(r, req))?.name ?? null;
}
