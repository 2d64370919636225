/**
 * A request as Envoy sees it after the HTTP connection manager: the URL split into scheme,
 * authority, path and query; header names lower-cased (HTTP/2 style) with the pseudo-headers
 * `:method`, `:path`, `:authority`, `:scheme`; the path normalised as Envoy Gateway configures
 * the HCM (`normalize_path`, `merge_slashes`, escaped slashes `UnescapeAndRedirect` unless a
 * ClientTrafficPolicy says otherwise; internal/gatewayapi/listener.go:352-355,
 * internal/xds/translator/listener.go:397-399).
 */
import type { RequestInputProblem } from '../request-types.js';
import { isIpAddress } from './cidr.js';

/** The request a caller asks about. */
export interface RequestInputParts {
  readonly method: string;
  readonly url: string;
  readonly headers: readonly (readonly [string, string])[];
  readonly sourceIp: string | null;
}

/** How the connection manager treats the path (ClientTrafficPolicy `path`). */
export interface PathSettings {
  readonly mergeSlashes: boolean;
  readonly escapedSlashesAction:
    | 'UnescapeAndRedirect'
    | 'KeepUnchanged'
    | 'RejectRequest'
    | 'UnescapeAndForward';
}

/** The parsed request. */
export interface ParsedRequest {
  readonly method: string;
  readonly scheme: 'http' | 'https';
  /** The URL's host, lower-case, without port (the TLS SNI for https). */
  readonly urlHost: string;
  /** The Host / :authority value Envoy matches virtual hosts with, lower-case, port stripped. */
  readonly host: string;
  readonly port: number;
  /** The path as sent, before normalisation. */
  readonly rawPath: string;
  /** The query string without `?` ('' when none). */
  readonly query: string;
  /** Lower-case header name → values, pseudo-headers included. */
  readonly headers: ReadonlyMap<string, readonly string[]>;
  readonly sourceIp: string | null;
}

/** A URL or header problem (the caller's input, reported, never thrown). */
export type RequestProblem = RequestInputProblem;

/**
 * A JavaScript caller's request of the wrong shape (TypeScript types do not hold at run time):
 * the first member that is not what the parser reads, or null.
 */
function shapeProblem(input: RequestInputParts): RequestProblem | null {
  if (typeof input.method !== 'string') return { field: 'method', message: 'the method must be a string' };
  if (typeof input.url !== 'string') return { field: 'url', message: 'the URL must be a string' };
  if (!Array.isArray(input.headers))
    return { field: 'header', message: 'headers must be a list of [name, value] pairs' };
  for (const pair of input.headers as readonly unknown[]) {
    if (!Array.isArray(pair) || typeof pair[0] !== 'string' || typeof pair[1] !== 'string')
      return { field: 'header', message: 'every header must be a [name, value] pair of strings' };
  }
  if (input.sourceIp !== null && typeof input.sourceIp !== 'string')
    return { field: 'sourceIp', message: 'the client address must be a string' };
  return null;
}

/**
 * Parses a request. Only absolute `http://` and `https://` URLs are accepted.
 *
 * @param input - method, URL, headers, source IP
 * @returns the parsed request, or the problem
 */
