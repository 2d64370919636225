/**
 * Inputs the way people keep them, through the CLI: a repository with a Helm chart, a
 * kustomization, the same resource in two folders (identical: one object; different: the later
 * file wins, as kubectl apply -f), and --exclude.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { EXIT_OK } from '../../src/cli/exit-codes.js';
import { BASE, btp } from './_fixtures.js';
import { run } from './_io.js';

const ROUTE = 'targetRefs: [{group: gateway.networking.k8s.io, kind: HTTPRoute, name: web}]';

describe('gwpolicy on a repository as people keep it', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'gwp-inputs-'));
    await mkdir(path.join(dir, 'chart', 'templates'), { recursive: true });
    await mkdir(path.join(dir, 'base'), { recursive: true });
    await mkdir(path.join(dir, 'prod'), { recursive: true });
    await mkdir(path.join(dir, 'old'), { recursive: true });
    await writeFile(path.join(dir, 'chart', 'Chart.yaml'), 'apiVersion: v2\nname: gw\nversion: 1.0.0\n');
    await writeFile(path.join(dir, 'chart', 'values.yaml'), 'timeout: 10s\n');
    await writeFile(
      path.join(dir, 'chart', 'templates', 'policy.yaml'),
      `${btp('from-chart', ROUTE)}  {{- with .Values.extra }}\n  extra: {{ toYaml . }}\n  {{- end }}\n`,
    );
    await writeFile(path.join(dir, 'base', 'kustomization.yaml'), 'resources: [app.yaml]\n');
    await writeFile(path.join(dir, 'base', 'app.yaml'), BASE);
    await writeFile(
      path.join(dir, 'base', 'policy.yaml'),
      btp('timeouts', ROUTE, '2024-01-01T00:00:00Z', 'timeout: {http: {requestTimeout: 10s}}'),
    );
    // The same Services again, identical; the policy again, changed (the prod overlay).
    await writeFile(path.join(dir, 'prod', 'services.yaml'), BASE.split('---\n').slice(3).join('---\n'));
    await writeFile(
      path.join(dir, 'prod', 'policy.yaml'),
      btp('timeouts', ROUTE, '2024-01-01T00:00:00Z', 'timeout: {http: {requestTimeout: 30s}}'),
    );
    await writeFile(path.join(dir, 'old', 'broken.yaml'), 'kind: [\n');
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('validate: chart files and the kustomization are info lines, duplicates follow kubectl apply -f', async () => {
    const r = await run(['validate', dir, '--exclude', 'old', '-o', 'json']);

    const out = JSON.parse(r.stdout) as {
      diagnostics: { code: string; severity: string; location?: { file?: string } }[];
    };
    const codes = out.diagnostics.map(
      (d) => `${d.severity} ${d.code} ${path.relative(dir, d.location?.file ?? '')}`,
    );
    expect(codes).toEqual(
      expect.arrayContaining([
        'info GWP-LOAD-NOT-MANIFEST base/kustomization.yaml',
        'info GWP-LOAD-NOT-MANIFEST chart/Chart.yaml',
        'info GWP-LOAD-NOT-MANIFEST chart/templates/policy.yaml',
        'info GWP-LOAD-NOT-MANIFEST chart/values.yaml',
        'warning GWP-LOAD-DUPLICATE-REPLACED prod/policy.yaml',
        'info GWP-LOAD-DUPLICATE-IDENTICAL prod/services.yaml',
      ]),
    );
    expect(out.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(codes.some((c) => c.includes('old/'))).toBe(false);
    expect(r.code).toBe(EXIT_OK);
  });

  test('the later file wins: explain shows the prod value', async () => {
    const r = await run([
      'explain',
      dir,
      '--exclude',
      'old',
      '--route',
      'HTTPRoute/default/web',
      '--rule',
      'main',
      '-o',
      'json',
    ]);

    const out = JSON.parse(r.stdout) as {
      points: { policies: { BackendTrafficPolicy?: { effective: { timeout?: unknown } } } }[];
    };
    expect(out.points[0]?.policies.BackendTrafficPolicy?.effective.timeout).toEqual({
      http: { requestTimeout: '30s' },
    });
  });

  test('without --exclude the broken file is an error, as before', async () => {
    const r = await run(['validate', dir, '--severity', 'error', '-o', 'json']);

    const out = JSON.parse(r.stdout) as { diagnostics: { code: string }[] };
    expect(out.diagnostics.map((d) => d.code)).toEqual(['GWP-LOAD-YAML-SYNTAX']);
  });
});
