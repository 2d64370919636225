// Transpiles src/ and test/robustness/ to .build/fuzz/ (types erased, no type check: about a
// second), so that the fuzz suite's worker can run the sources in a child process, where a
// hang can be cut off. Used by test/robustness/*.test.ts and scripts/fuzz.mjs.
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function tsFiles(dir) {
  const out = [];
  for (const f of readdirSync(dir).sort()) {
    const p = path.join(dir, f);
    if (statSync(p).isDirectory()) out.push(...tsFiles(p));
    else if (f.endsWith('.ts') && !f.endsWith('.d.ts') && !f.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

/**
 * Writes the transpiled files and returns where the worker and the library are.
 *
 * @returns {{ worker: string, lib: string, outDir: string }}
 */
export function transpileForFuzz() {
  const outDir = path.join(root, '.build', 'fuzz');
  const files = [...tsFiles(path.join(root, 'src')), ...tsFiles(path.join(root, 'test', 'robustness'))];
  for (const file of files) {
    const out = path.join(outDir, path.relative(root, file)).replace(/\.ts$/, '.js');
    // Transpiled before and not changed since: kept.
    if (existsSync(out) && statSync(out).mtimeMs >= statSync(file).mtimeMs) continue;
    const source = readFileSync(file, 'utf8');
    const { outputText } = ts.transpileModule(source, {
      fileName: file,
      compilerOptions: {
        module: ts.ModuleKind.ESNext,
        target: ts.ScriptTarget.ES2022,
        verbatimModuleSyntax: true,
        sourceMap: false,
      },
    });
    mkdirSync(path.dirname(out), { recursive: true });
    writeFileSync(out, outputText);
  }
  // ESM for the .js files under .build/fuzz (the package's own type is module too).
  writeFileSync(path.join(outDir, 'package.json'), '{ "type": "module" }\n');
  // The same library with the three entry points taken from the build (dist/, from
  // `npm run build`; the internal functions stay the sources', the bundled build has no module
  // per file): `npm run fuzz -- --lib` it.
  const lib = path.join(outDir, 'test', 'robustness', 'library.js');
  const distLib = path.join(outDir, 'test', 'robustness', 'library-dist.js');
  let distText = readFileSync(lib, 'utf8');
  for (const entry of ['index', 'node', 'testing']) {
    distText = distText.replaceAll(`'../../src/${entry}.js'`, `'../../../../dist/${entry}.js'`);
  }
  writeFileSync(distLib, distText);
  return { outDir, worker: path.join(outDir, 'test', 'robustness', 'worker.js'), lib, distLib };
}
