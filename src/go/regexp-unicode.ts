/**
 * The Unicode classes of Go's `regexp/syntax` by name (`\p{Greek}`, `\pL`, `\p{^Letter}`):
 * `unicodeTable` and `canonicalName` of Go 1.26's `src/regexp/syntax/parse.go` over the tables of
 * its package `unicode` (Unicode 15.0.0, `unicode-tables.ts`).
 *
 * @packageDocumentation
 */

import {
  CATEGORY_KEYS,
  categoryRanges,
  decodePartition,
  SCRIPT_KEYS,
  type UnicodePartition,
} from './unicode-table-decode.js';
import { GO_CATEGORY_ALIASES } from './unicode-tables.js';

const MAX_RUNE = 0x10ffff;

/** A class by name: its ranges, the ranges case folding adds (null: none, undefined: not known here), its sign. */
export interface UnicodeTable {
  readonly ranges: readonly number[];
  readonly fold: readonly number[] | null | undefined;
  readonly sign: 1 | -1;
}

/** The answer for a name: a table, none (Go's error), or `unknown` (this model cannot tell). */
export type UnicodeLookup = UnicodeTable | null | 'unknown';

/**
 * `canonicalName`: a leading capital, the rest in lower case, without `_`, `-` and spaces (ASCII
 * letters only are changed, as Go changes bytes).
 */
export function canonicalName(name: string): string {
  let out = '';
  let first = true;
  for (const ch of name) {
    const c = ch.charCodeAt(0);
    if (ch === '_' || ch === '-' || ch === ' ') continue;
    if (first) {
      out += c >= 0x61 && c <= 0x7a ? String.fromCharCode(c - 0x20) : ch;
      first = false;
    } else out += c >= 0x41 && c <= 0x5a ? String.fromCharCode(c + 0x20) : ch;
  }
  return out;
}

/**
 * Looks names up as Go's `unicodeTable` does, decoding the tables on the first lookup that needs
 * ranges and each union once, per instance.
 *
 * Two kinds of names are `unknown`: names matching a script whose key Go's lookup would need to
 * canonicalize too (keys with `_` or inner capitals, like `Old_Italic`: the Go 1.26 source read
 * for this model looks scripts up by the canonical name only, which such keys are not) and the
 * lower-case aliases `cntrl`, `digit`, `punct` and the script `Unknown` (whether Go's generated
 * tables hold them could not be verified).
 */
export class UnicodeTables {
  private partition: UnicodePartition | null = null;
  private readonly decoded = new Map<string, number[]>();
  /** By canonical name: the table (`C:`/`S:` and Go's key, or a fixed class), fold and sign. */
  private readonly byCanonical = new Map<
    string,
    | {
        readonly table: string | readonly number[];
        readonly fold: UnicodeTable['fold'] | string;
        readonly sign: 1 | -1;
      }
    | 'unknown'
  >();

  constructor() {
    const set = (name: string, v: typeof this.byCanonical extends Map<string, infer V> ? V : never): void => {
      if (!this.byCanonical.has(name)) this.byCanonical.set(name, v);
    };
    set('Any', { table: [0, MAX_RUNE], fold: [0, MAX_RUNE], sign: 1 });
    set('Assigned', { table: 'C:Cn', fold: 'C:Cn', sign: -1 });
    set('Ascii', { table: [0, 0x7f], fold: [0, 0x7f, 0x17f, 0x17f, 0x212a, 0x212a], sign: 1 });
    set('Lc', { table: 'C:LC', fold: undefined, sign: 1 });
    for (const key of CATEGORY_KEYS) set(key, { table: `C:${key}`, fold: undefined, sign: 1 });
    for (const key of SCRIPT_KEYS)
      if (canonicalName(key) === key) set(key, { table: `S:${key}`, fold: undefined, sign: 1 });
    for (const key of ['Cntrl', 'Digit', 'Punct', 'Unknown']) set(key, 'unknown');
    for (const key of SCRIPT_KEYS) set(canonicalName(key), 'unknown');
    for (const [alias, actual] of Object.entries(GO_CATEGORY_ALIASES))
      set(canonicalName(alias), { table: `C:${actual}`, fold: undefined, sign: 1 });
  }

  /** A table's ranges, decoded on first use (shared: callers copy). */
  private ranges(table: string | readonly number[]): readonly number[] {
    if (typeof table !== 'string') return table;
    let r = this.decoded.get(table);
    if (r === undefined) {
      const key = table.slice(2);
      this.partition ??= decodePartition();
      r = (
        table.startsWith('C:') ? categoryRanges(this.partition, key) : this.partition.scripts.get(key)
      ) as number[];
      this.decoded.set(table, r);
    }
    return r;
  }

  /** `unicodeTable(name)`. */
  lookup(name: string): UnicodeLookup {
    const d = this.byCanonical.get(canonicalName(name));
    if (d === undefined) return null;
    if (d === 'unknown') return d;
    const fold = typeof d.fold === 'string' ? this.ranges(d.fold) : d.fold;
    return { ranges: this.ranges(d.table), fold, sign: d.sign };
  }
}
