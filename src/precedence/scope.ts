/**
 * Scopes (where a policy attaches) and the wording of scope lists in parent-side Merged /
 * Overridden messages (eg-semantics R8.7). The graph itself is `_internal/counted-graph.ts`.
 *
 * @packageDocumentation
 */
import { compareBytes } from '../go/string-order.js';

/** The six attachment scopes (R3.6), most specific last. */
export type ScopeKind =
  | 'Gateway'
  | 'GatewayListener'
  | 'ListenerSet'
  | 'ListenerSetListener'
  | 'Route'
  | 'RouteRule';

/** One attachment scope. */
export interface Scope {
  readonly kind: ScopeKind;
  readonly namespace: string;
  readonly name: string;
  /** Listener or rule name for section scopes, else `''`. */
  readonly section: string;
  /** Route kind for Route / RouteRule scopes (part of the identity: an HTTPRoute and a GRPCRoute may share a name), else `''`. */
  readonly routeKind: string;
}

/**
 * The identity key of a scope.
 *
 * @param s - the scope
 * @returns a string unique per scope
 * @example
 * scopeKey({ kind: 'Gateway', namespace: 'eg', name: 'gw', section: '', routeKind: '' }); // => 'Gateway||eg/gw|'
 */
export function scopeKey(s: Scope): string {
  return `${s.kind}|${s.routeKind}|${s.namespace}/${s.name}|${s.section}`;
}

/**
 * Builds a scope.
 *
 * @param kind - scope kind
 * @param namespace - namespace of the resource
 * @param name - name of the resource
 * @param section - listener or rule name, `''` for whole resources
 * @param routeKind - route kind for route scopes
 * @returns the scope
 * @example
 * scope('GatewayListener', 'eg', 'gw', 'http').section; // => 'http'
 */
export function scope(kind: ScopeKind, namespace: string, name: string, section = '', routeKind = ''): Scope {
  return { kind, namespace, name, section, routeKind };
}

/**
 * A scope in words, as explanations print it.
 *
 * @param s - the scope
 * @returns e.g. `Gateway eg/gw listener http`, `HTTPRoute shop/web rule checkout`
 * @example
 * describeScope(scope('GatewayListener', 'eg', 'gw', 'http')); // => 'Gateway eg/gw listener http'
 */
export function describeScope(s: Scope): string {
  const base = `${s.namespace}/${s.name}`;
  switch (s.kind) {
    case 'Gateway':
      return `Gateway ${base}`;
    case 'GatewayListener':
      return `Gateway ${base} listener ${s.section}`;
    case 'ListenerSet':
      return `ListenerSet ${base}`;
    case 'ListenerSetListener':
      return `ListenerSet ${base} listener ${s.section}`;
    case 'Route':
      return `${s.routeKind} ${base}`;
    case 'RouteRule':
      return `${s.routeKind} ${base} rule ${s.section}`;
  }
}

const FORMAT_ORDER: ReadonlyArray<readonly [ScopeKind, string]> = [
  ['GatewayListener', 'these gateway listeners'],
  ['ListenerSet', 'these listenersets'],
  ['ListenerSetListener', 'these listenerset listeners'],
  ['Route', 'these routes'],
  ['RouteRule', 'these route rules'],
];

/**
 * `formatPolicyScopes` (R8.7): groups by kind in a fixed order, entries `ns/name[/section]` sorted
 * bytewise, Go `%v` list form, joined by ` and `. Gateway scopes are never listed; route kinds are
 * not shown. `routesOnly` gives the pre-v1.9 wording (only `these routes`).
 *
 * @param scopes - the scopes
 * @param routesOnly - list only routes (older releases)
 * @returns the message fragment, `''` when there is nothing to list
 * @example
 * formatScopes([scope('Route', 'default', 'r1', '', 'HTTPRoute')]); // => 'these routes: [default/r1]'
 */
export function formatScopes(scopes: Iterable<Scope>, routesOnly = false): string {
  const byKind = new Map<ScopeKind, string[]>();
  for (const s of scopes) {
    const entry = s.section === '' ? `${s.namespace}/${s.name}` : `${s.namespace}/${s.name}/${s.section}`;
    const list = byKind.get(s.kind);
    if (list) list.push(entry);
    else byKind.set(s.kind, [entry]);
  }
  const parts: string[] = [];
  for (const [kind, label] of FORMAT_ORDER) {
    if (routesOnly && kind !== 'Route') continue;
    const list = byKind.get(kind);
    if (list) parts.push(`${label}: [${list.sort(compareBytes).join(' ')}]`);
  }
  return parts.join(' and ');
}
