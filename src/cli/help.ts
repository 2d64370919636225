/**
 * The help texts of `gwpolicy`: the top-level help and each command's. docs/cli.md holds them
 * verbatim (a test keeps it so).
 *
 * @packageDocumentation
 */
import { COMMANDS } from './_internal/commands.js';

const width = Math.max(...COMMANDS.map((c) => c.name.length));

/**
 * The top-level help (`gwpolicy --help`), ending with a newline.
 *
 * @example
 * help.split('\n')[0]; // => 'Usage: gwpolicy COMMAND [options] [FILE...|-]'
 */
export const help: string = `Usage: gwpolicy COMMAND [options] [FILE...|-]

Simulate how Envoy Gateway resolves policy attachment, offline: which policy applies where, and
the exact policy status Envoy Gateway would write.

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n')}

Options:
  -h, --help     print this help; gwpolicy COMMAND --help prints a command's
  -V, --version  print the version

FILE is a manifest file or a folder (its *.yaml, *.yml and *.json files, recursively, in path
order); - reads standard input. Errors and warnings go to standard error, one line each:
file:line:col: code: message (codes in docs/diagnostics.md); validate prints every diagnostic
to standard output instead, as its report.

Exit status: 0 success; 1 the input has error diagnostics (the output still holds everything
that could be computed) or an internal error (GWP-CLI-INTERNAL); 2 usage error.
`;

/**
 * Each command's help (`gwpolicy COMMAND --help`), by command name, in help order.
 *
 * @example
 * commandHelp.status?.split('\n')[0];
 * // => 'Usage: gwpolicy status [FILE...|-] [--order cluster|input] [--admission reject|report]\n…'
 */
export const commandHelp: Readonly<Record<string, string>> = Object.fromEntries(
  COMMANDS.map((c) => [c.name, c.help]),
);
