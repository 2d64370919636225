/**
 * Strategic merge patch, following apimachinery's `strategicpatch` (v0.36) as applied by
 * `StrategicMergePatch` (MergeParallelList and IgnoreUnmatchedNulls on), with provenance.
 *
 * Written from the algorithm's documented behaviour; every quirk kept on purpose is noted.
 * Inputs are never mutated: each level copies before it writes.
 *
 * @packageDocumentation
 */
import type { Diagnostic } from '../../model/diagnostic.js';
import type { JsonObject, JsonValue } from '../../model/types.js';
import type { MergeSchema } from '../merge-schema.js';
import { clone, escapePointerToken, isObject, keysOf, type MutableObject, own, setOwn } from './json.js';
import { childOf, itemOf, leaf, type ProvNode } from './prov-tree.js';
import {
  DIRECTIVE,
  discardNulls,
  firstIndexes,
  goEqual,
  goKey,
  keyValue,
  kindOf,
  NO_KEY,
  removeDirectives,
  show,
} from './smp-values.js';

const RETAIN_KEYS = '$retainKeys';
const DELETE_FROM_PRIMITIVE_LIST = '$deleteFromPrimitiveList';
const SET_ELEMENT_ORDER = '$setElementOrder';

/** A patch the algorithm refuses, with the JSON pointer of the node where it failed. */
export class SmpError {
  readonly message: string;
  readonly pointer: string;
  constructor(message: string, pointer: string) {
    this.message = message;
    this.pointer = pointer;
  }
}

type Item = { v: JsonValue; p: ProvNode };

function sub(schema: MergeSchema | undefined, key: string): MergeSchema | undefined {
  if (schema === undefined) return undefined;
  if (schema.fields !== undefined && Object.hasOwn(schema.fields, key)) return schema.fields[key];
  return schema.items;
}

