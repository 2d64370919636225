/**
 * Progress on standard error while a large input is worked on: one line, rewritten in place, then
 * erased. Only when standard error is a terminal and the input is large (or read from a cluster),
 * so that pipes, files and CI logs never see it.
 */
import { type SimulateOptions, type SimulateResult, simulate } from '../../explain/simulate.js';
import { loadManifests } from '../../model/load-manifests.js';
import type { ManifestSource } from '../../model/load-types.js';
import { locateDiagnostics } from '../../model/locate-diagnostics.js';
import type { CliIo } from '../cli-io.js';
import type { CommandArgs } from './command.js';
import { clusterSelected, type Inputs, readCommandInputs } from './inputs.js';

/** Inputs at least this large (characters) report progress. */
export const LARGE_INPUT = 2_000_000;

/** A progress line: `step` rewrites it, `done` erases it. Both do nothing when it is off. */
export interface Progress {
  readonly enabled: boolean;
  step(message: string): void;
  done(): void;
}

/**
 * A progress line on standard error, on when standard error is a terminal and `large` holds.
 *
 * @param io - the CLI's I/O
 * @param large - whether the work is large enough to report
 * @returns the progress line
 */
export function progressOn(io: CliIo, large: boolean): Progress {
  const enabled = io.stderrIsTTY === true && large;
  let shown = false;
  return {
    enabled,
    step(message) {
      if (!enabled) return;
      io.stderr(`\r\u001b[2Kgwpolicy: ${message}…`);
      shown = true;
    },
    done() {
      if (enabled && shown) io.stderr('\r\u001b[2K');
      shown = false;
    },
  };
}

/**
 * Whether sources are large enough to report progress on.
 *
 * @param sources - the sources read
 * @returns true past {@link LARGE_INPUT} characters
 */
export function isLarge(sources: readonly ManifestSource[]): boolean {
  let n = 0;
  for (const s of sources) n += s.text.length;
  return n >= LARGE_INPUT;
}

/**
 * `simulate`, stage by stage, reporting each stage on the progress line: loading (with the size),
 * then the graph and the resolution (with the counts); its diagnostics located at their fields.
 *
 * @param sources - the sources
 * @param options - simulate's options
 * @param progress - the progress line
 * @returns simulate's result
 */
export function simulateWithProgress(
  sources: readonly ManifestSource[],
  options: SimulateOptions,
  progress: Progress,
): SimulateResult {
  const result = progress.enabled ? stageByStage(sources, options, progress) : simulate(sources, options);
  // Every diagnostic about a field at the field's range in its file.
  return { ...result, diagnostics: locateDiagnostics(result.diagnostics, result.load, sources) };
}

/** `simulate`, its stages on the progress line. */
function stageByStage(
  sources: readonly ManifestSource[],
  options: SimulateOptions,
  progress: Progress,
): SimulateResult {
  const size = sources.reduce((n, s) => n + s.text.length, 0);
  progress.step(
    `loading ${sources.length} source${sources.length === 1 ? '' : 's'} (${(size / 1e6).toFixed(1)} MB)`,
  );
  const load = loadManifests(
    sources,
    options.maxAliasCount === undefined ? {} : { maxAliasCount: options.maxAliasCount },
  );
  const policies = load.resources.filter((r) => r.kind.endsWith('Policy')).length;
  const routes = load.resources.filter((r) => r.kind.endsWith('Route')).length;
  progress.step(
    `resolving ${policies.toLocaleString('en-US')} policies on ${routes.toLocaleString('en-US')} routes`,
  );
  return simulate(load, options);
}

/**
 * Reads a command's input (files or a cluster) and simulates it, with a progress line on
 * standard error when that is worth it (a cluster, or a large input, and standard error is a
 * terminal). The caller adds its own steps and calls `progress.done()` before writing its output.
 *
 * @param command - the command name
 * @param args - parsed arguments
 * @param io - the CLI's I/O
 * @param options - simulate's options
 * @returns the inputs, the simulation and the progress line
 */
export async function readAndSimulate(
  command: string,
  args: CommandArgs,
  io: CliIo,
  options: SimulateOptions,
): Promise<{ readonly inputs: Inputs; readonly result: SimulateResult; readonly progress: Progress }> {
  const reading = progressOn(io, clusterSelected(args));
  let inputs: Inputs;
  try {
    inputs = await readCommandInputs(command, args, io, (m) => reading.step(m));
  } catch (error) {
    reading.done();
    throw error;
  }
  const progress = reading.enabled ? reading : progressOn(io, isLarge(inputs.sources));
  try {
    return { inputs, result: simulateWithProgress(inputs.sources, options, progress), progress };
  } catch (error) {
    progress.done();
    throw error;
  }
}
