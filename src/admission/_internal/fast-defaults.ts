/**
 * Schema defaults applied as `withDefaults` (`prune-default.ts`, the reference) applies them, with
 * what each schema node needs worked out once: the properties that have a default, the
 * properties below which a default applies (the only members visited), the map values and list
 * items that do. Copy on write, as the reference: what does not change is shared.
 *
 * @packageDocumentation
 */
import { deepCopy } from './prune-default.js';
import type { SchemaNode } from './schema-node.js';

type Rec = Record<string, unknown>;

function isRecord(v: unknown): v is Rec {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** What defaulting does at one schema node. */
interface DefaultsNode {
  /** Properties with a default: set when absent, or null where null is not allowed. */
  readonly defaulted: readonly (readonly [string, SchemaNode])[];
  /** Properties below which a default applies. */
  readonly below: readonly (readonly [string, DefaultsNode])[];
  readonly properties: ReadonlyMap<string, SchemaNode> | undefined;
  /** additionalProperties when a map value can get a default. */
  readonly additional: SchemaNode | undefined;
  readonly additionalBelow: DefaultsNode | undefined;
  /** The item schema when a list item can get a default. */
  readonly items: SchemaNode | undefined;
  readonly itemsBelow: DefaultsNode | undefined;
}

/** Compiles and caches what defaulting does at each schema node of a CRD set. */
export class FastDefaults {
  readonly #nodes = new Map<SchemaNode, DefaultsNode>();

  #compile(s: SchemaNode): DefaultsNode {
    let hit = this.#nodes.get(s);
    if (hit === undefined) {
      const props = [...(s.properties ?? [])];
      const additional = s.additional || undefined;
      const items = s.items;
      const itemsApply = items !== undefined && (items.defaultsBelow || items.hasDefault);
      const additionalApply = additional !== undefined && (additional.defaultsBelow || additional.hasDefault);
      hit = {
        defaulted: s.defaultsBelow ? props.filter(([, p]) => p.hasDefault) : [],
        below: s.defaultsBelow
          ? props.filter(([, p]) => p.defaultsBelow).map(([k, p]) => [k, this.#compile(p)] as const)
          : [],
        properties: s.properties,
        additional: s.defaultsBelow && additionalApply ? additional : undefined,
        additionalBelow: s.defaultsBelow && additional?.defaultsBelow ? this.#compile(additional) : undefined,
        items: itemsApply ? items : undefined,
        itemsBelow: itemsApply && items !== undefined ? this.#compile(items) : undefined,
      };
      this.#nodes.set(s, hit);
    }
    return hit;
  }

  /**
   * Applies schema defaults (`structuraldefaulting.Default`), as `withDefaults` does.
   *
   * @param x - a value
   * @param s - its schema
   * @returns the defaulted value (`x` itself when no default applies)
   */
  apply(x: unknown, s: SchemaNode | undefined): unknown {
    return s === undefined ? x : this.#apply(x, this.#compile(s));
  }

  #apply(x: unknown, d: DefaultsNode): unknown {
    if (isRecord(x)) {
      let copy: Rec | undefined;
      for (const [k, prop] of d.defaulted) {
        const v = x[k];
        if ((v === undefined && !Object.hasOwn(x, k)) || (v === null && !prop.nullable)) {
          copy ??= { ...x };
          copy[k] = deepCopy(prop.default);
        }
      }
      const src = copy ?? x;
      for (const [k, below] of d.below) {
        if (!Object.hasOwn(src, k)) continue;
        const v = src[k];
        const w = this.#apply(v, below);
        if (w !== v) {
          copy ??= { ...x };
          copy[k] = w;
        }
      }
      const additional = d.additional;
      if (additional !== undefined) {
        for (const k of Object.keys(src)) {
          if (d.properties?.has(k)) continue;
          const v = src[k];
          let w = v;
          if (v === null && !additional.nullable && additional.hasDefault) w = deepCopy(additional.default);
          if (d.additionalBelow !== undefined) w = this.#apply(w, d.additionalBelow);
          if (w !== v) {
            copy ??= { ...x };
            copy[k] = w;
          }
        }
      }
      return copy ?? x;
    }
    if (Array.isArray(x)) {
      const items = d.items;
      if (items === undefined) return x;
      let copy: unknown[] | undefined;
      for (let i = 0; i < x.length; i++) {
        const v = x[i];
        let w = v === null && !items.nullable && items.hasDefault ? deepCopy(items.default) : v;
        if (d.itemsBelow !== undefined) w = this.#apply(w, d.itemsBelow);
        if (w !== v) {
          copy ??= x.slice();
          copy[i] = w;
        }
      }
      return copy ?? x;
    }
    return x;
  }
}
