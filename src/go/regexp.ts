/**
 * The errors of Go's `regexp.Compile` (RE2 syntax), with Go's texts, for the expressions Envoy
 * Gateway compiles while translating a policy: syntax errors and the parser's limits (nesting
 * depth, size, runes of classes, nested repeat counts), following Go 1.26's
 * `src/regexp/syntax/parse.go` (`parse`), the release Envoy Gateway v1.9 builds with. The reader
 * is `regexp-scanner.ts`, the parse tree `regexp-tree.ts`, the limits `regexp-limits.ts`.
 *
 * @packageDocumentation
 */

import { GO_REGEXP_MACHINERY } from './regexp-machinery.js';
import { goRegexpAnswer } from './regexp-scanner.js';

/**
 * The error Go's `regexp.Compile` reports for an expression (`error parsing regexp: missing
 * argument to repetition operator: \`*\``), following its parser step by step, its limits
 * included: `expression nests too deeply` (a parse tree more than 1,000 high),
 * `expression too large` (more than 3,355,443 instructions by `calcSize`, or more than 2^25 runes
 * pushed in classes), `invalid repeat count` (nested counted repeats multiplying past 1,000).
 * Unicode classes by name (`\p{Greek}`) are looked up in Go 1.26's tables (Unicode 15.0.0).
 * Returns null when the expression compiles. Cost: linear in the expression's length.
 *
 * A JavaScript string is read as Go reads its UTF-8 encoding: a lone surrogate is U+FFFD (as
 * `TextEncoder` and Go's `encoding/json` make it), so `invalid UTF-8` never arises.
 *
 * Returns null (reports nothing rather than a guess) where the model lacks a Go fact:
 * `\p{…}` names that match a script whose Go key is not canonical (`Old_Italic`, `SignWriting`),
 * the aliases `cntrl`, `digit`, `punct` and the script `Unknown`; in expressions longer than 500
 * characters, case folding (`(?i)`) of non-ASCII runes and of named Unicode classes, and classes
 * of two non-ASCII runes (Go's folding tables decide them; shorter expressions cannot reach the
 * limits, and syntax errors do not depend on folding);
 * alternations factored more than 1,000 levels deep (half a million characters).
 *
 * @param expr - the regular expression
 * @returns Go's error text, or null
 * @example
 * goRegexpError('*.illegal.regex');
 * // => "error parsing regexp: missing argument to repetition operator: `*`"
 */
export function goRegexpError(expr: string): string | null {
  return goRegexpAnswer(expr, GO_REGEXP_MACHINERY) as string | null;
}
