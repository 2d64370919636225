/**
 * Scope keys and containers computed once per scope object: scopes are immutable and shared (every
 * visit of one exact scope holds the same object), and the scope graphs look keys up at every
 * edge. The key is kept on the object under a symbol (not enumerable: invisible to JSON,
 * `structuredClone`, key listings and comparisons), or in a WeakMap for a frozen scope. Equal to
 * `scopeKey` and `resourceScope` (their references in the tests).
 */
import { resourceScope, type Scope, scopeKey } from '../../scope.js';

const KEY = Symbol('scopeKey');
const FROZEN_KEYS = new WeakMap<Scope, string>();

/**
 * `scopeKey(s)`, computed once per scope object.
 *
 * @param s - a scope
 * @returns its key
 */
export function keyOf(s: Scope): string {
  const cached = (s as { [KEY]?: string })[KEY];
  if (cached !== undefined) return cached;
  let k = FROZEN_KEYS.get(s);
  if (k !== undefined) return k;
  k = scopeKey(s);
  if (Object.isExtensible(s)) Object.defineProperty(s, KEY, { value: k });
  else FROZEN_KEYS.set(s, k);
  return k;
}

/**
 * Records a scope's key, already computed (equal to `scopeKey(s)`), on the scope.
 *
 * @param s - a scope
 * @param key - its key
 * @returns the scope
 */
export function withKey(s: Scope, key: string): Scope {
  if (Object.isExtensible(s)) Object.defineProperty(s, KEY, { value: key });
  else FROZEN_KEYS.set(s, key);
  return s;
}

const CONTAINERS = new WeakMap<Scope, Scope>();

/**
 * `resourceScope(s)`, one object per section scope object (so its key is computed once too).
 *
 * @param s - a scope
 * @returns the scope of the whole object
 */
export function containerOf(s: Scope): Scope {
  let c = CONTAINERS.get(s);
  if (c === undefined) {
    c = resourceScope(s);
    CONTAINERS.set(s, c);
  }
  return c;
}
