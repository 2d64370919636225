/**
 * The op codes of the nodes of Go's regexp parse tree, shared by the parser (`regexp-scanner.ts`,
 * `regexp-tree.ts`) and its limit checks (`regexp-limits.ts`, loaded apart in the browser build):
 * an enum, which the bundler inlines, so that the two share no code.
 *
 * @packageDocumentation
 */

/** The op codes of the nodes (Go's `Op`, and the parser's pseudo-ops from 128). */
export enum Op {
  NoMatch = 1,
  EmptyMatch = 2,
  Literal = 3,
  CharClass = 4,
  AnyCharNotNL = 5,
  AnyChar = 6,
  BeginLine = 7,
  EndLine = 8,
  BeginText = 9,
  EndText = 10,
  WordBoundary = 11,
  NoWordBoundary = 12,
  Capture = 13,
  Star = 14,
  Plus = 15,
  Quest = 16,
  Repeat = 17,
  Concat = 18,
  Alternate = 19,
  LeftParen = 128,
  VerticalBar = 129,
}
