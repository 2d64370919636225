/**
 * readManifestFiles as people keep manifests: files that are not Kubernetes manifests (a Helm
 * chart's Chart.yaml, values.yaml and templates, kustomization files) are skipped with one info
 * line each, not read as broken YAML; exclude globs leave paths out.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadManifests } from 'gateway-policy-sim';
import { readManifestFiles } from 'gateway-policy-sim/node';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

const ns = (name: string) => `apiVersion: v1\nkind: Namespace\nmetadata: {name: ${name}}\n`;

describe('readManifestFiles skips what is not a manifest', () => {
  let root = '';
  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'gwp-skip-'));
    const chart = path.join(root, 'charts', 'gateway');
    await mkdir(path.join(chart, 'templates'), { recursive: true });
    await mkdir(path.join(root, 'overlays', 'prod'), { recursive: true });
    await mkdir(path.join(root, 'staging'), { recursive: true });
    await writeFile(path.join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: gateway\nversion: 0.1.0\n');
    await writeFile(path.join(chart, 'values.yaml'), 'replicas: 2\nimage: {tag: latest}\n');
    await writeFile(
      path.join(chart, 'templates', 'gateway.yaml'),
      'apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata:\n  name: {{ .Release.Name }}\n{{- if .Values.tls }}\nspec: {}\n{{- end }}\n',
    );
    await writeFile(path.join(root, 'overlays', 'prod', 'kustomization.yaml'), 'resources: [../../base]\n');
    await writeFile(path.join(root, 'ns.yaml'), ns('kept'));
    // Braces that are not template actions (a Lua table) stay a manifest.
    await writeFile(
      path.join(root, 'lua.yaml'),
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: lua}\ndata: {script: "local t = {{a = 1}}"}\n',
    );
    await writeFile(path.join(root, 'staging', 'ns.yaml'), ns('staging'));
    await writeFile(path.join(root, 'staging-extra.yaml'), ns('staging-extra'));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  test('a Helm chart and a kustomization: one info line each, no syntax error, the manifests kept', async () => {
    const { sources, diagnostics } = await readManifestFiles([root]);
    const load = loadManifests(sources);

    const rel = (f?: string) => path.relative(root, f ?? '');
    expect(diagnostics.map((d) => [d.code, d.severity, rel(d.location?.file), d.location?.line])).toEqual([
      ['GWP-LOAD-NOT-MANIFEST', 'info', 'charts/gateway/Chart.yaml', 1],
      ['GWP-LOAD-NOT-MANIFEST', 'info', 'charts/gateway/templates/gateway.yaml', 4],
      ['GWP-LOAD-NOT-MANIFEST', 'info', 'charts/gateway/values.yaml', 1],
      ['GWP-LOAD-NOT-MANIFEST', 'info', 'overlays/prod/kustomization.yaml', 1],
    ]);
    expect(diagnostics[1]?.message).toBe(
      'skipped: a template (Helm): it holds {{ … }} actions, not a Kubernetes manifest',
    );
    expect(sources.map((s) => rel(s.file))).toEqual([
      'lua.yaml',
      'ns.yaml',
      'staging-extra.yaml',
      'staging/ns.yaml',
    ]);
    expect(load.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  test('exclude: a glob without / matches names anywhere; with / a path below the folder; folders are not walked', async () => {
    const byName = await readManifestFiles([root], {}, { exclude: ['staging*'] });
    const byPath = await readManifestFiles([root], {}, { exclude: ['staging/**', 'charts/**'] });
    const explicit = await readManifestFiles([path.join(root, 'ns.yaml')], {}, { exclude: ['ns.yaml'] });

    const rel = (r: { sources: { file: string }[] }) => r.sources.map((s) => path.relative(root, s.file));
    expect(rel(byName)).toEqual(['lua.yaml', 'ns.yaml']);
    expect(rel(byPath)).toEqual(['lua.yaml', 'ns.yaml', 'staging-extra.yaml']);
    expect(byPath.diagnostics.map((d) => path.relative(root, d.location?.file ?? ''))).toEqual([
      'overlays/prod/kustomization.yaml',
    ]);
    expect(explicit.sources).toEqual([]);
  });
});
