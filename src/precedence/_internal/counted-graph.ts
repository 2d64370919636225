/**
 * Envoy Gateway's policy scope graph (R8.7) with reference counts, so that the contributions of
 * one visit can be withdrawn when a preview re-resolves it. Reads behave exactly like
 * `policyScopeGraph`: an edge or containment exists while its count is positive.
 */
import { scopeKey as computeKey, type Scope, scope } from '../scope.js';

/**
 * Scope keys, computed once per scope object (scopes are immutable and often shared): kept on the
 * object under a symbol, not enumerable (invisible to JSON, keys and comparisons), or in a
 * WeakMap for a frozen scope.
 */
const KEY = Symbol('scopeKey');
const FROZEN_KEYS = new WeakMap<Scope, string>();
function scopeKey(s: Scope): string {
  const cached = (s as { [KEY]?: string })[KEY];
  if (cached !== undefined) return cached;
  let k = FROZEN_KEYS.get(s);
  if (k !== undefined) return k;
  k = computeKey(s);
  if (Object.isExtensible(s)) Object.defineProperty(s, KEY, { value: k });
  else FROZEN_KEYS.set(s, k);
  return k;
}

type Counted = Map<string, { readonly scope: Scope; count: number }>;

/** A scope graph whose edges and containments carry counts. */
export class CountedScopeGraph {
  private readonly children = new Map<string, Counted>();
  private readonly containment = new Map<string, Counted>();

  /** Records (or, with `delta` -1, withdraws) a parent → child edge; section parents are indexed under their resource. */
  add(parent: Scope, child: Scope, delta = 1): void {
    bump(this.children, parent, child, delta);
    if (
      parent.kind === 'GatewayListener' ||
      parent.kind === 'ListenerSetListener' ||
      parent.kind === 'RouteRule'
    ) {
      bump(this.containment, containerOf(parent), parent, delta);
    }
  }

  /** Records (or withdraws) that a ListenerSet is contained in its parent Gateway. */
  registerListenerSet(
    lsNamespace: string,
    lsName: string,
    gwNamespace: string,
    gwName: string,
    delta = 1,
  ): void {
    bump(
      this.containment,
      scope('Gateway', gwNamespace, gwName),
      scope('ListenerSet', lsNamespace, lsName),
      delta,
    );
  }

  /** Direct children of a scope. */
  directChildren(parent: Scope): Map<string, Scope> {
    const out = new Map<string, Scope>();
    for (const [k, v] of this.children.get(scopeKey(parent)) ?? []) out.set(k, v.scope);
    return out;
  }

  /** `GetWithDescendants` (R8.7). */
  withDescendants(parent: Scope): Map<string, Scope> {
    const result = this.directChildren(parent);
    const put = (m: Counted | undefined): void => {
      if (m) for (const [k, v] of m) result.set(k, v.scope);
    };
    if (parent.kind === 'Gateway' || parent.kind === 'ListenerSet' || parent.kind === 'Route') {
      for (const desc of this.containment.get(scopeKey(parent))?.values() ?? []) {
        put(this.children.get(scopeKey(desc.scope)));
        if (desc.scope.kind === 'ListenerSet') {
          for (const sub of this.containment.get(scopeKey(desc.scope))?.values() ?? []) {
            put(this.children.get(scopeKey(sub.scope)));
          }
        }
      }
    } else if (parent.kind === 'GatewayListener' || parent.kind === 'ListenerSetListener') {
      for (const [k, child] of this.children.get(scopeKey(resourceScope(parent))) ?? []) {
        if (child.scope.kind === 'Route') result.set(k, child.scope);
      }
    }
    return result;
  }
}

function bump(m: Map<string, Counted>, parent: Scope, child: Scope, delta: number): void {
  const pk = scopeKey(parent);
  let set = m.get(pk);
  if (!set) {
    if (delta < 0) return;
    set = new Map();
    m.set(pk, set);
  }
  const ck = scopeKey(child);
  const cur = set.get(ck);
  if (cur) {
    cur.count += delta;
    if (cur.count <= 0) set.delete(ck);
  } else if (delta > 0) {
    set.set(ck, { scope: child, count: delta });
  }
  if (set.size === 0) m.delete(pk);
}

/** `resourceScope` once per section scope object (its key is then computed once too). */
const CONTAINERS = new WeakMap<Scope, Scope>();
function containerOf(s: Scope): Scope {
  let c = CONTAINERS.get(s);
  if (c === undefined) {
    c = resourceScope(s);
    CONTAINERS.set(s, c);
  }
  return c;
}

/** The whole-resource scope of a section scope. */
export function resourceScope(s: Scope): Scope {
  switch (s.kind) {
    case 'GatewayListener':
      return scope('Gateway', s.namespace, s.name);
    case 'ListenerSetListener':
      return scope('ListenerSet', s.namespace, s.name);
    case 'RouteRule':
      return scope('Route', s.namespace, s.name, '', s.routeKind);
    default:
      return s;
  }
}
