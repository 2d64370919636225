/**
 * The compact Unicode tables (`src/go/unicode-tables.ts`, one cut of the code space into runs)
 * decode to the tables the generator read from the Unicode Character Database: every category
 * (unions included) and every script has the digest the generator wrote for it
 * (`_unicode-table-digests.json`, SHA-256 of the database's ranges).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import {
  CATEGORY_KEYS,
  categoryRanges,
  decodePartition,
  SCRIPT_KEYS,
} from '../../src/go/unicode-table-decode.js';

/** What the generator wrote: the digest of every table, by Go's key. */
const digests = JSON.parse(
  readFileSync(new URL('./_unicode-table-digests.json', import.meta.url), 'utf8'),
) as {
  readonly categories: Readonly<Record<string, string>>;
  readonly scripts: Readonly<Record<string, string>>;
};

const digest = (r: readonly number[]): string => {
  const pairs: string[] = [];
  for (let i = 0; i < r.length; i += 2) pairs.push(`${r[i]}-${r[i + 1]}`);
  return createHash('sha256').update(pairs.join(',')).digest('hex').slice(0, 16);
};

/** Sorted, disjoint ranges that do not touch, within U+0000–U+10FFFF. */
const wellFormed = (r: readonly number[]): boolean =>
  r.every((v, i) =>
    i % 2 === 0 ? v >= (i === 0 ? 0 : (r[i - 1] as number) + 2) && v <= (r[i + 1] as number) : v <= 0x10ffff,
  );

describe('the Unicode tables of Go 1.26 (Unicode 15.0.0)', () => {
  const partition = decodePartition();

  test('name the same categories and scripts as the database did', () => {
    expect([...CATEGORY_KEYS].sort()).toEqual(Object.keys(digests.categories).sort());
    expect([...SCRIPT_KEYS].sort()).toEqual(Object.keys(digests.scripts).sort());
    expect(CATEGORY_KEYS).toHaveLength(38);
  });

  test.each(CATEGORY_KEYS)('category %s decodes to the ranges the database gives', (key) => {
    const r = categoryRanges(partition, key) as number[];
    expect(wellFormed(r)).toBe(true);
    expect(digest(r)).toBe(digests.categories[key]);
  });

  test.each(SCRIPT_KEYS)('script %s decodes to the ranges the database gives', (key) => {
    const r = partition.scripts.get(key) as number[];
    expect(wellFormed(r)).toBe(true);
    expect(digest(r)).toBe(digests.scripts[key]);
  });

  test('the categories that are not unions cut the code space: every code point in exactly one', () => {
    const seen = new Uint8Array(0x110000);
    for (const r of partition.categories.values())
      for (let i = 0; i < r.length; i += 2)
        for (let c = r[i] as number; c <= (r[i + 1] as number); c++) seen[c] = (seen[c] as number) + 1;
    expect(seen.every((n) => n === 1)).toBe(true);
  });

  test('an unknown key has no ranges', () => {
    expect(categoryRanges(partition, 'Xx')).toBeUndefined();
    expect(categoryRanges(partition, 'constructor')).toBeUndefined();
  });
});
