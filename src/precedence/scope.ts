/**
 * Scopes (where a policy attaches, R3.6) and the wording of scope lists in
 * parent-side Merged / Overridden messages (R8.7). A scope is one of the six scope kinds and the
 * object reference it names (`Gateway/eg/gw/http`, `HTTPRoute/shop/web/checkout`): the identity
 * format of `formatRef`. The graph itself is `_internal/counted-graph.ts`.
 *
 * @packageDocumentation
 */
import { compareBytes } from '../go/string-order.js';
import { formatRef, type ObjectRef } from '../model/object-ref.js';

/** The six attachment scopes (R3.6), most specific first. */
export type ScopeKind =
  | 'RouteRule'
  | 'Route'
  | 'ListenerSetListener'
  | 'ListenerSet'
  | 'GatewayListener'
  | 'Gateway';

/** One attachment scope. */
export interface Scope {
  /** Which of the six scopes. */
  readonly kind: ScopeKind;
  /**
   * The object and section it names: a Gateway or ListenerSet (with the listener as its section
   * for the listener scopes), or a route (with the rule as its section for RouteRule). The kind is
   * the target's kind as written: a route-level scope of a `ListenerSet` target is the route lookup
   * Envoy Gateway tries first (R3.6), which finds nothing.
   */
  readonly ref: ObjectRef;
}

/**
 * Builds a scope.
 *
 * @param kind - the scope kind
 * @param ref - the object (and section) it names
 * @returns the scope
 * @example
 * scope('GatewayListener', { kind: 'Gateway', namespace: 'eg', name: 'gw', section: 'http' }).ref.section; // => 'http'
 */
export function scope(kind: ScopeKind, ref: ObjectRef): Scope {
  return { kind, ref };
}

/**
 * The identity key of a scope: its scope kind and its reference, e.g.
 * `GatewayListener Gateway/eg/gw/http` (the kind tells a route-level lookup of a ListenerSet
 * target from the ListenerSet scope it names too).
 *
 * @param s - the scope
 * @returns a string unique per scope
 * @example
 * scopeKey(scope('Gateway', { kind: 'Gateway', namespace: 'eg', name: 'gw' })); // => 'Gateway Gateway/eg/gw'
 */
export function scopeKey(s: Scope): string {
  return `${s.kind} ${formatRef(s.ref)}`;
}

/**
 * A scope in words, as explanations print it.
 *
 * @param s - the scope
 * @returns e.g. `Gateway eg/gw listener http`, `HTTPRoute shop/web rule checkout`
 * @example
 * describeScope(scope('GatewayListener', { kind: 'Gateway', namespace: 'eg', name: 'gw', section: 'http' })); // => 'Gateway eg/gw listener http'
 */
export function describeScope(s: Scope): string {
  const r = s.ref;
  const base = `${r.kind} ${r.namespace}/${r.name}`;
  switch (s.kind) {
    case 'GatewayListener':
    case 'ListenerSetListener':
      return `${base} listener ${r.section ?? ''}`;
    case 'RouteRule':
      return `${base} rule ${r.section ?? ''}`;
    default:
      return base;
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
 * formatScopes([scope('Route', { kind: 'HTTPRoute', namespace: 'default', name: 'r1' })]); // => 'these routes: [default/r1]'
 */
export function formatScopes(scopes: Iterable<Scope>, routesOnly = false): string {
  const byKind = new Map<ScopeKind, string[]>();
  for (const s of scopes) {
    const r = s.ref;
    const entry =
      r.section === undefined || r.section === ''
        ? `${r.namespace}/${r.name}`
        : `${r.namespace}/${r.name}/${r.section}`;
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

/**
 * The whole-object scope of a section scope (a listener's Gateway or ListenerSet, a rule's route);
 * other scopes are their own.
 *
 * @param s - a scope
 * @returns the scope of the whole object
 * @example
 * resourceScope(scope('RouteRule', { kind: 'HTTPRoute', namespace: 'a', name: 'r', section: 'x' })).kind; // => 'Route'
 */
export function resourceScope(s: Scope): Scope {
  const r = s.ref;
  const whole = { kind: r.kind, namespace: r.namespace, name: r.name };
  switch (s.kind) {
    case 'GatewayListener':
      return scope('Gateway', whole);
    case 'ListenerSetListener':
      return scope('ListenerSet', whole);
    case 'RouteRule':
      return scope('Route', whole);
    default:
      return s;
  }
}
