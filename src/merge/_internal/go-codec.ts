/**
 * A model of Go `encoding/json` for the typed Envoy Gateway policy structs: decode JSON into a
 * "Go value" the way `json.Unmarshal` fills the struct (unknown fields dropped, names matched
 * exactly first and then case-insensitively, `null` resets pointers, slices and maps and leaves
 * other values alone), then encode it the way `json.Marshal` writes it (omitempty, omitzero,
 * `null` for nil pointers/slices/maps, zero values for scalars, structs always written).
 *
 * @packageDocumentation
 */
import type { Diagnostic } from '../../model/diagnostic.js';
import type { JsonObject, JsonValue } from '../../model/types.js';
import type { GoFieldExtra } from './go-type.js';
import { GO_STRUCTS } from './go-type-table.js';
import { clone, escapePointerToken, isObject, keysOf, type MutableObject, setOwn } from './json.js';

/** A field with its embedded structs' fields promoted. */
export interface FlatField {
  readonly json: string;
  readonly type: string;
  readonly omitempty: boolean;
  readonly omitzero: boolean;
  readonly extra: GoFieldExtra | undefined;
}

/** A decoded Go value. `undefined` is the zero value (nil for pointers, slices and maps). */
export type GoVal = undefined | null | string | number | boolean | GoVal[] | GoStruct | GoMap | GoRaw;
/** A struct: fields by JSON name (absent = zero), an object whose prototype has no members. */
export interface GoStruct {
  [field: string]: GoVal;
}
/** A Go map: entries by key (keys are user data, hence a Map). */
export type GoMap = Map<string, GoVal>;
/** The raw bytes of an `apiextensionsv1.JSON` (or any `raw`) value. */
export interface GoRaw {
  readonly raw: JsonValue;
}

/**
 * The prototype of decoded structs: it has no members, so an unset field reads `undefined` even
 * when named like an `Object.prototype` member, and structs are told apart from raw values.
 */
const STRUCT_PROTO: object = Object.create(null);

/** A new decoded struct, with the fields of `from` when given (decoding on top of a value). */
function newStruct(from: GoVal): GoStruct {
  const m = Object.create(STRUCT_PROTO) as GoStruct;
  if (isGoStruct(from)) for (const k in from) m[k] = from[k];
  return m;
}

function isGoStruct(v: GoVal): v is GoStruct {
  return typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === STRUCT_PROTO;
}

const flatCache = new Map<string, readonly FlatField[]>();

/** The promoted field list of a struct, in declaration order. */
export function flatFields(struct: string): readonly FlatField[] {
  const hit = flatCache.get(struct);
  if (hit !== undefined) return hit;
  const out: FlatField[] = [];
  const seen = new Set<string>();
  // Breadth by depth: Go lets the shallower of two same-named fields win.
  const walk = (name: string, depth: number, acc: { f: FlatField; depth: number }[]): void => {
    for (const [json, type, flags = '', extra] of GO_STRUCTS[name] ?? []) {
      if (flags.includes('i')) {
        walk(type.replace(/^\*/, ''), depth + 1, acc);
        continue;
      }
      acc.push({
        f: { json, type, omitempty: flags.includes('o'), omitzero: flags.includes('z'), extra },
        depth,
      });
    }
  };
  const acc: { f: FlatField; depth: number }[] = [];
  walk(struct, 0, acc);
  const minDepth = new Map<string, number>();
  for (const { f, depth } of acc) minDepth.set(f.json, Math.min(depth, minDepth.get(f.json) ?? depth));
  for (const { f, depth } of acc) {
    if (seen.has(f.json) || minDepth.get(f.json) !== depth) continue;
    seen.add(f.json);
    out.push(f);
  }
  flatCache.set(struct, out);
  return out;
}

/** True when a type string names a struct of the table. */
export function isStruct(type: string): boolean {
  return typeInfo(type).k === 'struct';
}

/** A type string taken apart once: pointer, slice, map, struct of the table, or anything else. */
interface TypeInfo {
  readonly k: 'ptr' | 'slice' | 'map' | 'struct' | 'other';
  /** Element (pointer, slice, map) type; '' otherwise. */
  readonly elem: string;
}

const typeCache = new Map<string, TypeInfo>();

function typeInfo(type: string): TypeInfo {
  let t = typeCache.get(type);
  if (t === undefined) {
    if (type.startsWith('*')) t = { k: 'ptr', elem: type.slice(1) };
    else if (type.startsWith('[]')) t = { k: 'slice', elem: type.slice(2) };
    else if (type.startsWith('map[')) t = { k: 'map', elem: type.slice(4, -1) };
    else if (Object.hasOwn(GO_STRUCTS, type)) t = { k: 'struct', elem: '' };
    else t = { k: 'other', elem: '' };
    typeCache.set(type, t);
  }
  return t;
}

