/**
 * Go's `time.ParseDuration` (Gateway API `Duration` fields are plain strings parsed with it), with
 * Go's error texts.
 *
 * @packageDocumentation
 */
import { timeQuote } from './quote.js';

/** A parsed Go duration: nanoseconds, or Go's error text. */
export type GoDuration =
  | { readonly ok: true; readonly nanos: bigint }
  | { readonly ok: false; readonly error: string };

const UNITS: ReadonlyMap<string, bigint> = new Map([
  ['ns', 1n],
  ['us', 1_000n],
  ['µs', 1_000n],
  ['μs', 1_000n],
  ['ms', 1_000_000n],
  ['s', 1_000_000_000n],
  ['m', 60_000_000_000n],
  ['h', 3_600_000_000_000n],
]);
const LIMIT = 1n << 63n;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * Parses a duration as Go's `time.ParseDuration` does (`300ms`, `-1.5h`, `2h45m`), with Go's
 * error texts (`time: unknown unit "sec" in duration "10sec"`).
 *
 * @param input - the duration text
 * @returns the nanoseconds, or the error text
 * @example
 * parseGoDuration('1m30s');
 * // => { ok: true, nanos: 90000000000n }
 */
export function parseGoDuration(input: string): GoDuration {
  // Durations repeat across policies ("30s", "1m"): results are kept for the texts seen last.
  let hit = DURATIONS.get(input);
  if (hit === undefined) {
    hit = parseGoDurationOnce(input);
    if (DURATIONS.size >= 4096) DURATIONS.clear();
    DURATIONS.set(input, hit);
  }
  return hit;
}

/** Parsed durations by text (the results are read-only, so callers share them). */
const DURATIONS = new Map<string, GoDuration>();

function parseGoDurationOnce(input: string): GoDuration {
  // Work on UTF-8 bytes, as Go does, so units such as "µs" compare byte-wise.
  const bytes = encoder.encode(input);
  const invalid: GoDuration = { ok: false, error: `time: invalid duration ${timeQuote(input)}` };
  let p = 0;
  const n = bytes.length;
  let neg = false;
  if (n > 0 && (bytes[0] === 0x2d || bytes[0] === 0x2b)) {
    neg = bytes[0] === 0x2d;
    p = 1;
  }
  if (n - p === 1 && bytes[p] === 0x30) return { ok: true, nanos: 0n };
  if (p === n) return invalid;
  const digit = (i: number): boolean => i < n && (bytes[i] as number) >= 0x30 && (bytes[i] as number) <= 0x39;
  let d = 0n;
  while (p < n) {
    const c = bytes[p] as number;
    if (!(c === 0x2e || (c >= 0x30 && c <= 0x39))) return invalid;
    // leadingInt
    const start = p;
    let v = 0n;
    while (digit(p)) {
      if (v > LIMIT / 10n) return invalid;
      v = v * 10n + BigInt((bytes[p] as number) - 0x30);
      if (v > LIMIT) return invalid;
      p++;
    }
    const pre = p !== start;
    // leadingFraction
    let f = 0n;
    let scale = 1;
    let post = false;
    if (p < n && bytes[p] === 0x2e) {
      p++;
      const fs = p;
      let overflow = false;
      while (digit(p)) {
        if (!overflow) {
          if (f > (LIMIT - 1n) / 10n) overflow = true;
          else {
            const y = f * 10n + BigInt((bytes[p] as number) - 0x30);
            if (y > LIMIT) overflow = true;
            else {
              f = y;
              scale *= 10;
            }
          }
        }
        p++;
      }
      post = p !== fs;
    }
    if (!pre && !post) return invalid;
    const us = p;
    while (p < n && !(bytes[p] === 0x2e || digit(p))) p++;
    if (p === us) return { ok: false, error: `time: missing unit in duration ${timeQuote(input)}` };
    const u = decoder.decode(bytes.subarray(us, p));
    const unit = UNITS.get(u);
    if (unit === undefined)
      return { ok: false, error: `time: unknown unit ${timeQuote(u)} in duration ${timeQuote(input)}` };
    if (v > LIMIT / unit) return invalid;
    v *= unit;
    if (f > 0n) {
      v += BigInt(Math.trunc(Number(f) * (Number(unit) / scale)));
      if (v > LIMIT) return invalid;
    }
    d += v;
    if (d > LIMIT) return invalid;
  }
  if (neg) return { ok: true, nanos: -d };
  if (d > LIMIT - 1n) return invalid;
  return { ok: true, nanos: d };
}
