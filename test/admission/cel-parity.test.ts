/**
 * CEL admission parity: every case of Envoy Gateway v1.9.0's CEL validation tests
 * (`test/cel-validation/*_test.go`, run there against a real API server with these CRDs), turned
 * into our fixtures (`cel-cases/*.yaml`: the object the test sends, the error texts it expects),
 * admitted by the simulator. A case passes when it is refused exactly when errors are expected and
 * every expected text is found in the API server's error (compared lower-cased, as the Go test
 * does). Strict expected-failures list: a listed case that passes fails the run until removed.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type AdmitOutcome, loadProfileCrds } from 'gateway-policy-sim';
import { afterAll, describe, expect, test } from 'vitest';
import { parse } from 'yaml';

const here = path.dirname(fileURLToPath(import.meta.url));
const CASES_DIR = path.join(here, 'cel-cases');
const EXPECTED_FAILURES = JSON.parse(
  readFileSync(path.join(here, 'cel-expected-failures.json'), 'utf8'),
) as Record<string, string>;

interface CelCase {
  readonly test: string;
  readonly desc: string;
  readonly wantErrors: readonly string[];
  readonly object: Record<string, unknown> & { kind: string; apiVersion: string };
}

const cases: (CelCase & { readonly id: string })[] = readdirSync(CASES_DIR)
  .filter((f) => f.endsWith('.yaml'))
  .sort()
  .flatMap((f) =>
    (parse(readFileSync(path.join(CASES_DIR, f), 'utf8')) as CelCase[]).map((c) => ({
      ...c,
      id: `${f.replace(/\.yaml$/, '')} / ${c.test} / ${c.desc}`,
    })),
  );

const { crds } = await loadProfileCrds();

/**
 * The error the API server returns for a refused create, as the Go client prints it: a strict
 * decoding error, or `Kind.group "name" is invalid: <errors>` (one error, or `[e1, e2, …]`).
 */
function apiServerError(c: CelCase, outcome: AdmitOutcome): string {
  const errors = outcome.findings.filter((f) => f.severity === 'error').map((f) => f.message);
  const [group, version] = c.object.apiVersion.split('/');
  const name = (c.object.metadata as { name: string }).name;
  if (errors.every((e) => e.startsWith('strict decoding error: '))) {
    const fields = errors.map((e) => e.slice('strict decoding error: '.length)).join(', ');
    return `${c.object.kind} in version "${version}" cannot be handled as a ${c.object.kind}: strict decoding error: ${fields}`;
  }
  const list = errors.length === 1 ? errors[0] : `[${errors.join(', ')}]`;
  return `${c.object.kind}.${group} "${name}" is invalid: ${list}`;
}

/** Why a case fails, or null when it passes. */
function verdict(c: CelCase): string | null {
  const outcome = crds!.admit(c.object as never, { fieldValidation: 'strict', defaults: true, prune: true });
  if (outcome === undefined) return 'no CRD for the object';
  const unchecked = outcome.findings.filter((f) => f.code === 'GWP-ADMIT-RULE-UNCHECKED');
  if (unchecked.length > 0) return `rules not checked: ${unchecked.map((f) => f.message).join('; ')}`;
  const wantRefusal = c.wantErrors.length > 0;
  if (outcome.refused !== wantRefusal) {
    return outcome.refused
      ? `refused, expected admitted: ${apiServerError(c, outcome)}`
      : `admitted, expected: ${c.wantErrors.join(' | ')}`;
  }
  if (!wantRefusal) return null;
  const text = apiServerError(c, outcome).toLowerCase();
  const missing = c.wantErrors.filter((w) => !text.includes(w.toLowerCase()));
  return missing.length === 0 ? null : `missing ${JSON.stringify(missing)} in: ${apiServerError(c, outcome)}`;
}

let passed = 0;

describe('CEL admission parity (Envoy Gateway v1.9.0 test/cel-validation)', () => {
  test('the fixtures hold every case (489) and the expected-failure list names existing cases', () => {
    expect(cases).toHaveLength(489);
    const ids = new Set(cases.map((c) => c.id));
    for (const id of Object.keys(EXPECTED_FAILURES)) expect(ids.has(id), `unknown case ${id}`).toBe(true);
  });

  for (const c of cases) {
    test(c.id, () => {
      const why = verdict(c);
      if (why === null) passed += 1;
      const expectedFailure = EXPECTED_FAILURES[c.id];
      if (expectedFailure !== undefined) {
        expect(
          why,
          `listed as an expected failure (${expectedFailure}) but passes: remove it`,
        ).not.toBeNull();
      } else {
        expect(why).toBeNull();
      }
    });
  }

  afterAll(() => {
    console.log(`CEL admission parity: ${passed}/${cases.length}`);
  });
});
