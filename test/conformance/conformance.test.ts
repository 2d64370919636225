/**
 * Conformance replay of Envoy Gateway's translator test data (issue: precedence engine and status
 * oracle). Read from ../shared; skipped, saying so, when absent. Strict expected-failures list:
 * a listed case that passes fails the run until it is removed.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import {
  comparePolicies,
  listCases,
  type PolicyResult,
  readExpected,
  runCase,
  STATUS_KEYS,
  TESTDATA,
  TESTDATA_PRESENT,
  type WinnerCheck,
  winnerChecks,
} from './harness.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const EXPECTED_FAILURES_FILE = path.join(here, 'expected-failures.json');

interface ExpectedFailures {
  /** Cases whose attachment-only policies do not all match yet, with the reason. */
  readonly attachment: Readonly<Record<string, string>>;
  /** Cases whose BackendTrafficPolicy winners do not all match yet, with the reason. */
  readonly winner: Readonly<Record<string, string>>;
}

const expectedFailures = JSON.parse(readFileSync(EXPECTED_FAILURES_FILE, 'utf8')) as ExpectedFailures;

if (!TESTDATA_PRESENT) {
  console.warn(`[conformance] SKIPPED: Envoy Gateway test data not found at ${TESTDATA}`);
}

const cases = TESTDATA_PRESENT ? listCases() : [];
const all: { name: string; policies: PolicyResult[]; winners: WinnerCheck[] }[] = [];

describe.skipIf(!TESTDATA_PRESENT)('conformance: Envoy Gateway translator test data', () => {
  test('the listed expected failures name existing cases', () => {
    const names = new Set(cases.map((c) => c.name));
    for (const n of [...Object.keys(expectedFailures.attachment), ...Object.keys(expectedFailures.winner)]) {
      expect(names.has(n), `expected-failures.json lists unknown case ${n}`).toBe(true);
    }
  });

  for (const c of cases) {
    test(c.name, () => {
      const expected = readExpected(c);
      const hasKinds = STATUS_KEYS.some(
        (k) => Array.isArray(expected[k]) && (expected[k] as unknown[]).length > 0,
      );
      const { resolution, status } = runCase(c);
      const policies = hasKinds ? comparePolicies(expected, status) : [];
      const winners = winnerChecks(expected, resolution);
      all.push({ name: c.name, policies, winners });

      const attachmentFailures = policies.filter((p) => p.attachmentOnly && !p.match);
      const attachmentListed = expectedFailures.attachment[c.name];
      if (attachmentListed === undefined) {
        expect(
          attachmentFailures.map((f) => ({
            policy: `${f.key} ${f.id}`,
            expected: f.expected,
            actual: f.actual,
          })),
          'attachment parity',
        ).toEqual([]);
      } else {
        expect(
          attachmentFailures.length,
          `${c.name} is listed in expected-failures.json (attachment) but now passes: remove it`,
        ).toBeGreaterThan(0);
      }

      const winnerFailures = winners.filter((w) => JSON.stringify(w.expected) !== JSON.stringify(w.actual));
      const winnerListed = expectedFailures.winner[c.name];
      if (winnerListed === undefined) {
        expect(winnerFailures, 'BackendTrafficPolicy winner parity').toEqual([]);
      } else {
        expect(
          winnerFailures.length,
          `${c.name} is listed in expected-failures.json (winner) but now passes: remove it`,
        ).toBeGreaterThan(0);
      }
    });
  }

  test('every mergeType case (catalog section B) is at full status parity', () => {
    const catalog = path.join(TESTDATA, '../docs/eg-testdata-catalog.md');
    const text = readFileSync(catalog, 'utf8');
    const section = text.slice(text.indexOf('### B.'), text.indexOf('### C.'));
    const names = [...section.matchAll(/^\| \d+ \| `([^`]+)`/gm)].map((m) => m[1]!);
    expect(names.length).toBe(28);
    const failing = names.filter((n) => {
      const c = all.find((x) => x.name === n);
      return c === undefined || c.policies.length === 0 || c.policies.some((p) => !p.match);
    });
    console.log(
      `[conformance] mergeType cases (catalog section B) at full status parity: ${names.length - failing.length}/${names.length}`,
    );
    expect(failing).toEqual([]);
  });

  afterAll(() => {
    const policies = all.flatMap((c) => c.policies);
    const attachment = policies.filter((p) => p.attachmentOnly);
    const winners = all.flatMap((c) => c.winners);
    const winnersOk = winners.filter((w) => JSON.stringify(w.expected) === JSON.stringify(w.actual)).length;
    const casesWithPolicies = all.filter((c) => c.policies.length > 0).length;
    const figures = {
      cases: all.length,
      casesWithPolicies,
      attachment: { matched: attachment.filter((p) => p.match).length, total: attachment.length },
      full: { matched: policies.filter((p) => p.match).length, total: policies.length },
      winner: { matched: winnersOk, total: winners.length },
    };
    const pct = (a: number, b: number): string => (b === 0 ? '100.0' : ((100 * a) / b).toFixed(1));
    console.log(
      [
        `[conformance] ${figures.cases} cases replayed, ${casesWithPolicies} with policies in the expected output`,
        `[conformance] attachment parity: ${figures.attachment.matched}/${figures.attachment.total}`,
        `[conformance] full parity: ${figures.full.matched}/${figures.full.total}`,
        `[conformance] BackendTrafficPolicy winner parity: ${figures.winner.matched}/${figures.winner.total} (${pct(figures.winner.matched, figures.winner.total)}%)`,
      ].join('\n'),
    );
    if (process.env.GWP_CONFORMANCE_REPORT) {
      writeFileSync(
        process.env.GWP_CONFORMANCE_REPORT,
        JSON.stringify(
          {
            figures,
            failures: all
              .map((c) => ({
                name: c.name,
                policies: c.policies.filter((p) => !p.match),
                winners: c.winners.filter((w) => JSON.stringify(w.expected) !== JSON.stringify(w.actual)),
              }))
              .filter((c) => c.policies.length > 0 || c.winners.length > 0),
          },
          null,
          2,
        ),
      );
    }
  });
});
