/**
 * Whether a request satisfies an IR route's match, as Envoy's `RouteEntryImplBase::matches`
 * evaluates the route Envoy Gateway builds (`buildXdsRouteMatch`, internal/xds/translator/route.go):
 * path first (exact; prefix `/`; `path_separated_prefix` for any other prefix, with one trailing
 * `/` trimmed; `safe_regex` as an RE2 full match on the path without query), then every header
 * (values of a repeated header joined with `,`; a missing header never matches), every query
 * parameter (its first value as sent: route matching reads the query with
 * `QueryParamsMulti::parseQueryString`, which does not percent-decode) and every cookie.
 */
import type { IrRoute } from './ir-route.js';
import type { RegexCache } from './regex-cache.js';
import { describeMatch, type StringMatch, stringMatches } from './string-match.js';

/** The request as route matching reads it. */
export interface MatchableRequest {
  /** Normalised path, without query. */
  readonly path: string;
  /** `:path` as Envoy's header matchers see it: the normalised path, `?`, the query. */
  readonly pathHeader: string;
  readonly headers: ReadonlyMap<string, readonly string[]>;
  /** Query parameter → first value, as sent (route matching does not percent-decode). */
  readonly query: ReadonlyMap<string, string>;
  /**
   * Query parameter → first value, names and values percent-decoded, as rate-limit query matches
   * read them (`QueryParameterValueMatchAction` uses `parseAndDecodeQueryString`).
   */
  readonly decodedQuery: ReadonlyMap<string, string>;
  readonly cookies: ReadonlyMap<string, string>;
}

/** The value a header matcher sees, or null when the header is absent. */
export function headerValue(request: MatchableRequest, name: string): string | null {
  const lower = name.toLowerCase();
  if (lower === ':path') return request.pathHeader;
  const values = request.headers.get(lower);
  return values === undefined ? null : values.join(',');
}

/** Envoy's path specifier check. */
export function pathMatches(m: StringMatch | null, path: string, regexes: RegexCache): boolean {
  if (m === null) return true;
  if (m.exact !== undefined) return path === m.exact;
  if (m.prefix !== undefined) {
    if (m.prefix === '/') return path.startsWith('/');
    const p = m.prefix.endsWith('/') ? m.prefix.slice(0, -1) : m.prefix;
    return path === p || path.startsWith(`${p}/`);
  }
  if (m.safeRegex !== undefined) return regexes.fullMatch(m.safeRegex, path);
  return false;
}

/**
 * The first condition of the route the request fails, in Envoy's order, or null when it matches.
 *
 * @param route - the IR route
 * @param request - the request
 * @param regexes - the router's regex cache
 * @returns a short description of the failing condition, or null
 */
export function routeMismatch(route: IrRoute, request: MatchableRequest, regexes: RegexCache): string | null {
  if (!pathMatches(route.pathMatch, request.path, regexes)) return `path ${describeMatch(route.pathMatch!)}`;
  for (const h of route.headerMatches) {
    const v = headerValue(request, h.name ?? '');
    if (v === null || !stringMatches(h, v, regexes)) return `header ${h.name} ${describeMatch(h)}`;
  }
  for (const q of route.queryParamMatches) {
    const v = request.query.get(q.name ?? '');
    if (v === undefined || !stringMatches(q, v, regexes))
      return `query parameter ${q.name} ${describeMatch(q)}`;
  }
  for (const c of route.cookieMatches) {
    const v = request.cookies.get(c.name ?? '');
    const ok = v !== undefined && stringMatches(c, v, regexes);
    if (ok === (c.invert === true)) return `cookie ${c.name} ${describeMatch(c)}`;
  }
  return null;
}

/**
 * Query string → first value of each parameter, split as Envoy's `QueryParamsMulti::parseParameters`
 * does (`&`, then the first `=`; a parameter without `=` has the value ''), optionally
 * percent-decoded.
 *
 * @param query - the query string without `?`
 * @param decode - percent-decode names and values (`parseAndDecodeQueryString`) or keep them as sent (`parseQueryString`)
 */
export function parseQuery(query: string, decode: boolean): ReadonlyMap<string, string> {
  const out = new Map<string, string>();
  if (query === '') return out;
  const read = decode ? percentDecode : (s: string): string => s;
  for (const part of query.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const name = read(eq < 0 ? part : part.slice(0, eq));
    const value = eq < 0 ? '' : read(part.slice(eq + 1));
    if (!out.has(name)) out.set(name, value);
  }
  return out;
}

/** `cookie` headers → first value of each cookie. */
export function parseCookies(headers: ReadonlyMap<string, readonly string[]>): ReadonlyMap<string, string> {
  const out = new Map<string, string>();
  for (const line of headers.get('cookie') ?? []) {
    for (const pair of line.split(';')) {
      const eq = pair.indexOf('=');
      if (eq < 0) continue;
      const name = pair.slice(0, eq).trim();
      if (!out.has(name)) out.set(name, pair.slice(eq + 1).trim());
    }
  }
  return out;
}

/**
 * Envoy's `PercentEncoding::decode`: every `%XX` with two hex digits becomes that byte, anything
 * else is kept; the bytes are read as UTF-8 (`+` stays `+`).
 */
function percentDecode(s: string): string {
  if (!s.includes('%')) return s;
  const encoder = new TextEncoder();
  const bytes: number[] = [];
  for (const piece of s.split(/(%[0-9A-Fa-f]{2})/)) {
    if (/^%[0-9A-Fa-f]{2}$/.test(piece)) bytes.push(Number.parseInt(piece.slice(1), 16));
    else for (const b of encoder.encode(piece)) bytes.push(b);
  }
  return new TextDecoder().decode(Uint8Array.from(bytes));
}
