import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

test('every GWP-… code written in src/ has a row in docs/diagnostics.md', () => {
  const table = readFileSync(path.join(root, 'docs/diagnostics.md'), 'utf8');
  const codes = new Set<string>();
  for (const f of sources(path.join(root, 'src'))) {
    for (const m of readFileSync(f, 'utf8').matchAll(/'(GWP-[A-Z0-9]+(?:-[A-Z0-9]+)+)'/g)) codes.add(m[1]!);
  }
  expect(codes.size).toBeGreaterThan(50);
  expect([...codes].filter((c) => !table.includes(`\`${c}\``))).toEqual([]);
});
