#!/usr/bin/env node
// `npm run build`: the package's dist/, two builds of the same sources (docs/packaging.md,
// "The build"):
//
// 1. dist/*.js, dist/**/*.js and the declarations: `tsc -p tsconfig.build.json`, one module per
//    source file, importing its dependencies by name. This is what bundlers and browsers get
//    (package.json `exports`, condition `default`): an application's bundler drops every module
//    its code does not reach (`sideEffects: false`), so it pays only for what it calls. Files no
//    entry point reaches (the CLI's modules; declarations of internal modules) are removed.
// 2. dist/bundled/: what Node gets (condition `node`, and the `gwpolicy` bin). esbuild bundles
//    the four entry points (index, node, testing, cli; the first three through src/node-build/,
//    which load Go's regexp machinery at once) with code splitting: each entry is one
//    file, the code they share is in dist/bundled/_chunks/, and what the sources load with
//    `import()` (the CRD data, the admission compiler, the cluster reader) stays a chunk loaded
//    on first use. The pure-JavaScript dependencies the core runs on at once are bundled in, so a
//    cold `import('gateway-policy-sim')` reads 8 files instead of about two hundred plus yaml's
//    CommonJS ones (docs/performance.md, "Cold import"); dist/THIRD-PARTY-NOTICES.md carries the
//    licence of each package whose code it contains, written from esbuild's list of inputs.
//    esbuild also writes an `import "./chunk.js"` without bindings where a source module imported
//    one whose exports the file no longer uses; the sources run no code at load that another
//    module relies on (`sideEffects: false`), so those imports are dropped.
//
// A failed build leaves no dist/, so neither the tests nor `npm pack` take half a build for one.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));

/** The library's entry points, by their file under src/ (package.json `exports`). */
const LIBRARY_ENTRIES = ['index', 'node', 'testing'];
/** The bin's entry point (package.json `bin`); only in the bundled build. */
const BIN_ENTRY = 'cli';
/**
 * The dependencies bundled into dist/bundled/: pure JavaScript the core needs as soon as it runs.
 * The others stay imports there too: the CEL evaluator, its RE2 and protobuf runtime (loaded only
 * with the admission chunk), the Kubernetes client (only `--cluster`), the CLI's picocolors and
 * picomatch.
 */
const BUNDLED_DEPENDENCIES = ['deepmerge-ts', 'fastest-levenshtein', 'immer', 'ipaddr.js', 're2js', 'yaml'];

try {
  rmSync(dist, { recursive: true, force: true });
  execFileSync(process.execPath, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], {
    cwd: root,
    stdio: 'inherit',
  });
  pruneUnreached(LIBRARY_ENTRIES.flatMap((e) => [path.join(dist, `${e}.js`), path.join(dist, `${e}.d.ts`)]));
  await bundleForNode();
} catch (error) {
  rmSync(dist, { recursive: true, force: true });
  console.error(`build: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

async function bundleForNode() {
  for (const name of BUNDLED_DEPENDENCIES) {
    if (!(name in (pkg.dependencies ?? {}))) throw new Error(`${name} is bundled but not a dependency`);
  }
  const result = await esbuild.build({
    absWorkingDir: root,
    // The library's entry points through src/node-build/ (Go's regexp machinery loaded at once).
    entryPoints: [
      ...LIBRARY_ENTRIES.map((e) => ({ in: `src/node-build/${e}.ts`, out: e })),
      { in: `src/${BIN_ENTRY}.ts`, out: BIN_ENTRY },
    ],
    outdir: 'dist/bundled',
    entryNames: '[name]',
    chunkNames: '_chunks/[name]-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    // Neutral: the ESM build of each bundled dependency (yaml's `default` export condition, not
    // its CommonJS `node` one, whose many files are what made a cold import slow).
    platform: 'neutral',
    mainFields: ['module', 'main'],
    target: 'node20',
    // immer reads process.env.NODE_ENV at load: its production build.
    define: { 'process.env.NODE_ENV': '"production"' },
    external: ['node:*', ...Object.keys(pkg.dependencies ?? {}).filter((d) => !BUNDLED_DEPENDENCIES.includes(d))],
    metafile: true,
    legalComments: 'none',
    logLevel: 'warning',
  });
  if (result.errors.length > 0 || result.warnings.length > 0) throw new Error('esbuild reported problems (above)');
  for (const file of Object.keys(result.metafile.outputs)) dropBareChunkImports(path.join(root, file));
  writeFileSync(path.join(dist, 'THIRD-PARTY-NOTICES.md'), thirdPartyNotices(result.metafile));
}

/** Removes the imports without bindings of one chunk by another from an output file. */
function dropBareChunkImports(file) {
  if (!file.endsWith('.js')) return;
  const text = readFileSync(file, 'utf8');
  const kept = text.replace(/^import "\.{1,2}\/[^"]+\.js";\n/gm, '');
  if (kept !== text) writeFileSync(file, kept);
}

/**
 * The notice of every package whose code the bundle contains: name, version, licence and the
 * licence text its package ships.
 */
function thirdPartyNotices(metafile) {
  const packages = new Set();
  for (const input of Object.keys(metafile.inputs)) {
    const match = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (match !== null) packages.add(match[1]);
  }
  const sections = [...packages].sort().map((dir) => {
    const meta = JSON.parse(readFileSync(path.join(root, dir, 'package.json'), 'utf8'));
    const licenceFile = readdirSync(path.join(root, dir))
      .sort()
      .find((f) => /^(licen[cs]e|copying)([.-].*)?$/i.test(f));
    if (licenceFile === undefined) throw new Error(`${meta.name} ships no licence file`);
    const licence = typeof meta.license === 'string' ? meta.license : (meta.license?.type ?? 'see below');
    const text = readFileSync(path.join(root, dir, licenceFile), 'utf8').trim();
    return `## ${meta.name} ${meta.version} (${licence})\n\n\`\`\`\n${text}\n\`\`\`\n`;
  });
  return `# Third-party notices\n\nThe JavaScript files of dist/bundled/ contain code of these packages, bundled by esbuild\n(scripts/build.mjs), each under its own licence:\n\n${sections.join('\n')}`;
}

/**
 * Removes every .js and .d.ts file of dist/ (outside dist/bundled/, not yet written) that the
 * given files do not import, directly or not, statically or by `import()`.
 */
function pruneUnreached(entries) {
  const reached = new Set();
  const visit = (file) => {
    if (reached.has(file)) return;
    reached.add(file);
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)['"](\.{1,2}\/[^'"]+)['"]/g)) {
      const target = path.resolve(path.dirname(file), m[1]);
      const resolved = file.endsWith('.d.ts') ? target.replace(/\.js$/, '.d.ts') : target;
      if (!existsSync(resolved)) throw new Error(`${path.relative(root, file)} imports ${m[1]}, which tsc did not write`);
      visit(resolved);
    }
  };
  for (const entry of entries) visit(entry);
  const sweep = (dir) => {
    for (const name of readdirSync(dir)) {
      const p = path.join(dir, name);
      if (statSync(p).isDirectory()) {
        sweep(p);
        if (readdirSync(p).length === 0) rmdirSync(p);
      } else if (!reached.has(p)) rmSync(p);
    }
  };
  sweep(dist);
}
