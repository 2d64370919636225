/**
 * The fuzz suite, bounded: a few dozen cases of each input class through every public function
 * and the CLI, in a child process that cuts off a case overrunning its time budget, and the
 * scaling shapes' 4n/n time ratios. `npm run fuzz -- --runs N` runs the same suite at length
 * (docs/robustness.md).
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { transpileForFuzz } from '../../scripts/transpile-for-fuzz.mjs';
import { runFuzz } from './driver.js';
import { egInputs, fuzzClasses } from './inputs.js';
import { FuzzPool } from './pool.js';
import { SCALING_SHAPES } from './scaling-shapes.js';
import { TARGETS } from './targets.js';

const RUNS_PER_CLASS = Number(process.env.FUZZ_RUNS_PER_CLASS ?? 30);
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
const BUDGET_MS = 30_000;

const eg = egInputs();
if (eg === undefined)
  console.warn(
    'test/robustness: ../shared/eg-testdata is absent; the eg-text and eg-objects classes are skipped',
  );
const classes = fuzzClasses(TARGETS, eg);

let pool: FuzzPool;
beforeAll(() => {
  const built = transpileForFuzz();
  pool = new FuzzPool(built.worker, built.lib);
});
afterAll(() => pool?.close());

describe(`the fuzz suite (seed ${SEED})`, () => {
  for (const cls of classes) {
    test(`${cls.name} (${cls.description}): no public function throws, hangs, mutates its input, pollutes a prototype, mislocates a diagnostic, loses a document or answers differently twice`, async () => {
      const report = await runFuzz(pool, TARGETS, [cls], {
        runs: RUNS_PER_CLASS,
        seed: SEED,
        budgetMs: BUDGET_MS,
      });

      expect(report.failures).toEqual([]);
    });
  }
  for (const missing of ['eg-text', 'eg-objects'].filter((n) => !classes.some((c) => c.name === n))) {
    test.skip(`${missing}: needs ../shared/eg-testdata`, () => undefined);
  }
});

describe('scaling: four times the input costs less than five times the time', () => {
  test.each(SCALING_SHAPES.map((s, i) => [s.name, i] as const))('%s', async (_name, index) => {
    // Up to three measures of three pairs each: noise on a shared machine only ever moves a
    // ratio one way or the other by chance, while a quadratic shape stays near 16.
    const seen: string[] = [];
    let best = Number.POSITIVE_INFINITY;
    for (let attempt = 0; attempt < 3 && best >= 5; attempt += 1) {
      const m = await pool.scaling(index, { k: 3, minMs: 12, budgetMs: 120_000 });
      if (typeof m === 'string') throw new Error(m);
      seen.push(`n=${m.n}: ${m.msN.toFixed(1)} ms, 4n: ${m.ms4N.toFixed(1)} ms (${m.ratio.toFixed(2)})`);
      best = Math.min(best, m.ratio);
    }

    expect(best, seen.join('; ')).toBeLessThan(5);
  });
});
