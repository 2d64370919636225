/**
 * Every public result is plain, structured-cloneable data: it can go to a Web Worker and back, and
 * be compared structurally. Each result of the pipeline on the bundled example is passed through
 * `structuredClone`; the copy equals the original, and the functions that read a result answer
 * the same from the copy.
 */
import { explain, lint, mergePolicies, policyStatus, preview, simulate } from 'gateway-policy-sim';
import { describe, expect, test } from 'vitest';
import { exampleSources } from '../_support/examples.js';

const options = { topology: { enableLua: true, now: '2026-01-01T00:00:00Z' } } as const;
const base = simulate(exampleSources(), options);

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
