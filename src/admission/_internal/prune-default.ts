/**
 * What the API server does to a custom resource while decoding it, before validation
 * (apiextensions-apiserver v0.36): unknown fields are pruned (and listed, for strict field
 * validation and warnings), non-nullable nulls without a default are dropped, then the schema's
 * `default` values are applied. All of it on a copy: inputs are never mutated.
 *
 * @packageDocumentation
 */
import { compareBytes } from '../../go/string-order.js';
import { escapeSegment } from './openapi-validate.js';
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
const OBJECT_META_FIELDS: ReadonlySet<string> = new Set([
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

const META_FIELDS: ReadonlySet<string> = new Set(['apiVersion', 'kind', 'metadata']);

/**
 * Prunes a copy of a custom resource: fields the schema does not know (outside
 * `x-kubernetes-preserve-unknown-fields`), unknown `metadata` fields, and non-nullable nulls
 * without a default.
 *
 * @param root - the `openAPIV3Schema` node
 * @param object - the resource (a copy is pruned; the input is not touched)
 * @returns the pruned copy and the unknown fields, sorted as the API server sorts them
 */
export function pruneObject(root: SchemaNode, object: Rec): { object: Rec; unknown: UnknownField[] } {
  const copy = deepCopy(object);
  const unknown: UnknownField[] = [];
  const metadata = copy.metadata;
  if (isRecord(metadata)) {
    for (const k of Object.keys(metadata)) {
      if (!OBJECT_META_FIELDS.has(k)) {
        unknown.push({ path: `metadata.${k}`, pointer: `/metadata/${escapeSegment(k)}` });
        delete metadata[k];
      }
    }
  }
  prune(copy, root, true, '', '', unknown);
  pruneNulls(copy, root);
  unknown.sort((a, b) => compareBytes(a.path, b.path));
  return { object: copy, unknown };
}

function join(parent: string, k: string): string {
  return parent === '' ? k : `${parent}.${k}`;
}

function prune(
  x: unknown,
  s: SchemaNode | undefined,
  root: boolean,
  path: string,
  pointer: string,
  out: UnknownField[],
): void {
  if (s?.preserveUnknown) {
    skipPrune(x, s, root, path, pointer, out);
    return;
  }
  const embedded = root || s?.embedded === true;
  if (isRecord(x)) {
    for (const k of Object.keys(x)) {
      if (embedded && META_FIELDS.has(k)) continue;
      const prop = s?.properties?.get(k);
      const childPointer = `${pointer}/${escapeSegment(k)}`;
      if (s !== undefined && prop !== undefined) prune(x[k], prop, false, join(path, k), childPointer, out);
      else if (s?.additional) prune(x[k], s.additional, false, join(path, k), childPointer, out);
      else {
        out.push({ path: join(path, k), pointer: childPointer });
        delete x[k];
      }
    }
  } else if (Array.isArray(x)) {
    x.forEach((v, i) => {
      prune(v, s?.items, false, `${path}[${i}]`, `${pointer}/${i}`, out);
    });
  }
}

function skipPrune(
  x: unknown,
  s: SchemaNode,
  root: boolean,
  path: string,
  pointer: string,
  out: UnknownField[],
): void {
  const embedded = root || s.embedded;
  if (isRecord(x)) {
    for (const k of Object.keys(x)) {
      if (embedded && META_FIELDS.has(k)) continue;
      const prop = s.properties?.get(k) ?? (s.additional ? s.additional : undefined);
      if (prop !== undefined) prune(x[k], prop, false, join(path, k), `${pointer}/${escapeSegment(k)}`, out);
    }
  } else if (Array.isArray(x)) {
    x.forEach((v, i) => {
      if (s.items) skipPrune(v, s.items, false, `${path}[${i}]`, `${pointer}/${i}`, out);
    });
  }
}

/** `PruneNonNullableNullsWithoutDefaults`. */
function pruneNulls(x: unknown, s: SchemaNode | undefined): void {
  if (isRecord(x)) {
    for (const k of Object.keys(x)) {
      const sub = s?.properties?.get(k) ?? (s?.additional ? s.additional : undefined);
      const v = x[k];
      if (v === null && sub !== undefined && !sub.nullable && !sub.hasDefault) delete x[k];
      else pruneNulls(v, sub);
    }
  } else if (Array.isArray(x)) {
    for (const v of x) pruneNulls(v, s?.items);
  }
}

/**
 * Applies schema defaults in place (`structuraldefaulting.Default`): a property with a default
 * that is absent, or null where null is not allowed, gets a copy of the default; then every
 * present value is defaulted below, defaults just set included, list items too.
 *
 * @param x - a value (already a copy)
 * @param s - its schema
 */
export function applyDefaults(x: unknown, s: SchemaNode | undefined): void {
  if (s === undefined) return;
  if (isRecord(x)) {
    if (s.properties) {
      for (const [k, prop] of s.properties) {
        if (!prop.hasDefault) continue;
        if (!Object.hasOwn(x, k) || (x[k] === null && !prop.nullable)) x[k] = deepCopy(prop.default);
      }
    }
    for (const k of Object.keys(x)) {
      const prop = s.properties?.get(k);
      if (prop !== undefined) applyDefaults(x[k], prop);
      else if (s.additional) {
        if (x[k] === null && !s.additional.nullable && s.additional.hasDefault)
          x[k] = deepCopy(s.additional.default);
        applyDefaults(x[k], s.additional);
      }
    }
  } else if (Array.isArray(x)) {
    const items = s.items;
    if (items === undefined) return;
    for (let i = 0; i < x.length; i++) {
      if (x[i] === null && !items.nullable && items.hasDefault) x[i] = deepCopy(items.default);
      applyDefaults(x[i], items);
    }
  }
}
