import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadProfileCrds, policyStatus, type SimulateOptions, simulate } from 'gateway-policy-sim';
import { readManifestFiles } from 'gateway-policy-sim/node';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { EXIT_ERRORS, EXIT_OK } from '../../src/cli/exit-codes.js';
import { b64, CLIENT_CA } from '../_support/certificates.js';
import { egTestData } from '../_support/eg-testdata.js';
import { BASE, BOTH_FORMS, CONFLICT, GATEWAY_CLASS } from './_fixtures.js';
import { DIAGNOSTIC_LINE, hasStackTrace, run } from './_io.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const examples = path.join(root, 'examples');
const gatewayapi = egTestData('gatewayapi');
const STATUS_V1 = 'gateway-policy-sim/status/v1';
const TESTDATA_PRESENT = existsSync(gatewayapi);
if (!TESTDATA_PRESENT)
  console.warn(`test/cli/status: ${gatewayapi} is absent; the test-data cases are skipped`);

/** The CLI's profile: v1.9 with its CRD set loaded (objects admitted as the API server does it). */
const profile = await loadProfileCrds();

/** The library's status document as plain JSON data (what the CLI prints). */
function libraryStatus(sources: Parameters<typeof simulate>[0], options: SimulateOptions = {}): unknown {
  return JSON.parse(JSON.stringify(policyStatus(simulate(sources, { profile, ...options }).resolution)));
}

describe('gwpolicy status', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'gwp-cli-status-'));
    await writeFile(path.join(dir, 'conflict.yaml'), CONFLICT);
    await writeFile(path.join(dir, 'refused.yaml'), `${CONFLICT}---\n${BOTH_FORMS}`);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('on the bundled example: YAML (default) and JSON both equal the library output, exit 0', async () => {
    const { sources } = await readManifestFiles([examples]);
    const expected = libraryStatus(sources);

    const yaml = await run(['status', examples]);
    const json = await run(['status', examples, '-o', 'json']);

    expect(yaml.code).toBe(EXIT_OK);
    expect(json.code).toBe(EXIT_OK);
    expect(parse(yaml.stdout)).toEqual(expected);
    expect(JSON.parse(json.stdout)).toEqual({ schemaVersion: STATUS_V1, ...(expected as object) });
    expect(Object.keys(expected as object)).toEqual([
      'ClientTrafficPolicy',
      'BackendTrafficPolicy',
      'SecurityPolicy',
      'EnvoyExtensionPolicy',
    ]);
    expect(yaml.stdout).toMatch(/^ClientTrafficPolicy:\n/);
  });

  test('YAML output has no anchors or aliases and never folds a message', async () => {
    const r = await run(['status', examples]);

    expect(r.stdout).not.toMatch(/[&*]a\d+\b/);
    const messages = r.stdout.split('\n').filter((l) => /^\s+message: /.test(l));
    expect(messages.length).toBeGreaterThan(10);
    for (const m of messages) expect(m).not.toMatch(/message: [|>]/);
  });

  test('--order decides which of two same-route policies is Conflicted', async () => {
    const file = path.join(dir, 'conflict.yaml');
    const reasonOf = (doc: unknown, name: string): string[] =>
      (
        (
          doc as {
            BackendTrafficPolicy: {
              metadata: { name: string };
              status: { ancestors: { conditions: { reason: string }[] }[] };
            }[];
          }
        ).BackendTrafficPolicy.find((p) => p.metadata.name === name)?.status.ancestors ?? []
      ).flatMap((a) => a.conditions.map((c) => c.reason));

    const cluster = JSON.parse((await run(['status', file, '-o', 'json'])).stdout) as unknown;
    const input = JSON.parse(
      (await run(['status', file, '-o', 'json', '--order', 'input'])).stdout,
    ) as unknown;

    const text = readFileSync(file, 'utf8');
    const version = { schemaVersion: STATUS_V1 };
    expect(cluster).toEqual({
      ...version,
      ...(libraryStatus([{ file, text }], { order: 'cluster' }) as object),
    });
    expect(input).toEqual({ ...version, ...(libraryStatus([{ file, text }], { order: 'input' }) as object) });
    expect(reasonOf(cluster, 'route-a')).toContain('Conflicted');
    expect(reasonOf(cluster, 'route-b')).not.toContain('Conflicted');
    expect(reasonOf(input, 'route-b')).toContain('Conflicted');
    expect(reasonOf(input, 'route-a')).not.toContain('Conflicted');
  });

  test('--admission reject leaves a refused policy out and exits 1; report simulates it and exits 0', async () => {
    const file = path.join(dir, 'refused.yaml');
    const names = (stdout: string): string[] =>
      (
        parse(stdout) as { BackendTrafficPolicy?: { metadata: { name: string } }[] }
      ).BackendTrafficPolicy?.map((p) => p.metadata.name) ?? [];

    const rejected = await run(['status', file]);
    const reported = await run(['status', file, '--admission', 'report']);

    expect(rejected.code).toBe(EXIT_ERRORS);
    expect(names(rejected.stdout)).not.toContain('both-forms');
    expect(names(rejected.stdout)).toContain('route-a');
    expect(rejected.errLines.some((l) => l.includes(': GWP-ADMIT-TARGETREF-AND-TARGETREFS: '))).toBe(true);
    for (const l of rejected.errLines) expect(l).toMatch(DIAGNOSTIC_LINE);
    expect(reported.code).toBe(EXIT_OK);
    expect(names(reported.stdout)).toContain('both-forms');
    expect(reported.errLines.some((l) => l.includes(': GWP-ADMIT-TARGETREF-AND-TARGETREFS: '))).toBe(true);
  });

  test('garbage input: exit 1, one located line per problem on stderr, no stack trace, status still printed', async () => {
    const r = await run(['status', '-', path.join(dir, 'missing.yaml')], {
      stdin: `${BASE}---\n\u0000\u0001garbage: [`,
    });

    expect(r.code).toBe(EXIT_ERRORS);
    expect(r.stdout).toBe('{}\n');
    expect(r.errLines.length).toBeGreaterThanOrEqual(2);
    for (const l of r.errLines) expect(l).toMatch(DIAGNOSTIC_LINE);
    expect(r.errLines.some((l) => l.startsWith('-:'))).toBe(true);
    expect(
      r.errLines.some((l) => l.startsWith(`${path.join(dir, 'missing.yaml')}:0:0: GWP-LOAD-READ-FAILED: `)),
    ).toBe(true);
    expect(hasStackTrace(r.stderr)).toBe(false);
  });

  test('info diagnostics stay off stderr', async () => {
    const r = await run(['status', '-'], { stdin: BASE });

    // No EnvoyGateway configuration: GWP-CONFIG-DEFAULTS is info.
    expect(simulate(BASE).diagnostics.map((d) => [d.code, d.severity])).toContainEqual([
      'GWP-CONFIG-DEFAULTS',
      'info',
    ]);
    expect(r.code).toBe(EXIT_OK);
    expect(r.stderr).toBe('');
  });
});

