/**
 * Path rewriting of a route rule's RequestRedirect and URLRewrite filters, in two steps, each as
 * its owner does it:
 *
 * 1. What Envoy Gateway programs (`buildXdsRedirectAction`, `buildXdsURLRewriteAction`,
 *    internal/xds/translator/route.go): `ReplaceFullPath` becomes a redirect's `path_redirect`, or
 *    a rewrite's `regex_rewrite` `^/.*$` → the value. `ReplacePrefixMatch` becomes, when the route
 *    matches a path prefix and the replacement is `""` or `"/"`, the `regex_rewrite`
 *    `^<prefix as written, regexp.QuoteMeta>\/*` → `/` (`useRegexRewriteForPrefixMatchReplace`,
 *    `prefix2RegexRewrite`, for envoyproxy/envoy#26055); otherwise `prefix_rewrite`: the value as
 *    written for a redirect, the value without one trailing `/` for a rewrite (gateway#3989).
 * 2. What Envoy does with it (`rewritePathByPrefixOrRegex`, source/common/router/config_impl.cc):
 *    a `prefix_rewrite` replaces the part of `:path` the route matched, which is the route's
 *    configured path (the `prefix` `/`, the `path_separated_prefix` Envoy Gateway programs without
 *    its trailing `/`, the exact `path`) or the whole path for a regex route, and keeps the rest,
 *    query included; a `regex_rewrite` replaces every match in the path without the query and
 *    keeps the query; a pattern that does not match leaves the path as it is. Nothing merges the
 *    slashes of the result.
 *
 * So with a PathPrefix match `/api/foo/`: a redirect with `replacePrefixMatch: /` sends
 * `/api/foo/x` to `/x` but `/api/foo` to `/api/foo` (the pattern `^/api/foo/\/*` does not match
 * it); a redirect with `replacePrefixMatch: /new/` sends `/api/foo/x` to `/new//x`; a URLRewrite
 * with `/new/` forwards `/api/foo/x` as `/new/x`.
 */
import type { StringMatch } from './string-match.js';

/** A path modifier of a filter (`HTTPPathModifier`). */
export interface PathModifier {
  readonly type: 'ReplaceFullPath' | 'ReplacePrefixMatch';
  readonly value: string;
}

/** The path part of what Envoy Gateway programs for a filter. */
export type ProgrammedPathRewrite =
  | { readonly type: 'pathRedirect'; readonly path: string }
  | { readonly type: 'prefixRewrite'; readonly prefix: string }
  | {
      readonly type: 'regexRewrite';
      /** The pattern as programmed (for messages). */
      readonly pattern: string;
      /** The literal text the pattern starts with (the route's prefix); then `\/*`. */
      readonly literal: string;
      readonly substitution: string;
    }
  | { readonly type: 'fullRewrite'; readonly path: string };

/** Go's `regexp.QuoteMeta`. */
function quoteMeta(s: string): string {
  return s.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&');
}

/**
 * What Envoy Gateway programs for a filter's path modifier.
 *
 * @param filter - `redirect` (RequestRedirect) or `urlRewrite` (URLRewrite)
 * @param modifier - the filter's path modifier
 * @param pathMatch - the IR route's path match (its prefix as the HTTPRoute writes it)
 * @returns the programmed rewrite
 */
export function programmedPathRewrite(
  filter: 'redirect' | 'urlRewrite',
  modifier: PathModifier,
  pathMatch: StringMatch | null,
): ProgrammedPathRewrite {
  if (modifier.type === 'ReplaceFullPath') {
    return filter === 'redirect'
      ? { type: 'pathRedirect', path: modifier.value }
      : { type: 'fullRewrite', path: modifier.value };
  }
  const prefix = pathMatch?.prefix;
  if (prefix !== undefined && (modifier.value === '' || modifier.value === '/')) {
    return {
      type: 'regexRewrite',
      pattern: `^${quoteMeta(prefix)}\\/*`,
      literal: prefix,
      substitution: '/',
    };
  }
  return {
    type: 'prefixRewrite',
    prefix: filter === 'redirect' ? modifier.value : modifier.value.replace(/\/$/, ''),
  };
}

/**
 * The part of `:path` Envoy's route replaces with a `prefix_rewrite`: the route's configured path.
 *
 * @param pathMatch - the IR route's path match
 * @param path - the request's path, without query
 * @returns the matched part
 */
function matchedPath(pathMatch: StringMatch | null, path: string): string {
  if (pathMatch === null) return '/';
  if (pathMatch.exact !== undefined) return pathMatch.exact;
  if (pathMatch.prefix !== undefined)
    return pathMatch.prefix === '/' ? '/' : pathMatch.prefix.replace(/\/$/, '');
  return path;
}

/**
 * The `:path` Envoy sends on (a rewrite) or puts in the Location (a redirect).
 *
 * @param programmed - what Envoy Gateway programmed
 * @param pathMatch - the IR route's path match
 * @param path - the request's normalised path, without query
 * @param query - the query, without `?` (`''` when none)
 * @returns the new path, with the query Envoy keeps
 */
export function envoyRewrittenPath(
  programmed: ProgrammedPathRewrite,
  pathMatch: StringMatch | null,
  path: string,
  query: string,
): string {
  const withQuery = (p: string): string => (query === '' ? p : `${p}?${query}`);
  switch (programmed.type) {
    case 'pathRedirect':
      // A path_redirect with its own query replaces the request's query.
      return programmed.path.includes('?') ? programmed.path : withQuery(programmed.path);
    case 'fullRewrite':
      return withQuery(programmed.path);
    case 'prefixRewrite': {
      // An empty prefix_rewrite is no rewrite.
      if (programmed.prefix === '') return withQuery(path);
      const matched = matchedPath(pathMatch, path);
      return withQuery(`${programmed.prefix}${path.slice(Math.min(matched.length, path.length))}`);
    }
    case 'regexRewrite': {
      // `^literal\/*`: anchored, so it matches once at most.
      if (!path.startsWith(programmed.literal)) return withQuery(path);
      let end = programmed.literal.length;
      while (path[end] === '/') end++;
      return withQuery(`${programmed.substitution}${path.slice(end)}`);
    }
  }
}
