/**
 * Severities as a scale: ranks, the `--severity LEVEL` filter and counts.
 */
import type { Diagnostic, Severity } from '../../model/diagnostic.js';

/** The severities, most serious first. */
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

const RANK: Readonly<Record<Severity, number>> = { error: 0, warning: 1, info: 2 };

/**
 * Whether a diagnostic is at least as serious as a level.
 *
 * @param d - the diagnostic
 * @param level - the least serious severity kept
 * @returns true when `d.severity` is `level` or more serious
 */
export function atLeast(d: Diagnostic, level: Severity): boolean {
  return RANK[d.severity] <= RANK[level];
}

/** Counts per severity. */
export interface SeverityCounts {
  readonly errors: number;
  readonly warnings: number;
  readonly infos: number;
}

/**
 * Counts diagnostics per severity.
 *
 * @param diagnostics - the diagnostics
 * @returns the counts
 */
export function countSeverities(diagnostics: readonly Diagnostic[]): SeverityCounts {
  let errors = 0;
  let warnings = 0;
  let infos = 0;
  for (const d of diagnostics) {
    if (d.severity === 'error') errors++;
    else if (d.severity === 'warning') warnings++;
    else infos++;
  }
  return { errors, warnings, infos };
}

/**
 * Orders diagnostics by severity (errors first), keeping their order within a severity.
 *
 * @param diagnostics - the diagnostics
 * @returns a new, sorted list
 */
export function bySeverity(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return diagnostics
    .map((d, i) => ({ d, i }))
    .sort((a, b) => RANK[a.d.severity] - RANK[b.d.severity] || a.i - b.i)
    .map((x) => x.d);
}
