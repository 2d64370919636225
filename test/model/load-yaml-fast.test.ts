/**
 * The YAML fast path of `loadManifests`: on every YAML file of Envoy Gateway's test data, the
 * examples and the docs, whenever the fast path takes a text, what it gives is what the `yaml`
 * package's path (called directly) gives, locations included; constructs outside its subset go
 * to the `yaml` package.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadManifests } from 'gateway-policy-sim';
import { describe, expect, test } from 'vitest';
import { stringify } from 'yaml';
import { BENCH_CASES, generateTopology } from '../../bench/generate.js';
import { EG_TESTDATA } from '../_support/eg-testdata.js';
import { fastPath, yamlPath } from './_yaml-paths.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const testData = EG_TESTDATA;

function yamlFiles(dir: string): string[] {
  const out: string[] = [];
  for (const f of readdirSync(dir).sort()) {
    const p = path.join(dir, f);
    if (statSync(p).isDirectory()) out.push(...yamlFiles(p));
    else if (/\.ya?ml$/.test(f)) out.push(p);
  }
  return out;
}

/** Compares both paths on each file; returns how many the fast path took. */
function compareAll(files: readonly string[]): number {
  let taken = 0;
  for (const f of files) {
    const source = { file: path.relative(root, f), text: readFileSync(f, 'utf8') };
    const fast = fastPath(source);
    if (fast === null) continue;
    taken++;
    expect(fast, f).toStrictEqual(yamlPath(source));
  }
  return taken;
}

