import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { mergeDocuments } from 'gateway-policy-sim';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parse, parse as parseYaml } from 'yaml';
import { EXIT_ERRORS, EXIT_OK, EXIT_USAGE } from '../../src/cli/exit-codes.js';
import { egTestData } from '../_support/eg-testdata.js';
import { DIAGNOSTIC_LINE, hasStackTrace, run } from './_io.js';

const PARENT = `apiVersion: gateway.envoyproxy.io/v1alpha1
kind: BackendTrafficPolicy
metadata: {name: gw, namespace: default}
spec:
  targetRefs: [{group: gateway.networking.k8s.io, kind: Gateway, name: eg}]
  timeout: {http: {requestTimeout: 10s, connectionIdleTimeout: 60s}}
  retry: {numRetries: 3}
`;
const PATCH = `apiVersion: gateway.envoyproxy.io/v1alpha1
kind: BackendTrafficPolicy
metadata: {name: route, namespace: default}
spec:
  targetRefs: [{group: gateway.networking.k8s.io, kind: HTTPRoute, name: web}]
  mergeType: StrategicMerge
  timeout: {http: {requestTimeout: 30s}}
`;
const WIDGET_PARENT = 'kind: Widget\nspec: {items: [a, b], keep: 1}\n';
const WIDGET_PATCH = 'kind: Widget\nspec: {items: [c]}\n';

describe('gwpolicy merge', () => {
  let dir = '';
  const f = (name: string): string => path.join(dir, name);
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'gwp-cli-merge-'));
    await writeFile(f('parent.yaml'), PARENT);
    await writeFile(f('patch.yaml'), PATCH);
    await writeFile(f('parent.json'), JSON.stringify(parse(PARENT)));
    await writeFile(f('widget-parent.yaml'), WIDGET_PARENT);
    await writeFile(f('widget-patch.yaml'), WIDGET_PATCH);
    await writeFile(f('bad.yaml'), 'spec: [\n');
    await writeFile(f('deep.yaml'), `${'['.repeat(2000)}${']'.repeat(2000)}`);
    await mkdir(f('folder'));
    await writeFile(f('folder/x.yaml'), PARENT);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test.each(['StrategicMerge', 'JSONMerge'] as const)(
    '--type %s prints what mergeDocuments gives, as YAML and JSON',
    async (type) => {
      const expected = mergeDocuments(PARENT, PATCH, type);
      expect(expected.ok).toBe(true);

      const yaml = await run(['merge', '--type', type, f('parent.yaml'), f('patch.yaml')]);
      const json = await run(['merge', '--type', type, f('parent.yaml'), f('patch.yaml'), '-o', 'json']);

      expect(yaml.code).toBe(EXIT_OK);
      expect(parse(yaml.stdout)).toEqual(expected.merged);
      expect(JSON.parse(json.stdout)).toEqual(expected.merged);
      expect(
        (parse(yaml.stdout) as { spec: { timeout: { http: { requestTimeout: string } } } }).spec.timeout.http
          .requestTimeout,
      ).toBe('30s');
    },
  );

  test('JSON input files and - (standard input) for one of the files', async () => {
    const r = await run(['merge', '--type', 'JSONMerge', f('parent.json'), '-', '-o', 'json'], {
      stdin: PATCH,
    });

    expect(r.code).toBe(EXIT_OK);
    expect(JSON.parse(r.stdout)).toEqual(mergeDocuments(PARENT, PATCH, 'JSONMerge').merged);
  });

  test('a kind without a Go type merges with no schema: StrategicMerge replaces lists', async () => {
    const r = await run([
      'merge',
      '--type',
      'StrategicMerge',
      f('widget-parent.yaml'),
      f('widget-patch.yaml'),
    ]);

    expect(r.code).toBe(EXIT_OK);
    expect(parse(r.stdout)).toEqual(mergeDocuments(WIDGET_PARENT, WIDGET_PATCH, 'StrategicMerge').merged);
    expect((parse(r.stdout) as { spec: unknown }).spec).toEqual({ items: ['c'], keep: 1 });
  });

  test('invalid YAML: exit 1, located GWP-MERGE-YAML line, nothing on stdout, no stack trace', async () => {
    const r = await run(['merge', '--type', 'JSONMerge', f('parent.yaml'), f('bad.yaml')]);

    expect(r.code).toBe(EXIT_ERRORS);
    expect(r.stdout).toBe('');
    expect(r.errLines.length).toBeGreaterThan(0);
    for (const l of r.errLines) expect(l).toMatch(DIAGNOSTIC_LINE);
    expect(r.errLines[0]).toMatch(
      new RegExp(`^${f('bad.yaml').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+: GWP-MERGE-YAML: `),
    );
    expect(hasStackTrace(r.stderr)).toBe(false);
  });

  test('2,000 nested brackets in both files: exit 1 with GWP-LOAD-TOO-DEEP lines (the process used to abort)', async () => {
    const r = await run(['merge', '--type', 'JSONMerge', f('deep.yaml'), f('deep.yaml')]);

    expect(r.code).toBe(EXIT_ERRORS);
    expect(r.stdout).toBe('');
    expect(r.errLines).toEqual([
      `${f('deep.yaml')}:1:129: GWP-LOAD-TOO-DEEP: collections nest deeper than 128 levels; the document is skipped`,
      `${f('deep.yaml')}:1:129: GWP-LOAD-TOO-DEEP: collections nest deeper than 128 levels; the document is skipped`,
    ]);
  });

  test('a missing file: exit 1 with a GWP-LOAD-READ-FAILED line', async () => {
    const r = await run(['merge', '--type', 'JSONMerge', f('nope.yaml'), f('patch.yaml')]);

    expect(r.code).toBe(EXIT_ERRORS);
    expect(r.stdout).toBe('');
    expect(r.errLines).toEqual([
      `${f('nope.yaml')}:0:0: GWP-LOAD-READ-FAILED: cannot read path: no such file or folder`,
    ]);
  });

  test.each([
    ['no --type', ['merge', 'a.yaml', 'b.yaml'], /--type is required/],
    ['one file', ['merge', '--type', 'JSONMerge', 'a.yaml'], /expected PARENT_FILE and PATCH_FILE/],
    [
      'three files',
      ['merge', '--type', 'JSONMerge', 'a.yaml', 'b.yaml', 'c.yaml'],
      /expected PARENT_FILE and PATCH_FILE/,
    ],
    ['stdin twice', ['merge', '--type', 'JSONMerge', '-', '-'], /standard input/],
  ])('usage error: %s', async (_what, argv, message) => {
    const r = await run(argv);

    expect(r.code).toBe(EXIT_USAGE);
    expect(r.errLines).toHaveLength(1);
    expect(r.errLines[0]).toMatch(/^gwpolicy: merge: /);
    expect(r.errLines[0]).toMatch(message);
  });

  test('a folder is a usage error', async () => {
    const r = await run(['merge', '--type', 'JSONMerge', f('folder'), f('patch.yaml')]);

    expect(r.code).toBe(EXIT_USAGE);
    expect(r.errLines).toEqual([`gwpolicy: merge: ${f('folder')} is a folder; give a file`]);
  });
});

