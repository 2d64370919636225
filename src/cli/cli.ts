/**
 * `cli`: the `gwpolicy` command line as a testable function. The bin (`src/cli.ts`) only wires
 * `process` to it. Node modules are imported at call time, so importing this module (and the
 * library barrel) stays browser-safe.
 *
 * @packageDocumentation
 */
import { formatDiagnostic } from '../model/diagnostic.js';
import { type Command, type CommandArgs, InputFailure, UsageError } from './_internal/command.js';
import { COMMANDS_BY_NAME } from './_internal/commands.js';
import { packageVersion } from './_internal/version.js';
import type { CliIo } from './cli-io.js';
import { EXIT_ERRORS, EXIT_OK, EXIT_USAGE } from './exit-codes.js';
import { help } from './help.js';

export type { CliIo } from './cli-io.js';

/** Keeps the first line of a message, for one-line error output. */
function firstLine(text: string): string {
  return (text.split(/\r?\n/)[0] ?? '').trim();
}

/** parseArgs' error as one short line (its unknown-option message runs on about `--`). */
function parseErrorMessage(error: unknown): string {
  const message = error instanceof Error ? firstLine(error.message) : String(error);
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const option = /'([^']*)'/.exec(message)?.[1];
    if (option !== undefined) return `unknown option '${option}'`;
  }
  return message.replace(/\.$/, '');
}

async function parseCommandArgs(command: Command, argv: readonly string[]): Promise<CommandArgs> {
  const { parseArgs } = await import('node:util');
  const options: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }> = {
    help: { type: 'boolean', short: 'h' },
  };
  for (const [name, { type, short, multiple }] of Object.entries(command.options)) {
    options[name] = {
      type,
      ...(short !== undefined ? { short } : {}),
      ...(multiple !== undefined ? { multiple } : {}),
    };
  }
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      options,
      allowPositionals: true,
      strict: true,
    });
    return { values, positionals };
  } catch (error) {
    throw new UsageError(`${command.name}: ${parseErrorMessage(error)}; see gwpolicy ${command.name} --help`);
  }
}

async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined) {
    io.stderr(help);
    return EXIT_USAGE;
  }
  if (first === '--help' || first === '-h') {
    io.stdout(help);
    return EXIT_OK;
  }
  if (first === '--version' || first === '-V') {
    io.stdout(`${await packageVersion()}\n`);
    return EXIT_OK;
  }
  if (first.startsWith('-')) {
    throw new UsageError(`unknown option '${first}' before the command; see gwpolicy --help`);
  }
  const command = COMMANDS_BY_NAME.get(first);
  if (command === undefined) throw new UsageError(`unknown command '${first}'; see gwpolicy --help`);
  const args = await parseCommandArgs(command, rest);
  if (args.values.help === true) {
    io.stdout(command.help);
    return EXIT_OK;
  }
  return command.run(args, { io });
}

/**
 * Runs `gwpolicy` with the given arguments (without `node` and the script). Never throws and never
 * prints a stack trace: usage errors print `gwpolicy: <message>` on one line to stderr (status 2);
 * diagnostics print `file:line:col: code: message` lines; an unexpected exception prints one
 * `GWP-CLI-INTERNAL` line and gives status 1.
 *
 * @param argv - the arguments, e.g. `['status', 'examples', '-o', 'json']`
 * @param io - {@link CliIo}
 * @returns the exit status: {@link EXIT_OK}, {@link EXIT_ERRORS} or {@link EXIT_USAGE}
 * @example
 * let out = '';
 * const code = await cli(['status', 'examples'], { stdout: (t) => (out += t), stderr: () => {}, readStdin: async () => '' });
 * code; // => 0
 * out.split('\n')[0]; // => 'ClientTrafficPolicy:'
 */
export async function cli(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    return await run(argv, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`gwpolicy: ${firstLine(error.message)}\n`);
      return EXIT_USAGE;
    }
    if (error instanceof InputFailure) {
      io.stderr(`${formatDiagnostic(error.diagnostic).replace(/\s*[\r\n]+\s*/g, ' ')}\n`);
      return EXIT_ERRORS;
    }
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    io.stderr(
      `${formatDiagnostic({
        code: 'GWP-CLI-INTERNAL',
        severity: 'error',
        message: `unexpected error (a bug, please report it): ${firstLine(message)}`,
        location: { file: 'gwpolicy' },
      })}\n`,
    );
    return EXIT_ERRORS;
  }
}
