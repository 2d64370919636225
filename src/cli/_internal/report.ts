/**
 * Writing diagnostics and documents: one line per diagnostic, YAML and JSON output.
 */
import { stringify } from 'yaml';
import type { Diagnostic } from '../../model/diagnostic.js';
import { formatDiagnostic, hasErrors } from '../../model/diagnostic.js';
import type { CliIo } from '../cli.js';
import { EXIT_ERRORS, EXIT_OK } from '../exit-codes.js';

/**
 * A diagnostic as one line, `file:line:col: code: message`, line breaks in the message folded.
 *
 * @param d - the diagnostic
 * @returns the line, no trailing newline
 */
export function diagnosticLine(d: Diagnostic): string {
  return formatDiagnostic(d).replace(/\s*[\r\n]+\s*/g, ' ');
}

/**
 * Writes the diagnostics that go to standard error, one line each: errors and warnings (info is
 * left to `gwpolicy validate`). Writes nothing when there are none.
 *
 * @param io - the CLI's I/O
 * @param diagnostics - all diagnostics
 */
export function writeDiagnostics(io: CliIo, diagnostics: readonly Diagnostic[]): void {
  const text = diagnostics
    .filter((d) => d.severity !== 'info')
    .map((d) => `${diagnosticLine(d)}\n`)
    .join('');
  if (text !== '') io.stderr(text);
}

/**
 * The exit status for a set of diagnostics.
 *
 * @param diagnostics - all diagnostics
 * @returns {@link EXIT_ERRORS} when any has error severity, else {@link EXIT_OK}
 */
export function exitStatusOf(diagnostics: readonly Diagnostic[]): number {
  return hasErrors(diagnostics) ? EXIT_ERRORS : EXIT_OK;
}

/**
 * A value as YAML: no line folding (messages stay on one line), no anchors for repeated objects.
 *
 * @param value - plain data
 * @returns the YAML text, ending with a newline
 */
export function toYaml(value: unknown): string {
  return stringify(value, { lineWidth: 0, aliasDuplicateObjects: false });
}

/**
 * A value as indented JSON.
 *
 * @param value - plain data
 * @returns the JSON text, ending with a newline
 */
export function toJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
