/**
 * Reading the `FILE...|-` arguments of a command into manifest sources. Node modules are imported
 * at call time, so importing the CLI (and the library barrel) stays browser-safe.
 */
import type { Diagnostic } from '../../model/diagnostic.js';
import type { ManifestSource } from '../../model/load-types.js';
import { type ReadManifestFilesOptions, readManifestFiles } from '../../model/read-manifest-files.js';
import type { CliIo } from '../cli-io.js';
import { type CommandArgs, InputFailure, usage } from './command.js';

/** Sources read from the command line, and the problems reading them. */
export interface Inputs {
  readonly sources: readonly ManifestSource[];
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Reads files, folders and `-` (standard input). No path means standard input, unless standard
 * input is a terminal: that is a usage error. Relative paths are taken from `io.cwd` when given,
 * and reported as given.
 *
 * @param command - the command name, for the usage message
 * @param paths - the positional arguments
 * @param io - the CLI's I/O
 * @returns the sources and the read diagnostics (`GWP-LOAD-READ-FAILED`, …)
 */
export async function readInputs(
  command: string,
  paths: readonly string[],
  io: CliIo,
  options: ReadManifestFilesOptions = {},
): Promise<Inputs> {
  if (paths.length === 0) {
    if (io.stdinIsTTY === true) {
      usage(`${command}: no input: give FILE... (a file or a folder), or - to read standard input`);
    }
    return readManifestFiles(['-'], { readStdin: io.readStdin }, options);
  }
  const cwd = io.cwd;
  if (cwd === undefined) return readManifestFiles(paths, { readStdin: io.readStdin }, options);

  const path = await import('node:path');
  // Read absolute paths, then report every file under the path the user gave.
  const given = paths.map((p) => ({ p, abs: p === '-' ? '-' : path.resolve(cwd, p) }));
  const read = await readManifestFiles(
    given.map((g) => g.abs),
    { readStdin: io.readStdin },
    options,
  );
  const relabels = given
    .filter((g) => g.abs !== '-' && !path.isAbsolute(g.p))
    .sort((a, b) => b.abs.length - a.abs.length);
  const relabel = (file: string): string => {
    for (const { p, abs } of relabels) {
      if (file === abs) return p;
      if (file.startsWith(abs + path.sep)) return path.join(p, file.slice(abs.length + 1));
    }
    return file;
  };
  return {
    sources: read.sources.map((s) => ({ file: relabel(s.file), text: s.text })),
    diagnostics: read.diagnostics.map((d) =>
      d.location?.file === undefined
        ? d
        : { ...d, location: { ...d.location, file: relabel(d.location.file) } },
    ),
  };
}

/**
 * Whether a command's arguments select a live cluster (`--cluster`, `--context`, `--kubeconfig`).
 *
 * @param args - parsed arguments
 * @returns true when the input is a cluster
 */
export function clusterSelected(args: CommandArgs): boolean {
  return (
    args.values.cluster === true ||
    typeof args.values.context === 'string' ||
    typeof args.values.kubeconfig === 'string'
  );
}

/**
 * A command's input: the live cluster its arguments select (read through the Node-only cluster
 * reader, imported only then), or its `FILE...|-` arguments. A cluster that cannot be read at all
 * throws {@link InputFailure} (one diagnostic line, exit status 1).
 *
 * @param command - the command name, for messages
 * @param args - parsed arguments (`positionals`, `cluster`, `context`, `kubeconfig`, `controller-namespace`)
 * @param io - the CLI's I/O (its `env` gives `KUBECONFIG` and `HOME`)
 * @param progress - called with a message as each kind is read (optional)
 * @returns the sources and the diagnostics of reading them
 */
export async function readCommandInputs(
  command: string,
  args: CommandArgs,
  io: CliIo,
  progress?: (message: string) => void,
): Promise<Inputs> {
  if (!clusterSelected(args)) {
    const exclude = Array.isArray(args.values.exclude)
      ? args.values.exclude.filter((x): x is string => typeof x === 'string')
      : [];
    return readInputs(command, args.positionals, io, exclude.length > 0 ? { exclude } : {});
  }
  if (args.positionals.length > 0)
    usage(`${command}: give FILE... or a cluster (--cluster, --context, --kubeconfig), not both`);
  const text = (name: string): string | undefined =>
    typeof args.values[name] === 'string' ? (args.values[name] as string) : undefined;
  const { readCluster } = await import('../../cluster/read-cluster.js');
  const kubeconfig = text('kubeconfig');
  const context = text('context');
  const controllerNamespace = text('controller-namespace');
  const read = await readCluster({
    ...(kubeconfig !== undefined
      ? {
          kubeconfig:
            io.cwd === undefined ? kubeconfig : (await import('node:path')).resolve(io.cwd, kubeconfig),
        }
      : {}),
    ...(context !== undefined ? { context } : {}),
    ...(controllerNamespace !== undefined ? { controllerNamespace } : {}),
    ...(io.env !== undefined ? { env: io.env } : {}),
    ...(progress !== undefined ? { onProgress: progress } : {}),
  });
  if (read.fatal) throw new InputFailure(read.fatal);
  return { sources: read.sources, diagnostics: read.diagnostics };
}