/** Strategic merge of two objects. */
export function mergeMap(
  original: JsonObject | undefined,
  originalProv: ProvNode,
  patch: JsonObject,
  schema: MergeSchema | undefined,
  ptr: string,
): Item {
  if (Object.hasOwn(patch, DIRECTIVE)) {
    const directive = patch[DIRECTIVE];
    if (directive === 'replace') {
      // The object is replaced by the patch as it stands (directives and nulls inside stay).
      const out: MutableObject = {};
      for (const k of keysOf(patch)) if (k !== DIRECTIVE) setOwn(out, k, clone(patch[k]));
      return { v: out, p: leaf('patch') };
    }
    if (directive === 'delete') return { v: {}, p: leaf('patch') };
    throw new SmpError(`Unknown patch type: ${show(directive)} in map: ${show(patch)}`, ptr);
  }
  const base = original ?? {};
  const out: MutableObject = {};
  const children = new Map<string, ProvNode>();
  for (const k of keysOf(base)) {
    setOwn(out, k, base[k] as JsonValue);
    children.set(k, childOf(originalProv, k));
  }
  const pending = keysOf(patch);

  // $retainKeys: clear the original's members that the list does not name.
  if (pending.includes(RETAIN_KEYS)) {
    const list = patch[RETAIN_KEYS];
    if (!Array.isArray(list)) throw new SmpError('invalid patch format of retainKeys', ptr);
    const retained = new Set<unknown>(list as readonly JsonValue[]);
    for (const k of pending) {
      const v = patch[k];
      if (k === RETAIN_KEYS || v === null) continue;
      if (k.startsWith(DELETE_FROM_PRIMITIVE_LIST) || k.startsWith(SET_ELEMENT_ORDER)) continue;
      if (!retained.has(k)) {
        throw new SmpError(`invalid patch format of retainKeys: ${k} is not in $retainKeys`, ptr);
      }
    }
    for (const k of keysOf(out)) {
      if (!retained.has(k)) {
        delete out[k];
        children.delete(k);
      }
    }
    pending.splice(pending.indexOf(RETAIN_KEYS), 1);
  }

  // $setElementOrder/<field>: merge that field now and order it by the list.
  const handled = new Set<string>();
  for (const key of pending) {
    if (!key.startsWith(SET_ELEMENT_ORDER)) continue;
    handled.add(key);
    const field = extractKey(key, SET_ELEMENT_ORDER, ptr);
    handled.add(field);
    setElementOrder(out, children, patch, key, field, schema, `${ptr}/${escapePointerToken(field)}`);
  }

  // Plain members first, then $deleteFromPrimitiveList/<field> (Go visits them in random order).
  const plain = pending.filter((k) => !handled.has(k) && !k.startsWith(DELETE_FROM_PRIMITIVE_LIST));
  const deletions = pending.filter((k) => !handled.has(k) && k.startsWith(DELETE_FROM_PRIMITIVE_LIST));
  for (const rawKey of [...plain, ...deletions]) {
    const isDeleteList = rawKey.startsWith(DELETE_FROM_PRIMITIVE_LIST);
    const k = isDeleteList ? extractKey(rawKey, DELETE_FROM_PRIMITIVE_LIST, ptr) : rawKey;
    const kptr = `${ptr}/${escapePointerToken(k)}`;
    const pv = patch[rawKey] as JsonValue;
    if (pv === null) {
      delete out[k];
      children.set(k, leaf('patch'));
      continue;
    }
    const ov = own(out, k);
    const sameKind = ov !== undefined && kindOf(ov) === kindOf(pv);
    if (!sameKind || (kindOf(ov) !== 'object' && kindOf(ov) !== 'array')) {
      // Absent, of another JSON type, or both scalars: the patch value (a deletion list only
      // touches a list, except that Go's scalar branch ignores the flag).
      if (isDeleteList && !sameKind) continue;
      const [v, keep] = removeDirectives(sameKind ? pv : discardNulls(pv));
      if (keep) {
        setOwn(out, k, v);
        children.set(k, leaf('patch'));
      } else {
        delete out[k];
        children.set(k, leaf('patch'));
      }
      continue;
    }
    const fieldSchema = sub(schema, k);
    const cp = children.get(k) ?? leaf('parent');
    if (isObject(ov) && isObject(pv)) {
      if (fieldSchema?.patchStrategy === 'replace') {
        setOwn(out, k, clone(pv));
        children.set(k, leaf('patch'));
      } else {
        const r = mergeMap(ov, cp, pv, fieldSchema, kptr);
        setOwn(out, k, r.v);
        children.set(k, r.p);
      }
      continue;
    }
    // both lists
    if (fieldSchema?.patchStrategy === 'merge' || isDeleteList) {
      const r = mergeSlice(
        ov as readonly JsonValue[],
        cp,
        pv as readonly JsonValue[],
        fieldSchema?.items,
        fieldSchema?.patchMergeKey ?? '',
        isDeleteList,
        kptr,
      );
      setOwn(out, k, r.v);
      children.set(k, r.p);
    } else {
      setOwn(out, k, clone(pv));
      children.set(k, leaf('patch'));
    }
  }
  return { v: out, p: { s: original === undefined ? 'patch' : originalProv.s, o: children } };
}

function extractKey(key: string, prefix: string, ptr: string): string {
  const slash = key.indexOf('/');
  if (slash < 0 || key.slice(0, slash) !== prefix) {
    const what = prefix === SET_ELEMENT_ORDER ? 'setElementOrder list' : 'primitive list';
    throw new SmpError(`invalid patch format of ${what}: ${key}`, ptr);
  }
  return key.slice(slash + 1);
}

function elementKind(lists: readonly (readonly JsonValue[])[], ptr: string): string {
  let kind: string | undefined;
  for (const l of lists) {
    for (const v of l) {
      const k = kindOf(v);
      if (kind === undefined) {
        if (k === 'array') throw new SmpError('lists of lists are not supported', ptr);
        if (k === 'null') throw new SmpError('a merged list may not hold null elements', ptr);
        kind = k;
      } else if (k !== kind) {
        throw new SmpError(`list element types are not identical: ${show(lists)}`, ptr);
      }
    }
  }
  if (kind === undefined) throw new SmpError('no elements in any of the given slices', ptr);
  return kind;
}

function requireKey(item: JsonValue, mergeKey: string, ptr: string): JsonValue {
  const v = keyValue(item, mergeKey);
  if (v === undefined)
    throw new SmpError(`map: ${show(item)} does not contain declared merge key: ${mergeKey}`, ptr);
  return v;
}

