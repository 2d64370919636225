/**
 * Diagnostics: user problems as data, each with a stable code, a severity and a location.
 *
 * @packageDocumentation
 */

/** How serious a diagnostic is. `error` makes the CLI exit with status 1. */
export type Severity = 'error' | 'warning' | 'info';

/** Where a diagnostic or a resource comes from. Every field is optional: objects handed in
 * programmatically have no file. */
export interface SourceLocation {
  /** File path as given, or `-` for stdin, or `<input>` for in-memory text. */
  readonly file?: string;
  /** 0-based index of the YAML/JSON document in that file. */
  readonly document?: number;
  /** 1-based line. */
  readonly line?: number;
  /** 1-based column. */
  readonly column?: number;
  /** JSON pointer inside the document (e.g. `/httpRoutes/3` in the test-data layout, or `/spec/targetRefs/0`). */
  readonly pointer?: string;
  /**
   * Where the located node ends: the line and column just after its last character (exclusive,
   * as SARIF's `endColumn` and an editor's range end). Set with `line`/`column` when a diagnostic
   * is located at a field of text input: the range then runs from the field's key (or list item)
   * to the end of its value. Absent for objects handed in without text (`loadObjects`).
   */
  readonly end?: SourcePosition;
}

/** A 1-based line and column in a text. */
export interface SourcePosition {
  /** 1-based line. */
  readonly line: number;
  /** 1-based column (UTF-16 code units, as the `yaml` package counts them). */
  readonly column: number;
}

/** A user-facing problem found while loading, validating, resolving or merging. */
export interface Diagnostic {
  /**
   * Stable code, e.g. `GWP-LOAD-YAML-SYNTAX`. Documented in docs/diagnostics.md.
   *
   * @pattern ^GWP-[A-Z0-9]+(-[A-Z0-9]+)*$
   */
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  /** `Kind/namespace/name` (or `Kind/name` for cluster-scoped kinds) when known. */
  readonly resource?: string;
  readonly location?: SourceLocation;
}

/**
 * Formats a diagnostic as the CLI prints it: `file:line:col: code: message`.
 *
 * @param d - the diagnostic
 * @returns one line, no trailing newline
 * @example
 * formatDiagnostic({ code: 'GWP-LOAD-YAML-SYNTAX', severity: 'error', message: 'bad', location: { file: 'a.yaml', line: 3, column: 1 } });
 * // => 'a.yaml:3:1: GWP-LOAD-YAML-SYNTAX: bad'
 */
export function formatDiagnostic(d: Diagnostic): string {
  const loc = d.location;
  const where = `${loc?.file ?? '<input>'}:${loc?.line ?? 0}:${loc?.column ?? 0}`;
  const res = d.resource ? ` (${d.resource})` : '';
  return `${where}: ${d.code}: ${d.message}${res}`;
}

/**
 * True when any diagnostic has severity `error`.
 *
 * @param diagnostics - a list of diagnostics
 * @returns whether the list holds an error
 * @example
 * hasErrors([{ code: 'X', severity: 'info', message: '' }]); // => false
 */
export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}
