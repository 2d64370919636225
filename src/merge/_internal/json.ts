/**
 * Plain-JSON helpers shared by the merge engines. Every object built here is a plain `{}` whose
 * keys are own data properties, so keys such as `__proto__` stay data and never reach a prototype.
 *
 * @packageDocumentation
 */
import type { JsonObject, JsonValue } from '../../model/types.js';

/** A mutable JSON object under construction. */
export type MutableObject = { [key: string]: JsonValue };

/** True for a non-null, non-array object. */
export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The own property `key` of `o`, or `undefined` (never an inherited one such as `constructor`). */
export function own(o: JsonObject, key: string): JsonValue | undefined {
  return Object.hasOwn(o, key) ? o[key] : undefined;
}

/** True when `o` has its own property `key` with a defined value. */
export function hasOwn(o: JsonObject, key: string): boolean {
  return Object.hasOwn(o, key) && o[key] !== undefined;
}

/** Sets `key` as an own data property, even for `__proto__`. */
export function setOwn(o: MutableObject, key: string, value: JsonValue): void {
  if (key === '__proto__') {
    Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    o[key] = value;
  }
}

/** The own keys of `o` whose value is not `undefined`, in insertion order. */
export function keysOf(o: JsonObject): string[] {
  return Object.keys(o).filter((k) => o[k] !== undefined);
}

/** A deep copy of a JSON-like value as plain data (`undefined` members dropped, `undefined` array items become `null`). */
export function clone(v: unknown): JsonValue {
  if (v === null || typeof v !== 'object') {
    return v === undefined ? null : (v as JsonValue);
  }
  if (Array.isArray(v)) {
    return v.map((x) => clone(x));
  }
  const out: MutableObject = {};
  const o = v as JsonObject;
  for (const k of keysOf(o)) {
    setOwn(out, k, clone(o[k]));
  }
  return out;
}

/** A shallow copy of an object, keeping `__proto__` keys as data. */
export function shallowCopy(o: JsonObject): MutableObject {
  const out: MutableObject = {};
  for (const k of keysOf(o)) {
    setOwn(out, k, o[k] as JsonValue);
  }
  return out;
}

/** Escapes one JSON pointer token (RFC 6901). */
export function escapePointerToken(token: string): string {
  if (!token.includes('~') && !token.includes('/')) return token;
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Deep equality of JSON values (key order ignored). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]));
  }
  const ao = a as JsonObject;
  const bo = b as JsonObject;
  const ak = keysOf(ao);
  const bk = keysOf(bo);
  return ak.length === bk.length && ak.every((k) => Object.hasOwn(bo, k) && jsonEqual(ao[k], bo[k]));
}
