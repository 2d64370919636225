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

/**
 * A deep copy of a JSON-like value as plain data (`undefined` members dropped, `undefined` array
 * items become `null`), without recursion: any depth is copied.
 */
export function clone(v: unknown): JsonValue {
  if (v === null || typeof v !== 'object') return v === undefined ? null : (v as JsonValue);
  const root: MutableObject | JsonValue[] = Array.isArray(v) ? [] : {};
  // Each entry: a source collection and its copy, to be filled.
  const todo: [unknown, MutableObject | JsonValue[]][] = [[v, root]];
  for (let next = todo.pop(); next !== undefined; next = todo.pop()) {
    const [from, to] = next;
    const copyOf = (x: unknown): JsonValue => {
      if (x === null || typeof x !== 'object') return x === undefined ? null : (x as JsonValue);
      const c: MutableObject | JsonValue[] = Array.isArray(x) ? [] : {};
      todo.push([x, c]);
      return c;
    };
    if (Array.isArray(to)) {
      for (const x of from as readonly unknown[]) to.push(copyOf(x));
    } else {
      const o = from as JsonObject;
      for (const k of keysOf(o)) setOwn(to, k, copyOf(o[k]));
    }
  }
  return root;
}

/** Escapes one JSON pointer token (RFC 6901). */
export function escapePointerToken(token: string): string {
  if (!token.includes('~') && !token.includes('/')) return token;
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}
