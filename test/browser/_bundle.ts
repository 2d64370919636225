/**
 * The browser build of the core, as a web application would make it: esbuild, `platform:
 * 'browser'`, no externals, ES modules with code splitting (so the CRD admission data stays a
 * chunk loaded by `import()`), in memory. Also the chunks an entry loads before it runs.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, type Message, type Metafile } from 'esbuild';

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** What a build gives: the files by URL path (`/index.js`), esbuild's messages and metafile. */
export interface BrowserBundle {
  readonly files: ReadonlyMap<string, Uint8Array>;
  readonly errors: readonly Message[];
  readonly warnings: readonly Message[];
  readonly metafile: Metafile;
}

/**
 * Bundles `entryCode` (an ES module whose imports are relative to the project root) for the
 * browser.
 *
 * @param entryCode - the entry module's text, e.g. `export * from './src/index.ts'`
 * @param minify - minify, as a production build would
 * @param asInstalled - resolve `gateway-policy-sim` as an application that installed it does
 *   (through package.json `exports`: dist/), not through the repository's tsconfig paths (src/)
 * @returns the output files and messages
 */
export async function bundleForBrowser(
  entryCode: string,
  minify: boolean,
  asInstalled = false,
): Promise<BrowserBundle> {
  const outdir = path.join(projectRoot, '.build', 'browser');
  const result = await build({
    stdin: { contents: entryCode, resolveDir: projectRoot, sourcefile: 'entry.ts', loader: 'ts' },
    ...(asInstalled ? { tsconfigRaw: {} } : {}),
    entryNames: 'index',
    bundle: true,
    platform: 'browser',
    format: 'esm',
    splitting: true,
    minify,
    target: 'es2022',
    outdir,
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const files = new Map<string, Uint8Array>();
  for (const f of result.outputFiles) files.set(`/${path.relative(outdir, f.path)}`, f.contents);
  return { files, errors: result.errors, warnings: result.warnings, metafile: result.metafile };
}

/**
 * The outputs an entry output loads before it runs (itself and its static imports, transitively),
 * as metafile output paths. Chunks reached only through `import()` are not among them.
 */
export function staticClosure(metafile: Metafile, entryOutput: string): string[] {
  const seen = new Set<string>();
  const todo = [entryOutput];
  for (let next = todo.pop(); next !== undefined; next = todo.pop()) {
    if (seen.has(next)) continue;
    seen.add(next);
    for (const i of metafile.outputs[next]?.imports ?? [])
      if (i.kind === 'import-statement') todo.push(i.path);
  }
  return [...seen];
}

/** The outputs the entry (`index.js`) loads before it runs: {@link staticClosure} of the entry. */
export function firstLoad(bundle: BrowserBundle): string[] {
  const entry = Object.keys(bundle.metafile.outputs).find((o) => path.basename(o) === 'index.js');
  if (entry === undefined) throw new Error('no index.js among the outputs');
  return staticClosure(bundle.metafile, entry);
}

/** The gzipped size (level 9) of some outputs of a bundle, in bytes. */
export function gzippedSize(bundle: BrowserBundle, outputs: readonly string[]): number {
  return outputs
    .map((o) => bundle.files.get(`/${path.basename(o)}`))
    .reduce((sum, bytes) => sum + (bytes === undefined ? 0 : gzipSync(bytes, { level: 9 }).length), 0);
}