/** A struct's fields by exact JSON name, and by lower-cased name (first declared wins, as Go's fold match). */
const fieldIndexCache = new Map<string, { exact: Map<string, FlatField>; folded: Map<string, FlatField> }>();

function findField(struct: string, key: string): FlatField | undefined {
  let idx = fieldIndexCache.get(struct);
  if (idx === undefined) {
    idx = { exact: new Map(), folded: new Map() };
    for (const f of flatFields(struct)) {
      if (!idx.exact.has(f.json)) idx.exact.set(f.json, f);
      const lower = f.json.toLowerCase();
      if (!idx.folded.has(lower)) idx.folded.set(lower, f);
    }
    fieldIndexCache.set(struct, idx);
  }
  return idx.exact.get(key) ?? idx.folded.get(key.toLowerCase());
}

/** Collects the diagnostics of one decode. */
export interface CodecContext {
  readonly diagnostics: Diagnostic[];
  readonly resource?: string;
  /** Where the decoder is: the members and indexes from the root (a pointer is built only for a diagnostic). */
  readonly path: (string | number)[];
}

function jsonTypeName(v: JsonValue): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'object') return 'object';
  return typeof v;
}

/** The JSON pointer of the decoder's position. */
function pointerOf(path: readonly (string | number)[]): string {
  let out = '';
  for (const k of path) out += `/${typeof k === 'number' ? String(k) : escapePointerToken(k)}`;
  return out;
}

function mismatch(ctx: CodecContext, v: JsonValue, type: string): void {
  ctx.diagnostics.push({
    code: 'GWP-MERGE-GO-TYPE',
    severity: 'error',
    message: `cannot unmarshal ${jsonTypeName(v)} into a Go value of type ${type}; the value is ignored`,
    ...(ctx.resource === undefined ? {} : { resource: ctx.resource }),
    location: { pointer: pointerOf(ctx.path) },
  });
}

/** Decodes `v` into a Go value of `type`, on top of `existing` (as `json.Unmarshal` does). */
export function decode(v: JsonValue, type: string, existing: GoVal, ctx: CodecContext): GoVal {
  const info = typeInfo(type);
  if (info.k === 'ptr') {
    if (v === null) return undefined;
    return decode(v, info.elem, existing, ctx);
  }
  if (info.k === 'slice') {
    if (v === null) return undefined;
    if (!Array.isArray(v)) {
      mismatch(ctx, v, type);
      return existing;
    }
    const el = info.elem;
    const path = ctx.path;
    return (v as readonly JsonValue[]).map((x, i) => {
      path.push(i);
      const d = decode(x, el, undefined, ctx);
      path.pop();
      return d;
    });
  }
  if (info.k === 'map') {
    if (v === null) return undefined;
    if (!isObject(v)) {
      mismatch(ctx, v, type);
      return existing;
    }
    const el = info.elem;
    const m: GoMap = existing instanceof Map ? new Map(existing) : new Map();
    for (const k of keysOf(v)) {
      ctx.path.push(k);
      m.set(k, decode(v[k] as JsonValue, el, undefined, ctx));
      ctx.path.pop();
    }
    return m;
  }
  if (info.k === 'struct') {
    if (v === null) return existing;
    if (!isObject(v)) {
      mismatch(ctx, v, type);
      return existing;
    }
    const m = newStruct(existing);
    for (const k of keysOf(v)) {
      ctx.path.push(k);
      const f = findField(type, k);
      if (f === undefined) {
        ctx.diagnostics.push({
          code: 'GWP-MERGE-UNKNOWN-FIELD',
          severity: 'warning',
          message: `field "${k}" is not part of the Go type ${type}; Envoy Gateway drops it before merging`,
          ...(ctx.resource === undefined ? {} : { resource: ctx.resource }),
          location: { pointer: pointerOf(ctx.path) },
        });
        ctx.path.pop();
        continue;
      }
      m[f.json] = decode(v[k] as JsonValue, f.type, m[f.json], ctx);
      ctx.path.pop();
    }
    return m;
  }
  return decodeScalar(v, type, existing, ctx);
}

function decodeScalar(v: JsonValue, type: string, existing: GoVal, ctx: CodecContext): GoVal {
  switch (type) {
    case 'raw':
      return v === null ? existing : { raw: clone(v) };
    case 'time':
    case 'quantity':
    case 'intorstring':
      if (v === null) return undefined;
      if (typeof v === 'string' || (typeof v === 'number' && type !== 'time')) {
        return type === 'quantity' ? String(v) : v;
      }
      break;
    case 'string':
    case 'duration':
      if (v === null) return existing;
      if (typeof v === 'string') return v;
      break;
    case 'bool':
      if (v === null) return existing;
      if (typeof v === 'boolean') return v;
      break;
    case 'int':
    case 'uint':
      if (v === null) return existing;
      if (typeof v === 'number' && Number.isInteger(v) && (type === 'int' || v >= 0)) return v;
      break;
    case 'float':
      if (v === null) return existing;
      if (typeof v === 'number') return v;
      break;
    default:
      // A type the table does not describe: keep the JSON as it is.
      return v === null ? existing : { raw: clone(v) };
  }
  mismatch(ctx, v, type);
  return existing;
}