export function parseRequest(
  input: RequestInputParts,
): { ok: true; request: ParsedRequest } | { ok: false; problem: RequestProblem } {
  const shape = shapeProblem(input);
  if (shape !== null) return { ok: false, problem: shape };
  const method = input.method.trim();
  if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(method))
    return { ok: false, problem: { field: 'method', message: `'${input.method}' is not an HTTP method` } };
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#]*)([^?#]*)(?:\?([^#]*))?(?:#.*)?$/.exec(input.url.trim());
  if (m === null)
    return {
      ok: false,
      problem: { field: 'url', message: `'${input.url}' is not an absolute URL (scheme://host/path)` },
    };
  const scheme = m[1]!.toLowerCase();
  if (scheme !== 'http' && scheme !== 'https')
    return { ok: false, problem: { field: 'url', message: `scheme ${scheme} is not http or https` } };
  const authority = m[2]!.replace(/^[^@]*@/, '');
  const hp = splitHostPort(authority);
  if (hp === null || hp.host === '')
    return { ok: false, problem: { field: 'url', message: `'${authority}' is not a host[:port]` } };
  const port = hp.port ?? (scheme === 'https' ? 443 : 80);
  const rawPath = m[3] === '' ? '/' : m[3]!;
  if (!rawPath.startsWith('/'))
    return { ok: false, problem: { field: 'url', message: 'the path must start with /' } };
  const query = m[4] ?? '';
  const headers = new Map<string, string[]>();
  const add = (name: string, value: string): void => {
    const list = headers.get(name);
    if (list) list.push(value);
    else headers.set(name, [value]);
  };
  let hostHeader: string | null = null;
  for (const [rawName, value] of input.headers) {
    const name = rawName.trim().toLowerCase();
    if (!/^[!#$%&'*+.^_`|~0-9a-z-]+$/.test(name))
      return { ok: false, problem: { field: 'header', message: `'${rawName}' is not a header name` } };
    if (name === 'host') {
      hostHeader = value.trim();
      continue;
    }
    add(name, value.trim());
  }
  const authorityValue = hostHeader ?? authority;
  const hostOnly = splitHostPort(authorityValue)?.host ?? authorityValue;
  headers.set(':authority', [authorityValue]);
  headers.set(':method', [method]);
  headers.set(':scheme', [scheme]);
  if (input.sourceIp !== null && !isIpAddress(input.sourceIp))
    return {
      ok: false,
      problem: { field: 'sourceIp', message: `'${input.sourceIp}' is not an IPv4 or IPv6 address` },
    };
  return {
    ok: true,
    request: {
      method,
      scheme,
      urlHost: hp.host.toLowerCase(),
      host: hostOnly.toLowerCase(),
      port,
      rawPath,
      query,
      headers,
      sourceIp: input.sourceIp,
    },
  };
}

function splitHostPort(authority: string): { host: string; port: number | null } | null {
  const v6 = /^\[([0-9A-Fa-f:.]+)\](?::(\d+))?$/.exec(authority);
  if (v6 !== null) return { host: `[${v6[1]!}]`, port: v6[2] === undefined ? null : Number(v6[2]) };
  const m = /^([^:]*)(?::(\d*))?$/.exec(authority);
  if (m === null) return null;
  const port = m[2] === undefined || m[2] === '' ? null : Number(m[2]);
  if (port !== null && (port < 1 || port > 65535)) return null;
  return { host: m[1]!, port };
}

/** What the connection manager does with the path. */
export type NormalizedPath =
  | { readonly outcome: 'ok'; readonly path: string }
  | { readonly outcome: 'redirect'; readonly path: string }
  | { readonly outcome: 'reject'; readonly path: string };

const UNRESERVED = /%(4[1-9A-Fa-f]|5[0-9Aa]|6[1-9A-Fa-f]|7[0-9Aa]|3[0-9]|2[Dd]|2[Ee]|5[Ff]|7[Ee])/g;

/**
 * Envoy's path normalisation as Envoy Gateway configures it: escaped slashes (`%2F`, `%5C`) per
 * `escapedSlashesAction`, RFC 3986 normalisation (percent-encoded unreserved characters decoded,
 * dot segments removed), then adjacent slashes merged.
 *
 * @param rawPath - the path as sent, without query
 * @param settings - the listener's path settings
 * @returns the path Envoy routes on, and whether Envoy redirects or rejects instead
 */
export function normalizePath(rawPath: string, settings: PathSettings): NormalizedPath {
  let path = rawPath;
  let outcome: NormalizedPath['outcome'] = 'ok';
  if (/%2f|%5c/i.test(path)) {
    switch (settings.escapedSlashesAction) {
      case 'RejectRequest':
        return { outcome: 'reject', path };
      case 'UnescapeAndRedirect':
        outcome = 'redirect';
        path = path.replace(/%2f/gi, '/').replace(/%5c/gi, '\\');
        break;
      case 'UnescapeAndForward':
        path = path.replace(/%2f/gi, '/').replace(/%5c/gi, '\\');
        break;
      case 'KeepUnchanged':
        break;
    }
  }
  path = path.replace(UNRESERVED, (s) => String.fromCharCode(Number.parseInt(s.slice(1), 16)));
  path = path.replaceAll('\\', '/');
  path = removeDotSegments(path);
  if (settings.mergeSlashes) path = path.replace(/\/{2,}/g, '/');
  return { outcome, path };
}

/** RFC 3986 §5.2.4. */
function removeDotSegments(path: string): string {
  const out: string[] = [];
  const segments = path.split('/');
  for (let i = 1; i < segments.length; i++) {
    const s = segments[i]!;
    const last = i === segments.length - 1;
    if (s === '.') {
      if (last) out.push('');
    } else if (s === '..') {
      out.pop();
      if (last) out.push('');
    } else out.push(s);
  }
  return `/${out.join('/')}`;
}
