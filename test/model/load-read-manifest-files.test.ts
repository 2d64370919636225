import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadManifests } from 'gateway-policy-sim';
import { readManifestFiles } from 'gateway-policy-sim/node';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

const ns = (name: string) => `apiVersion: v1\nkind: Namespace\nmetadata: {name: ${name}}\n`;

describe('readManifestFiles', () => {
  let root = '';

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'gwp-read-'));
    await mkdir(path.join(root, 'tree', 'a'), { recursive: true });
    await mkdir(path.join(root, 'tree', 'b', 'deeper'), { recursive: true });
    await mkdir(path.join(root, 'empty'));
    await writeFile(path.join(root, 'tree', 'b', 'deeper', 'z.yml'), ns('z'));
    await writeFile(path.join(root, 'tree', 'a.yaml'), ns('a-file'));
    await writeFile(
      path.join(root, 'tree', 'a', 'x.json'),
      JSON.stringify(JSON.parse('{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"x"}}')),
    );
    await writeFile(path.join(root, 'tree', 'notes.txt'), 'not a manifest');
    await writeFile(path.join(root, 'tree', 'B.YAML'), ns('upper'));
    await writeFile(path.join(root, 'single.txt'), ns('single'));
    await writeFile(path.join(root, 'empty', 'readme.md'), '# nothing');
    // A link back to the folder itself must not loop.
    await symlink(path.join(root, 'tree'), path.join(root, 'tree', 'b', 'loop'));
  });

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  test('a folder gives its *.yaml, *.yml and *.json files, recursively, in sorted path order', async () => {
    const tree = path.join(root, 'tree');

    const { sources, diagnostics } = await readManifestFiles([tree]);

    expect(sources.map((s) => path.relative(tree, s.file))).toEqual([
      'B.YAML',
      'a.yaml',
      path.join('a', 'x.json'),
      path.join('b', 'deeper', 'z.yml'),
    ]);
    expect(diagnostics).toEqual([]);
    expect(loadManifests(sources).resources.map((r) => r.key)).toEqual([
      'Namespace/upper',
      'Namespace/a-file',
      'Namespace/x',
      'Namespace/z',
    ]);
  });

  test('a file given by path is read whatever its extension, labelled as given', async () => {
    const file = path.join(root, 'single.txt');

    const { sources } = await readManifestFiles([file]);

    expect(sources).toEqual([{ file, text: ns('single') }]);
  });

  test('a file reached twice (given twice, or also through its folder) is read once: one set of objects', async () => {
    const tree = path.join(root, 'tree');
    const file = path.join(tree, 'a.yaml');

    const { sources, diagnostics } = await readManifestFiles([file, tree, file]);

    expect(sources.filter((s) => s.text === ns('a-file'))).toHaveLength(1);
    expect(diagnostics.map((d) => [d.code, d.severity])).toEqual([
      ['GWP-LOAD-FILE-REPEATED', 'info'],
      ['GWP-LOAD-FILE-REPEATED', 'info'],
    ]);
    expect(loadManifests(sources).diagnostics.filter((d) => d.code === 'GWP-LOAD-DUPLICATE')).toEqual([]);
  });

  test('- reads stdin once; a second - is a warning', async () => {
    let reads = 0;
    const readStdin = async () => {
      reads += 1;
      return ns('stdin');
    };

    const { sources, diagnostics } = await readManifestFiles(['-', '-'], { readStdin });

    expect(reads).toBe(1);
    expect(sources).toEqual([{ file: '-', text: ns('stdin') }]);
    expect(diagnostics.map((d) => [d.code, d.severity, d.location?.file])).toEqual([
      ['GWP-LOAD-STDIN-REPEATED', 'warning', '-'],
    ]);
  });

  test('GWP-LOAD-READ-FAILED: a missing path, a failing stdin; never a rejection', async () => {
    const missing = path.join(root, 'missing.yaml');
    const readStdin = () => Promise.reject(new Error('closed'));

    const { sources, diagnostics } = await readManifestFiles([missing, '-', path.join(root, 'single.txt')], {
      readStdin,
    });

    expect(diagnostics.map((d) => [d.code, d.severity, d.location?.file])).toEqual([
      ['GWP-LOAD-READ-FAILED', 'error', missing],
      ['GWP-LOAD-READ-FAILED', 'error', '-'],
    ]);
    expect(diagnostics[0]?.message).toContain('no such file');
    expect(sources.map((s) => path.basename(s.file))).toEqual(['single.txt']);
  });

  test('GWP-LOAD-NO-MANIFESTS: a folder without manifest files', async () => {
    const empty = path.join(root, 'empty');

    const { sources, diagnostics } = await readManifestFiles([empty]);

    expect(sources).toEqual([]);
    expect(diagnostics.map((d) => [d.code, d.severity, d.location?.file])).toEqual([
      ['GWP-LOAD-NO-MANIFESTS', 'warning', empty],
    ]);
  });
});
