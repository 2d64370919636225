/**
 * `readManifestFiles`: files, folders and stdin to {@link ManifestSource}s, for `loadManifests`.
 *
 * Node-only at call time: `node:fs/promises` and `node:path` are imported inside the function, so
 * importing the library stays browser-safe.
 *
 * @packageDocumentation
 */

import { LOAD_CODES } from './_internal/load-codes.js';
import type { Diagnostic } from './diagnostic.js';
import type { ManifestSource } from './load-types.js';

/** Injected I/O of {@link readManifestFiles} (for tests and embedders). */
export interface ReadManifestFilesIO {
  /** Reads all of standard input. Default: `process.stdin`. */
  readonly readStdin?: () => Promise<string>;
}

/** Options of {@link readManifestFiles}. */
export interface ReadManifestFilesOptions {
  /**
   * Globs of paths to leave out (picomatch syntax, `**` included). A glob without `/` matches a
   * file or folder name anywhere (like .gitignore); one with `/` matches the path below a folder
   * given, or a path as given. An excluded folder is not walked.
   */
  readonly exclude?: readonly string[];
}

/** What {@link readManifestFiles} returns. */
export interface ReadManifestFilesResult {
  /** One source per file read, in the order of `paths` (a folder's files in sorted path order). */
  readonly sources: ManifestSource[];
  /** Paths that could not be read, folders without manifests, a repeated `-`, files skipped. */
  readonly diagnostics: Diagnostic[];
}

const MANIFEST_EXTENSIONS = ['.yaml', '.yml', '.json'];

/** Reads `process.stdin` to the end, decoding UTF-8. */
async function readProcessStdin(): Promise<string> {
  const stdin = (globalThis as { process?: { stdin?: AsyncIterable<Uint8Array | string> } }).process?.stdin;
  if (stdin === undefined) throw new Error('there is no standard input here');
  const decoder = new TextDecoder();
  let text = '';
  for await (const chunk of stdin)
    text += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
  return text + decoder.decode();
}

function errorText(error: unknown): string {
  if (typeof error === 'object' && error !== null) {
    const { code, message } = error as { code?: unknown; message?: unknown };
    if (code === 'ENOENT') return 'no such file or folder';
    if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
    if (typeof code === 'string') return code;
    if (typeof message === 'string') return message;
  }
  return 'unknown error';
}

function readFailed(file: string, what: string, error: unknown): Diagnostic {
  return {
    code: LOAD_CODES.readFailed,
    severity: 'error',
    message: `cannot read ${what}: ${errorText(error)}`,
    location: { file },
  };
}

/**
 * Why a file is not a Kubernetes manifest, or null: a Helm chart's `Chart.yaml`, `values.yaml` or
 * `values.schema.json`, a kustomization file, or a template (Go template actions `{{ … }}`).
 *
 * @param file - the file's path
 * @param text - its content
 * @returns the reason and the line of the evidence, or null
 */
function notManifest(file: string, text: string): { reason: string; line: number } | null {
  const base = (file.split(/[\\/]/).pop() ?? '').toLowerCase();
  if (base === 'chart.yaml' || base === 'chart.yml') return { reason: "a Helm chart's Chart.yaml", line: 1 };
  if (base === 'values.yaml' || base === 'values.yml' || base === 'values.schema.json')
    return { reason: `Helm chart values (${base})`, line: 1 };
  if (base === 'kustomization.yaml' || base === 'kustomization.yml' || base === 'kustomization')
    return { reason: 'a kustomization file', line: 1 };
  const m = GO_TEMPLATE.exec(text);
  if (m)
    return {
      reason: 'a template (Helm): it holds {{ … }} actions',
      line: text.slice(0, m.index).split('\n').length,
    };
  return null;
}

