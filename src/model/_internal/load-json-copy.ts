/**
 * A deep copy of caller-owned data that also checks it is JSON data, for `loadObjects`.
 *
 * @packageDocumentation
 */

import { jsonShapeProblem } from './json-shape.js';
import { LOAD_CODES } from './load-codes.js';

/** The copy, or why the value is not JSON data and where. */
export type JsonCopy =
  | { readonly ok: true; readonly value: unknown }
  | {
      readonly ok: false;
      readonly pointer: string;
      readonly reason: string;
      /** The loader's code for it: `GWP-LOAD-TOO-DEEP`, `GWP-LOAD-ALIAS-LIMIT` or `GWP-LOAD-NOT-JSON`. */
      readonly code: string;
    };

class NotJson {
  readonly pointer: string;
  readonly reason: string;
  readonly tooDeep: boolean;
  constructor(pointer: string, reason: string, tooDeep = false) {
    this.pointer = pointer;
    this.reason = reason;
    this.tooDeep = tooDeep;
  }
}

function isPlainPrototype(value: object): boolean {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Sets an own enumerable property, `__proto__` included (plain assignment would set the prototype). */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    target[key] = value;
  }
}

/**
 * Deep-copies JSON data: plain objects, arrays, strings, numbers, booleans and null. Object
 * properties whose value is `undefined` are left out, as `JSON.stringify` does. Shared
 * sub-objects stay shared in the copy (so the cost is linear in the input's size), cycles,
 * functions, symbols, bigints, `undefined` array elements and class instances are refused, and so
 * is nesting deeper than `maxNesting` collections. Never throws.
 *
 * @param value - caller-owned data
 * @param maxNesting - deepest collection nesting accepted
 * @returns the copy, or the pointer and reason of the first refused value
 */
export function copyJson(value: unknown, maxNesting: number): JsonCopy {
  const copies = new Map<object, unknown>();
  const active = new Set<object>();

  const copy = (v: unknown, pointer: string, depth: number): unknown => {
    if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) throw new NotJson(pointer, `${v} is not a JSON number`);
      return v;
    }
    if (typeof v !== 'object') throw new NotJson(pointer, `a ${typeof v} is not JSON data`);
    if (active.has(v)) throw new NotJson(pointer, 'the value contains a cycle');
    if (depth >= maxNesting)
      throw new NotJson(pointer, `collections nest deeper than ${maxNesting} levels`, true);
    const done = copies.get(v);
    if (done !== undefined) return done;
    active.add(v);
    let out: unknown;
    if (Array.isArray(v)) {
      const arr: unknown[] = [];
      for (let i = 0; i < v.length; i += 1) {
        const item: unknown = v[i];
        if (item === undefined)
          throw new NotJson(`${pointer}/${i}`, 'undefined (or a hole) is not JSON data');
        arr.push(copy(item, `${pointer}/${i}`, depth + 1));
      }
      out = arr;
    } else {
      if (!isPlainPrototype(v)) {
        const name = (v as { constructor?: { name?: unknown } }).constructor?.name;
        throw new NotJson(
          pointer,
          `${typeof name === 'string' ? name : 'a class instance'} is not a plain object`,
        );
      }
      const obj: Record<string, unknown> = {};
      for (const key of Object.keys(v)) {
        const item: unknown = (v as Record<string, unknown>)[key];
        if (item === undefined) continue;
        setOwn(
          obj,
          key,
          copy(item, `${pointer}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`, depth + 1),
        );
      }
      out = obj;
    }
    active.delete(v);
    copies.set(v, out);
    return out;
  };

  try {
    // Objects shared beyond go-yaml's aliasing rule are refused as YAML aliases are.
    const shape = jsonShapeProblem(value, maxNesting);
    if (shape?.kind === 'excessive-sharing') {
      return {
        ok: false,
        pointer: shape.pointer,
        reason: shape.message,
        code: LOAD_CODES.aliasLimit,
      };
    }
    return { ok: true, value: copy(value, '', 0) };
  } catch (error) {
    if (error instanceof NotJson) {
      const code = error.tooDeep ? LOAD_CODES.tooDeep : LOAD_CODES.notJson;
      return { ok: false, pointer: error.pointer, reason: error.reason, code };
    }
    const reason =
      error instanceof RangeError
        ? 'nesting too deep to copy'
        : `reading it failed (${error instanceof Error ? error.message : 'a non-Error was thrown'})`;
    return { ok: false, pointer: '', reason, code: LOAD_CODES.notJson };
  }
}
