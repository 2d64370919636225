/**
 * E2E agreement: does the simulator, given what a cluster holds, agree with what Envoy Gateway's
 * own end-to-end tests wait for? Reads ../shared/eg-testdata/e2e (skipped, saying so, when absent).
 * Strict expected-failures list, as in the conformance suite: a listed assertion that holds fails
 * the run until it is removed.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Resolution } from 'gateway-policy-sim';
import { afterAll, describe, expect, test } from 'vitest';
import { checkExplain, checkStatus, E2E, E2E_PRESENT, readAssertions, runTest } from './harness.js';

const here = path.dirname(fileURLToPath(import.meta.url));
/** Assertion id → why it does not hold yet. */
const expectedFailures = JSON.parse(
  readFileSync(path.join(here, 'expected-failures.json'), 'utf8'),
) as Readonly<Record<string, string>>;

if (!E2E_PRESENT) console.warn(`[e2e agreement] SKIPPED: Envoy Gateway e2e material not found at ${E2E}`);

const assertions = E2E_PRESENT ? readAssertions() : { controller: '', gatewayClass: '', tests: [] };
const results: { id: string; ok: boolean; kind: 'status' | 'explain' }[] = [];

describe.skipIf(!E2E_PRESENT)('e2e agreement: Envoy Gateway e2e tests about policies', () => {
  test('every assertion id is unique and every listed expected failure names one', () => {
    const ids = assertions.tests.flatMap((t) => [...t.status, ...t.explain].map((a) => a.id));
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of Object.keys(expectedFailures))
      expect(ids, `unknown id in expected-failures.json`).toContain(id);
  });

  for (const t of assertions.tests) {
    test(`${t.test} (${t.go})`, () => {
      const resolution: Resolution = runTest(t, assertions.gatewayClass);
      const problems: Record<string, string> = {};
      const unexpectedPasses: string[] = [];
      const record = (id: string, found: string | null, kind: 'status' | 'explain'): void => {
        results.push({ id, ok: found === null, kind });
        const listed = expectedFailures[id] !== undefined;
        if (found !== null && !listed) problems[id] = found;
        if (found === null && listed) unexpectedPasses.push(id);
      };
      for (const f of t.status) record(f.id, checkStatus(resolution, f, assertions.controller), 'status');
      for (const f of t.explain) record(f.id, checkExplain(resolution, f), 'explain');
      expect(
        problems,
        'assertions that do not hold (fix, or list in expected-failures.json with a reason)',
      ).toEqual({});
      expect(unexpectedPasses, 'listed in expected-failures.json but now hold: remove them').toEqual([]);
    });
  }

  afterAll(() => {
    const count = (kind?: 'status' | 'explain'): string => {
      const rs = results.filter((r) => kind === undefined || r.kind === kind);
      return `${rs.filter((r) => r.ok).length}/${rs.length}`;
    };
    console.log(
      `[e2e agreement] e2e agreement: ${count()} (status ${count('status')}, explain ${count('explain')}) over ${assertions.tests.length} e2e tests`,
    );
  });
});
