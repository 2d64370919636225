/**
 * What Go's regexp parser (`regexp-scanner.ts`, `regexp-tree.ts`) and its limit checks
 * (`regexp-limits.ts`, loaded apart in the browser build) share: the node op codes and the limit
 * panic.
 *
 * @packageDocumentation
 */

/** The op codes of the nodes (Go's `Op`, and the parser's pseudo-ops from 128). */
export const Op = {
  NoMatch: 1,
  EmptyMatch: 2,
  Literal: 3,
  CharClass: 4,
  AnyCharNotNL: 5,
  AnyChar: 6,
  BeginLine: 7,
  EndLine: 8,
  BeginText: 9,
  EndText: 10,
  WordBoundary: 11,
  NoWordBoundary: 12,
  Capture: 13,
  Star: 14,
  Plus: 15,
  Quest: 16,
  Repeat: 17,
  Concat: 18,
  Alternate: 19,
  LeftParen: 128,
  VerticalBar: 129,
} as const;

/** Go's panics `ErrLarge` and `ErrNestingDepth`. */
export class LimitExceeded {
  constructor(readonly code: 'expression too large' | 'expression nests too deeply') {}
}
