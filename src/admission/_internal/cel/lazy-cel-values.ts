/**
 * A decoded JSON value as CEL sees it, converted lazily: the same values as `celValueOf`
 * (`cel-values.ts`, the plain reference), but an object's members are converted when a rule first
 * reads them, then kept. A rule that reads two fields of a large spec converts two fields.
 *
 * @packageDocumentation
 */
import { type CelInput, celList, celMap } from '@bufbuild/cel';
import type { SchemaNode } from '../schema-node.js';
import { celScalarOf, dynValue } from './cel-values.js';

type Rec = Record<string, unknown>;

function isRecord(v: unknown): v is Rec {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** An object's members as a map `@bufbuild/cel` reads through `celMap`, converted on first read. */
class LazyMembers implements ReadonlyMap<string, CelInput> {
  readonly #rec: Rec;
  readonly #schema: SchemaNode;
  readonly #converted = new Map<string, CelInput>();

  constructor(rec: Rec, schema: SchemaNode) {
    this.#rec = rec;
    this.#schema = schema;
  }

  get size(): number {
    return Object.keys(this.#rec).length;
  }

  get(key: string): CelInput | undefined {
    if (typeof key !== 'string' || !Object.hasOwn(this.#rec, key)) return undefined;
    let hit = this.#converted.get(key);
    if (hit === undefined) {
      const s = this.#schema;
      const sub = s.properties?.get(key) ?? (s.additional ? s.additional : undefined);
      hit = lazyCelValue(this.#rec[key], sub) as CelInput;
      this.#converted.set(key, hit);
    }
    return hit;
  }

  has(key: string): boolean {
    return typeof key === 'string' && Object.hasOwn(this.#rec, key);
  }

  keys(): MapIterator<string> {
    return Object.keys(this.#rec)[Symbol.iterator]() as MapIterator<string>;
  }

  *values(): MapIterator<CelInput> {
    for (const k of Object.keys(this.#rec)) yield this.get(k) as CelInput;
  }

  *entries(): MapIterator<[string, CelInput]> {
    for (const k of Object.keys(this.#rec)) yield [k, this.get(k) as CelInput];
  }

  [Symbol.iterator](): MapIterator<[string, CelInput]> {
    return this.entries();
  }

  forEach(callback: (value: CelInput, key: string, map: ReadonlyMap<string, CelInput>) => void): void {
    for (const k of Object.keys(this.#rec)) callback(this.get(k) as CelInput, k, this);
  }
}

/**
 * The CEL value of a decoded JSON value under its schema, members converted on first read.
 *
 * @param v - the value
 * @param s - its schema (undefined: untyped)
 * @returns a value `@bufbuild/cel` takes as input, equal to `celValueOf(v, s)`
 */
export function lazyCelValue(v: unknown, s: SchemaNode | undefined): unknown {
  if (v === null || v === undefined) return null;
  if (s === undefined) return dynValue(v);
  if (Array.isArray(v)) return celList(v.map((x) => lazyCelValue(x, s.items)) as never[]);
  if (isRecord(v)) return celMap(new LazyMembers(v, s) as never);
  return celScalarOf(v, s);
}
