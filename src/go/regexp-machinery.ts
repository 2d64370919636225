/**
 * What Go's regexp parser needs beyond reading an expression: its limit checks
 * (`regexp-limits.ts`) and its Unicode class tables (`regexp-unicode.ts`). The browser build loads
 * this module by `import()` (`preloadGoRegexp`); `goRegexpError` imports it.
 *
 * @packageDocumentation
 */

import { GoLimits } from './regexp-limits.js';
import type { GoRegexpMachinery } from './regexp-scanner.js';
import { UnicodeTables } from './regexp-unicode.js';

/** Go's limit checks and Unicode tables, new ones per expression. */
export const GO_REGEXP_MACHINERY: GoRegexpMachinery = {
  limits: (op) => new GoLimits(op),
  unicode: () => new UnicodeTables(),
};
