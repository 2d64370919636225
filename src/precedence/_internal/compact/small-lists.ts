/**
 * Lists that are mostly empty or of one item, held for as long as a resolution state lives (the
 * status operations, scope-graph edges and parent-map keys of each visit): they share one frozen
 * empty list until their first item, and are cut to their size when complete (a pushed-to array
 * keeps room for 17 items). Each behaves as a plain array (its reference in the tests).
 */

/** The shared empty list: frozen, never written to; {@link pushTo} replaces it on the first item. */
export const NONE: never[] = Object.freeze([]) as unknown as never[];

/**
 * Appends to a list that may still be {@link NONE}.
 *
 * @param list - the list
 * @param item - the item
 * @returns the list to keep (a new one when `list` was {@link NONE})
 */
export function pushTo<T>(list: T[], item: T): T[] {
  if (list === NONE) return [item];
  list.push(item);
  return list;
}

/**
 * A right-sized copy of a list built by `push`; the empty list is {@link NONE}.
 *
 * @param list - the list
 * @returns a list of the same items, sized to them
 */
export function rightSized<T>(list: T[]): T[] {
  return list.length === 0 ? NONE : list.slice();
}

/**
 * The same for a list built by {@link pushTo}: empty and one-item lists are already of their size.
 *
 * @param list - the list
 * @returns a list of the same items, sized to them
 */
export function fitted<T>(list: T[]): T[] {
  return list.length <= 1 ? list : list.slice();
}

/**
 * Adds a value to the set of a key, creating the set.
 *
 * @param index - the index
 * @param key - the key
 * @param value - the value
 */
export function addTo<K, V>(index: Map<K, Set<V>>, key: K, value: V): void {
  let set = index.get(key);
  if (!set) {
    set = new Set();
    index.set(key, set);
  }
  set.add(value);
}
