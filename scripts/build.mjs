#!/usr/bin/env node
// `npm run build`: the package's dist/.
//
// 1. TypeScript writes the declarations (dist/**/*.d.ts, `tsc -p tsconfig.build.json`); those
//    the three typed entry points (index, node, testing) do not reach are removed.
// 2. esbuild bundles the JavaScript of the four entry points (index, node, testing, cli) with
//    code splitting: each entry is one file, the code they share is in dist/_chunks/, and the
//    modules only reached by `import()` (the CRD admission data and its compiler) are chunks of
//    their own, loaded when first used. A cold `import('gateway-policy-sim')` then reads a few
//    files instead of about two hundred (docs/packaging.md, "Cold import").
//    esbuild keeps an `import "./chunk.js"` without bindings where the sources imported a module
//    whose exports this file no longer uses; the sources have no side effects at load
//    (package.json `sideEffects: false`), so those imports are dropped: a bundler that honours
//    `sideEffects` would ignore them with a warning, and Node would load chunks for nothing.
// 3. The pure-JavaScript dependencies the core runs on (yaml, immer, deepmerge-ts, re2js,
//    ipaddr.js, fastest-levenshtein) are bundled in (immer's production build: a page has no
//    `process`); dist/THIRD-PARTY-NOTICES.md carries the
//    licence of each package the bundle contains, written from esbuild's list of inputs.
//    The dependencies that stay installed (package.json `dependencies`) are left external:
//    the CEL evaluator, its RE2 and its protobuf runtime (loaded only with the admission chunk;
//    one RE2 shared with the evaluator), the Kubernetes client (only `--cluster`), and the
//    CLI's picocolors and picomatch.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, rmdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));

/** The entry points, by their file under src/ (package.json `exports` and `bin` name them). */
const ENTRIES = ['index', 'node', 'testing', 'cli'];
/** The entry points with types (package.json `exports`; the bin has none). */
const TYPED_ENTRIES = ['index', 'node', 'testing'];

rmSync(dist, { recursive: true, force: true });

execFileSync(process.execPath, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], {
  cwd: root,
  stdio: 'inherit',
});
pruneDeclarations(TYPED_ENTRIES.map((e) => path.join(dist, `${e}.d.ts`)));

const result = await esbuild.build({
  absWorkingDir: root,
  entryPoints: ENTRIES.map((e) => `src/${e}.ts`),
  outdir: 'dist',
  entryNames: '[name]',
  chunkNames: '_chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  // Neutral: the browser-safe ESM build of each bundled dependency (yaml's `default` export
  // condition, not its CommonJS `node` one); Node's built-ins stay imports.
  platform: 'neutral',
  mainFields: ['module', 'main'],
  target: 'node20',
  // immer reads process.env.NODE_ENV at load; a page has no `process` (its production build).
  define: { 'process.env.NODE_ENV': '"production"' },
  external: ['node:*', ...Object.keys(pkg.dependencies ?? {})],
  metafile: true,
  legalComments: 'none',
  logLevel: 'warning',
});
if (result.errors.length > 0 || result.warnings.length > 0) {
  // No half-built dist/ for the tests or `npm pack` to take for a build.
  rmSync(dist, { recursive: true, force: true });
  process.exit(1);
}
for (const file of Object.keys(result.metafile.outputs)) dropBareChunkImports(path.join(root, file));

writeFileSync(path.join(dist, 'THIRD-PARTY-NOTICES.md'), thirdPartyNotices(result.metafile));

/**
 * The notice of every package whose code the bundle contains: name, version, licence and the
 * licence text its package ships.
 */
function thirdPartyNotices(metafile) {
  const packages = new Map();
  for (const input of Object.keys(metafile.inputs)) {
    const match = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (match !== null) packages.set(match[1], true);
  }
  const sections = [...packages.keys()].sort().map((dir) => {
    const meta = JSON.parse(readFileSync(path.join(root, dir, 'package.json'), 'utf8'));
    const licenceFile = readdirSync(path.join(root, dir))
      .sort()
      .find((f) => /^(licen[cs]e|copying)([.-].*)?$/i.test(f));
    if (licenceFile === undefined) throw new Error(`build: ${meta.name} ships no licence file`);
    const licence = typeof meta.license === 'string' ? meta.license : (meta.license?.type ?? 'see below');
    return `## ${meta.name} ${meta.version} (${licence})\n\n\`\`\`\n${readFileSync(path.join(root, dir, licenceFile), 'utf8').trim()}\n\`\`\`\n`;
  });
  return `# Third-party notices\n\nThe JavaScript files of dist/ contain code of these packages, bundled by esbuild\n(scripts/build.mjs), each under its own licence:\n\n${sections.join('\n')}`;
}

/** Removes every declaration file of dist/ that no entry's declarations import, directly or not. */
function pruneDeclarations(entries) {
  const reached = new Set();
  const visit = (file) => {
    if (reached.has(file)) return;
    reached.add(file);
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/(?:from|import\()\s*['"](\.{1,2}\/[^'"]+)['"]/g)) {
      const target = path.resolve(path.dirname(file), m[1]).replace(/\.js$/, '.d.ts');
      if (!existsSync(target)) throw new Error(`build: ${path.relative(root, file)} imports ${m[1]}, which has no declarations`);
      visit(target);
    }
  };
  for (const entry of entries) visit(entry);
  const sweep = (dir) => {
    for (const name of readdirSync(dir)) {
      const p = path.join(dir, name);
      if (statSync(p).isDirectory()) {
        sweep(p);
        if (readdirSync(p).length === 0) rmdirSync(p);
      } else if (p.endsWith('.d.ts') && !reached.has(p)) rmSync(p);
    }
  };
  sweep(dist);
}

/** Removes the imports without bindings of one chunk by another from an output file. */
function dropBareChunkImports(file) {
  if (!file.endsWith('.js')) return;
  const text = readFileSync(file, 'utf8');
  const kept = text.replace(/^import "\.{1,2}\/[^"]+\.js";\n/gm, '');
  if (kept !== text) writeFileSync(file, kept);
}