/** How an element is compared: by merge key for objects, by value for primitives. */
function comparedBy(mergeKey: string, kind: string): (v: JsonValue) => JsonValue | undefined {
  return kind === 'object' ? (v) => keyValue(v, mergeKey) : (v) => v;
}

/**
 * Positions in `order` (the first of each value, by merge key for objects, by value for
 * primitives): `at(item)` is the item's position, or -1 when absent.
 */
function positionsIn(
  order: readonly JsonValue[],
  mergeKey: string,
  kind: string,
): (item: JsonValue) => number {
  const by = comparedBy(mergeKey, kind);
  const first = firstIndexes(order, by);
  return (item) => {
    const k = goKey(by(item));
    return k === NO_KEY ? -1 : (first.get(k) ?? -1);
  };
}

/** Stable sort of `items` by their position in `order` (apimachinery normalizeSliceOrder). */
function sortByOrder(
  items: Item[],
  order: readonly JsonValue[],
  mergeKey: string,
  kind: string,
  ptr: string,
): Item[] {
  if (kind === 'object') {
    for (const it of items) requireKey(it.v, mergeKey, ptr);
    for (const o of order) requireKey(o, mergeKey, ptr);
  }
  const keep: Item[] = [];
  const toDelete: Item[] = [];
  for (const it of items) {
    if (kind === 'object' && isObject(it.v) && own(it.v, DIRECTIVE) === 'delete') toDelete.push(it);
    else keep.push(it);
  }
  const at = positionsIn(order, mergeKey, kind);
  const ranked = keep.map((it, i) => ({ it, i, r: at(it.v) }));
  ranked.sort((a, b) => (a.r >= 0 && b.r >= 0 && a.r !== b.r ? a.r - b.r : a.i - b.i));
  return [...ranked.map((x) => x.it), ...toDelete];
}

/**
 * apimachinery mergeSortedSlice: insert the server-only items (`left`) into the patch items
 * (`right`); when both compared items are in `serverOrder` the server order decides, otherwise
 * the patch item comes first.
 */
function mergeSorted(
  left: Item[],
  right: Item[],
  serverOrder: readonly JsonValue[],
  mergeKey: string,
  kind: string,
): Item[] {
  const out: Item[] = [];
  const at = positionsIn(serverOrder, mergeKey, kind);
  let i = 0;
  let j = 0;
  while (i < left.length || j < right.length) {
    const l = left[i];
    const r = right[j];
    if (l === undefined && r !== undefined) {
      out.push(r);
      j++;
    } else if (r === undefined && l !== undefined) {
      out.push(l);
      i++;
    } else if (l !== undefined && r !== undefined) {
      const li = at(l.v);
      const ri = at(r.v);
      if (li >= 0 && ri >= 0 && li < ri) {
        out.push(l);
        i++;
      } else {
        out.push(r);
        j++;
      }
    }
  }
  return out;
}

function normalizeElementOrder(
  patchItems: Item[],
  serverOnly: Item[],
  patchOrder: readonly JsonValue[],
  serverOrder: readonly JsonValue[],
  mergeKey: string,
  kind: string,
  ptr: string,
): Item[] {
  const p = sortByOrder(patchItems, patchOrder, mergeKey, kind, ptr);
  const s = sortByOrder(serverOnly, serverOrder, mergeKey, kind, ptr);
  return mergeSorted(s, p, serverOrder, mergeKey, kind);
}

function partition(
  merged: Item[],
  by: readonly JsonValue[],
  mergeKey: string,
  kind: string,
  ptr: string,
): [Item[], Item[]] {
  const inPatch: Item[] = [];
  const serverOnly: Item[] = [];
  const byValue = mergeKey === '' || kind !== 'object';
  const keys = new Set<unknown>();
  for (const b of by) {
    if (byValue) keys.add(goKey(b));
    else if (isObject(b)) keys.add(goKey(own(b, mergeKey)));
  }
  keys.delete(NO_KEY);
  for (const it of merged) {
    const k = goKey(byValue ? it.v : requireKey(it.v, mergeKey, ptr));
    (keys.has(k) ? inPatch : serverOnly).push(it);
  }
  return [inPatch, serverOnly];
}

function toItems(list: readonly JsonValue[], prov: ProvNode): Item[] {
  return list.map((v, i) => ({ v, p: itemOf(prov, i) }));
}

