/**
 * Every diagnostic about a field of a resource read from text carries the field's range, and the
 * range is right: inside its document, start before end, and the text at the range is the node
 * its pointer names (parsed as YAML, it is the value at the pointer, or `{key: value}` when the
 * range starts at the key). Checked on every diagnostic of every Envoy Gateway translator input,
 * the Envoy Gateway e2e manifests and the bundled example (loader, admission, topology, status
 * findings and lint), in both orderings. The test-data part skips, saying so, when it is absent.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import {
  type Diagnostic,
  lint,
  locateDiagnostics,
  type ManifestSource,
  mergeDocuments,
  policyFindings,
  type SimulateOptions,
  simulate,
} from 'gateway-policy-sim';
import { describe, expect, test } from 'vitest';
import { LineCounter, parse, parseAllDocuments, parseDocument, stringify } from 'yaml';
import { egTestData } from '../_support/eg-testdata.js';
import { exampleSources } from '../_support/examples.js';

/** Offsets of a line and column in a text. */
function offsetOf(starts: readonly number[], line: number, column: number): number {
  return (starts[line - 1] ?? Number.NaN) + column - 1;
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** The value at a JSON pointer, or at its nearest existing ancestor; with the last segment used. */
function valueAt(root: unknown, pointer: string): { value: unknown; key: string | undefined } {
  let value = root;
  let key: string | undefined;
  for (const raw of pointer.split('/').slice(1)) {
    const segment = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    if (Array.isArray(value) && /^\d+$/.test(segment) && Number(segment) < value.length) {
      value = value[Number(segment)];
      key = undefined;
    } else if (
      typeof value === 'object' &&
      value !== null &&
      !Array.isArray(value) &&
      Object.hasOwn(value, segment)
    ) {
      value = (value as Record<string, unknown>)[segment];
      key = segment;
    } else break;
  }
  return { value, key };
}

/** Whether the text parses to the value (block scalars lose their last line break at the range's end). */
function sameValue(parsed: unknown, value: unknown): boolean {
  if (isDeepStrictEqual(parsed, value)) return true;
  return typeof parsed === 'string' && typeof value === 'string' && parsed.trimEnd() === value.trimEnd();
}

interface Tally {
  diagnostics: number;
  ranged: number;
  codes: Set<string>;
}

/** Checks every diagnostic of one simulation; returns how many carried a range. */
function checkRanges(
  sources: readonly ManifestSource[],
  diagnostics: readonly Diagnostic[],
  tally: Tally,
): void {
  const texts = new Map(sources.map((s) => [s.file, s.text]));
  const docsOf = new Map<string, { range: [number, number]; value: unknown }[]>();
  for (const d of diagnostics) {
    tally.diagnostics += 1;
    const at = d.location;
    const text = at?.file === undefined ? undefined : texts.get(at.file);
    // A diagnostic about a resource read from text is about a field (or the whole object): ranged.
    if (
      d.resource !== undefined &&
      at?.pointer !== undefined &&
      text !== undefined &&
      at.line !== undefined
    ) {
      expect(at.end, `${d.code} ${d.resource} ${at.pointer}: no end`).toBeDefined();
    }
    if (at?.end === undefined || text === undefined || at.line === undefined || at.column === undefined)
      continue;
    tally.ranged += 1;
    tally.codes.add(d.code);
    const where = `${at.file}:${at.line}:${at.column} ${d.code} ${at.pointer ?? ''}`;
    const starts = lineStarts(text);
    const start = offsetOf(starts, at.line, at.column);
    const end = offsetOf(starts, at.end.line, at.end.column);
    expect(start, where).toBeLessThanOrEqual(end);
    let docs = docsOf.get(at.file as string);
    if (docs === undefined) {
      docs = parseAllDocuments(text, { uniqueKeys: false }).map((doc) => ({
        range: [doc.range[0], doc.range[2]] as [number, number],
        value: doc.toJS({ maxAliasCount: -1 }) as unknown,
      }));
      docsOf.set(at.file as string, docs);
    }
    const doc = docs[at.document ?? 0];
    expect(doc, where).toBeDefined();
    expect(start, where).toBeGreaterThanOrEqual(doc!.range[0]);
    expect(end, where).toBeLessThanOrEqual(doc!.range[1]);
    if (at.pointer === undefined) continue;
    // The text at the range, its first line padded to keep its column, is the node.
    const slice = ' '.repeat(at.column - 1) + text.slice(start, end);
    const parsed = parseDocument(`${slice}\n`, { lineCounter: new LineCounter(), uniqueKeys: false }).toJS({
      maxAliasCount: -1,
    }) as unknown;
    const { value, key } = valueAt(doc!.value, at.pointer);
    const ok = sameValue(parsed, value) || (key !== undefined && sameValue(parsed, { [key]: value }));
    expect(ok, `${where}: the range holds ${JSON.stringify(text.slice(start, end)).slice(0, 200)}`).toBe(
      true,
    );
  }
}

/** Everything a user sees for a set of sources: simulate's diagnostics, the status findings, the lint. */
function allDiagnostics(sources: readonly ManifestSource[], options: SimulateOptions): Diagnostic[] {
  const result = simulate(sources, options);
  const all = [...result.diagnostics, ...policyFindings(result.resolution), ...lint(result.resolution)];
  return locateDiagnostics(all, result.load, sources);
}

const GATEWAYAPI = egTestData('gatewayapi');
const E2E = egTestData('e2e');
const present = existsSync(GATEWAYAPI) && existsSync(E2E);
if (!present) console.warn(`[diagnostic-ranges] SKIPPED: Envoy Gateway test data not found at ${GATEWAYAPI}`);

describe('diagnostic ranges', () => {
  test('every field diagnostic of the bundled example, in both orderings, is ranged at its node', () => {
    const tally: Tally = { diagnostics: 0, ranged: 0, codes: new Set() };
    const sources = exampleSources();
    for (const order of ['cluster', 'input'] as const) {
      checkRanges(sources, allDiagnostics(sources, { order }), tally);
    }
    expect(tally.ranged).toBeGreaterThan(0);
  });

  test('every admission diagnostic of the CEL cases (our fixtures of Envoy Gateway CEL tests) is ranged at its node', () => {
    const tally: Tally = { diagnostics: 0, ranged: 0, codes: new Set() };
    const dir = path.resolve(import.meta.dirname, '../admission/cel-cases');
    for (const f of readdirSync(dir).sort()) {
      const cases = parse(readFileSync(path.join(dir, f), 'utf8')) as { object: unknown }[];
      cases.forEach((c, i) => {
        // As block YAML, and as JSON (the flow reader of the locator).
        for (const text of [stringify(c.object), JSON.stringify(c.object, null, 2)]) {
          const sources = [{ file: `${f}#${i}`, text }];
          checkRanges(sources, allDiagnostics(sources, { admission: 'report' }), tally);
        }
      });
    }
    console.log(
      `[diagnostic-ranges] CEL cases: ${tally.ranged} of ${tally.diagnostics} diagnostics ranged and checked, ${tally.codes.size} codes: ${[...tally.codes].sort().join(' ')}`,
    );
    expect(tally.codes.has('GWP-ADMIT-FIELD-RULE')).toBe(true);
  }, 300_000);

  test('every merge diagnostic about a field of the parent or the patch is ranged at its node', () => {
    const tally: Tally = { diagnostics: 0, ranged: 0, codes: new Set() };
    const parent =
      'apiVersion: gateway.envoyproxy.io/v1alpha1\nkind: BackendTrafficPolicy\nmetadata: {name: gw}\nspec:\n  rateLimit:\n    local:\n      rules:\n        - limit: {requests: 5, unit: Second}\n';
    const patches = [
      'apiVersion: gateway.envoyproxy.io/v1alpha1\nkind: BackendTrafficPolicy\nmetadata: {name: r}\nspec:\n  rateLimit:\n    local:\n      rules:\n        - limit: {requests: "x", unit: Second}\n          name: foo\n',
      'kind: SecurityPolicy\nmetadata: {name: r}\nspec:\n  timeout: {$patch: merge}\n',
      '# a comment first\nkind: BackendTrafficPolicy\nmetadata: {name: r}\nspec:\n  retry:\n    $patch: bogus\n',
      '{"kind": "BackendTrafficPolicy", "metadata": {"name": "r"}, "spec": {"timeout": {"tcp": {"connectTimeout": 5}}}}',
    ];
    for (const patch of patches) {
      for (const type of ['StrategicMerge', 'JSONMerge'] as const) {
        const sources = [
          { file: 'parent.yaml', text: parent },
          { file: 'patch.yaml', text: patch },
        ];
        const { diagnostics } = mergeDocuments(parent, patch, type, {
          parentFile: 'parent.yaml',
          patchFile: 'patch.yaml',
        });
        for (const d of diagnostics)
          if (d.location?.pointer !== undefined) expect(d.location.end, d.code).toBeDefined();
        checkRanges(sources, diagnostics, tally);
      }
    }
    expect(tally.codes.has('GWP-MERGE-GO-TYPE')).toBe(true);
    expect(tally.codes.has('GWP-MERGE-UNKNOWN-FIELD')).toBe(true);
  });

  test.skipIf(!present)(
    'every field diagnostic of the Envoy Gateway translator inputs and e2e manifests is ranged at its node',
    () => {
      const tally: Tally = { diagnostics: 0, ranged: 0, codes: new Set() };
      const inputs = readdirSync(GATEWAYAPI).filter((f) => f.endsWith('.in.yaml'));
      expect(inputs.length).toBe(390);
      for (const f of inputs) {
        const sources = [{ file: f, text: readFileSync(path.join(GATEWAYAPI, f), 'utf8') }];
        checkRanges(sources, allDiagnostics(sources, { order: 'input', admission: 'report' }), tally);
      }
      // One simulation per manifest file, as each e2e test applies its own.
      for (const source of exampleSources(E2E)) {
        const sources = [source];
        checkRanges(
          sources,
          allDiagnostics(sources, { admission: 'report', fieldValidation: 'warn' }),
          tally,
        );
      }
      console.log(
        `[diagnostic-ranges] ${tally.ranged} of ${tally.diagnostics} diagnostics ranged and checked, ${tally.codes.size} codes: ${[...tally.codes].sort().join(' ')}`,
      );
      expect(tally.ranged).toBeGreaterThan(1000);
    },
    300_000,
  );
});
