/**
 * Decoded JSON values as CEL sees them in a CRD rule (`UnstructuredToVal`): integers of an
 * `integer` (or int-or-string, or untyped) schema are CEL `int` (bigint), `number` schemas are
 * `double`, `format: byte` strings are `bytes`; objects and maps are CEL maps (field selection and
 * `has()` work on both), lists are lists.
 *
 * @packageDocumentation
 */
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

/** An untyped (preserve-unknown-fields) value: JSON integers are CEL ints. */
function dynValue(v: unknown): unknown {
  if (typeof v === 'number') return Number.isInteger(v) ? BigInt(v) : v;
  if (Array.isArray(v)) return v.map(dynValue);
  if (isRecord(v)) {
    const out: Rec = {};
    for (const [k, x] of Object.entries(v)) out[k] = dynValue(x);
    return out;
  }
  return v;
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
  if (typeof v === 'number') {
    if (s.type === 'number') return v;
    return Number.isInteger(v) ? BigInt(v) : v;
  }
  if (typeof v === 'string') {
    return s.type === 'string' && s.data.f === 'byte' ? base64Bytes(v) : v;
  }
  if (Array.isArray(v)) return v.map((x) => celValueOf(x, s.items));
  if (isRecord(v)) {
    const out: Rec = {};
    for (const [k, x] of Object.entries(v)) {
      const sub = s.properties?.get(k) ?? (s.additional ? s.additional : undefined);
      out[k] = celValueOf(x, sub);
    }
    return out;
  }
  return v;
}