describe("gwpolicy merge reproduces Envoy Gateway's utils-merge fixtures", () => {
  const dir = egTestData('utils-merge');
  const present = existsSync(dir);
  if (!present) console.warn(`[test/cli/merge] ${dir} is absent: the utils-merge fixture replay is skipped`);
  const names = present
    ? readdirSync(dir)
        .filter((f) => f.endsWith('.in.yaml'))
        .map((f) => f.slice(0, -'.in.yaml'.length))
        .sort()
    : [];
  test.skipIf(!present)('four fixture sets', () => expect(names).toHaveLength(4));
  for (const name of names) {
    for (const [type, suffix] of [
      ['StrategicMerge', 'strategicmerge'],
      ['JSONMerge', 'jsonmerge'],
    ] as const) {
      for (const output of ['yaml', 'json'] as const) {
        test(`${name} --type ${type} -o ${output} equals ${name}.${suffix}.out.yaml`, async () => {
          const r = await run([
            'merge',
            '--type',
            type,
            path.join(dir, `${name}.in.yaml`),
            path.join(dir, `${name}.patch.yaml`),
            '-o',
            output,
          ]);
          expect(r.code).toBe(EXIT_OK);
          const got = output === 'json' ? JSON.parse(r.stdout) : parseYaml(r.stdout);
          expect(got).toStrictEqual(
            parseYaml(readFileSync(path.join(dir, `${name}.${suffix}.out.yaml`), 'utf8')),
          );
        });
      }
    }
  }
});
