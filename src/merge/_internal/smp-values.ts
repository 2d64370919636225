/**
 * The value helpers of the strategic merge patch (smp.ts): how apimachinery's `strategicpatch`
 * names a value's kind, drops nulls and `$patch` directives, and compares values and merge keys
 * as Go's `==` does on decoded JSON.
 *
 * @packageDocumentation
 */
import type { JsonValue } from '../../model/types.js';
import { isObject, keysOf, type MutableObject, own, setOwn } from './json.js';

/** The directive key an element or object carries to ask for deletion or replacement. */
export const DIRECTIVE = '$patch';

export function kindOf(v: JsonValue | undefined): string {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'object') return 'object';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float';
  return typeof v;
}

export function show(v: unknown): string {
  return JSON.stringify(v) ?? String(v);
}

/** Drops null members of objects, recursively (array elements that are null stay). */
export function discardNulls(v: JsonValue): JsonValue {
  if (Array.isArray(v)) return v.map((x: JsonValue) => discardNulls(x));
  if (isObject(v)) {
    const out: MutableObject = {};
    for (const k of keysOf(v)) {
      const x = v[k] as JsonValue;
      if (x !== null) setOwn(out, k, discardNulls(x));
    }
    return out;
  }
  return v;
}

/** Removes objects holding `$patch` (members and list elements); reports whether `v` itself stays. */
export function removeDirectives(v: JsonValue): [JsonValue, boolean] {
  if (isObject(v)) {
    if (Object.hasOwn(v, DIRECTIVE)) return [null, false];
    const out: MutableObject = {};
    for (const k of keysOf(v)) {
      const [x, keep] = removeDirectives(v[k] as JsonValue);
      if (keep) setOwn(out, k, x);
    }
    return [out, true];
  }
  if (Array.isArray(v)) {
    const out: JsonValue[] = [];
    for (const x of v as readonly JsonValue[]) {
      const [y, keep] = removeDirectives(x);
      if (keep) out.push(y);
    }
    return [out, true];
  }
  return [v, true];
}

/** Go's `==` on decoded JSON values: scalars by value; maps and lists are never equal here. */
export function goEqual(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  if (a === undefined || a === null) return b === undefined || b === null;
  if (typeof a === 'object') return false;
  return a === b;
}

/** What no value equals (`goEqual` never holds for maps, lists and NaN). */
export const NO_KEY: unique symbol = Symbol('no key');

/**
 * A value's identity under {@link goEqual}, for Maps and Sets: two values are `goEqual` exactly
 * when their keys are the same (`SameValueZero`) and not {@link NO_KEY}.
 */
export function goKey(v: JsonValue | undefined): unknown {
  if (v === undefined || v === null) return null;
  if (typeof v === 'object' || Number.isNaN(v)) return NO_KEY;
  return v;
}

/** The first index of each value's {@link goKey} in a list (how `findIndex` with `goEqual` finds it). */
export function firstIndexes(
  list: readonly JsonValue[],
  keyOf: (v: JsonValue) => JsonValue | undefined,
): Map<unknown, number> {
  const at = new Map<unknown, number>();
  list.forEach((v, i) => {
    const k = goKey(keyOf(v));
    if (k !== NO_KEY && !at.has(k)) at.set(k, i);
  });
  return at;
}

export function keyValue(item: JsonValue, mergeKey: string): JsonValue | undefined {
  return isObject(item) ? own(item, mergeKey) : undefined;
}
