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

/**
 * Decodes `v` into a Go value of `type`, on top of `existing` (as `json.Unmarshal` does).
 * Each type's decoder and encoder are built once from the table (see {@link codecOf}).
 */
export function decode(v: JsonValue, type: string, existing: GoVal, ctx: CodecContext): GoVal {
  return codecOf(type).dec(v, existing, ctx);
}

/** Encodes a Go value of `type` as `json.Marshal` would. */
export function encode(v: GoVal, type: string): JsonValue {
  return codecOf(type).enc(v);
}

/** A type's decoder, encoder and the two emptiness tests `omitempty` and `omitzero` use. */
interface Codec {
  dec: (v: JsonValue, existing: GoVal, ctx: CodecContext) => GoVal;
  enc: (v: GoVal) => JsonValue;
  /** Go's `isEmptyValue` (omitempty). */
  empty: (v: GoVal) => boolean;
  /** `reflect.Value.IsZero` (omitzero). */
  zero: (v: GoVal) => boolean;
}

/** A struct field as its codec walks it. */
interface CodecField {
  readonly json: string;
  readonly codec: Codec;
  readonly omitempty: boolean;
  readonly omitzero: boolean;
  /** The name is `__proto__`: written with `setOwn`. */
  readonly special: boolean;
}

const codecs = new Map<string, Codec>();

/**
 * The codec of a type, built on first use. It is registered before its parts are built, so a
 * recursive type reaches the same (then complete) codec.
 */
function codecOf(type: string): Codec {
  let c = codecs.get(type);
  if (c === undefined) {
    const unbuilt = (): never => {
      throw new Error(`go-codec: codec of ${type} used while being built`);
    };
    c = { dec: unbuilt, enc: unbuilt, empty: unbuilt, zero: unbuilt };
    codecs.set(type, c);
    buildCodec(c, type);
  }
  return c;
}

function buildCodec(c: Codec, type: string): void {
  const info = typeInfo(type);
  if (info.k === 'ptr') {
    const el = codecOf(info.elem);
    c.dec = (v, existing, ctx) => (v === null ? undefined : el.dec(v, existing, ctx));
    c.enc = (v) => (v === undefined ? null : el.enc(v));
    c.empty = (v) => v === undefined;
    c.zero = (v) => v === undefined;
    return;
  }
  if (info.k === 'slice') {
    const el = codecOf(info.elem);
    c.dec = (v, existing, ctx) => {
      if (v === null) return undefined;
      if (!Array.isArray(v)) {
        mismatch(ctx, v, type);
        return existing;
      }
      const path = ctx.path;
      const out: GoVal[] = new Array(v.length);
      for (let i = 0; i < v.length; i++) {
        path.push(i);
        out[i] = el.dec(v[i] as JsonValue, undefined, ctx);
        path.pop();
      }
      return out;
    };
    c.enc = (v) => {
      if (!Array.isArray(v)) return null;
      const out: JsonValue[] = new Array(v.length);
      for (let i = 0; i < v.length; i++) out[i] = el.enc(v[i]);
      return out;
    };
    c.empty = (v) => v === undefined || (Array.isArray(v) && v.length === 0);
    c.zero = (v) => v === undefined;
    return;
  }
  if (info.k === 'map') {
    const el = codecOf(info.elem);
    c.dec = (v, existing, ctx) => {
      if (v === null) return undefined;
      if (!isObject(v)) {
        mismatch(ctx, v, type);
        return existing;
      }
      const m: GoMap = existing instanceof Map ? new Map(existing) : new Map();
      for (const k of Object.keys(v)) {
        const x = v[k];
        if (x === undefined) continue;
        ctx.path.push(k);
        m.set(k, el.dec(x, undefined, ctx));
        ctx.path.pop();
      }
      return m;
    };
    c.enc = (v) => {
      if (!(v instanceof Map)) return null;
      const out: MutableObject = {};
      for (const k of [...v.keys()].sort()) setOwn(out, k, el.enc(v.get(k)));
      return out;
    };
    c.empty = (v) => v === undefined || (v instanceof Map && v.size === 0);
    c.zero = (v) => v === undefined;
    return;
  }
  if (info.k === 'struct') {
    buildStructCodec(c, type);
    return;
  }
  buildScalarCodec(c, type);
}

