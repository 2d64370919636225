/**
 * The shape of one `gwpolicy` command. Each command is one file in `src/cli/commands/`, listed
 * once in `commands.ts`; `cli` parses its options with `node:util` `parseArgs` and runs it.
 */
import type { Diagnostic } from '../../model/diagnostic.js';
import type { CliIo } from '../cli-io.js';

/** One option of a command, as `parseArgs` takes it. `--help` / `-h` is added to every command. */
export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  readonly short?: string;
  readonly multiple?: boolean;
  /**
   * What a string option's value is, for shell completion (`gwpolicy completion`): its choices,
   * or `file` for a path. Not given to `parseArgs`.
   */
  readonly values?: readonly string[] | 'file';
}

/** Parsed arguments of a command. */
export interface CommandArgs {
  readonly values: Readonly<Record<string, string | boolean | readonly (string | boolean)[] | undefined>>;
  readonly positionals: readonly string[];
}

/** What a command gets besides its arguments. */
export interface CommandContext {
  readonly io: CliIo;
}

/** One command. */
export interface Command {
  /** The word after `gwpolicy`. */
  readonly name: string;
  /** One line for the top-level help. */
  readonly summary: string;
  /** The full help text (`gwpolicy NAME --help`), ending with a newline. */
  readonly help: string;
  readonly options: Readonly<Record<string, OptionSpec>>;
  /** The words its positional arguments take, for shell completion; default: files. */
  readonly operands?: readonly string[];
  /** Runs the command; resolves to the exit status. Throws {@link UsageError} for usage errors. */
  readonly run: (args: CommandArgs, ctx: CommandContext) => Promise<number>;
}

/** A usage error: `cli` prints `gwpolicy: <message>` on one line and exits with status 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/**
 * Throws a {@link UsageError}.
 *
 * @param message - one line, without the `gwpolicy: ` prefix
 * @returns never
 */
export function usage(message: string): never {
  throw new UsageError(message);
}

/**
 * An input that cannot be read at all (e.g. a cluster that cannot be reached): `cli` prints the
 * diagnostic as one line on standard error and exits with status 1, without further output.
 */
export class InputFailure extends Error {
  override readonly name = 'InputFailure';
  constructor(readonly diagnostic: Diagnostic) {
    super(diagnostic.message);
  }
}