/** A Go template action as Helm charts write them: `{{ .Values.x }}`, `{{- if … }}`, `{{ include … }}`. */
const GO_TEMPLATE =
  /\{\{-?\s*(?:[.$]|\/\*|(?:include|template|if|else|end|range|with|define|block|toYaml|tpl|required|default|quote|printf|lookup)\b)/;

/**
 * Reads manifest files for `loadManifests` (the core entry point). A path may be a file (read whatever its name), a
 * folder (its `*.yaml`, `*.yml` and `*.json` files, recursively, in sorted path order) or `-`
 * (standard input, read once). Files that are not Kubernetes manifests (a Helm chart's
 * `Chart.yaml`, `values.yaml`, templates with `{{ … }}` actions; kustomization files) are skipped
 * with one info diagnostic each (`GWP-LOAD-NOT-MANIFEST`), and `exclude` globs leave paths out.
 * Problems become diagnostics; it never rejects on a bad path.
 *
 * @param paths - files, folders, or `-`
 * @param io - {@link ReadManifestFilesIO}
 * @param options - {@link ReadManifestFilesOptions}
 * @returns the sources (file label = the path as given, or joined under the folder) and diagnostics
 * @example
 * const { sources, diagnostics } = await readManifestFiles(['examples/platform', 'missing.yaml']);
 * sources.map((s) => s.file);
 * // => ['examples/platform/gateways.yaml', 'examples/platform/namespaces.yaml', 'examples/platform/policies.yaml']
 * diagnostics.map((d) => d.code); // => ['GWP-LOAD-READ-FAILED']
 */
export async function readManifestFiles(
  paths: readonly string[],
  io: ReadManifestFilesIO = {},
  options: ReadManifestFilesOptions = {},
): Promise<ReadManifestFilesResult> {
  const fs = await import('node:fs/promises');
  const path = await import('node:path');
  const globs = options.exclude ?? [];
  const picomatch = globs.length === 0 ? undefined : (await import('picomatch')).default;
  const matchers = (picomatch === undefined ? [] : globs).map((g) =>
    picomatch!(g, { dot: true, basename: !g.includes('/') }),
  );
  /** Whether a path (relative to the folder given, or as given) is excluded. */
  const excluded = (...candidates: string[]): boolean =>
    matchers.some((m) => candidates.some((c) => m(c.split(path.sep).join('/'))));
  const sources: ManifestSource[] = [];
  const diagnostics: Diagnostic[] = [];
  let stdinRead = false;

  /** Every manifest file under a folder, following symbolic links once. */
  const walk = async (dir: string, out: string[], seen: Set<string>, root: string): Promise<void> => {
    let real: string;
    try {
      real = await fs.realpath(dir);
    } catch (error) {
      diagnostics.push(readFailed(dir, 'folder', error));
      return;
    }
    if (seen.has(real)) return;
    seen.add(real);
    let entries: { name: string; isDirectory(): boolean; isFile(): boolean; isSymbolicLink(): boolean }[];
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch (error) {
      diagnostics.push(readFailed(dir, 'folder', error));
      return;
    }
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        try {
          const stat = await fs.stat(full);
          isDir = stat.isDirectory();
          isFile = stat.isFile();
        } catch (error) {
          diagnostics.push(readFailed(full, 'link', error));
          continue;
        }
      }
      if (excluded(path.relative(root, full), full)) continue;
      if (isDir) await walk(full, out, seen, root);
      else if (isFile && MANIFEST_EXTENSIONS.includes(path.extname(entry.name).toLowerCase())) out.push(full);
    }
  };

  // The same file reached twice (a path given twice, or a file and a folder holding it) is one
  // set of objects, as kubectl applies it once: read once.
  const filesRead = new Set<string>();
  const readFile = async (file: string): Promise<void> => {
    let text: string;
    try {
      const real = await fs.realpath(file);
      if (filesRead.has(real)) {
        diagnostics.push({
          code: LOAD_CODES.fileRepeated,
          severity: 'info',
          message:
            'this file is reached more than once (given twice, or also through its folder); it is read once',
          location: { file },
        });
        return;
      }
      filesRead.add(real);
      text = await fs.readFile(file, 'utf8');
    } catch (error) {
      diagnostics.push(readFailed(file, 'file', error));
      return;
    }
    const skip = notManifest(file, text);
    if (skip === null) sources.push({ file, text });
    else
      diagnostics.push({
        code: LOAD_CODES.notManifest,
        severity: 'info',
        message: `skipped: ${skip.reason}, not a Kubernetes manifest`,
        location: { file, line: skip.line, column: 1 },
      });
  };

  for (const given of paths) {
    if (given === '-') {
      if (stdinRead) {
        diagnostics.push({
          code: LOAD_CODES.stdinRepeated,
          severity: 'warning',
          message: 'standard input (-) is given more than once; it is read once',
          location: { file: '-' },
        });
        continue;
      }
      stdinRead = true;
      try {
        sources.push({ file: '-', text: await (io.readStdin ?? readProcessStdin)() });
      } catch (error) {
        diagnostics.push(readFailed('-', 'standard input', error));
      }
      continue;
    }
    if (excluded(given)) continue;
    let isDir: boolean;
    try {
      isDir = (await fs.stat(given)).isDirectory();
    } catch (error) {
      diagnostics.push(readFailed(given, 'path', error));
      continue;
    }
    if (!isDir) {
      await readFile(given);
      continue;
    }
    const files: string[] = [];
    await walk(given, files, new Set(), given);
    if (files.length === 0) {
      diagnostics.push({
        code: LOAD_CODES.noManifests,
        severity: 'warning',
        message: 'the folder holds no *.yaml, *.yml or *.json file',
        location: { file: given },
      });
    }
    files.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    for (const file of files) await readFile(file);
  }
  return { sources, diagnostics };
}
