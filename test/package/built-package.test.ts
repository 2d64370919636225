/**
 * The two builds of `npm run build` (scripts/build.mjs): dist/ (one module per source file, what
 * bundlers and browsers get) and dist/bundled/ (what Node gets: esbuild's bundle, its
 * pure-JavaScript dependencies included). Both import at run time only what an installed package
 * has: Node's built-ins (from the node and CLI entry points only) and package.json
 * `dependencies`; the bundle imports none of the packages it contains, and
 * dist/THIRD-PARTY-NOTICES.md names each with its licence. The declarations name no package an
 * installation lacks; the bundled core runs where there is no `process`; an application's
 * bundler builds the package for a browser without a warning and as small as from the sources.
 * Skipped, with a notice, when dist/ has not been built (`.ci/run` builds before the tests).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, test } from 'vitest';
import { rateLimitWorld } from '../_support/rate-limit-world.js';
import { bundleForBrowser, firstLoad, gzippedSize } from '../browser/_bundle.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const dist = path.join(root, 'dist');
const bundled = path.join(dist, 'bundled');
const BUILT = existsSync(path.join(dist, 'index.js')) && existsSync(path.join(bundled, 'index.js'));
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

  test('the bundled core loads no node: module and no package before it runs', () => {
    const closure = staticClosure(path.join(bundled, 'index.js'));
    const outside = closure.flatMap((file) =>
      importsOf(file)
        .static.filter((s) => !s.startsWith('.'))
        .map((s) => `${path.relative(root, file)} imports ${s}`),
    );
    expect(closure.length).toBeGreaterThan(1);
    expect(outside).toEqual([]);
  });

  test('the core of one module per file loads no node: module', () => {
    const closure = staticClosure(path.join(dist, 'index.js'));
    const builtIns = closure.flatMap((file) =>
      importsOf(file)
        .static.filter(isBuiltIn)
        .map((s) => `${path.relative(root, file)} imports ${s}`),
    );
    expect(closure.length).toBeGreaterThan(50);
    expect(builtIns).toEqual([]);
  });

  test('the bundled core loads and simulates where there is no process global', () => {
    const script = `const saved = globalThis.process;
globalThis.process = undefined;
let answer;
try {
  const core = await import(${JSON.stringify(pathToFileURL(path.join(bundled, 'index.js')).href)});
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

  test("the bundled core checks a regular expression that needs Go's Unicode tables without a preload", () => {
    const text = rateLimitWorld('\\p{Nope}');
    const script = `const core = await import(${JSON.stringify(pathToFileURL(path.join(bundled, 'index.js')).href)});
const result = core.simulate(${JSON.stringify(text)});
const status = core.statusOf(result, 'BackendTrafficPolicy/shop/limit');
process.stdout.write(JSON.stringify({
  unchecked: result.diagnostics.filter((d) => d.code === 'GWP-RESOLVE-REGEXP-UNCHECKED').length,
  accepted: status.ancestors[0].conditions.find((c) => c.type === 'Accepted').message,
}));`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });

    expect(r.stderr).toBe('');
    const answer = JSON.parse(r.stdout) as { unchecked: number; accepted: string };
    expect(answer.unchecked).toBe(0);
    expect(answer.accepted).toContain('error parsing regexp: invalid character class range: `\\p{Nope}`');
  });

  test('names the licence of every package whose code the bundle contains, and imports none of them', () => {
    // esbuild marks each bundled module with a comment naming its file (the build is not minified).
    const contained = new Set(
      jsFiles(bundled).flatMap((file) =>
        [...readFileSync(file, 'utf8').matchAll(/^\/\/ node_modules\/((?:@[^/]+\/)?[^/]+)\//gm)].map(
          (m) => m[1] as string,
        ),
      ),
    );
    const notices = readFileSync(path.join(dist, 'THIRD-PARTY-NOTICES.md'), 'utf8');
    const named = new Set([...notices.matchAll(/^## (\S+) \S+ \(/gm)].map((m) => m[1] as string));
    const importedByName = new Set(
      jsFiles(bundled).flatMap((file) => {
        const { static: s, dynamic: d } = importsOf(file);
        return [...s, ...d].filter((x) => !x.startsWith('.') && !isBuiltIn(x)).map(packageOf);
      }),
    );

    expect(contained.has('yaml')).toBe(true); // the check sees the bundled modules at all
    expect([...contained].filter((name) => !named.has(name))).toEqual([]);
    expect([...contained].filter((name) => importedByName.has(name))).toEqual([]);
  });

  test('bundles for a browser, as an application would, with no error and no warning', async () => {
    const app = await bundleForBrowser(
      "export * from 'gateway-policy-sim'; export * from 'gateway-policy-sim/testing';",
      true,
      true,
    );

    expect([...app.errors, ...app.warnings].map((m) => m.text)).toEqual([]);
    expect(Object.keys(app.metafile.inputs).some((i) => i.startsWith('dist/model/'))).toBe(true); // the package, not src/
  });

  test('an application that calls simulate, explain and policyStatus pays no more than from the sources', async () => {
    const calls = 'export { simulate, explain, policyStatus }';
    const gzippedFirstLoad = async (entryCode: string, asInstalled: boolean): Promise<number> => {
      const bundle = await bundleForBrowser(entryCode, true, asInstalled);
      return gzippedSize(bundle, firstLoad(bundle));
    };
    const fromPackage = await gzippedFirstLoad(`${calls} from 'gateway-policy-sim';`, true);
    const fromSources = await gzippedFirstLoad(`${calls} from './src/index.ts';`, false);
    console.info(
      `an application's first load of simulate + explain + policyStatus: ${(fromPackage / 1024).toFixed(1)} KB gzipped from the package, ${(fromSources / 1024).toFixed(1)} KB from the sources`,
    );

    expect(fromSources).toBeGreaterThan(10 * 1024);
    expect(fromPackage).toBeLessThanOrEqual(fromSources * 1.02);
  });
});
