/**
 * Live clusters: the real `@kubernetes/client-node` against a Kubernetes API server on the
 * loopback address (HTTPS) that answers the list API with recorded objects, paged. The same
 * objects read from the cluster and from a file give the same answers; the client only reads
 * (GET); Secrets are read by name, only those referenced; a 403 on Secrets says what could not be
 * judged; a server that is down is one clear error line and exit 1. Built from the bundled example
 * (always) and from Envoy Gateway's translator test inputs (skipped, saying so, when absent).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadManifests } from 'gateway-policy-sim';
import { readManifestFiles } from 'gateway-policy-sim/node';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { EXIT_ERRORS, EXIT_OK, EXIT_USAGE } from '../../src/cli/exit-codes.js';
import { egTestData } from '../_support/eg-testdata.js';
import { type FakeApiServer, kubeconfigFor, SERVED, startFakeApiServer } from '../_support/fake-apiserver.js';
import { run } from './_io.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const GATEWAYAPI = egTestData('gatewayapi');
const EG_PRESENT = existsSync(GATEWAYAPI);
if (!EG_PRESENT)
  console.warn(`test/cli/cluster: SKIPPED the Envoy Gateway test inputs: not found at ${GATEWAYAPI}`);

type Obj = { apiVersion?: string; kind: string; metadata: { name: string; namespace?: string } };

/** The objects of some manifests, with the apiVersion the fake server serves each kind at. */
function objectsOf(sources: { file: string; text: string }[]): Obj[] {
  return loadManifests(sources).resources.map((r) => {
    const served = SERVED[r.kind];
    return { ...(r.object as Obj), ...(served ? { apiVersion: served.apiVersion } : {}) };
  });
}

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'gwp-cluster-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Writes a kubeconfig for the servers and returns its path. */
async function kubeconfig(name: string, contexts: Record<string, string>): Promise<string> {
  const file = path.join(dir, `${name}.kubeconfig`);
  await writeFile(file, kubeconfigFor(contexts));
  return file;
}

