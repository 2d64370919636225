/**
 * The build (`npm run build` → dist/, bundled by scripts/build.mjs) imports at run time only what
 * an installed package has: Node's built-ins (from the node and CLI entry points only) and the
 * packages package.json lists under `dependencies`; everything else is bundled in, with its
 * licence in dist/THIRD-PARTY-NOTICES.md. Its declarations name no package an installation lacks;
 * the core runs where there is no `process`; and an application's bundler that honours
 * `sideEffects: false` bundles it for a browser without a warning. Skipped, with a notice, when
 * dist/ has not been built (`.ci/run` builds before the tests).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import { describe, expect, test } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const dist = path.join(root, 'dist');
const BUILT = existsSync(path.join(dist, 'index.js'));
if (!BUILT) console.warn('test/package: dist/ is absent (run npm run build); the build checks are skipped');

const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  dependencies?: Record<string, string>;
};
const declared = new Set(Object.keys(pkg.dependencies ?? {}));

/** What a module imports with a string literal: statically (import, export … from) or by `import()`. */
function importsOf(file: string): { readonly static: string[]; readonly dynamic: string[] } {
  const text = readFileSync(file, 'utf8');
  const statics = [
    ...text.matchAll(/^\s*(?:import|export)\b[^'"]*?\bfrom\s*["']([^"']+)["']/gm),
    ...text.matchAll(/^\s*import\s*["']([^"']+)["']/gm),
  ];
  const dynamics = [...text.matchAll(/\bimport\(\s*["']([^"']+)["']\s*\)/g)];
  return { static: statics.map((m) => m[1] as string), dynamic: dynamics.map((m) => m[1] as string) };
}

function filesEndingWith(dir: string, suffix: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? filesEndingWith(path.join(dir, e.name), suffix)
      : e.name.endsWith(suffix)
        ? [path.join(dir, e.name)]
        : [],
  );
}
const jsFiles = (dir: string): string[] => filesEndingWith(dir, '.js').filter((f) => !f.endsWith('.d.js'));

/** The files a module loads before it runs: itself and its static imports of dist/, transitively. */
function staticClosure(entry: string): string[] {
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const s of importsOf(file).static) if (s.startsWith('.')) visit(path.resolve(path.dirname(file), s));
  };
  visit(entry);
  return [...seen];
}

const packageOf = (specifier: string): string =>
  specifier.startsWith('@')
    ? specifier.split('/').slice(0, 2).join('/')
    : (specifier.split('/')[0] as string);

const isBuiltIn = (specifier: string): boolean => specifier.startsWith('node:');

describe.skipIf(!BUILT)('the built package (dist/)', () => {
  test('imports no package but its declared dependencies (bundled ones are not imported)', () => {
    const undeclared = jsFiles(dist).flatMap((file) => {
      const { static: s, dynamic: d } = importsOf(file);
      return [...s, ...d]
        .filter((x) => !x.startsWith('.') && !isBuiltIn(x) && !declared.has(packageOf(x)))
        .map((x) => `${path.relative(root, file)} imports ${x}`);
    });
    expect(undeclared).toEqual([]);
  });

  test('its declarations import no package but dependencies and Node built-ins', () => {
    const declarations = filesEndingWith(dist, '.d.ts');
    const undeclared = declarations.flatMap((file) => {
      const text = readFileSync(file, 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/^\s*\/\/.*$/gm, '');
      return [
        ...text.matchAll(
          /(?:\bfrom\s*|\bimport\(\s*|\brequire\(\s*|<reference\s+types=)["']([^"'.][^"']*)["']/g,
        ),
      ]
        .map((m) => m[1] as string)
        .filter((s) => !isBuiltIn(s) && !declared.has(packageOf(s)))
        .map((s) => `${path.relative(root, file)} imports ${s}`);
    });
    expect(declarations.length).toBeGreaterThan(3);
    expect(undeclared).toEqual([]);
  });

  test('the core entry point loads no node: module and no dependency before it runs', () => {
    const closure = staticClosure(path.join(dist, 'index.js'));
    const outside = closure.flatMap((file) =>
      importsOf(file)
        .static.filter((s) => !s.startsWith('.'))
        .map((s) => `${path.relative(root, file)} imports ${s}`),
    );
    expect(closure.length).toBeGreaterThan(1);
    expect(outside).toEqual([]);
  });

  test('the core loads and simulates where there is no process global, as in a page', () => {
    const script = `const saved = globalThis.process;
globalThis.process = undefined;
let answer;
try {
  const core = await import(${JSON.stringify(pathToFileURL(path.join(dist, 'index.js')).href)});
  const r = core.simulate('apiVersion: v1\\nkind: Namespace\\nmetadata: {name: a}\\n');
  answer = JSON.stringify({ ok: true, diagnostics: r.diagnostics.length });
} catch (e) {
  answer = JSON.stringify({ ok: false, error: String(e) });
}
globalThis.process = saved;
process.stdout.write(answer);`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });

    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual({ ok: true, diagnostics: 0 });
  });

  test('names the licence of every package whose code the bundle contains', () => {
    // esbuild marks each bundled module with a comment naming its file (the build is not minified).
    const bundled = new Set(
      jsFiles(dist).flatMap((file) =>
        [...readFileSync(file, 'utf8').matchAll(/^\/\/ node_modules\/((?:@[^/]+\/)?[^/]+)\//gm)].map(
          (m) => m[1] as string,
        ),
      ),
    );
    const notices = readFileSync(path.join(dist, 'THIRD-PARTY-NOTICES.md'), 'utf8');
    const named = new Set([...notices.matchAll(/^## (\S+) \S+ \(/gm)].map((m) => m[1] as string));

    expect(bundled.has('yaml')).toBe(true); // the check sees the bundled modules at all
    expect([...bundled].filter((name) => !named.has(name))).toEqual([]);
    expect([...bundled].filter((name) => declared.has(name))).toEqual([]);
  });

  test('bundles for a browser, as an application would, with no error and no warning', async () => {
    const result = await esbuild.build({
      stdin: {
        contents: `export * from ${JSON.stringify(path.join(dist, 'index.js'))};
export * from ${JSON.stringify(path.join(dist, 'testing.js'))};`,
        resolveDir: root,
        loader: 'js',
      },
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'browser',
      minify: true,
      write: false,
      outdir: path.join(root, '.build', 'built-package-bundle'),
      logLevel: 'silent',
    });

    expect([...result.errors, ...result.warnings].map((m) => m.text)).toEqual([]);
    expect(result.outputFiles.length).toBeGreaterThan(1); // the admission chunks stay apart
  });
});
