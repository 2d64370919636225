/**
 * The size budget of the browser build: what a page pays for `simulate` + `explain` +
 * `policyStatus` (minified, the chunks loaded before the entry runs, gzipped) is at most 120 KB,
 * and the CRD admission data (`src/admission/`) and Go's regexp limit checks and Unicode tables
 * are chunks loaded only by `import()`.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { type BrowserBundle, bundleForBrowser, firstLoad, gzippedSize } from './_bundle.js';

const BUDGET_BYTES = 120 * 1024;

let bundle: BrowserBundle;
let loadedFirst: string[];
beforeAll(async () => {
  bundle = await bundleForBrowser("export { simulate, explain, policyStatus } from './src/index.ts';", true);
  loadedFirst = firstLoad(bundle);
});

const inputsOf = (outputs: readonly string[]): string[] =>
  outputs.flatMap((o) => Object.keys(bundle.metafile.outputs[o]?.inputs ?? {}));

describe('the browser build of simulate + explain + policyStatus', () => {
  test('builds with no error and no warning', () => {
    expect([...bundle.errors, ...bundle.warnings].map((m) => m.text)).toEqual([]);
  });

  test('is at most 120 KB gzipped (the chunks loaded before the entry runs, minified)', () => {
    const gzipped = gzippedSize(bundle, loadedFirst);
    console.info(
      `browser bundle (simulate + explain + policyStatus): ${(gzipped / 1024).toFixed(1)} KB gzipped, budget ${BUDGET_BYTES / 1024} KB`,
    );

    expect(gzipped).toBeGreaterThan(10 * 1024); // the measure measures something
    expect(gzipped).toBeLessThanOrEqual(BUDGET_BYTES);
  });

  test("leaves Go's regexp limit checks and Unicode tables to a chunk loaded by import() (preloadGoRegexp)", () => {
    const all = inputsOf(Object.keys(bundle.metafile.outputs));
    const first = inputsOf(loadedFirst);
    const machinery = ['src/go/regexp-limits.ts', 'src/go/regexp-unicode.ts', 'src/go/unicode-tables.ts'];

    expect(machinery.filter((i) => all.includes(i))).toEqual(machinery);
    expect(first.filter((i) => machinery.includes(i))).toEqual([]);
  });

  test('leaves the CRD admission data and the CEL evaluator to chunks loaded by import()', () => {
    const all = inputsOf(Object.keys(bundle.metafile.outputs));
    const first = inputsOf(loadedFirst);

    expect(all.some((i) => i.startsWith('src/admission/_data/'))).toBe(true);
    expect(first.filter((i) => i.startsWith('src/admission/') || i.includes('@bufbuild/cel'))).toEqual([]);
  });
});
