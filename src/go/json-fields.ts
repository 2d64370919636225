/**
 * Go's `encoding/json` field matching, as a read-only view: a key fills the struct field whose
 * name it matches case-insensitively, and of several matching keys the last one wins.
 *
 * @packageDocumentation
 */

/** Lower-cased names, computed once per distinct name (field names are few and read often). */
const LOWER = new Map<string, string>();
function lower(k: string): string {
  let l = LOWER.get(k);
  if (l === undefined) {
    l = k.toLowerCase();
    if (LOWER.size < 10_000) LOWER.set(k, l);
  }
  return l;
}

/**
 * The last object viewed and its view: the checks of one policy each ask for the view of the same
 * spec. Views are not kept beyond that (they would hold a proxy per nested object of every spec).
 */
let lastObject: object | null = null;
let lastView: unknown;

/**
 * A read-only view of decoded YAML/JSON that looks fields up as Go's `encoding/json` fills a
 * struct: a key matches a field name case-insensitively (`backoff` fills `backOff`) and, when
 * several keys match, the last one wins. Arrays and nested objects are viewed the same way.
 *
 * @param v - a decoded value
 * @returns the view (primitives unchanged)
 * @example
 * (goJsonView({ backoff: { baseInterval: '0s' } }) as { backOff?: unknown }).backOff;
 * // => { baseInterval: '0s' }
 */
export function goJsonView<T>(v: T): T {
  if (typeof v !== 'object' || v === null) return v;
  if (v === lastObject) return lastView as T;
  const view = viewOf(v);
  lastObject = v;
  lastView = view;
  return view as T;
}

/**
 * The traps every view shares. A view is a proxy over a fresh, empty *shadow* (an array for an
 * array), not over the viewed object itself: a proxy's `get` must return a frozen target's own
 * value for each non-writable, non-configurable property, so a view over a deep-frozen object
 * (immer freezes what a store holds) could not answer with the view of a member. The shadow has
 * no properties a trap must stay true to, so the traps read the viewed object freely; it costs
 * one empty object per view, never a copy.
 */
function readOnlyTraps(real: object): Omit<ProxyHandler<object>, 'get'> {
  return {
    has: (_shadow, key) => Reflect.has(real, key),
    ownKeys: () => Reflect.ownKeys(real),
    getOwnPropertyDescriptor(shadow, key) {
      // An array's `length` is the shadow's own (non-configurable) one, of the same value.
      if (Array.isArray(real) && key === 'length') return Reflect.getOwnPropertyDescriptor(shadow, key);
      const d = Reflect.getOwnPropertyDescriptor(real, key);
      // Reported configurable: the shadow lacks the property, so it may not be called otherwise.
      return d === undefined ? undefined : { ...d, configurable: true };
    },
    getPrototypeOf: () => Reflect.getPrototypeOf(real),
    // Views are read-only.
    set: () => false,
    defineProperty: () => false,
    deleteProperty: () => false,
    setPrototypeOf: () => false,
    preventExtensions: () => false,
  };
}

function viewOf(v: object): unknown {
  if (Array.isArray(v)) {
    // Item views, built on first read (no table for arrays whose items are never objects).
    let items: Map<PropertyKey, unknown> | null = null;
    return new Proxy(new Array<unknown>(v.length), {
      ...readOnlyTraps(v),
      get(_shadow, key, receiver) {
        const raw = Reflect.get(v, key, receiver);
        if (typeof raw !== 'object' || raw === null) return raw;
        items ??= new Map();
        let item = items.get(key);
        if (item === undefined) {
          item = viewOf(raw);
          items.set(key, item);
        }
        return item;
      },
    });
  }
  // The object's keys and their lower-cased forms, read once; the views of object members, by key
  // position, built on first read.
  let keys: string[] | null = null;
  let lowered: string[] | null = null;
  let views: unknown[] | null = null;
  return new Proxy(
    {},
    {
      ...readOnlyTraps(v),
      get(_shadow, key, receiver) {
        if (typeof key !== 'string') return Reflect.get(v, key, receiver);
        if (keys === null || lowered === null) {
          keys = Object.keys(v);
          lowered = keys.map(lower);
        }
        // Go fills a field from the last key that matches its name case-insensitively.
        const folded = lower(key);
        let at = -1;
        for (let i = keys.length - 1; i >= 0; i--) {
          if (lowered[i] === folded) {
            at = i;
            break;
          }
        }
        // Keys that match no field read as the plain object would (inherited toString for String()).
        if (at < 0) return Reflect.get(v, key, receiver);
        const raw = (v as Record<string, unknown>)[keys[at]!];
        if (typeof raw !== 'object' || raw === null) return raw;
        views ??= new Array<unknown>(keys.length);
        let view = views[at];
        if (view === undefined) {
          view = viewOf(raw);
          views[at] = view;
        }
        return view;
      },
    },
  );
}
