/**
 * The shape of `src/`: its import graph has no cycle, every layer imports only the layers below it
 * (CONTRIBUTING.md), and no hand-written file is over 600 lines (generated tables excepted, marked
 * `// GENERATED`).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const src = path.join(root, 'src');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

const files = sources(src);
const rel = (p: string): string => path.relative(src, p);

/** Relative imports and re-exports of a file, as files of src/. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^;'"]*?from\s*'(\.{1,2}\/[^']+)'/g)) {
    out.push(path.resolve(path.dirname(file), m[1]!.replace(/\.js$/, '.ts')));
  }
  for (const m of text.matchAll(/(?:^|\n)\s*import\s*'(\.{1,2}\/[^']+)'/g)) {
    out.push(path.resolve(path.dirname(file), m[1]!.replace(/\.js$/, '.ts')));
  }
  return out;
}

const graph = new Map(files.map((f) => [f, importsOf(f)]));

/** The cycles of the graph (Tarjan's strongly connected components of more than one file, or a self-import). */
function cycles(): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next);
    next++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(rel(w));
      } while (w !== v);
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) out.push(component.sort());
    }
  };
  for (const f of files) if (!index.has(f)) visit(f);
  return out;
}

/** What each layer may import besides itself (CONTRIBUTING.md). */
const LAYERS: Readonly<Record<string, readonly string[]>> = {
  go: [],
  model: ['go'],
  admission: ['go', 'model'],
  merge: ['go', 'model'],
  precedence: ['go', 'model', 'merge'],
  status: ['go', 'model', 'precedence', 'merge'],
  explain: ['go', 'model', 'precedence', 'merge', 'status'],
  request: ['go', 'model', 'precedence', 'explain'],
  cluster: ['model'],
  cli: ['go', 'model', 'admission', 'precedence', 'merge', 'status', 'explain', 'request', 'cluster'],
  session: ['go', 'model', 'precedence', 'merge', 'status', 'explain'],
  testing: ['go', 'model', 'precedence', 'merge', 'status', 'explain'],
};

function layerOf(file: string): string {
  const first = rel(file).split(path.sep)[0]!;
  return first.endsWith('.ts') ? '(root)' : first;
}

describe('the import graph of src/', () => {
  test('every relative import names a file of src/', () => {
    const dangling = [...graph].flatMap(([f, deps]) =>
      deps.filter((d) => !graph.has(d)).map((d) => `${rel(f)} → ${path.relative(src, d)}`),
    );
    expect(dangling).toEqual([]);
  });

  test('has no cycle', () => {
    expect(cycles()).toEqual([]);
  });

  test('every layer imports only the layers below it', () => {
    const wrong: string[] = [];
    for (const [f, deps] of graph) {
      const from = layerOf(f);
      const allowed = LAYERS[from];
      if (allowed === undefined) continue; // src/index.ts and src/cli.ts import everything
      for (const d of deps) {
        const to = layerOf(d);
        if (to !== from && !allowed.includes(to)) wrong.push(`${rel(f)} (${from}) → ${rel(d)} (${to})`);
      }
    }
    expect(wrong).toEqual([]);
  });
});

describe('file sizes', () => {
  test('no hand-written file of src/ is over 600 lines (generated ones say so on their first line)', () => {
    const long = files
      .filter((f) => !readFileSync(f, 'utf8').startsWith('// GENERATED'))
      .map((f) => [rel(f), readFileSync(f, 'utf8').split('\n').length] as const)
      .filter(([, n]) => n > 600)
      .map(([f, n]) => `${f}: ${n} lines`);
    expect(long).toEqual([]);
  });

  test('every file of src/precedence is under 600 lines', () => {
    const precedence = files.filter((f) => rel(f).startsWith(`precedence${path.sep}`));
    expect(precedence.length).toBeGreaterThan(40);
    for (const f of precedence) expect(readFileSync(f, 'utf8').split('\n').length, rel(f)).toBeLessThan(600);
  });
});
