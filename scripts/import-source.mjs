// Imports a module of src/ from a script run by Node (no TypeScript loader needed): esbuild
// bundles it, with its imports from src/, into .build/scripts/ and the script imports that. The
// package's dist/ has no per-module files to import (scripts/build.mjs bundles it).
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The module `src/<relative>` (a `.ts` file), compiled and imported.
 *
 * @param {string} relative - the module's path under src/, e.g. `go/quantity.ts`
 * @returns {Promise<Record<string, unknown>>} its exports
 */
export async function importSource(relative) {
  const outfile = path.join(root, '.build', 'scripts', relative.replace(/\.ts$/, '.mjs'));
  await esbuild.build({
    absWorkingDir: root,
    entryPoints: [path.join('src', relative)],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    packages: 'external',
    logLevel: 'warning',
  });
  return import(pathToFileURL(outfile).href);
}
