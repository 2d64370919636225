/**
 * Diagnostics as GitHub Actions workflow commands (`::error file=…,line=…,col=…,title=…::…`),
 * which a workflow run turns into annotations on the pull request's files.
 */
import type { Diagnostic, Severity } from '../../model/diagnostic.js';

const COMMAND: Readonly<Record<Severity, 'error' | 'warning' | 'notice'>> = {
  error: 'error',
  warning: 'warning',
  info: 'notice',
};

/**
 * Escapes a command's message as the runner reads it back: `%`, CR and LF.
 *
 * @param text - the message
 * @returns the escaped text
 */
export function escapeData(text: string): string {
  return text.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A');
}

/**
 * Escapes a command's property value: as {@link escapeData}, and `:` and `,`, which end a value.
 *
 * @param text - the value
 * @returns the escaped text
 */
export function escapeProperty(text: string): string {
  return escapeData(text).replaceAll(':', '%3A').replaceAll(',', '%2C');
}

/**
 * One workflow command per diagnostic: `error`, `warning` or `notice`, with `file`, `line` and
 * `col` when known (standard input and in-memory text have no file) and the code as `title`; the
 * message ends with the resource in parentheses.
 *
 * @param diagnostics - the diagnostics, in report order
 * @returns the commands, one line each, ending with a newline (empty when there are none)
 */
export function toGithubCommands(diagnostics: readonly Diagnostic[]): string {
  let out = '';
  for (const d of diagnostics) {
    const props: string[] = [];
    const file = d.location?.file;
    if (file !== undefined && file !== '-' && file !== '<input>' && file !== 'gwpolicy') {
      props.push(`file=${escapeProperty(file.replaceAll('\\', '/'))}`);
      if (d.location?.line !== undefined && d.location.line > 0) props.push(`line=${d.location.line}`);
      if (d.location?.column !== undefined && d.location.column > 0) props.push(`col=${d.location.column}`);
    }
    props.push(`title=${escapeProperty(d.code)}`);
    const message = d.resource === undefined ? d.message : `${d.message} (${d.resource})`;
    out += `::${COMMAND[d.severity]} ${props.join(',')}::${escapeData(message)}\n`;
  }
  return out;
}
