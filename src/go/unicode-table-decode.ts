/**
 * The decoder of `unicode-tables.ts`: Go's Unicode classes from one cut of the code space into
 * runs of one general category and one script (the form `scripts/gen-go-unicode-tables.mjs`
 * writes).
 *
 * @packageDocumentation
 */

import { GO_CATEGORY_KEYS, GO_CATEGORY_UNIONS, GO_SCRIPT_KEYS, GO_UNICODE_RUNS } from './unicode-tables.js';

/** Go's keys of the general categories (unions included) and of the scripts. */
export const CATEGORY_KEYS: readonly string[] = [
  ...GO_CATEGORY_KEYS.split(','),
  ...Object.keys(GO_CATEGORY_UNIONS),
];
export const SCRIPT_KEYS: readonly string[] = GO_SCRIPT_KEYS.split(',');

/** The digits of the numbers in `GO_UNICODE_RUNS`: 0–31 last digits, 32–63 the others. */
const DIGIT = new Int8Array(128).fill(-1);
'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'.split('').forEach((ch, i) => {
  DIGIT[ch.charCodeAt(0)] = i;
});

/** The numbers of a column. */
function numbers(text: string): number[] {
  const out: number[] = [];
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const d = DIGIT[text.charCodeAt(i)] as number;
    if (d < 32) {
      out.push(n * 32 + d);
      n = 0;
    } else n = n * 32 + d - 32;
  }
  return out;
}

/** Appends lo..hi to sorted ranges, merging it with the last range when they touch. */
function append(ranges: number[], lo: number, hi: number): void {
  if (ranges.length > 0 && ranges[ranges.length - 1] === lo - 1) ranges[ranges.length - 1] = hi;
  else ranges.push(lo, hi);
}

/** The ranges of every general category that is not a union, and of every script, by Go's key. */
export interface UnicodePartition {
  readonly categories: ReadonlyMap<string, readonly number[]>;
  readonly scripts: ReadonlyMap<string, readonly number[]>;
}

/** Decodes the runs (one pass over about 4,000 runs). */
export function decodePartition(): UnicodePartition {
  const lengths = numbers(GO_UNICODE_RUNS.lengths);
  const categoryLabels = numbers(GO_UNICODE_RUNS.categories);
  const scriptLabels = numbers(GO_UNICODE_RUNS.scripts);
  const categoryKeys = GO_CATEGORY_KEYS.split(',');
  const byCategory = categoryKeys.map((): number[] => []);
  const byScript = SCRIPT_KEYS.map((): number[] => []);
  let lo = 0;
  for (let i = 0; i < lengths.length; i++) {
    const hi = lo + (lengths[i] as number);
    append(byCategory[categoryLabels[i] as number] as number[], lo, hi);
    const script = scriptLabels[i] as number;
    if (script > 0) append(byScript[script - 1] as number[], lo, hi);
    lo = hi + 1;
  }
  return {
    categories: new Map(categoryKeys.map((k, i) => [k, byCategory[i] as number[]])),
    scripts: new Map(SCRIPT_KEYS.map((k, i) => [k, byScript[i] as number[]])),
  };
}

/**
 * A general category's ranges: a stored one, or the union of its parts (`L` of `Ll`, `Lm`, `Lo`,
 * `Lt`, `Lu`; `LC` of `Ll`, `Lt`, `Lu`; `C` of `Cc`, `Cf`, `Cn`, `Co`, `Cs`; …). Undefined for
 * an unknown key.
 */
export function categoryRanges(partition: UnicodePartition, key: string): number[] | undefined {
  const stored = partition.categories.get(key);
  if (stored !== undefined) return [...stored];
  const parts = Object.hasOwn(GO_CATEGORY_UNIONS, key) ? GO_CATEGORY_UNIONS[key] : undefined;
  if (parts === undefined) return undefined;
  const pairs: [number, number][] = [];
  for (const part of parts) {
    const r = partition.categories.get(part) ?? [];
    for (let i = 0; i < r.length; i += 2) pairs.push([r[i] as number, r[i + 1] as number]);
  }
  pairs.sort((a, b) => a[0] - b[0]);
  const out: number[] = [];
  for (const [lo, hi] of pairs) append(out, lo, hi);
  return out;
}