function fromItems(items: Item[], s: ProvNode['s']): Item {
  return { v: items.map((it) => it.v), p: { s, a: items.map((it) => it.p) } };
}

/** Strategic merge of two lists whose field has patchStrategy `merge` (or a deletion list). */
export function mergeSlice(
  original: readonly JsonValue[],
  originalProv: ProvNode,
  patch: readonly JsonValue[],
  itemSchema: MergeSchema | undefined,
  mergeKey: string,
  isDeleteList: boolean,
  ptr: string,
): Item {
  if (original.length === 0 && patch.length === 0) return { v: [...original], p: originalProv };
  const kind = elementKind([original, patch], ptr);
  let origItems = toItems(original, originalProv);
  let merged: Item[];
  let patchList: readonly JsonValue[] = patch;
  let serverOrder: readonly JsonValue[] = original;
  if (kind !== 'object') {
    const inPatch = new Set<unknown>(patch.map(goKey));
    inPatch.delete(NO_KEY);
    if (isDeleteList) {
      return fromItems(
        origItems.filter((it) => !inPatch.has(goKey(it.v))),
        originalProv.s,
      );
    }
    merged = [];
    const seen = new Set<unknown>();
    for (const it of [...origItems, ...toItems(patch, leaf('patch'))]) {
      const k = goKey(it.v);
      if (k === NO_KEY || !seen.has(k)) merged.push(it);
      seen.add(k);
    }
    // A value the patch lists is the patch's.
    merged = merged.map((it) => (inPatch.has(goKey(it.v)) ? { v: it.v, p: leaf('patch') } : it));
  } else {
    if (mergeKey === '') throw new SmpError('cannot merge lists without merge key', ptr);
    // Elements holding $patch.
    const plainPatch: JsonValue[] = [];
    const deleted = new Set<unknown>();
    let replace = false;
    for (const v of patch) {
      const o = v as JsonObject;
      if (!Object.hasOwn(o, DIRECTIVE)) {
        plainPatch.push(v);
        continue;
      }
      const d = o[DIRECTIVE];
      if (d === 'delete') {
        deleted.add(goKey(requireKey(v, mergeKey, ptr)));
      } else if (d === 'replace') {
        replace = true;
      } else if (d === 'merge') {
        throw new SmpError('merging lists cannot yet be specified in the patch', ptr);
      } else {
        throw new SmpError(`Unknown patch type: ${show(d)} in map: ${show(v)}`, ptr);
      }
    }
    deleted.delete(NO_KEY);
    if (deleted.size > 0) origItems = origItems.filter((it) => !deleted.has(goKey(keyValue(it.v, mergeKey))));
    if (replace) {
      origItems = plainPatch.map((v) => ({ v, p: leaf('patch') }));
      patchList = [];
    } else {
      patchList = plainPatch;
    }
    serverOrder = origItems.map((it) => it.v);
    merged = [...origItems];
    // The first element of each merge key (a merged element keeps its key; a new one goes last).
    const firstOf = firstIndexes(serverOrder, (it) => keyValue(it, mergeKey));
    for (const v of patchList) {
      const kv = goKey(requireKey(v, mergeKey, ptr));
      const at = kv === NO_KEY ? -1 : (firstOf.get(kv) ?? -1);
      const found = at >= 0 ? merged[at] : undefined;
      if (found !== undefined) {
        const r = mergeMap(found.v as JsonObject, found.p, v as JsonObject, itemSchema, `${ptr}/${at}`);
        merged[at] = r;
      } else {
        if (kv !== NO_KEY) firstOf.set(kv, merged.length);
        merged.push({ v, p: leaf('patch') });
      }
    }
  }
  const [patchItems, serverOnly] = partition(merged, patchList, mergeKey, kind, ptr);
  return fromItems(
    normalizeElementOrder(patchItems, serverOnly, patchList, serverOrder, mergeKey, kind, ptr),
    originalProv.s,
  );
}

