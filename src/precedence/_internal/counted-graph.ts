/**
 * Envoy Gateway's policy scope graph (R8.7) with reference counts, so that the contributions of
 * one visit can be withdrawn when a change re-resolves it. Reads behave exactly like
 * `policyScopeGraph`: an edge or containment exists while its count is positive.
 */
import type { Scope } from '../scope.js';
import { containerOf, keyOf } from './compact/scope-keys.js';

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
  contain(gateway: Scope, listenerSet: Scope, delta = 1): void {
    bump(this.containment, gateway, listenerSet, delta);
  }

  /** Direct children of a scope. */
  directChildren(parent: Scope): Map<string, Scope> {
    const out = new Map<string, Scope>();
    for (const [k, v] of this.children.get(keyOf(parent)) ?? []) out.set(k, v.scope);
    return out;
  }

  /** `GetWithDescendants` (R8.7). */
  withDescendants(parent: Scope): Map<string, Scope> {
    const result = this.directChildren(parent);
    const put = (m: Counted | undefined): void => {
      if (m) for (const [k, v] of m) result.set(k, v.scope);
    };
    if (parent.kind === 'Gateway' || parent.kind === 'ListenerSet' || parent.kind === 'Route') {
      for (const desc of this.containment.get(keyOf(parent))?.values() ?? []) {
        put(this.children.get(keyOf(desc.scope)));
        if (desc.scope.kind === 'ListenerSet') {
          for (const sub of this.containment.get(keyOf(desc.scope))?.values() ?? []) {
            put(this.children.get(keyOf(sub.scope)));
          }
        }
      }
    } else if (parent.kind === 'GatewayListener' || parent.kind === 'ListenerSetListener') {
      for (const [k, child] of this.children.get(keyOf(containerOf(parent))) ?? []) {
        if (child.scope.kind === 'Route') result.set(k, child.scope);
      }
    }
    return result;
  }
}

function bump(m: Map<string, Counted>, parent: Scope, child: Scope, delta: number): void {
  const pk = keyOf(parent);
  let set = m.get(pk);
  if (!set) {
    if (delta < 0) return;
    set = new Map();
    m.set(pk, set);
  }
  const ck = keyOf(child);
  const cur = set.get(ck);
  if (cur) {
    cur.count += delta;
    if (cur.count <= 0) set.delete(ck);
  } else if (delta > 0) {
    set.set(ck, { scope: child, count: delta });
  }
  if (set.size === 0) m.delete(pk);
}