describe('the YAML fast path', () => {
  test.skipIf(!existsSync(testData))(
    'every YAML file of Envoy Gateway’s test data it takes loads as through the yaml package',
    () => {
      const files = yamlFiles(testData);
      const taken = compareAll(files);
      // Most of them are in the subset (block style): the comparison is not vacuous.
      expect(files.length).toBeGreaterThan(800);
      expect(taken).toBeGreaterThan(600);
    },
  );
  if (!existsSync(testData))
    console.warn(
      `SKIPPED: EG test data not found at ${testData}; the fast-path comparison on it did not run`,
    );

  test('the examples and the docs’ YAML: the same result whenever it takes a file', () => {
    const files = [...yamlFiles(path.join(root, 'examples')), ...yamlFiles(path.join(root, 'docs'))];
    expect(compareAll(files)).toBeGreaterThan(3);
  });

  test('the benchmark topology written by the yaml package loads exactly as through it', () => {
    const { objects } = generateTopology(BENCH_CASES.small.params);
    const source = { file: 'small.yaml', text: objects.map((o) => stringify(o)).join('---\n') };
    const fast = fastPath(source);
    expect(fast).not.toBeNull();
    expect(fast?.resources).toHaveLength(objects.length);
    expect(fast).toStrictEqual(yamlPath(source));
    expect(loadManifests(source)).toStrictEqual(fast);
  });

  test('scalars resolve as the YAML 1.2 core schema resolves them', () => {
    const text = [
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata:',
      '  name: x',
      'data:',
      '  a: 0o17',
      '  b: 0x1F',
      '  c: 1e3',
      '  d: .5',
      '  e: +12',
      '  f: ~',
      '  g: yes',
      '  j: 1_000',
      '  k: 2024-01-01T00:00:00Z',
      "  l: 'it''s'",
      '  m: "tab\\tand \\u00e9"',
      '  n: http://x:80/y # a comment',
      '  o: []',
      '  p: {}',
      '  q:',
      '  r: |-',
      '    line 1',
      '',
      '      indented',
      '  s: >',
      '    folded',
      '    text',
      '',
      '    next',
      '',
    ].join('\n');
    const source = { file: 'c.yaml', text };
    const fast = fastPath(source);
    expect(fast).not.toBeNull();
    expect(fast).toStrictEqual(yamlPath(source));
    expect(fast?.resources[0]?.object.data).toEqual({
      a: 15,
      b: 31,
      c: 1000,
      d: 0.5,
      e: 12,
      f: null,
      g: 'yes',
      j: '1_000',
      k: '2024-01-01T00:00:00Z',
      l: "it's",
      m: 'tab\tand é',
      n: 'http://x:80/y',
      o: [],
      p: {},
      q: null,
      r: 'line 1\n\n  indented',
      s: 'folded text\nnext\n',
    });
  });

  test.each([['.NaN'], ['-.inf'], ['1e400'], ['1'.repeat(400)]])(
    'a number that is not finite (%s) is left to the YAML path, which reports it as not JSON data',
    (n) => {
      const source = {
        file: 'n.yaml',
        text: `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  a: ${n}\n`,
      };

      expect(fastPath(source)).toBeNull();
      const r = yamlPath(source);
      expect(
        r.diagnostics.map((d) => [d.code, d.location?.line, d.location?.column, d.location?.pointer]),
      ).toEqual([['GWP-LOAD-NOT-JSON', 6, 6, '/data/a']]);
      expect(r.summary).toEqual({ documents: 1, resources: 0, diagnosed: 1, unknownKinds: 0 });
    },
  );

  test.each([
    ['an anchor and an alias', 'a: &x 1\nb: *x\n'],
    ['a tag', 'a: !!str 1\n'],
    ['a merge key', 'base: &b {x: 1}\nm:\n  <<: *b\n'],
    ['a flow mapping with content', 'a: {b: 1}\n'],
    ['a multi-line plain scalar', 'a: one\n  two\n'],
    ['a multi-line quoted scalar', 'a: "one\n  two"\n'],
    ['a repeated key', 'a: 1\na: 2\n'],
    ['a tab', 'a:\t1\n'],
    ['a carriage return', 'a: 1\r\n'],
    ['a directive', '%YAML 1.2\n---\na: 1\n'],
    ['a complex key', '? a\n: 1\n'],
    ['a syntax error', 'a: b: c\n'],
    ['bad indentation', 'a:\n    b: 1\n  c: 2\n'],
  ])('%s goes to the yaml package', (_what, text) => {
    expect(fastPath({ file: 'x.yaml', text })).toBeNull();
  });

  test.each([
    "a: 'x' y",
    'a: x #',
    'a: x#y',
    'a  : b',
    'a: |2\n    x',
    'a: |\n    x\n\n\n',
    'a: |+\n    x\n\n\n',
    'a: |-\n    x\n\n',
    'a: >+\n    x\n\n    y\n\n',
    'a: >\n    a\n      b\n    c',
    'a: >\n      lead\n    a',
    'a: "\\x41\\u263A\\U0001F600"',
    "a: ''",
    'a:\n  - x\n  - y\n  b: 2',
    'a:\n  -   x: 1\n      y: 2',
    'a:\n  - x: 1\n    y:\n      z: 3',
    '"a b": 1\n  \'c\': 2',
    'a: 1 # c\n  # comment\n  b: 2',
    'a: 12e',
    'a: 0o8',
    'a: +.5',
    'a: -0',
    'a: 00012',
    'a: 1.',
    'a: tRue',
    'a: 9007199254740993',
    'a: 1e400',
    'a: []  # c',
    'a:    ',
    '-x: 1',
    'a: é',
  ])('data %j: the same as the yaml package, or left to it', (body) => {
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  ${body}\n`;
    const source = { file: 'e.yaml', text };
    const fast = fastPath(source);
    if (fast !== null) expect(fast).toStrictEqual(yamlPath(source));
  });

  test.each([
    ['a key over 1024 characters (the yaml package refuses it)', `data:\n  ${'a'.repeat(1025)}: b\n`],
    ['a quoted key over 1024 characters', `data:\n  "${'a'.repeat(1030)}": b\n`],
    [
      'an empty flow collection at the nesting limit',
      `${Array.from({ length: 127 }, (_, i) => `${' '.repeat(i)}k:`).join('\n')}\n${' '.repeat(127)}a: []\n`,
    ],
    [
      'a sequence at its key’s indentation at the nesting limit',
      `${Array.from({ length: 128 }, (_, i) => `${' '.repeat(i)}k:`).join('\n')}\n${' '.repeat(127)}- a\n`,
    ],
  ])('%s: the same as the yaml package, or left to it', (_what, body) => {
    const source = { file: 'r.yaml', text: `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n${body}` };
    const fast = fastPath(source);
    if (fast !== null) expect(fast).toStrictEqual(yamlPath(source));
  });

  test('a byte-order mark before the first document, after comment lines: the same as the yaml package, or left to it', () => {
    const source = {
      file: 'b.yaml',
      text: '# c\n\ufeffapiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n',
    };
    const fast = fastPath(source);
    if (fast !== null) expect(fast).toStrictEqual(yamlPath(source));
  });

  test('a long run of spaces inside a plain scalar is read in linear time (no timed assertion: it would hang)', () => {
    const source = { file: 's.yaml', text: `a: x${' '.repeat(100_000)}y\n` };
    const fast = fastPath(source);
    expect(fast).toStrictEqual(yamlPath(source));
  });

  test('documents: leading comments, empty documents and `---` lines count as the yaml package counts them', () => {
    const ns = (n: string) => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${n}\n`;
    for (const text of [
      `# header\n---\n${ns('a')}---\n---\n${ns('b')}`,
      `${ns('a')}--- # next\n${ns('b')}---\n`,
      '# nothing but a comment\n',
      '',
    ]) {
      const source = { file: 'd.yaml', text };
      const fast = fastPath(source);
      expect(fast, text).not.toBeNull();
      expect(fast, text).toStrictEqual(yamlPath(source));
    }
  });
});
