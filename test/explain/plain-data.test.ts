/**
 * Every public result is plain, structured-cloneable data: it can go to a Web Worker and back, and
 * be compared structurally. Each result of the pipeline on the bundled example is passed through
 * `structuredClone`; the copy equals the original, and the functions that read a result answer
 * the same from the copy.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  explain,
  lint,
  type ManifestSource,
  mergePolicies,
  policyStatus,
  preview,
  simulate,
} from 'gateway-policy-sim';
import { describe, expect, test } from 'vitest';

const examples = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../examples');

function sources(dir: string): ManifestSource[] {
  const out: ManifestSource[] = [];
  for (const f of readdirSync(dir).sort()) {
    const p = path.join(dir, f);
    if (statSync(p).isDirectory()) out.push(...sources(p));
    else if (f.endsWith('.yaml'))
      out.push({ file: path.relative(examples, p), text: readFileSync(p, 'utf8') });
  }
  return out;
}

const options = { topology: { enableLua: true, now: '2026-01-01T00:00:00Z' } } as const;
const base = simulate(sources(examples), options);

function edited(): unknown {
  const p = structuredClone(
    base.load.resources.find((r) => r.key === 'BackendTrafficPolicy/shop/storefront-timeouts')!.object,
  ) as unknown as { spec: { timeout: { http: { requestTimeout: string } } } };
  p.spec.timeout.http.requestTimeout = '30s';
  return p;
}

describe('results are plain data', () => {
  test('simulate: the load, topology and resolution survive structuredClone whole', () => {
    const copy = structuredClone(base);
    expect(copy).toEqual(base);
    expect(copy.resolution.points.length).toBeGreaterThan(0);
  });

  test('a cloned resolution explains, reports status and lints as the original', () => {
    const copy = structuredClone(base);
    expect(explain(copy.resolution)).toEqual(explain(base.resolution));
    expect(policyStatus(copy.resolution)).toEqual(policyStatus(base.resolution));
    expect(lint(copy.resolution)).toEqual(lint(base.resolution));
  });

  test('a cloned base previews as the original, and the preview result clones whole', () => {
    const change = { upsert: [edited()] };
    const fromCopy = preview(structuredClone(base), change);
    const fromBase = preview(base, change);
    expect(fromCopy.changes.length).toBeGreaterThan(0);
    expect(fromCopy.changes).toEqual(fromBase.changes);
    expect(fromCopy.statusChanges).toEqual(fromBase.statusChanges);
    expect(structuredClone(fromBase)).toEqual(fromBase);
  });

  test('explain, status, lint and merge results clone whole', () => {
    for (const r of [
      explain(base.resolution, { route: 'HTTPRoute/shop/storefront' }),
      policyStatus(base.resolution),
      lint(base.resolution),
      mergePolicies(
        { spec: { timeout: { http: { requestTimeout: '1s' } } } },
        { spec: { timeout: { tcp: { connectTimeout: '2s' } } } },
        'StrategicMerge',
      ),
    ]) {
      expect(structuredClone(r)).toEqual(r);
    }
  });
});
