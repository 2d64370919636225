/**
 * Fuzz cases as they travel to the worker (plain, serialisable data), and how the worker turns
 * one into a target's input: objects are parsed from JSON (so `__proto__` keys stay own data),
 * made hostile as their recipe says (shared, cyclic, deep, non-JSON members, getters), then
 * deep-frozen, sealed or left as they are.
 */
import type { TargetInput } from './targets.js';

type Source = { readonly file: string; readonly text: string };

/** A step of a path into the objects: the child at this position (modulo the number of children). */
export type Path = readonly number[];

/** What makes an object input hostile. */
export type Hostility =
  /** The value at `to` becomes the same object as the one at `from`. */
  | { readonly kind: 'share'; readonly from: Path; readonly to: Path }
  /** The value at `at` becomes its ancestor `up` levels up (a cycle). */
  | { readonly kind: 'cycle'; readonly at: Path; readonly up: number }
  /** The value at `at` becomes something JSON cannot hold. */
  | { readonly kind: 'notJson'; readonly at: Path; readonly value: NotJsonValue }
  /** The value at `at` becomes `depth` nested objects (or arrays) around it. */
  | { readonly kind: 'deep'; readonly at: Path; readonly depth: number; readonly arrays: boolean }
  /** The value at `at` becomes a chain of `levels` objects each referencing the next twice. */
  | { readonly kind: 'doubling'; readonly at: Path; readonly levels: number };

export type NotJsonValue =
  | 'date'
  | 'map'
  | 'set'
  | 'bigint'
  | 'symbol'
  | 'function'
  | 'undefined'
  | 'nan'
  | 'infinity'
  | 'hole'
  | 'getter'
  | 'instance'
  | 'symbolKey';

/** A fuzzed input as sent to the worker. */
export type WireInput =
  | { readonly class: 'text'; readonly sources: readonly Source[] }
  | {
      readonly class: 'objects';
      /** Each object as JSON text. */
      readonly json: readonly string[];
      readonly strings: readonly string[];
      readonly hostile: readonly Hostility[];
      readonly frozen: 'deep' | 'sealed' | 'none';
    }
  | {
      readonly class: 'cli';
      readonly argv: readonly string[];
      readonly stdin: string;
      /** Files written to the case's folder before the run: name and text. */
      readonly files: readonly (readonly [string, string])[];
    };

/** One case: which class of input generated it, and which target (index into TARGETS) it runs. */
export interface WireCase {
  readonly class: string;
  readonly target: number;
  readonly input: WireInput;
}

/** A container and the key of the child a path leads to (the last step), or undefined. */
function locate(
  roots: unknown[],
  path: Path,
): { parent: Record<string | number, unknown>; key: string | number; ancestors: unknown[] } | undefined {
  if (path.length === 0 || roots.length === 0) return undefined;
  let parent: unknown = roots;
  let key: string | number = (path[0] as number) % roots.length;
  const ancestors: unknown[] = [];
  for (const step of path.slice(1)) {
    const child = (parent as Record<string | number, unknown>)[key];
    if (typeof child !== 'object' || child === null) break;
    const keys = Array.isArray(child) ? child.map((_, i) => i) : Object.keys(child);
    if (keys.length === 0) break;
    ancestors.push(child);
    parent = child;
    key = keys[step % keys.length] as string | number;
  }
  return { parent: parent as Record<string | number, unknown>, key, ancestors };
}

/** Sets a member as own data, `__proto__` included. */
function put(parent: Record<string | number, unknown>, key: string | number, value: unknown): void {
  Object.defineProperty(parent, key, { value, enumerable: true, writable: true, configurable: true });
}

class Instance {
  readonly name = 'instance';
}

function notJson(value: NotJsonValue): unknown {
  switch (value) {
    case 'date':
      return new Date(0);
    case 'map':
      return new Map([['a', 1]]);
    case 'set':
      return new Set([1]);
    case 'bigint':
      return 10n ** 30n;
    case 'symbol':
      return Symbol('s');
    case 'function':
      return () => 1;
    case 'undefined':
      return undefined;
    case 'nan':
      return Number.NaN;
    case 'infinity':
      return Number.NEGATIVE_INFINITY;
    case 'hole':
      // biome-ignore lint/suspicious/noSparseArray: a hole is the point
      return [1, , 2];
    case 'instance':
      return new Instance();
    case 'getter':
    case 'symbolKey':
      return undefined; // applied in place (below)
  }
}

function deepFreeze(value: unknown, how: 'deep' | 'sealed'): void {
  const todo: unknown[] = [value];
  const seen = new Set<unknown>();
  for (let v = todo.pop(); v !== undefined || todo.length > 0; v = todo.pop()) {
    if (typeof v !== 'object' || v === null || seen.has(v)) continue;
    seen.add(v);
    for (const k of Reflect.ownKeys(v)) {
      const d = Object.getOwnPropertyDescriptor(v, k);
      if (d !== undefined && 'value' in d) todo.push(d.value);
    }
    if (how === 'deep') Object.freeze(v);
    else Object.seal(v);
  }
}

/**
 * Builds a target's input from a wire input (the objects anew at each call).
 *
 * @param input - the wire input
 * @param cwd - the folder of the case's files (CLI)
 * @returns the target's input
 */
export function buildInput(input: WireInput, cwd: string): TargetInput {
  if (input.class === 'text') return input;
  if (input.class === 'cli') return { class: 'cli', argv: input.argv, stdin: input.stdin, cwd };
  const objects: unknown[] = input.json.map((j) => JSON.parse(j) as unknown);
  for (const h of input.hostile) {
    const at = locate(objects, h.kind === 'share' ? h.to : h.at);
    if (at === undefined) continue;
    switch (h.kind) {
      case 'share': {
        const from = locate(objects, h.from);
        if (from !== undefined) put(at.parent, at.key, from.parent[from.key]);
        break;
      }
      case 'cycle': {
        const target = at.ancestors[Math.max(0, at.ancestors.length - 1 - h.up)];
        if (target !== undefined) put(at.parent, at.key, target);
        break;
      }
      case 'notJson':
        if (h.value === 'getter') {
          const v = at.parent[at.key];
          Object.defineProperty(at.parent, at.key, { get: () => v, enumerable: true, configurable: true });
        } else if (h.value === 'symbolKey') {
          put(at.parent, Symbol('key') as unknown as string, 1);
        } else {
          put(at.parent, at.key, notJson(h.value));
        }
        break;
      case 'deep': {
        let v: unknown = at.parent[at.key];
        for (let i = 0; i < h.depth; i += 1) v = h.arrays ? [v] : { a: v };
        put(at.parent, at.key, v);
        break;
      }
      case 'doubling': {
        let v: unknown = { leaf: at.parent[at.key] ?? null };
        for (let i = 0; i < h.levels; i += 1) v = { a: v, b: v };
        put(at.parent, at.key, v);
        break;
      }
    }
  }
  if (input.frozen !== 'none') deepFreeze(objects, input.frozen);
  return { class: 'objects', objects, strings: input.strings };
}
