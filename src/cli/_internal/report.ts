/**
 * Writing diagnostics and documents: one line per diagnostic, YAML and JSON output.
 */
import { stringify } from 'yaml';
import type { Diagnostic } from '../../model/diagnostic.js';
import { formatDiagnostic, hasErrors } from '../../model/diagnostic.js';
import type { CliIo } from '../cli-io.js';
import { EXIT_ERRORS, EXIT_OK } from '../exit-codes.js';

/**
 * A diagnostic as one line, `file:line:col: code: message`, line breaks in the message folded.
 *
 * @param d - the diagnostic
 * @returns the line, no trailing newline
 */
export function diagnosticLine(d: Diagnostic): string {
  return foldLineBreaks(formatDiagnostic(d));
}

/** Whether a UTF-16 code unit is white space as a regular expression's `\s` matches it. */
function isSpace(c: number): boolean {
  return (
    (c >= 0x09 && c <= 0x0d) ||
    c === 0x20 ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/**
 * Replaces every run of white space that holds a line break (CR or LF) with one space, in one
 * pass. (What `replace(/\s*[\r\n]+\s*\/g, ' ')` gives, but that regular expression retries
 * from every position of a run without a line break: quadratic, 15 s for 100,000 spaces.)
 *
 * @param text - any text
 * @returns the text on one line
 */
export function foldLineBreaks(text: string): string {
  let out = '';
  let from = 0; // start of the text not yet copied
  for (let i = 0; i < text.length; ) {
    if (!isSpace(text.charCodeAt(i))) {
      i += 1;
      continue;
    }
    const start = i;
    let breaks = false;
    for (; i < text.length && isSpace(text.charCodeAt(i)); i += 1) {
      const c = text.charCodeAt(i);
      if (c === 0x0a || c === 0x0d) breaks = true;
    }
    if (breaks) {
      out += `${text.slice(from, start)} `;
      from = i;
    }
  }
  return from === 0 ? text : out + text.slice(from);
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