function isEmptyValue(v: GoVal, type: string): boolean {
  const k = typeInfo(type).k;
  if (k === 'ptr') return v === undefined;
  if (k === 'slice') return v === undefined || (Array.isArray(v) && v.length === 0);
  if (k === 'map') return v === undefined || (v instanceof Map && v.size === 0);
  switch (type) {
    case 'string':
    case 'int':
    case 'uint':
    case 'float':
    case 'bool':
      return v === undefined || v === '' || v === 0 || v === false;
    default:
      return false; // structs (also time, quantity, duration, raw, intorstring) are never empty
  }
}

function isZeroValue(v: GoVal, type: string): boolean {
  if (v === undefined) return true;
  const k = typeInfo(type).k;
  if (k === 'ptr' || k === 'slice' || k === 'map') return false;
  if (k === 'struct') {
    return isGoStruct(v) && flatFields(type).every((f) => isZeroValue(v[f.json], f.type));
  }
  return v === '' || v === 0 || v === false;
}

/** Encodes a Go value of `type` as `json.Marshal` would. */
export function encode(v: GoVal, type: string): JsonValue {
  const info = typeInfo(type);
  if (info.k === 'ptr') return v === undefined ? null : encode(v, info.elem);
  if (info.k === 'slice') {
    if (!Array.isArray(v)) return null;
    const el = info.elem;
    return v.map((x) => encode(x, el));
  }
  if (info.k === 'map') {
    if (!(v instanceof Map)) return null;
    const el = info.elem;
    const out: MutableObject = {};
    for (const k of [...v.keys()].sort()) setOwn(out, k, encode(v.get(k), el));
    return out;
  }
  if (info.k === 'struct') {
    const m = isGoStruct(v) ? v : undefined;
    const out: MutableObject = {};
    for (const f of flatFields(type)) {
      const fv = m === undefined ? undefined : m[f.json];
      if (f.omitempty && isEmptyValue(fv, f.type)) continue;
      if (f.omitzero && isZeroValue(fv, f.type)) continue;
      setOwn(out, f.json, encode(fv, f.type));
    }
    return out;
  }
  switch (type) {
    case 'string':
      return typeof v === 'string' ? v : '';
    case 'int':
    case 'uint':
    case 'float':
    case 'intorstring':
      return typeof v === 'number' || typeof v === 'string' ? v : 0;
    case 'bool':
      return typeof v === 'boolean' ? v : false;
    case 'time':
      return typeof v === 'string' ? v : null;
    case 'quantity':
      return typeof v === 'string' ? v : '0';
    case 'duration':
      return typeof v === 'string' ? v : '0s';
    default:
      return isRaw(v) ? clone(v.raw) : null;
  }
}

function isRaw(v: GoVal): v is GoRaw {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Map) && !isGoStruct(v);
}

/** Fills absent (or `null`) fields that carry a kubebuilder default, top-down, as the API server does. */
export function applyDefaults(v: JsonValue, type: string): JsonValue {
  if (type.startsWith('*')) return applyDefaults(v, type.slice(1));
  if (type.startsWith('[]')) {
    const el = type.slice(2);
    return Array.isArray(v) ? (v as readonly JsonValue[]).map((x) => applyDefaults(x, el)) : clone(v);
  }
  if (type.startsWith('map[')) {
    const el = type.slice(4, -1);
    if (!isObject(v)) return clone(v);
    const out: MutableObject = {};
    for (const k of keysOf(v)) setOwn(out, k, applyDefaults(v[k] as JsonValue, el));
    return out;
  }
  if (!isStruct(type) || !isObject(v)) return clone(v);
  const out: MutableObject = {};
  const o = v as JsonObject;
  for (const k of keysOf(o)) setOwn(out, k, clone(o[k]));
  for (const f of flatFields(type)) {
    const cur = Object.hasOwn(out, f.json) ? out[f.json] : undefined;
    if ((cur === undefined || cur === null) && f.extra?.d !== undefined)
      setOwn(out, f.json, clone(f.extra.d));
    const now = Object.hasOwn(out, f.json) ? out[f.json] : undefined;
    if (now !== undefined) setOwn(out, f.json, applyDefaults(now, f.type));
  }
  // Members that are not fields (unknown, or other letter case) are copied as they are.
  return out;
}
