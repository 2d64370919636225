/**
 * Runs the fuzz suite: samples each input class's cases (deterministically from a seed), sends
 * them to the worker pool one by one, and reports per class what ran and what failed. Shared by
 * the bounded run inside `npm test` (fuzz.prop.test.ts) and `npm run fuzz -- --runs N`.
 */
import fc from 'fast-check';
import type { WireCase } from './cases.js';
import type { FuzzClass } from './inputs.js';
import type { FuzzPool } from './pool.js';
import type { Target } from './targets.js';

/** One failed case, enough to reproduce it (class, seed and index) and to read it. */
export interface FuzzFailure {
  readonly class: string;
  readonly seed: number;
  readonly index: number;
  readonly target: string;
  readonly failures: readonly string[];
  /** The case's input, shortened. */
  readonly input: string;
}

/** What ran in one class. */
export interface ClassReport {
  readonly name: string;
  readonly description: string;
  readonly cases: number;
  readonly failed: number;
  readonly ms: number;
  /** Cases per target (by its exports). */
  readonly byTarget: Readonly<Record<string, number>>;
  /** The slowest case's time, in ms (wall clock, both runs and the checks). */
  readonly slowestMs: number;
}

export interface FuzzReport {
  readonly seed: number;
  readonly classes: readonly ClassReport[];
  readonly failures: readonly FuzzFailure[];
  readonly ms: number;
}

export interface FuzzOptions {
  /** Cases in all, split evenly between the classes. */
  readonly runs: number;
  readonly seed: number;
  /** Time each case may take before it counts as a hang. */
  readonly budgetMs: number;
  /** Called after each batch. */
  readonly onProgress?: (done: number, total: number, failed: number) => void;
  /** Called at each failure, as it happens. */
  readonly onFailure?: (failure: FuzzFailure) => void;
}

const BATCH = 200;

function shorten(c: WireCase): string {
  const text = JSON.stringify(c.input);
  return text.length > 2000 ? `${text.slice(0, 2000)}… (${text.length} characters)` : text;
}

/**
 * Runs the classes' cases through the pool.
 *
 * @param pool - the worker pool
 * @param targets - the targets table (for names)
 * @param classes - the input classes
 * @param options - {@link FuzzOptions}
 * @returns the report
 */
export async function runFuzz(
  pool: FuzzPool,
  targets: readonly Target[],
  classes: readonly FuzzClass[],
  options: FuzzOptions,
): Promise<FuzzReport> {
  const start = performance.now();
  const perClass = Math.max(1, Math.floor(options.runs / classes.length));
  const total = perClass * classes.length;
  const failures: FuzzFailure[] = [];
  const reports: ClassReport[] = [];
  let done = 0;
  for (const [ci, cls] of classes.entries()) {
    const classStart = performance.now();
    const byTarget: Record<string, number> = {};
    let failed = 0;
    let slowestMs = 0;
    for (let from = 0; from < perClass; from += BATCH) {
      // Each batch from its own seed: a failure is reproduced from (seed, class, index) alone.
      const seed = (options.seed + ci * 1_000_003 + from) | 0;
      const cases = fc.sample(cls.cases, { numRuns: Math.min(BATCH, perClass - from), seed });
      for (const [i, c] of cases.entries()) {
        const name = targets[c.target]?.exports.join(', ') ?? String(c.target);
        byTarget[name] = (byTarget[name] ?? 0) + 1;
        const result = await pool.runCase(c, options.budgetMs);
        slowestMs = Math.max(slowestMs, result.ms);
        if (result.failures.length > 0) {
          failed += 1;
          const failure = {
            class: cls.name,
            seed,
            index: i,
            target: name,
            failures: result.failures,
            input: shorten(c),
          };
          failures.push(failure);
          options.onFailure?.(failure);
        }
      }
      done += cases.length;
      options.onProgress?.(done, total, failures.length);
    }
    reports.push({
      name: cls.name,
      description: cls.description,
      cases: perClass,
      failed,
      ms: performance.now() - classStart,
      byTarget,
      slowestMs,
    });
  }
  return { seed: options.seed, classes: reports, failures, ms: performance.now() - start };
}
