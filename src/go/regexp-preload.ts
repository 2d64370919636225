/**
 * Go's regexp machinery (limit checks, Unicode tables: `regexp-machinery.ts`) for synchronous
 * callers that loaded it first: `preloadGoRegexp`. The browser build keeps the machinery in a chunk
 * of its own, loaded by `import()` here and nowhere else on the way to `simulate`.
 *
 * @packageDocumentation
 */

import { type GoRegexpMachinery, goRegexpAnswer } from './regexp-scanner.js';

/**
 * The machinery once {@link preloadGoRegexp} has loaded it. Module state on purpose, and the only
 * one: it is code, the same for every caller, set once and never changed; an answer that would
 * depend on it is never given without it (`needs-machinery` instead).
 */
let loaded: GoRegexpMachinery | null = null;

/**
 * Loads Go's regexp limit checks and Unicode tables, so that every regular expression a policy
 * holds is checked as Go's `regexp.Compile` checks it. Without it, an expression longer than 500
 * characters or naming a Unicode class (`\p{Greek}`) is not checked: `simulate` reports it with
 * `GWP-RESOLVE-REGEXP-UNCHECKED` and treats it as compiling. Call it once, before the first
 * `simulate` (the CLI does); later calls do nothing.
 *
 * @returns when the machinery is loaded
 * @example
 * await preloadGoRegexp();
 * simulate(text).diagnostics; // no GWP-RESOLVE-REGEXP-UNCHECKED
 */
export async function preloadGoRegexp(): Promise<void> {
  loaded ??= (await import('./regexp-machinery.js')).GO_REGEXP_MACHINERY;
}

/**
 * Sets the machinery at once, for a build that loads it with the core (the build Node gets,
 * `src/node-build/`); later calls and preloads do nothing.
 *
 * @param machinery - Go's limit checks and Unicode tables (`GO_REGEXP_MACHINERY`)
 */
export function installGoRegexp(machinery: GoRegexpMachinery): void {
  loaded ??= machinery;
}

/**
 * Go's `regexp.Compile` error for an expression as far as the machinery loaded so far can tell
 * (`goRegexpAnswer`): the error text, null (compiles), or `needs-machinery`.
 *
 * @param expr - the regular expression
 * @returns the answer
 */
export function checkGoRegexp(expr: string): string | null | 'needs-machinery' {
  return goRegexpAnswer(expr, loaded);
}
