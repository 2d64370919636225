/**
 * Every Envoy Gateway translator input loads through `gwpolicy validate` without a crash or a
 * stack trace, and its summary accounts for every document (resources + diagnosed = documents),
 * with the document count derived independently from the YAML; each report validates against
 * schemas/validate.schema.json. Skipped, saying so, when
 * ../shared is absent.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { egTestData } from '../_support/eg-testdata.js';
import { schemaErrors } from '../_support/json-schemas.js';
import { hasStackTrace, run } from './_io.js';

const DIR = egTestData('gatewayapi');
const present = existsSync(DIR);
if (!present) console.warn(`[validate-eg-testdata] SKIPPED: Envoy Gateway test data not found at ${DIR}`);
const files = present
  ? readdirSync(DIR)
      .filter((f) => f.endsWith('.in.yaml'))
      .sort()
  : [];

/** Keys of the test-data layout that hold one object (or, for the default spec, no document). */
const SINGLE = new Set(['gatewayclass', 'envoyproxyforgatewayclass']);
const NOT_A_DOCUMENT = new Set(['envoyproxydefaultspec']);

/** Documents in a test-data file, counted from the parsed YAML. Null when `yaml` cannot parse it. */
function expectedDocuments(text: string): number | null {
  let data: unknown;
  try {
    data = parse(text, { maxAliasCount: -1 });
  } catch {
    return null;
  }
  if (data === null || typeof data !== 'object') return 0;
  let n = 0;
  for (const [k, v] of Object.entries(data as Record<string, unknown>)) {
    const key = k.toLowerCase();
    if (NOT_A_DOCUMENT.has(key)) continue;
    if (SINGLE.has(key)) n += v === null || v === undefined ? 0 : 1;
    else if (Array.isArray(v)) n += v.filter((x) => x !== null && x !== undefined).length;
    else if (v !== null && v !== undefined) n += 1;
  }
  return n;
}

describe.skipIf(!present)('gwpolicy validate on every Envoy Gateway translator input', () => {
  test(`${files.length} inputs: no crash, no stack trace, every document accounted for`, async () => {
    expect(files.length).toBe(390);
    let checked = 0;
    for (const f of files) {
      const file = path.join(DIR, f);
      const r = await run(['validate', file, '--order', 'input', '--admission', 'report', '-o', 'json']);
      expect([0, 1], `${f}: exit ${r.code}: ${r.stderr}`).toContain(r.code);
      expect(hasStackTrace(r.stdout + r.stderr), f).toBe(false);
      const report = JSON.parse(r.stdout) as {
        summary: { documents: number; resources: number; diagnosed: number };
      };
      const { summary } = report;
      // The versioned JSON contract (schemas/validate.schema.json).
      expect(schemaErrors('validate', report), f).toEqual([]);
      expect(summary.resources + summary.diagnosed, f).toBe(summary.documents);
      const expected = expectedDocuments(readFileSync(file, 'utf8'));
      if (expected !== null) {
        expect(summary.documents, f).toBe(expected);
        checked++;
      }
    }
    // A handful of inputs are not valid YAML 1.2 (go-yaml leniency, docs/loading.md): counted by the loader only.
    expect(checked).toBeGreaterThan(380);
  }, 300_000);
});
