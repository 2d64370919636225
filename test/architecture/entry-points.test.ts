/**
 * The core entry point is browser-safe: walking every import that the JavaScript keeps (static
 * imports, re-exports and dynamic `import()`, type-only ones left out) from `src/index.ts` never
 * reaches a Node built-in (`node:…` or a bare built-in name) or a Node-only package. The files,
 * folders, stdin and cluster readers live behind `gateway-policy-sim/node`; the CLI behind the bin.
 */
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, test } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const src = path.join(root, 'src');

/** Packages that only run on Node (the Kubernetes client reads kubeconfig files, opens sockets). */
const NODE_ONLY_PACKAGES = new Set(['@kubernetes/client-node']);
const BUILTINS = new Set(builtinModules);

/** The module specifiers of a file that survive into its JavaScript. */
function runtimeImports(file: string): string[] {
  const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const out: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      if (!node.importClause?.isTypeOnly) out.push(node.moduleSpecifier.text);
    } else if (
      ts.isExportDeclaration(node) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      if (!node.isTypeOnly) out.push(node.moduleSpecifier.text);
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] !== undefined &&
      ts.isStringLiteralLike(node.arguments[0])
    ) {
      out.push(node.arguments[0].text);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

/** Every file of src/ reachable from `entry`, and every package specifier it reaches, with a path to it. */
function reach(entry: string): { files: Set<string>; packages: Map<string, string[]> } {
  const files = new Set<string>();
  const packages = new Map<string, string[]>();
  const todo: { file: string; trail: string[] }[] = [{ file: entry, trail: [] }];
  for (let next = todo.pop(); next !== undefined; next = todo.pop()) {
    const { file, trail } = next;
    if (files.has(file)) continue;
    files.add(file);
    const here = [...trail, path.relative(src, file)];
    for (const spec of runtimeImports(file)) {
      if (spec.startsWith('.')) {
        todo.push({ file: path.resolve(path.dirname(file), spec.replace(/\.js$/, '.ts')), trail: here });
      } else if (!packages.has(spec)) {
        packages.set(spec, here);
      }
    }
  }
  return { files, packages };
}

function isNodeOnly(spec: string): boolean {
  if (spec.startsWith('node:') || BUILTINS.has(spec) || BUILTINS.has(spec.split('/')[0]!)) return true;
  const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!;
  return NODE_ONLY_PACKAGES.has(name);
}

describe('the core entry point (gateway-policy-sim)', () => {
  const core = reach(path.join(src, 'index.ts'));

  test('reaches no Node built-in and no Node-only package, statically or through import()', () => {
    const nodeOnly = [...core.packages]
      .filter(([spec]) => isNodeOnly(spec))
      .map(([spec, trail]) => `${spec} ← ${trail.join(' ← ')}`);

    expect(nodeOnly).toEqual([]);
  });

  test('reaches neither the CLI nor the cluster reader', () => {
    const wrong = [...core.files]
      .map((f) => path.relative(src, f))
      .filter((f) => f.startsWith(`cli${path.sep}`) || f.startsWith(`cluster${path.sep}`) || f === 'cli.ts');

    expect(wrong).toEqual([]);
  });

  test('the check sees what it looks for: the node entry point reaches node: modules and the Kubernetes client', () => {
    const node = reach(path.join(src, 'node.ts'));

    expect([...node.packages.keys()].filter(isNodeOnly)).toEqual(
      expect.arrayContaining(['node:fs/promises', '@kubernetes/client-node']),
    );
  });
});
