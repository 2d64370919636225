#!/usr/bin/env node
// Writes src/go/unicode-tables.ts: the code points of the Unicode classes Go's regexp/syntax
// knows by name (`\p{Greek}`), as Go 1.26's package unicode holds them (Unicode 15.0.0):
// `unicode.Categories` (the general categories, their major classes, LC and Cn) and
// `unicode.Scripts` (Scripts.txt, so no Unknown), and `unicode.CategoryAliases` (the long names).
//
// The data comes from the Unicode Character Database 15.0.0 as the npm package
// @unicode/unicode-15.0.0 publishes it (installed for this run only):
//   npm install --no-save @unicode/unicode-15.0.0
//   node scripts/gen-go-unicode-tables.mjs
//   npx biome format --write src/go/unicode-tables.ts test/go/_unicode-table-digests.json
// It also writes test/go/_unicode-table-digests.json: a digest of every table as the database
// gives it, which test/go/unicode-tables.test.ts compares with the decoded tables.
import { createHash } from 'node:crypto';
import { readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = dirname(require.resolve('@unicode/unicode-15.0.0/package.json'));
const project = join(dirname(fileURLToPath(import.meta.url)), '..');
const TABLES = join(project, 'src/go/unicode-tables.ts');
const DIGESTS = join(project, 'test/go/_unicode-table-digests.json');

// General_Category: the package's long names, Go's short names (PropertyValueAliases.txt).
const SHORT = {
  Cased_Letter: 'LC',
  Close_Punctuation: 'Pe',
  Connector_Punctuation: 'Pc',
  Control: 'Cc',
  Currency_Symbol: 'Sc',
  Dash_Punctuation: 'Pd',
  Decimal_Number: 'Nd',
  Enclosing_Mark: 'Me',
  Final_Punctuation: 'Pf',
  Format: 'Cf',
  Initial_Punctuation: 'Pi',
  Letter: 'L',
  Letter_Number: 'Nl',
  Line_Separator: 'Zl',
  Lowercase_Letter: 'Ll',
  Mark: 'M',
  Math_Symbol: 'Sm',
  Modifier_Letter: 'Lm',
  Modifier_Symbol: 'Sk',
  Nonspacing_Mark: 'Mn',
  Number: 'N',
  Open_Punctuation: 'Ps',
  Other: 'C',
  Other_Letter: 'Lo',
  Other_Number: 'No',
  Other_Punctuation: 'Po',
  Other_Symbol: 'So',
  Paragraph_Separator: 'Zp',
  Private_Use: 'Co',
  Punctuation: 'P',
  Separator: 'Z',
  Space_Separator: 'Zs',
  Spacing_Mark: 'Mc',
  Surrogate: 'Cs',
  Symbol: 'S',
  Titlecase_Letter: 'Lt',
  Unassigned: 'Cn',
  Uppercase_Letter: 'Lu',
};

/** Sorted, merged ranges [lo, hi, lo, hi, …] of a property's code points. */
async function ranges(dir) {
  const mod = await import(join(dir, 'ranges.mjs'));
  const out = [];
  for (const r of mod.default) {
    const lo = r.begin;
    const hi = r.end - 1;
    if (out.length > 0 && out[out.length - 1] + 1 >= lo)
      out[out.length - 1] = Math.max(out[out.length - 1], hi);
    else out.push(lo, hi);
  }
  return out;
}

/**
 * A number as text: base 32, most significant digit first, every digit but the last from
 * `CONTINUE`, the last from `FINAL` (so numbers need no separator). Must match
 * src/go/unicode-table-decode.ts.
 */
const FINAL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef';
const CONTINUE = 'ghijklmnopqrstuvwxyz0123456789+/';
function varint(n) {
  let s = FINAL[n % 32];
  for (let rest = Math.floor(n / 32); rest > 0; rest = Math.floor(rest / 32)) s = CONTINUE[rest % 32] + s;
  return s;
}

const MAX_RUNE = 0x10ffff;

/**
 * The code space cut where the category or the script changes: for each run, its length less
 * one, the index of its category in `categoryKeys`, and the index of its script in `scriptKeys`
 * plus one (0: no script, Unknown).
 */
function partition(categoryRanges, scriptRanges) {
  const category = new Int16Array(MAX_RUNE + 1).fill(-1);
  const script = new Int16Array(MAX_RUNE + 1).fill(-1);
  const paint = (labels, tables) =>
    tables.forEach((r, label) => {
      for (let i = 0; i < r.length; i += 2)
        for (let c = r[i]; c <= r[i + 1]; c++) {
          if (labels[c] !== -1) throw new Error(`U+${c.toString(16)} in two tables`);
          labels[c] = label;
        }
    });
  paint(category, categoryRanges);
  paint(script, scriptRanges);
  if (category.includes(-1)) throw new Error('the categories do not cover the code space');
  const runs = { lengths: '', categories: '', scripts: '' };
  let start = 0;
  for (let c = 1; c <= MAX_RUNE + 1; c++) {
    if (c <= MAX_RUNE && category[c] === category[start] && script[c] === script[start]) continue;
    runs.lengths += varint(c - start - 1);
    runs.categories += varint(category[start]);
    runs.scripts += varint(script[start] + 1);
    start = c;
  }
  return runs;
}

/** The key of a category that is the union of others: Go's major classes and LC. */
const UNIONS = {
  C: ['Cc', 'Cf', 'Cn', 'Co', 'Cs'],
  L: ['Ll', 'Lm', 'Lo', 'Lt', 'Lu'],
  LC: ['Ll', 'Lt', 'Lu'],
  M: ['Mc', 'Me', 'Mn'],
  N: ['Nd', 'Nl', 'No'],
  P: ['Pc', 'Pd', 'Pe', 'Pf', 'Pi', 'Po', 'Ps'],
  S: ['Sc', 'Sk', 'Sm', 'So'],
  Z: ['Zl', 'Zp', 'Zs'],
};

/** A table's digest: the first 16 hex digits of SHA-256 over `lo-hi` pairs, comma-separated. */
const digest = (r) => {
  const pairs = [];
  for (let i = 0; i < r.length; i += 2) pairs.push(`${r[i]}-${r[i + 1]}`);
  return createHash('sha256').update(pairs.join(',')).digest('hex').slice(0, 16);
};

const categories = {};
const gcDir = join(root, 'General_Category');
for (const long of readdirSync(gcDir)
  .filter((n) => !n.includes('.'))
  .sort()) {
  const short = SHORT[long];
  if (!short) throw new Error(`unknown category ${long}`);
  categories[short] = await ranges(join(gcDir, long));
}
if (Object.keys(categories).length !== 38) throw new Error('expected 38 categories');
const scripts = {};
const scDir = join(root, 'Script');
for (const name of readdirSync(scDir)
  .filter((n) => !n.includes('.'))
  .sort()) {
  if (name === 'Unknown') continue; // not in Scripts.txt, not in Go's table
  scripts[name] = await ranges(join(scDir, name));
}

/** The merged ranges of the union of some categories. */
function unionOf(keys) {
  const points = new Uint8Array(MAX_RUNE + 1);
  for (const k of keys)
    for (let i = 0; i < categories[k].length; i += 2)
      points.fill(1, categories[k][i], categories[k][i + 1] + 1);
  const out = [];
  for (let c = 0; c <= MAX_RUNE; c++) {
    if (points[c] === 0) continue;
    if (out.length > 0 && out[out.length - 1] + 1 === c) out[out.length - 1] = c;
    else out.push(c, c);
  }
  return out;
}
// The unions are not stored: check that they are what the decoder makes of their parts.
for (const [k, parts] of Object.entries(UNIONS))
  if (digest(unionOf(parts)) !== digest(categories[k])) throw new Error(`${k} is not the union of ${parts}`);

const categoryKeys = Object.keys(categories)
  .filter((k) => !(k in UNIONS))
  .sort();
const scriptKeys = Object.keys(scripts).sort();
const runs = partition(
  categoryKeys.map((k) => categories[k]),
  scriptKeys.map((k) => scripts[k]),
);

/** An entry as biome formats it: bare identifiers as keys, single quotes. */
const key = (k) => (/^[A-Za-z_$][\w$]*$/.test(k) ? k : `'${k}'`);
const entry = (k, v) => `  ${key(k)}: ${v},`;
const text = (v) => `'${v}'`;

const lines = [
  '// Generated by scripts/gen-go-unicode-tables.mjs from the Unicode Character Database 15.0.0, the Unicode version of Go 1.26 (package unicode). Do not edit.',
  '/**',
  " * The code points of the classes Go's `regexp/syntax` knows by name, as Go 1.26's package",
  ' * `unicode` holds them (`Categories`, `Scripts`): one cut of the code space into runs of one',
  ' * general category and one script, decoded by `unicode-table-decode.ts`.',
  ' *',
  ' * @packageDocumentation',
  ' */',
  '',
  '/** The keys of the general categories that are not unions (`Cn` included), by label. */',
  `export const GO_CATEGORY_KEYS = ${text(categoryKeys.join(','))};`,
  '',
  '/** The keys of `unicode.Scripts`, by label less one (label 0: no script). */',
  `export const GO_SCRIPT_KEYS = ${text(scriptKeys.join(','))};`,
  '',
  '/** The categories that are unions of others: the major classes and `LC`. */',
  'export const GO_CATEGORY_UNIONS: Readonly<Record<string, readonly string[]>> = {',
  ...Object.entries(UNIONS).map(([k, parts]) => entry(k, `[${parts.map(text).join(', ')}]`)),
  '};',
  '',
  '/**',
  ' * The runs from U+0000 to U+10FFFF, a number each in every column: the length less one, the',
  ' * category label, the script label. A number is base 32, most significant digit first, every',
  ' * digit but the last from `ghijklmnopqrstuvwxyz0123456789+/`, the last from',
  ' * `ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef`.',
  ' */',
  'export const GO_UNICODE_RUNS = {',
  entry('lengths', text(runs.lengths)),
  entry('categories', text(runs.categories)),
  entry('scripts', text(runs.scripts)),
  '} as const;',
  '',
  '/** `unicode.CategoryAliases`: the long names of the categories. */',
  'export const GO_CATEGORY_ALIASES: Readonly<Record<string, string>> = {',
  ...Object.keys(SHORT)
    .sort()
    .map((k) => entry(k, text(SHORT[k]))),
  '};',
  '',
];
writeFileSync(TABLES, lines.join('\n'));

// What the test compares the decoded tables with: each table's digest, from the database's ranges.
const digests = { categories: {}, scripts: {} };
for (const k of Object.keys(categories).sort()) digests.categories[k] = digest(categories[k]);
for (const k of scriptKeys) digests.scripts[k] = digest(scripts[k]);
writeFileSync(DIGESTS, `${JSON.stringify(digests, null, 2)}\n`);