function setElementOrder(
  out: MutableObject,
  children: Map<string, ProvNode>,
  patch: JsonObject,
  directiveKey: string,
  field: string,
  schema: MergeSchema | undefined,
  ptr: string,
): void {
  const order = patch[directiveKey];
  if (!Array.isArray(order))
    throw new SmpError(`invalid patch format of setElementOrder list: ${directiveKey}`, ptr);
  const orderList = order as readonly JsonValue[];
  const foundOriginal = Object.hasOwn(out, field) && out[field] !== undefined;
  const foundPatch = Object.hasOwn(patch, field) && patch[field] !== undefined;
  const originalList = foundOriginal ? out[field] : undefined;
  const patchList = foundPatch ? patch[field] : undefined;
  if (foundOriginal && !Array.isArray(originalList)) throw new SmpError(`${field} is not a list`, ptr);
  if (foundPatch && !Array.isArray(patchList)) throw new SmpError(`${field} is not a list in the patch`, ptr);
  const ol = (originalList ?? []) as readonly JsonValue[];
  const pl = (patchList ?? []) as readonly JsonValue[];
  const fieldSchema = sub(schema, field);
  const mergeKey = fieldSchema?.patchMergeKey ?? '';
  validateOrder(pl, orderList, mergeKey, ptr);
  const prov = children.get(field) ?? leaf('parent');
  let merged: Item;
  if (foundOriginal && !foundPatch) {
    merged = { v: ol, p: prov };
  } else if (!foundOriginal && foundPatch) {
    merged = { v: removeDirectives(pl)[0], p: leaf('patch') };
  } else if (foundOriginal && foundPatch) {
    merged =
      fieldSchema?.patchStrategy === 'merge'
        ? mergeSlice(ol, prov, pl, fieldSchema.items, mergeKey, false, ptr)
        : { v: clone(pl), p: leaf('patch') };
  } else {
    return;
  }
  const items = toItems(merged.v as readonly JsonValue[], merged.p);
  const kind = elementKind([ol, pl], ptr);
  const [inOrder, serverOnly] = partition(items, orderList, mergeKey, kind, ptr);
  const result = fromItems(
    normalizeElementOrder(inOrder, serverOnly, orderList, ol, mergeKey, kind, ptr),
    merged.p.s,
  );
  setOwn(out, field, result.v);
  children.set(field, result.p);
}

function validateOrder(
  patchList: readonly JsonValue[],
  order: readonly JsonValue[],
  mergeKey: string,
  ptr: string,
): void {
  if (order.length === 0 || patchList.length === 0) return;
  const nonDelete =
    mergeKey === '' ? patchList : patchList.filter((v) => !(isObject(v) && own(v, DIRECTIVE) === 'delete'));
  let pi = 0;
  let oi = 0;
  const same = (a: JsonValue, b: JsonValue): boolean => {
    if (mergeKey === '') return goEqual(a, b);
    return goEqual(requireKey(a, mergeKey, ptr), requireKey(b, mergeKey, ptr));
  };
  while (pi < nonDelete.length && oi < order.length) {
    const p = nonDelete[pi] as JsonValue;
    if (isObject(p) && Object.hasOwn(p, DIRECTIVE)) {
      pi++;
      continue;
    }
    if (same(p, order[oi] as JsonValue)) pi++;
    oi++;
  }
  if (pi < nonDelete.length && oi >= order.length) {
    throw new SmpError(
      `The order in the patch list doesn't match the $setElementOrder list: ${show(patchList)}`,
      ptr,
    );
  }
}

/**
 * Top-level strategic merge: a non-object patch replaces, a non-object original counts as `{}`.
 * The result shares nothing with the inputs, unless `copy` is false (then unchanged members are
 * the inputs' own values: for a caller that only reads the result once, such as the Go
 * re-serialisation of a merged policy).
 */
export function strategicMergeTracked(
  original: unknown,
  patch: unknown,
  schema: MergeSchema | undefined,
  copy = true,
): Item {
  if (!isObject(patch)) return { v: copy ? clone(patch) : (patch as JsonValue), p: leaf('patch') };
  const r = mergeMap(isObject(original) ? original : undefined, leaf('parent'), patch, schema, '');
  return { v: copy ? clone(r.v) : r.v, p: r.p };
}

/** The diagnostic for a refused strategic merge patch. */
export function smpDiagnostic(e: SmpError, resource?: string): Diagnostic {
  return {
    code: 'GWP-MERGE-STRATEGIC-PATCH',
    severity: 'error',
    message: `strategic merge patch refused: ${e.message}`,
    ...(resource === undefined ? {} : { resource }),
    location: { pointer: e.pointer },
  };
}
