/**
 * What the API server does to a custom resource while decoding it, before validation
 * (apiextensions-apiserver v0.36): unknown fields are pruned (and listed, for strict field
 * validation and warnings), non-nullable nulls without a default are dropped, then the schema's
 * `default` values are applied. All of it on a copy: inputs are never mutated.
 *
 * @packageDocumentation
 */
import { compareBytes } from '../../go/string-order.js';
import { escapeSegment } from './location.js';
import type { SchemaNode } from './schema-node.js';

type Rec = Record<string, unknown>;

function isRecord(v: unknown): v is Rec {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A deep copy of a JSON value. */
export function deepCopy<T>(v: T): T {
  if (Array.isArray(v)) return v.map(deepCopy) as T;
  if (isRecord(v)) {
    const out: Rec = {};
    for (const [k, x] of Object.entries(v)) out[k] = deepCopy(x);
    return out as T;
  }
  return v;
}

/** An unknown field: the API server's path (`spec.foo`, `spec.list[0].bar`) and its JSON pointer. */
export interface UnknownField {
  readonly path: string;
  readonly pointer: string;
}

/** The JSON field names of `metav1.ObjectMeta` (strict decoding reports any other). */
export const OBJECT_META_FIELDS: ReadonlySet<string> = new Set([
  'name',
  'generateName',
  'namespace',
  'selfLink',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'labels',
  'annotations',
  'ownerReferences',
  'finalizers',
  'managedFields',
]);

/** The members of an embedded object that pruning leaves to the object itself. */
export const META_FIELDS: ReadonlySet<string> = new Set(['apiVersion', 'kind', 'metadata']);

/**
 * Prunes a custom resource as the API server does on decode: fields the schema does not know
 * (outside `x-kubernetes-preserve-unknown-fields`), unknown `metadata` fields, and non-nullable
 * nulls without a default. Copy on write: what does not change is shared with the input, which is
 * never mutated.
 *
 * @param root - the `openAPIV3Schema` node
 * @param object - the resource
 * @returns the pruned object (the input itself when nothing is pruned) and the unknown fields,
 *   sorted as the API server sorts them
 */
export function pruneObject(root: SchemaNode, object: Rec): { object: Rec; unknown: UnknownField[] } {
  const unknown: UnknownField[] = [];
  let out = object;
  const metadata = object.metadata;
  if (isRecord(metadata)) {
    const extra = Object.keys(metadata).filter((k) => !OBJECT_META_FIELDS.has(k));
    if (extra.length > 0) {
      const kept: Rec = {};
      for (const [k, v] of Object.entries(metadata)) if (OBJECT_META_FIELDS.has(k)) kept[k] = v;
      for (const k of extra)
        unknown.push({ path: `metadata.${k}`, pointer: `/metadata/${escapeSegment(k)}` });
      out = { ...object, metadata: kept };
    }
  }
  out = prune(out, root, true, '', '', unknown) as Rec;
  out = pruneNulls(out, root) as Rec;
  unknown.sort((a, b) => compareBytes(a.path, b.path));
  return { object: out, unknown };
}

function join(parent: string, k: string): string {
  return parent === '' ? k : `${parent}.${k}`;
}

/** The schema of a member of an object: its property, else additionalProperties. */
function memberSchema(s: SchemaNode | undefined, k: string): SchemaNode | undefined {
  return s?.properties?.get(k) ?? (s?.additional ? s.additional : undefined);
}

function prune(
  x: unknown,
  s: SchemaNode | undefined,
  root: boolean,
  path: string,
  pointer: string,
  out: UnknownField[],
): unknown {
  if (s?.preserveUnknown) return skipPrune(x, s, root, path, pointer, out);
  const embedded = root || s?.embedded === true;
  if (isRecord(x)) {
    let copy: Rec | undefined;
    for (const k of Object.keys(x)) {
      if (embedded && META_FIELDS.has(k)) continue;
      const sub = s === undefined ? undefined : memberSchema(s, k);
      if (sub === undefined) {
        out.push({ path: join(path, k), pointer: `${pointer}/${escapeSegment(k)}` });
        copy ??= { ...x };
        delete copy[k];
        continue;
      }
      const v = x[k];
      const pruned =
        typeof v === 'object' && v !== null
          ? prune(v, sub, false, join(path, k), `${pointer}/${escapeSegment(k)}`, out)
          : v;
      if (pruned !== v) {
        copy ??= { ...x };
        copy[k] = pruned;
      }
    }
    return copy ?? x;
  }
  if (Array.isArray(x))
    return mapList(x, (v, i) => prune(v, s?.items, false, `${path}[${i}]`, `${pointer}/${i}`, out));
  return x;
}

function skipPrune(
  x: unknown,
  s: SchemaNode,
  root: boolean,
  path: string,
  pointer: string,
  out: UnknownField[],
): unknown {
  const embedded = root || s.embedded;
  if (isRecord(x)) {
    let copy: Rec | undefined;
    for (const k of Object.keys(x)) {
      if (embedded && META_FIELDS.has(k)) continue;
      const sub = memberSchema(s, k);
      if (sub === undefined) continue;
      const v = x[k];
      const pruned = prune(v, sub, false, join(path, k), `${pointer}/${escapeSegment(k)}`, out);
      if (pruned !== v) {
        copy ??= { ...x };
        copy[k] = pruned;
      }
    }
    return copy ?? x;
  }
  const items = s.items;
  if (Array.isArray(x) && items !== undefined) {
    return mapList(x, (v, i) => skipPrune(v, items, false, `${path}[${i}]`, `${pointer}/${i}`, out));
  }
  return x;
}

/** A list with each item mapped; the list itself when no item changes. */
function mapList(list: readonly unknown[], f: (v: unknown, i: number) => unknown): unknown[] {
  let copy: unknown[] | undefined;
  for (let i = 0; i < list.length; i++) {
    const v = list[i];
    const w = f(v, i);
    if (w !== v) {
      copy ??= list.slice();
      copy[i] = w;
    }
  }
  return copy ?? (list as unknown[]);
}

/** `PruneNonNullableNullsWithoutDefaults`, copy on write. */
function pruneNulls(x: unknown, s: SchemaNode | undefined): unknown {
  if (isRecord(x)) {
    let copy: Rec | undefined;
    for (const k of Object.keys(x)) {
      const sub = memberSchema(s, k);
      const v = x[k];
      if (v === null && sub !== undefined && !sub.nullable && !sub.hasDefault) {
        copy ??= { ...x };
        delete copy[k];
        continue;
      }
      const w = typeof v === 'object' && v !== null ? pruneNulls(v, sub) : v;
      if (w !== v) {
        copy ??= { ...x };
        copy[k] = w;
      }
    }
    return copy ?? x;
  }
  if (Array.isArray(x)) return mapList(x, (v) => pruneNulls(v, s?.items));
  return x;
}

/**
 * Applies schema defaults (`structuraldefaulting.Default`): a property with a default that is
 * absent, or null where null is not allowed, gets a copy of the default; then every present value
 * is defaulted below, defaults just set included, list items too. Copy on write.
 *
 * @param x - a value
 * @param s - its schema
 * @returns the defaulted value (`x` itself when no default applies)
 */
export function withDefaults(x: unknown, s: SchemaNode | undefined): unknown {
  if (s === undefined) return x;
  if (isRecord(x)) {
    let copy: Rec | undefined;
    if (s.defaultsBelow) {
      if (s.properties) {
        for (const [k, prop] of s.properties) {
          if (!prop.hasDefault) continue;
          if (!Object.hasOwn(x, k) || (x[k] === null && !prop.nullable)) {
            copy ??= { ...x };
            copy[k] = deepCopy(prop.default);
          }
        }
      }
      const src = copy ?? x;
      for (const k of Object.keys(src)) {
        const prop = s.properties?.get(k);
        const v = src[k];
        let w = v;
        if (prop !== undefined) w = withDefaults(v, prop);
        else if (s.additional) {
          if (v === null && !s.additional.nullable && s.additional.hasDefault)
            w = deepCopy(s.additional.default);
          w = withDefaults(w, s.additional);
        }
        if (w !== v) {
          copy ??= { ...x };
          copy[k] = w;
        }
      }
    }
    return copy ?? x;
  }
  if (Array.isArray(x)) {
    const items = s.items;
    if (items === undefined || !(items.defaultsBelow || items.hasDefault)) return x;
    return mapList(x, (v) =>
      withDefaults(v === null && !items.nullable && items.hasDefault ? deepCopy(items.default) : v, items),
    );
  }
  return x;
}
