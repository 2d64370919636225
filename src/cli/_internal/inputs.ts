/**
 * Reading the `FILE...|-` arguments of a command into manifest sources. Node modules are imported
 * at call time, so importing the CLI (and the library barrel) stays browser-safe.
 */
import type { Diagnostic } from '../../model/diagnostic.js';
import type { ManifestSource } from '../../model/load-types.js';
import { readManifestFiles } from '../../model/read-manifest-files.js';
import type { CliIo } from '../cli.js';
import { usage } from './command.js';

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
export async function readInputs(command: string, paths: readonly string[], io: CliIo): Promise<Inputs> {
  if (paths.length === 0) {
    if (io.stdinIsTTY === true) {
      usage(`${command}: no input: give FILE... (a file or a folder), or - to read standard input`);
    }
    return readManifestFiles(['-'], { readStdin: io.readStdin });
  }
  const cwd = io.cwd;
  if (cwd === undefined) return readManifestFiles(paths, { readStdin: io.readStdin });

  const path = await import('node:path');
  // Read absolute paths, then report every file under the path the user gave.
  const given = paths.map((p) => ({ p, abs: p === '-' ? '-' : path.resolve(cwd, p) }));
  const read = await readManifestFiles(
    given.map((g) => g.abs),
    { readStdin: io.readStdin },
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
