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
export type GoVal = undefined | null | string | number | boolean | GoVal[] | GoStruct | GoRaw;
/** A struct or map: members by JSON name (absent = zero). */
export type GoStruct = Map<string, GoVal>;
/** The raw bytes of an `apiextensionsv1.JSON` (or any `raw`) value. */
export interface GoRaw {
  readonly raw: JsonValue;
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
  return Object.hasOwn(GO_STRUCTS, type);
}

function findField(fields: readonly FlatField[], key: string): FlatField | undefined {
  const exact = fields.find((f) => f.json === key);
  if (exact !== undefined) return exact;
  const lower = key.toLowerCase();
  return fields.find((f) => f.json.toLowerCase() === lower);
}

/** Collects the diagnostics of one decode. */
export interface CodecContext {
  readonly diagnostics: Diagnostic[];
  readonly resource?: string;
}

function jsonTypeName(v: JsonValue): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'object') return 'object';
  return typeof v;
}

function mismatch(ctx: CodecContext, v: JsonValue, type: string, ptr: string): void {
  ctx.diagnostics.push({
    code: 'GWP-MERGE-GO-TYPE',
    severity: 'error',
    message: `cannot unmarshal ${jsonTypeName(v)} into a Go value of type ${type}; the value is ignored`,
    ...(ctx.resource === undefined ? {} : { resource: ctx.resource }),
    location: { pointer: ptr },
  });
}

/** Decodes `v` into a Go value of `type`, on top of `existing` (as `json.Unmarshal` does). */
export function decode(v: JsonValue, type: string, existing: GoVal, ptr: string, ctx: CodecContext): GoVal {
  if (type.startsWith('*')) {
    if (v === null) return undefined;
    return decode(v, type.slice(1), existing, ptr, ctx);
  }
  if (type.startsWith('[]')) {
    if (v === null) return undefined;
    if (!Array.isArray(v)) {
      mismatch(ctx, v, type, ptr);
      return existing;
    }
    const el = type.slice(2);
    return (v as readonly JsonValue[]).map((x, i) => decode(x, el, undefined, `${ptr}/${i}`, ctx));
  }
  if (type.startsWith('map[')) {
    if (v === null) return undefined;
    if (!isObject(v)) {
      mismatch(ctx, v, type, ptr);
      return existing;
    }
    const el = type.slice(4, -1);
    const m: GoStruct = existing instanceof Map ? new Map(existing) : new Map();
    for (const k of keysOf(v))
      m.set(k, decode(v[k] as JsonValue, el, undefined, `${ptr}/${escapePointerToken(k)}`, ctx));
    return m;
  }
  if (isStruct(type)) {
    if (v === null) return existing;
    if (!isObject(v)) {
      mismatch(ctx, v, type, ptr);
      return existing;
    }
    const fields = flatFields(type);
    const m: GoStruct = existing instanceof Map ? new Map(existing) : new Map();
    for (const k of keysOf(v)) {
      const kptr = `${ptr}/${escapePointerToken(k)}`;
      const f = findField(fields, k);
      if (f === undefined) {
        ctx.diagnostics.push({
          code: 'GWP-MERGE-UNKNOWN-FIELD',
          severity: 'warning',
          message: `field "${k}" is not part of the Go type ${type}; Envoy Gateway drops it before merging`,
          ...(ctx.resource === undefined ? {} : { resource: ctx.resource }),
          location: { pointer: kptr },
        });
        continue;
      }
      m.set(f.json, decode(v[k] as JsonValue, f.type, m.get(f.json), kptr, ctx));
    }
    return m;
  }
  return decodeScalar(v, type, existing, ptr, ctx);
}

function decodeScalar(v: JsonValue, type: string, existing: GoVal, ptr: string, ctx: CodecContext): GoVal {
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
  mismatch(ctx, v, type, ptr);
  return existing;
}

function isEmptyValue(v: GoVal, type: string): boolean {
  if (type.startsWith('*')) return v === undefined;
  if (type.startsWith('[]')) return v === undefined || (Array.isArray(v) && v.length === 0);
  if (type.startsWith('map[')) return v === undefined || (v instanceof Map && v.size === 0);
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
  if (type.startsWith('*') || type.startsWith('[]') || type.startsWith('map[')) return false;
  if (isStruct(type)) {
    return v instanceof Map && flatFields(type).every((f) => isZeroValue(v.get(f.json), f.type));
  }
  return v === '' || v === 0 || v === false;
}

/** Encodes a Go value of `type` as `json.Marshal` would. */
export function encode(v: GoVal, type: string): JsonValue {
  if (type.startsWith('*')) return v === undefined ? null : encode(v, type.slice(1));
  if (type.startsWith('[]')) {
    if (!Array.isArray(v)) return null;
    const el = type.slice(2);
    return v.map((x) => encode(x, el));
  }
  if (type.startsWith('map[')) {
    if (!(v instanceof Map)) return null;
    const el = type.slice(4, -1);
    const out: MutableObject = {};
    for (const k of [...v.keys()].sort()) setOwn(out, k, encode(v.get(k), el));
    return out;
  }
  if (isStruct(type)) {
    const m = v instanceof Map ? v : new Map<string, GoVal>();
    const out: MutableObject = {};
    for (const f of flatFields(type)) {
      const fv = m.get(f.json);
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
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Map);
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
