/**
 * A fake `CliIo` and a runner that captures what `cli` writes.
 */
import { type CliIo, cli } from '../../src/cli/cli.js';

export interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** stderr split into lines, without the trailing empty one. */
  readonly errLines: readonly string[];
}

export interface FakeIoOptions {
  readonly stdin?: string;
  readonly cwd?: string;
  readonly stdinIsTTY?: boolean;
  /** Replaces `stdout` (e.g. one that throws). */
  readonly stdout?: (text: string) => void;
  /** Environment variables the CLI sees. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly stdoutIsTTY?: boolean;
  readonly stderrIsTTY?: boolean;
  readonly columns?: number;
}

/** Runs `cli(argv)` with a fake I/O. */
export async function run(argv: readonly string[], options: FakeIoOptions = {}): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: options.stdout ?? ((t) => (stdout += t)),
    stderr: (t) => (stderr += t),
    readStdin: async () => options.stdin ?? '',
    ...(options.cwd !== undefined ? { cwd: options.cwd } : {}),
    ...(options.stdinIsTTY !== undefined ? { stdinIsTTY: options.stdinIsTTY } : {}),
    ...(options.stdoutIsTTY !== undefined ? { stdoutIsTTY: options.stdoutIsTTY } : {}),
    ...(options.stderrIsTTY !== undefined ? { stderrIsTTY: options.stderrIsTTY } : {}),
    ...(options.columns !== undefined ? { columns: options.columns } : {}),
    // Never the test runner's own environment (its KUBECONFIG, NO_COLOR, …).
    env: options.env ?? {},
  };
  const code = await cli(argv, io);
  return { code, stdout, stderr, errLines: stderr === '' ? [] : stderr.replace(/\n$/, '').split('\n') };
}

/** `file:line:col: code: message`. */
export const DIAGNOSTIC_LINE: RegExp = /^[^:\s][^:]*:\d+:\d+: GWP-[A-Z0-9-]+: \S.*$/;

/** A usage error line. */
export const USAGE_LINE: RegExp = /^gwpolicy: \S.*$/;

/** Whether a text looks like it holds a stack trace. */
export function hasStackTrace(text: string): boolean {
  return /^\s+at\s/m.test(text) || /\n\s+at .*:\d+:\d+\)?$/m.test(text);
}
