/**
 * Decoded JSON values as CEL sees them in a CRD rule (`UnstructuredToVal`): integers of an
 * `integer` (or int-or-string, or untyped) schema are CEL `int` (bigint), `number` schemas are
 * `double`, `format: byte` strings are `bytes`; objects and maps are CEL maps (field selection and
 * `has()` work on both), lists are lists. Built once per object as `@bufbuild/cel` values, so that
 * evaluation does not convert them again at every access.
 *
 * @packageDocumentation
 */
import { type CelList, type CelMap, celList, celMap } from '@bufbuild/cel';
import type { SchemaNode } from '../schema-node.js';

type Rec = Record<string, unknown>;

function isRecord(v: unknown): v is Rec {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Standard base64 to bytes (invalid text gives the bytes decoded so far). */
function base64Bytes(s: string): Uint8Array {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const clean = s.replace(/=+$/, '');
  const out: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const ch of clean) {
    const v = alphabet.indexOf(ch);
    if (v < 0) break;
    buffer = (buffer << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push((buffer >> bits) & 0xff);
    }
  }
  return Uint8Array.from(out);
}

/**
 * An untyped (preserve-unknown-fields) value: JSON integers are CEL ints.
 *
 * @param v - the value
 * @returns its CEL value
 */
export function dynValue(v: unknown): unknown {
  if (typeof v === 'number') return Number.isInteger(v) ? BigInt(v) : v;
  if (Array.isArray(v)) return celList(v.map(dynValue) as never[]);
  if (isRecord(v)) {
    const out = new Map<string, unknown>();
    for (const [k, x] of Object.entries(v)) out.set(k, dynValue(x));
    return celMap(out as never);
  }
  return v;
}

/**
 * A member of a converted map or list, for walking a converted value beside its source.
 *
 * @param cel - a converted value
 * @param key - a map key or list index
 * @returns the member, or undefined
 */
export function celMember(cel: unknown, key: string | number): unknown {
  if (typeof key === 'number') return (cel as CelList | undefined)?.get(key);
  return (cel as CelMap | undefined)?.get(key);
}

/**
 * The CEL value of a decoded JSON value under its schema.
 *
 * @param v - the value
 * @param s - its schema (undefined: untyped)
 * @returns a value `@bufbuild/cel` takes as input
 */
export function celValueOf(v: unknown, s: SchemaNode | undefined): unknown {
  if (v === null || v === undefined) return null;
  if (s === undefined) return dynValue(v);
  if (Array.isArray(v)) return celList(v.map((x) => celValueOf(x, s.items)) as never[]);
  if (isRecord(v)) {
    const out = new Map<string, unknown>();
    for (const [k, x] of Object.entries(v)) {
      const sub = s.properties?.get(k) ?? (s.additional ? s.additional : undefined);
      out.set(k, celValueOf(x, sub));
    }
    return celMap(out as never);
  }
  return celScalarOf(v, s);
}

/**
 * The CEL value of a scalar (not null, not a list or object) under its schema: numbers of a
 * `number` schema are doubles, other integers ints; `format: byte` strings are bytes.
 *
 * @param v - the scalar
 * @param s - its schema
 * @returns its CEL value
 */
export function celScalarOf(v: unknown, s: SchemaNode): unknown {
  if (typeof v === 'number') {
    if (s.type === 'number') return v;
    return Number.isInteger(v) ? BigInt(v) : v;
  }
  if (typeof v === 'string') {
    return s.type === 'string' && s.data.f === 'byte' ? base64Bytes(v) : v;
  }
  return v;
}
