/**
 * `x-kubernetes-list-type: set` and `map` uniqueness, as `structurallisttype.ValidateListSetsAndMaps`
 * checks it (apiextensions-apiserver v0.36): duplicates are reported once, at their second
 * occurrence, with `field.Path` text (`spec.list[1]`, map keys as `spec.labels[key]`).
 *
 * @packageDocumentation
 */
import type { FieldError } from './field-error.js';
import { goJson } from './go-text.js';
import { type Loc, ROOT } from './location.js';
import type { SchemaNode } from './schema-node.js';

type Rec = Record<string, unknown>;

function isRecord(v: unknown): v is Rec {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Finds duplicate entries of list-type `set` and `map` lists anywhere in an object.
 *
 * @param node - the schema of `obj`
 * @param obj - the object
 * @param path - where `obj` is
 * @param out - receives the errors
 */
export function validateListTypes(node: SchemaNode, obj: unknown, path: Loc, out: FieldError[]): void {
  if (!isRecord(obj)) return;
  const additional = node.additional;
  if (additional) {
    for (const [k, v] of Object.entries(obj)) walk(additional, v, path.key(k), out);
  }
  if (node.properties) {
    for (const [k, v] of Object.entries(obj)) {
      const sub = node.properties.get(k);
      if (sub) walk(sub, v, path.property(k), out);
    }
  }
}

function walk(node: SchemaNode, value: unknown, path: Loc, out: FieldError[]): void {
  if (Array.isArray(value)) walkArray(node, value, path, out);
  else if (isRecord(value)) validateListTypes(node, value, path, out);
}

function duplicate(path: Loc, value: unknown): FieldError {
  return {
    type: 'Duplicate',
    field: path.fieldPath(),
    value,
    detail: '',
    pointer: path.pointer(),
    source: 'list',
  };
}

/**
 * Whether a list meets its own `x-kubernetes-list-type` (set or map uniqueness, map items are
 * objects), its items not looked into: for checks compiled from the schema.
 *
 * @param node - the list's schema
 * @param list - the list
 * @returns true when the list-type check reports nothing at this list
 */
export function listTypeAccepts(node: SchemaNode, list: readonly unknown[]): boolean {
  if (node.listType === 'set') return nonUnique(list).length === 0;
  if (node.listType === 'map') return validateListMap(node, list, ROOT).length === 0;
  return true;
}

function walkArray(node: SchemaNode, list: readonly unknown[], path: Loc, out: FieldError[]): void {
  if (node.listType === 'set') {
    for (const i of nonUnique(list)) out.push(duplicate(path.index(i), list[i]));
  } else if (node.listType === 'map') {
    out.push(...validateListMap(node, list, path));
  }
  if (node.items) {
    for (let i = 0; i < list.length; i++) walk(node.items, list[i], path.index(i), out);
  }
}

/** Indexes of the second occurrence of every repeated value (each value reported once). */
function nonUnique(list: readonly unknown[]): number[] {
  if (list.length <= 1) return [];
  const times = new Map<string, number>();
  const out: number[] = [];
  list.forEach((x, i) => {
    // Scalars compare by value and type; compound values by their JSON text.
    const k = typeof x === 'object' && x !== null ? `j${goJson(x)}` : `${typeof x}:${String(x)}`;
    const seen = times.get(k) ?? 0;
    if (seen === 1) out.push(i);
    times.set(k, seen + 1);
  });
  return out;
}

const UNSPECIFIED = '\u0000unspecified';

function validateListMap(node: SchemaNode, list: readonly unknown[], path: Loc): FieldError[] {
  for (let i = 0; i < list.length; i++) {
    const x = list[i];
    if (x !== null && x !== undefined && !isRecord(x)) {
      const p = path.index(i);
      return [
        {
          type: 'Invalid',
          field: p.fieldPath(),
          value: x,
          detail: 'must be an object for an array of list-type map',
          pointer: p.pointer(),
          source: 'list',
        },
      ];
    }
  }
  if (list.length <= 1) return [];
  const keyFields = node.listMapKeys;
  if (keyFields.length === 1) {
    const field = keyFields[0] ?? '';
    const keys = list.map((x) => (isRecord(x) && Object.hasOwn(x, field) ? x[field] : UNSPECIFIED));
    return nonUnique(keys).map((i) => {
      const k = keys[i];
      return duplicate(path.index(i), k === UNSPECIFIED ? {} : { [field]: k });
    });
  }
  const keys = list.map((x) => {
    const k: Rec = {};
    if (isRecord(x)) for (const f of keyFields) if (Object.hasOwn(x, f)) k[f] = x[f];
    return k;
  });
  return nonUnique(keys).map((i) => duplicate(path.index(i), keys[i]));
}
