/**
 * Provenance trees: which input (the merge target or the patch) supplied each part of a merge
 * result. A node applies to its whole subtree unless it has children for objects (`o`) or arrays
 * (`a`). Keys deleted by a patch `null` keep a tombstone child whose source is the patch, so a
 * value Go later re-adds there (a `null` or zero value) is credited to the patch.
 *
 * @packageDocumentation
 */
import type { JsonObject, JsonValue } from '../../model/types.js';
import { escapePointerToken, isObject, keysOf, setOwn } from './json.js';

/** The two inputs of a merge. */
export type Side = 'parent' | 'patch';

/** One node of a provenance tree. */
export interface ProvNode {
  readonly s: Side;
  readonly o?: Map<string, ProvNode>;
  readonly a?: ProvNode[];
}

/** A node that credits a whole subtree to one side. */
export function leaf(s: Side): ProvNode {
  return { s };
}

/** The provenance of member `key` under `node` (the node itself when it has no finer record). */
export function childOf(node: ProvNode, key: string): ProvNode {
  return node.o?.get(key) ?? { s: node.s };
}

/** The provenance of element `i` under `node`. */
export function itemOf(node: ProvNode, i: number): ProvNode {
  return node.a?.[i] ?? { s: node.s };
}

/** Walks `value` and records, for each leaf, the source its node says (mapped through `names`). */
export function flattenProvenance(
  value: JsonValue | undefined,
  node: ProvNode,
  names: Readonly<Record<Side, string>>,
): Record<string, string> {
  const out: Record<string, string> = {};
  // Depth first, without recursion, in the order a recursive walk would write the leaves.
  const todo: [JsonValue | undefined, ProvNode, string][] = [[value, node, '']];
  for (let next = todo.pop(); next !== undefined; next = todo.pop()) {
    const [v, n, ptr] = next;
    if (Array.isArray(v) && v.length > 0) {
      for (let i = v.length - 1; i >= 0; i -= 1) todo.push([v[i] as JsonValue, itemOf(n, i), `${ptr}/${i}`]);
      continue;
    }
    const keys = isObject(v) ? keysOf(v) : [];
    if (keys.length > 0) {
      const o = v as JsonObject;
      for (let i = keys.length - 1; i >= 0; i -= 1) {
        const k = keys[i] as string;
        todo.push([o[k], childOf(n, k), `${ptr}/${escapePointerToken(k)}`]);
      }
      continue;
    }
    setOwn(out as Record<string, JsonValue>, ptr, names[n.s]);
  }
  return out;
}