describe.skipIf(!TESTDATA_PRESENT)('gwpolicy status on Envoy Gateway test data', () => {
  const cases = TESTDATA_PRESENT
    ? readdirSync(gatewayapi)
        .filter((f) => f.endsWith('.in.yaml') && /policy/.test(f))
        .sort()
        .filter((_, i) => i % 8 === 0)
    : [];

  test('the sample is not empty', () => {
    expect(cases.length).toBeGreaterThan(10);
  });

  test.each(cases)('%s: --order input --admission report equals the library output', async (name) => {
    const file = path.join(gatewayapi, name);
    const expected = libraryStatus([{ file, text: readFileSync(file, 'utf8') }], {
      order: 'input',
      admission: 'report',
    });

    const yaml = await run(['status', file, '--order', 'input', '--admission', 'report']);
    const json = await run(['status', file, '--order', 'input', '--admission', 'report', '-o', 'json']);

    expect(parse(yaml.stdout, { maxAliasCount: -1 })).toEqual(expected);
    expect(JSON.parse(json.stdout)).toEqual({ schemaVersion: STATUS_V1, ...(expected as object) });
    expect(yaml.code).toBe(json.code);
    for (const l of yaml.errLines) expect(l).toMatch(DIAGNOSTIC_LINE);
  });
});

describe('gwpolicy status --now', () => {
  const manifest = [
    `${GATEWAY_CLASS}---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: gw, namespace: default}
spec:
  gatewayClassName: eg
  listeners:
    - {name: https, protocol: HTTPS, port: 443, tls: {certificateRefs: [{name: cert}]}}
---
apiVersion: v1
kind: Secret
metadata: {namespace: default, name: cert}
type: kubernetes.io/tls
---
apiVersion: v1
kind: Secret
metadata: {namespace: default, name: client-ca}
data: {ca.crt: ${b64(CLIENT_CA)}}
---
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: ClientTrafficPolicy
metadata: {namespace: default, name: mtls}
spec:
  targetRefs: [{group: gateway.networking.k8s.io, kind: Gateway, name: gw}]
  tls: {clientValidation: {caCertificateRefs: [{name: client-ca}]}}
`,
  ].join('---\n');

  test('certificate expiry is judged at --now, so the status is reproducible', async () => {
    const at = async (now: string) => {
      const r = await run(['status', '-', '--now', now, '-o', 'json'], { stdin: manifest });
      return JSON.parse(r.stdout).ClientTrafficPolicy[0].status.ancestors.map(
        (a: { conditions: { reason: string; message: string }[] }) => a.conditions[0],
      );
    };
    const valid = await at('2026-11-26T18:00:00Z');
    expect(valid.length).toBeGreaterThan(0);
    for (const c of valid) expect(c.reason).toBe('Accepted');
    const expired = await at('2026-12-01T00:00:00Z');
    expect(expired.length).toBeGreaterThan(0);
    for (const c of expired) {
      expect(c.reason).toBe('Invalid');
      expect(c.message).toContain(
        'certificate client-ca.test has expired since 2026-11-27 12:03:18 +0000 UTC',
      );
    }
  });

  test('a --now that is not a time is a usage error', async () => {
    const r = await run(['status', '-', '--now', 'soon'], { stdin: manifest });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("invalid value 'soon' for --now");
  });
});
