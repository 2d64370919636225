/**
 * The build (`npm run build` → dist/, bundled by scripts/build.mjs) imports at run time only what
 * an installed package has: Node's built-ins (from the node and CLI entry points only) and the
 * packages package.json lists under `dependencies`; everything else is bundled in, with its
 * licence in dist/THIRD-PARTY-NOTICES.md; and an application's bundler that honours
 * `sideEffects: false` bundles it for a browser without a warning. Skipped, with a notice, when dist/ has not been built
 * (`.ci/run` builds before the tests).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { describe, expect, test } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const dist = path.join(root, 'dist');
const BUILT = existsSync(path.join(dist, 'index.js'));
if (!BUILT) console.warn('test/package: dist/ is absent (run npm run build); the build checks are skipped');

const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  dependencies?: Record<string, string>;
};

/** Every specifier a module imports, statically or by `import()`, with a string literal. */
function specifiersOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const found = [
    ...text.matchAll(/^\s*(?:import|export)\b[^'"]*?\bfrom\s*["']([^"']+)["']/gm),
    ...text.matchAll(/^\s*import\s*["']([^"']+)["']/gm),
    ...text.matchAll(/\bimport\(\s*["']([^"']+)["']\s*\)/g),
  ];
  return found.map((m) => m[1] as string);
}

function jsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? jsFiles(path.join(dir, e.name))
      : e.name.endsWith('.js')
        ? [path.join(dir, e.name)]
        : [],
  );
}

/** The files a module loads before it runs: itself and its static imports of dist/, transitively. */
function staticClosure(entry: string): string[] {
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/^\s*(?:import|export)\b[^'"]*?["'](\.{1,2}\/[^"']+)["']/gm)) {
      visit(path.resolve(path.dirname(file), m[1] as string));
    }
  };
  visit(entry);
  return [...seen];
}

const packageOf = (specifier: string): string =>
  specifier.startsWith('@')
    ? specifier.split('/').slice(0, 2).join('/')
    : (specifier.split('/')[0] as string);

describe.skipIf(!BUILT)('the built package (dist/)', () => {
  test('imports no package but its declared dependencies (bundled ones are not imported)', () => {
    const declared = new Set(Object.keys(pkg.dependencies ?? {}));
    const undeclared = jsFiles(dist).flatMap((file) =>
      specifiersOf(file)
        .filter((s) => !s.startsWith('.') && !s.startsWith('node:') && !declared.has(packageOf(s)))
        .map((s) => `${path.relative(root, file)} imports ${s}`),
    );
    expect(undeclared).toEqual([]);
  });

  test('the core entry point loads no node: module and no dependency before it runs', () => {
    const closure = staticClosure(path.join(dist, 'index.js'));
    const outside = closure.flatMap((file) =>
      specifiersOf(file)
        .filter((s) => !s.startsWith('.'))
        .filter((s) => !readFileSync(file, 'utf8').includes(`import("${s}")`))
        .map((s) => `${path.relative(root, file)} imports ${s}`),
    );
    expect(closure.length).toBeGreaterThan(1);
    expect(outside).toEqual([]);
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
    expect([...bundled].filter((name) => name in (pkg.dependencies ?? {}))).toEqual([]);
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