describe('a live cluster built from the bundled example', () => {
  let server: FakeApiServer;
  let objects: Obj[] = [];
  let kc = '';
  let file = '';
  beforeAll(async () => {
    const { sources } = await readManifestFiles([path.join(root, 'examples')]);
    objects = objectsOf(sources);
    server = await startFakeApiServer(objects, { pageSize: 2 });
    kc = await kubeconfig('examples', { prod: server.url, staging: 'https://127.0.0.1:1' });
    // The same objects as one file, for the answers read from files.
    file = path.join(dir, 'examples.json');
    await writeFile(file, JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects }));
  });
  afterAll(async () => {
    await server.close();
  });

  test('explain --context: the answer of the same objects read from a file', async () => {
    const query = ['--enable-lua', '--route', 'HTTPRoute/shop/storefront', '--rule', 'pages'];

    const live = await run(['explain', '--kubeconfig', kc, '--context', 'prod', ...query]);
    const fromFile = await run(['explain', file, ...query]);

    // Lint lines name the source: cluster/prod/<resource> here, the file there.
    const unlocated = (text: string): string => text.replace(/^\S+:\d+:\d+: GWP-/gm, 'GWP-');
    expect(live.code).toBe(EXIT_OK);
    expect(unlocated(live.stdout)).toBe(unlocated(fromFile.stdout));
    expect(live.stdout).toContain('HTTPRoute/shop/storefront');
    expect(live.stdout).toMatch(/^cluster\/prod\/backendtrafficpolicies:\d+:\d+: GWP-LINT-/m);
  });

  test('status and validate: the same answers; every kind paged through, Secrets read by name only', async () => {
    server.requests.length = 0;
    const liveStatus = await run(['status', '--kubeconfig', kc, '-o', 'json']);
    const fileStatus = await run(['status', file, '-o', 'json']);
    const liveValidate = JSON.parse((await run(['validate', '--kubeconfig', kc, '-o', 'json'])).stdout) as {
      summary: { resources: number; kinds: Record<string, number> };
      codes: { code: string; count: number }[];
    };
    const fileValidate = JSON.parse(
      (await run(['validate', file, '-o', 'json'])).stdout,
    ) as typeof liveValidate;

    expect(liveStatus.stdout).toBe(fileStatus.stdout);
    expect(liveValidate.summary.kinds).toEqual(fileValidate.summary.kinds);
    expect(liveValidate.summary.resources).toBe(objects.length);
    const notCluster = (c: { code: string }) => !c.code.startsWith('GWP-CLUSTER-');
    expect(liveValidate.codes.filter(notCluster)).toEqual(fileValidate.codes.filter(notCluster));
    // Read-only, paged, and Secrets / ConfigMaps only by name.
    expect(server.requests.every((r) => r.startsWith('GET '))).toBe(true);
    expect(server.requests.filter((r) => r.includes('continue=')).length).toBeGreaterThan(10);
    expect(server.requests.some((r) => /\/api\/v1\/(secrets|configmaps)\?/.test(r))).toBe(false);
    const secrets = server.requests.filter((r) => /\/secrets\//.test(r));
    expect(secrets.length).toBe(objects.filter((o) => o.kind === 'Secret').length * 2);
  });

  test('a 403 on Secrets: the answer names each Secret and what could not be judged', async () => {
    const guarded = await startFakeApiServer(objects, { forbid: (p) => p.includes('/secrets/') });
    const guardedKc = await kubeconfig('guarded', { prod: guarded.url });
    try {
      const r = await run(['validate', '--kubeconfig', guardedKc, '--enable-lua', '-o', 'json']);

      const out = JSON.parse(r.stdout) as {
        diagnostics: { code: string; severity: string; message: string }[];
      };
      const forbidden = out.diagnostics.filter((d) => d.code === 'GWP-CLUSTER-FORBIDDEN');
      expect(forbidden.length).toBe(objects.filter((o) => o.kind === 'Secret').length);
      for (const d of forbidden) {
        expect(d.severity).toBe('warning');
        expect(d.message).toMatch(
          /^could not read Secret \S+ \(403 Forbidden: .*\): not judged: what [A-Za-z]+\/\S+.* reads? from it; the simulation takes it as missing$/,
        );
      }
      // The simulation still ran, with the Secrets missing: the TLS listeners say so.
      expect(out.diagnostics.length).toBeGreaterThan(forbidden.length);
    } finally {
      await guarded.close();
    }
  });

  test('a server that is down: one error line on standard error, nothing on standard output, exit 1', async () => {
    const r = await run(['status', '--kubeconfig', kc, '--context', 'staging']);

    expect(r.code).toBe(EXIT_ERRORS);
    expect(r.stdout).toBe('');
    expect(r.errLines).toHaveLength(1);
    expect(r.errLines[0]).toMatch(
      /^cluster\/staging:0:0: GWP-CLUSTER-UNREACHABLE: cannot reach the API server at https:\/\/127\.0\.0\.1:1 \(context staging\): .*ECONNREFUSED/,
    );
  });

  test('kubeconfig resolution: --kubeconfig, KUBECONFIG, ~/.kube/config; an unknown context lists the known ones', async () => {
    const home = path.join(dir, 'home');
    await mkdir(path.join(home, '.kube'), { recursive: true });
    await writeFile(path.join(home, '.kube', 'config'), kubeconfigFor({ prod: server.url }));

    const viaEnv = await run(['status', '--cluster', '-o', 'json'], { env: { KUBECONFIG: kc } });
    const viaHome = await run(['status', '--cluster', '-o', 'json'], { env: { HOME: home } });
    const none = await run(['status', '--cluster'], { env: { HOME: path.join(dir, 'nowhere') } });
    const unknown = await run(['status', '--kubeconfig', kc, '--context', 'nope']);

    expect(viaEnv.code).toBe(EXIT_OK);
    expect(viaHome.stdout).toBe(viaEnv.stdout);
    expect(none.code).toBe(EXIT_ERRORS);
    expect(none.errLines[0]).toMatch(
      /GWP-CLUSTER-CONFIG: no kubeconfig: give --kubeconfig PATH, set KUBECONFIG, or create ~\/\.kube\/config/,
    );
    expect(unknown.errLines[0]).toMatch(
      /GWP-CLUSTER-CONFIG: no context 'nope' in the kubeconfig \(contexts: prod, staging\)/,
    );
  });

  test('kinds the cluster does not serve are skipped with an info line; FILE and a cluster together are a usage error', async () => {
    const r = await run(['validate', '--kubeconfig', kc, '--enable-lua', '-o', 'json']);
    const both = await run(['status', 'examples', '--kubeconfig', kc], { cwd: root });

    const out = JSON.parse(r.stdout) as { diagnostics: { code: string; message: string }[] };
    const skipped = out.diagnostics
      .filter((d) => d.code === 'GWP-CLUSTER-KIND-NOT-SERVED')
      .map((d) => d.message);
    expect(skipped).toEqual([
      expect.stringMatching(/^the cluster does not serve ServiceImport /),
      expect.stringMatching(/^the cluster does not serve ClusterTrustBundle /),
    ]);
    expect(both.code).toBe(EXIT_USAGE);
  });

  test('drift against the live cluster: its policies carry no status, so every one drifts', async () => {
    const r = await run(['drift', '--kubeconfig', kc, '--enable-lua', '-o', 'json']);

    expect(r.code).toBe(EXIT_ERRORS);
    expect((JSON.parse(r.stdout) as { drifted: unknown[] }).drifted).toHaveLength(23);
  });
});

describe.skipIf(!EG_PRESENT)('live clusters built from Envoy Gateway test inputs', () => {
  // Every 20th case with policies: the same status from the cluster as from a file of the same objects.
  const cases = EG_PRESENT
    ? readdirSync(GATEWAYAPI)
        .filter((f) => f.endsWith('.in.yaml') && /polic/.test(f))
        .sort()
        .filter((_f, i) => i % 20 === 0)
    : [];

  let withPolicies = 0;
  test.each(cases)('%s', async (name) => {
    const text = readFileSync(path.join(GATEWAYAPI, name), 'utf8');
    const objects = objectsOf([{ file: name, text }]);
    const server = await startFakeApiServer(objects, { pageSize: 3 });
    try {
      const kc = await kubeconfig(name, { test: server.url });
      const file = path.join(dir, `${name}.json`);
      await writeFile(file, JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects }));

      const live = await run([
        'status',
        '--kubeconfig',
        kc,
        '-o',
        'json',
        '--enable-lua',
        '--enable-backend',
      ]);
      const fromFile = await run(['status', file, '-o', 'json', '--enable-lua', '--enable-backend']);

      expect(live.code).toBe(fromFile.code);
      expect(live.stdout).toBe(fromFile.stdout);
      if (live.stdout !== '{}\n') withPolicies++;
    } finally {
      await server.close();
    }
  });

  test('the sample is not empty, and most of its cases have policy status to compare', () => {
    expect(cases.length).toBeGreaterThan(10);
    expect(withPolicies).toBeGreaterThan(cases.length / 2);
  });
});