function buildStructCodec(c: Codec, type: string): void {
  const fields: CodecField[] = flatFields(type).map((f) => ({
    json: f.json,
    codec: codecOf(f.type),
    omitempty: f.omitempty,
    omitzero: f.omitzero,
    special: f.json === '__proto__',
  }));
  const byName = new Map<string, CodecField>();
  const byFolded = new Map<string, CodecField>();
  for (const f of fields) {
    if (!byName.has(f.json)) byName.set(f.json, f);
    const lower = f.json.toLowerCase();
    if (!byFolded.has(lower)) byFolded.set(lower, f);
  }
  c.dec = (v, existing, ctx) => {
    if (v === null) return existing;
    if (!isObject(v)) {
      mismatch(ctx, v, type);
      return existing;
    }
    const m = newStruct(existing);
    for (const k of Object.keys(v)) {
      const x = v[k];
      if (x === undefined) continue;
      ctx.path.push(k);
      // Go matches a field name exactly first, then case-insensitively.
      const f = byName.get(k) ?? byFolded.get(k.toLowerCase());
      if (f === undefined) {
        ctx.diagnostics.push({
          code: 'GWP-MERGE-UNKNOWN-FIELD',
          severity: 'warning',
          message: `field "${k}" is not part of the Go type ${type}; Envoy Gateway drops it before merging`,
          ...(ctx.resource === undefined ? {} : { resource: ctx.resource }),
          location: { pointer: pointerOf(ctx.path) },
        });
      } else {
        m[f.json] = f.codec.dec(x, m[f.json], ctx);
      }
      ctx.path.pop();
    }
    return m;
  };
  c.enc = (v) => {
    const m = isGoStruct(v) ? v : undefined;
    const out: MutableObject = {};
    for (let i = 0; i < fields.length; i++) {
      const f = fields[i]!;
      const fv = m === undefined ? undefined : m[f.json];
      if (f.omitempty && f.codec.empty(fv)) continue;
      if (f.omitzero && f.codec.zero(fv)) continue;
      if (f.special) setOwn(out, f.json, f.codec.enc(fv));
      else out[f.json] = f.codec.enc(fv);
    }
    return out;
  };
  // Structs (and time, quantity, duration, raw, intorstring) are never empty for omitempty.
  c.empty = () => false;
  c.zero = (v) => {
    if (v === undefined) return true;
    if (!isGoStruct(v)) return false;
    for (const f of fields) if (!f.codec.zero(v[f.json])) return false;
    return true;
  };
}

function buildScalarCodec(c: Codec, type: string): void {
  const fail = (v: JsonValue, existing: GoVal, ctx: CodecContext): GoVal => {
    mismatch(ctx, v, type);
    return existing;
  };
  const scalarZero = (v: GoVal): boolean => v === undefined || v === '' || v === 0 || v === false;
  c.empty = () => false;
  c.zero = scalarZero;
  switch (type) {
    case 'raw':
      c.dec = (v, existing) => (v === null ? existing : { raw: clone(v) });
      c.enc = (v) => (isRaw(v) ? clone(v.raw) : null);
      return;
    case 'time':
      c.dec = (v, existing, ctx) =>
        v === null ? undefined : typeof v === 'string' ? v : fail(v, existing, ctx);
      c.enc = (v) => (typeof v === 'string' ? v : null);
      return;
    case 'quantity':
      c.dec = (v, existing, ctx) =>
        v === null
          ? undefined
          : typeof v === 'string' || typeof v === 'number'
            ? String(v)
            : fail(v, existing, ctx);
      c.enc = (v) => (typeof v === 'string' ? v : '0');
      return;
    case 'intorstring':
      c.dec = (v, existing, ctx) =>
        v === null ? undefined : typeof v === 'string' || typeof v === 'number' ? v : fail(v, existing, ctx);
      c.enc = (v) => (typeof v === 'number' || typeof v === 'string' ? v : 0);
      return;
    case 'string':
    case 'duration': {
      c.dec = (v, existing, ctx) =>
        v === null ? existing : typeof v === 'string' ? v : fail(v, existing, ctx);
      const unset = type === 'string' ? '' : '0s';
      c.enc = (v) => (typeof v === 'string' ? v : unset);
      if (type === 'string') c.empty = scalarZero;
      return;
    }
    case 'bool':
      c.dec = (v, existing, ctx) =>
        v === null ? existing : typeof v === 'boolean' ? v : fail(v, existing, ctx);
      c.enc = (v) => (typeof v === 'boolean' ? v : false);
      c.empty = scalarZero;
      return;
    case 'int':
    case 'uint': {
      const unsigned = type === 'uint';
      c.dec = (v, existing, ctx) =>
        v === null
          ? existing
          : typeof v === 'number' && Number.isInteger(v) && (!unsigned || v >= 0)
            ? v
            : fail(v, existing, ctx);
      c.enc = (v) => (typeof v === 'number' || typeof v === 'string' ? v : 0);
      c.empty = scalarZero;
      return;
    }
    case 'float':
      c.dec = (v, existing, ctx) =>
        v === null ? existing : typeof v === 'number' ? v : fail(v, existing, ctx);
      c.enc = (v) => (typeof v === 'number' || typeof v === 'string' ? v : 0);
      c.empty = scalarZero;
      return;
    default:
      // A type the table does not describe: keep the JSON as it is.
      c.dec = (v, existing) => (v === null ? existing : { raw: clone(v) });
      c.enc = (v) => (isRaw(v) ? clone(v.raw) : null);
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
