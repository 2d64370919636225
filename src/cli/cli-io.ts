/**
 * What the CLI reads and writes through: the streams, the working folder, the terminal, the
 * environment.
 *
 * @packageDocumentation
 */

/** The I/O `cli` uses: injected, so tests (and embedders) need no process. */
export interface CliIo {
  /** Writes to standard output (text ends with a newline when it is a whole output). */
  stdout(text: string): void;
  /** Writes to standard error. */
  stderr(text: string): void;
  /** Reads all of standard input (for `-`, or no FILE). */
  readStdin(): Promise<string>;
  /** Folder that relative paths are taken from; default the process's working folder. */
  readonly cwd?: string;
  /** True when standard input is a terminal: then a command given no FILE is a usage error. */
  readonly stdinIsTTY?: boolean;
  /** True when standard output is a terminal: text wraps at `columns` and may be coloured. */
  readonly stdoutIsTTY?: boolean;
  /** True when standard error is a terminal: long runs report progress there. */
  readonly stderrIsTTY?: boolean;
  /** The terminal's width in columns, when standard output is a terminal. */
  readonly columns?: number;
  /** Environment variables the CLI reads (`NO_COLOR`, `FORCE_COLOR`, `KUBECONFIG`, `HOME`). */
  readonly env?: Readonly<Record<string, string | undefined>>;
}
