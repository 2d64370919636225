/**
 * RFC 7386 JSON Merge Patch with provenance tracking.
 *
 * @packageDocumentation
 */
import type { JsonObject, JsonValue } from '../../model/types.js';
import { clone, isObject, keysOf, type MutableObject, own, setOwn } from './json.js';
import { childOf, leaf, type ProvNode } from './prov-tree.js';

/**
 * MergePatch(Target, Patch) of RFC 7386 section 2, returning the result and its provenance.
 * Inputs are not mutated; the result shares nothing with them, unless `copy` is false (then
 * members the merge does not rebuild are the inputs' own values: for a caller that only reads
 * the result once, such as the Go re-serialisation of a merged policy).
 */
export function mergeRfc7386(
  target: unknown,
  patch: unknown,
  targetProv: ProvNode,
  copy = true,
): [JsonValue, ProvNode] {
  if (!isObject(patch)) {
    return [copy ? clone(patch) : (patch as JsonValue), leaf('patch')];
  }
  const targetIsObject = isObject(target);
  const base: JsonObject = targetIsObject ? target : {};
  const out: MutableObject = {};
  const children = new Map<string, ProvNode>();
  const baseProv = targetIsObject ? targetProv : leaf('patch');
  for (const k of keysOf(base)) {
    setOwn(out, k, copy ? clone(base[k]) : (base[k] as JsonValue));
    children.set(k, childOf(baseProv, k));
  }
  for (const k of keysOf(patch)) {
    const pv = patch[k] as JsonValue;
    if (pv === null) {
      delete out[k];
      children.set(k, leaf('patch'));
      continue;
    }
    const tv = own(out, k);
    const [v, p] = mergeRfc7386(
      tv,
      pv,
      tv === undefined ? leaf('patch') : (children.get(k) ?? leaf('parent')),
      copy,
    );
    setOwn(out, k, v);
    children.set(k, p);
  }
  return [out, { s: baseProv.s, o: children }];
}

/** A merge of one patch object onto one target, pending. */
interface PatchFrame {
  readonly target: JsonObject;
  readonly patch: JsonObject;
  readonly out: MutableObject;
}

/**
 * MergePatch(Target, Patch) of RFC 7386 section 2, without recursion (any depth) and without
 * provenance. The result shares nothing with the inputs. The inputs must be free of cycles.
 */
export function applyMergePatch(target: unknown, patch: unknown): JsonValue {
  if (!isObject(patch)) return clone(patch);
  const root: MutableObject = {};
  const todo: PatchFrame[] = [{ target: isObject(target) ? target : {}, patch, out: root }];
  for (let frame = todo.pop(); frame !== undefined; frame = todo.pop()) {
    const { target: t, patch: p, out } = frame;
    // The target's members in their order; those the patch sets are written below (copying them
    // here too would copy a deep target once per level).
    for (const k of keysOf(t)) setOwn(out, k, p[k] !== undefined && Object.hasOwn(p, k) ? null : clone(t[k]));
    for (const k of keysOf(p)) {
      const pv = p[k] as JsonValue;
      if (pv === null) {
        delete out[k];
      } else if (!isObject(pv)) {
        setOwn(out, k, clone(pv));
      } else {
        // Merged below, onto the target's own member (not its copy).
        const tv = own(t, k);
        const child: MutableObject = {};
        setOwn(out, k, child);
        todo.push({ target: tv !== undefined && isObject(tv) ? tv : {}, patch: pv, out: child });
      }
    }
  }
  return root;
}
