import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadManifests } from 'gateway-policy-sim';
import { readManifestFiles } from 'gateway-policy-sim/node';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { EXIT_ERRORS, EXIT_OK, EXIT_USAGE } from '../../src/cli/exit-codes.js';
import { BASE, NO_TARGET } from './_fixtures.js';
import { DIAGNOSTIC_LINE, hasStackTrace, run } from './_io.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** The diagnostic lines of a text output: after the summary, without the settings block. */
const examples = path.join(root, 'examples');

interface Summary {
  files: number;
  documents: number;
  resources: number;
  diagnosed: number;
  unknownKinds: number;
  kinds: Record<string, number>;
  errors: number;
  warnings: number;
  infos: number;
}

/** The finding lines of a text report: not the group headings, blank lines or the verdict. */
function findingLines(lines: readonly string[]): string[] {
  return lines.filter(
    (l) =>
      l !== '' &&
      !/^(error|warning|info) GWP-[A-Z0-9-]+ \(\d+\)$/.test(l) &&
      !/^(PASSED|FAILED): /.test(l) &&
      // The settings in force: a heading, then indented lines.
      l !== 'Envoy Gateway settings in force' &&
      !l.startsWith('  '),
  );
}

describe('gwpolicy validate', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'gwp-cli-validate-'));
    await writeFile(path.join(dir, 'ok.yaml'), BASE);
    await writeFile(path.join(dir, 'refused.yaml'), `${BASE}---\n${NO_TARGET}`);
    await writeFile(path.join(dir, 'bad.yaml'), 'kind: [\n  a: b\n');
    await writeFile(
      path.join(dir, 'binary.yaml'),
      Buffer.from([0, 159, 146, 150, 255, 0, 10, 58, 58, 9, 1, 2]),
    );
    await writeFile(
      path.join(dir, 'unknown.yaml'),
      'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\n',
    );
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('on the bundled example (Lua on): exit 0 and a summary that agrees with the loader', async () => {
    const { sources } = await readManifestFiles([examples]);
    const load = loadManifests(sources);

    const r = await run(['validate', examples, '--enable-lua', '-o', 'json']);

    expect(r.code).toBe(EXIT_OK);
    const out = JSON.parse(r.stdout) as { summary: Summary; diagnostics: unknown[] };
    expect(out.summary).toMatchObject({ files: sources.length, ...load.summary, errors: 0 });
    expect(Object.values(out.summary.kinds).reduce((a, b) => a + b, 0)).toBe(load.summary.resources);
    expect(out.summary.kinds.BackendTrafficPolicy).toBe(
      load.resources.filter((x) => x.kind === 'BackendTrafficPolicy').length,
    );
  });

  test('on the bundled example: lint findings are listed as warnings and info, never errors', async () => {
    const r = await run(['validate', examples, '--enable-lua', '-o', 'json']);

    const out = JSON.parse(r.stdout) as {
      summary: Summary;
      diagnostics: { code: string; severity: string; resource?: string; location?: { pointer?: string } }[];
    };
    const lint = out.diagnostics.filter((d) => d.code.startsWith('GWP-LINT-'));
    expect(lint.map((d) => `${d.code} ${d.resource}`)).toEqual(
      expect.arrayContaining([
        'GWP-LINT-SILENT-REPLACE BackendTrafficPolicy/shop/catalog-rate-limit',
        'GWP-LINT-GO-NULL-ERASE SecurityPolicy/payments/payments-admin-authz',
      ]),
    );
    for (const d of lint) {
      expect(['warning', 'info']).toContain(d.severity);
      expect(d.location?.pointer).toMatch(/^\/spec/);
    }
    expect(r.code).toBe(EXIT_OK);
    expect(out.summary.warnings).toBe(out.diagnostics.filter((d) => d.severity === 'warning').length);
  });

  test('--order and --admission reach the resolution the lint reads', async () => {
    const p = path.join(dir, 'self.yaml');
    await writeFile(
      p,
      `${BASE}---\napiVersion: gateway.envoyproxy.io/v1alpha1\nkind: BackendTrafficPolicy\nmetadata: {name: twice, namespace: default}\n` +
        'spec:\n  targetRefs:\n    - {group: gateway.networking.k8s.io, kind: HTTPRoute, name: web}\n' +
        '    - {group: example.com, kind: HTTPRoute, name: web}\n  timeout: {http: {requestTimeout: 1s}}\n',
    );

    const rejected = await run(['validate', p]);
    const reported = await run(['validate', p, '--admission', 'report', '--order', 'input']);
    const bad = await run(['validate', p, '--order', 'random']);

    // Refused by CEL (group): an error, left out; simulated with report: a self-conflict.
    expect(rejected.code).toBe(EXIT_ERRORS);
    expect(rejected.stdout).not.toContain('GWP-LINT-SELF-CONFLICT');
    expect(reported.code).toBe(EXIT_OK);
    expect(reported.stdout).toMatch(
      /^.*self\.yaml:\d+:\d+: GWP-LINT-SELF-CONFLICT: .*\(BackendTrafficPolicy\/default\/twice\)$/m,
    );
    expect(bad.code).toBe(EXIT_USAGE);
    expect(bad.errLines[0]).toMatch(/^gwpolicy: validate: .*--order/);
  });

  test('text output: one summary line, the diagnostics grouped by code, then the verdict', async () => {
    const r = await run(['validate', path.join(dir, 'refused.yaml'), path.join(dir, 'unknown.yaml')]);

    const [summary, ...rest] = r.stdout.replace(/\n$/, '').split('\n');
    expect(rest.slice(1, 3)).toEqual([
      'Envoy Gateway settings in force',
      "  from: Envoy Gateway's defaults (no EnvoyGateway configuration in the input)",
    ]);
    const lines = findingLines(rest);
    expect(summary).toMatch(
      /^2 files, 7 documents, 6 resources \(GatewayClass 1, Gateway 1, HTTPRoute 1, Service 2, BackendTrafficPolicy 1\), 1 diagnosed, 1 unknown kind; 1 error, 0 warnings, \d+ info$/,
    );
    expect(lines.length).toBeGreaterThanOrEqual(2);
    for (const line of lines) expect(line).toMatch(DIAGNOSTIC_LINE);
    expect(lines.some((l) => l.includes(': GWP-ADMIT-NO-TARGET: '))).toBe(true);
    expect(
      lines.some((l) => l.startsWith(`${path.join(dir, 'unknown.yaml')}:1:1: GWP-LOAD-UNKNOWN-KIND: `)),
    ).toBe(true);
  });

  test('prints the settings in force: the configuration of the input, options over it, each GatewayClass', async () => {
    const configMap = `apiVersion: v1
kind: ConfigMap
metadata: {name: envoy-gateway-config, namespace: envoy-gateway-system}
data:
  envoy-gateway.yaml: |
    apiVersion: gateway.envoyproxy.io/v1alpha1
    kind: EnvoyGateway
    extensionApis: {enableBackend: true}
    rateLimit: {backend: {type: Redis, redis: {url: "redis:6379"}}}
    envoyProxy: {mergeGateways: true}
`;
    const r = await run(['validate', '--enable-lua', '-'], {
      stdin: `${BASE}---\n${configMap}`,
      stdinIsTTY: false,
    });
    const lines = r.stdout.split('\n');
    expect(lines.slice(2, 9)).toEqual([
      'Envoy Gateway settings in force',
      '  from: read from ConfigMap/envoy-gateway-system/envoy-gateway-config',
      '  controllerName: gateway.envoyproxy.io/gatewayclass-controller',
      '  extensionApis: enableLua true (option), enableBackend true, enableEnvoyPatchPolicy false, enableSDSSecretRef false',
      '  rateLimit: configured (global rate limits are built)',
      '  envoyProxy defaults: mergeGateways',
      '  GatewayClass eg: EnvoyProxy none, mergeGateways true',
    ]);
    expect(r.stdout).not.toContain('GWP-CONFIG-DEFAULTS');

    const json = JSON.parse(
      (await run(['validate', '-o', 'json', '-'], { stdin: BASE, stdinIsTTY: false })).stdout,
    ) as {
      settings: { origin: string; enableLua: boolean; gatewayClasses: unknown[] };
    };
    expect(json.settings).toMatchObject({
      origin: 'defaults',
      enableLua: false,
      gatewayClasses: [{ name: 'eg' }],
    });
  });

  test('prints the watch in force: provider.kubernetes.watch and the controller namespace', async () => {
    const configMap = (watch: string) => `apiVersion: v1
kind: ConfigMap
metadata: {name: envoy-gateway-config, namespace: gateway-ops}
data:
  envoy-gateway.yaml: |
    apiVersion: gateway.envoyproxy.io/v1alpha1
    kind: EnvoyGateway
    provider: {type: Kubernetes, kubernetes: {watch: ${watch}}}
`;
    const line = async (watch: string): Promise<string | undefined> =>
      (await run(['validate', '-'], { stdin: `${BASE}---\n${configMap(watch)}`, stdinIsTTY: false })).stdout
        .split('\n')
        .find((l) => l.startsWith('  provider.kubernetes.watch: '));

    expect(await line('{type: Namespaces, namespaces: [default, apps]}')).toBe(
      '  provider.kubernetes.watch: Namespaces default, apps (controller namespace gateway-ops: its ConfigMaps, Secrets, Services and EndpointSlices too)',
    );
    expect(await line('{type: NamespaceSelector, namespaceSelector: {matchLabels: {gw: enabled}}}')).toBe(
      '  provider.kubernetes.watch: NamespaceSelector {"matchLabels":{"gw":"enabled"}} (controller namespace gateway-ops; objects read by name are not filtered)',
    );
    expect(await line('{type: NamespaceSelector, namespaceSelector: {}}')).toBe(
      '  provider.kubernetes.watch: not applied: every namespace is read',
    );
  });

  test('an error diagnostic gives exit 1; JSON output keeps severities and locations', async () => {
    const r = await run(['validate', '--output', 'json', path.join(dir, 'refused.yaml')]);

    expect(r.code).toBe(EXIT_ERRORS);
    const out = JSON.parse(r.stdout) as {
      summary: Summary;
      diagnostics: { code: string; severity: string; location?: { file?: string; line?: number } }[];
    };
    const refused = out.diagnostics.find((d) => d.code === 'GWP-ADMIT-NO-TARGET');
    expect(refused?.severity).toBe('error');
    expect(refused?.location?.file).toBe(path.join(dir, 'refused.yaml'));
    expect(refused?.location?.line).toBeGreaterThan(1);
    expect(out.summary.errors).toBe(out.diagnostics.filter((d) => d.severity === 'error').length);
  });

  test('a clean input gives exit 0', async () => {
    expect((await run(['validate', path.join(dir, 'ok.yaml')])).code).toBe(EXIT_OK);
  });

  test.each([
    ['invalid YAML', 'bad.yaml', 'GWP-LOAD-YAML-SYNTAX'],
    ['a binary file', 'binary.yaml', 'GWP-LOAD-'],
    ['a path that does not exist', 'no-such-file.yaml', 'GWP-LOAD-READ-FAILED'],
  ])('%s: exit 1, located diagnostic lines, no stack trace', async (_what, file, code) => {
    const r = await run(['validate', path.join(dir, file)]);

    expect(r.code).toBe(EXIT_ERRORS);
    expect(r.stderr).toBe('');
    const lines = findingLines(r.stdout.replace(/\n$/, '').split('\n').slice(1));
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line).toMatch(DIAGNOSTIC_LINE);
    expect(lines.some((l) => l.startsWith(`${path.join(dir, file)}:`) && l.includes(`: ${code}`))).toBe(true);
    expect(hasStackTrace(r.stdout)).toBe(false);
  });

  test('no FILE reads standard input, unless it is a terminal', async () => {
    const piped = await run(['validate', '-o', 'json'], { stdin: BASE, stdinIsTTY: false });
    const tty = await run(['validate'], { stdin: BASE, stdinIsTTY: true });

    expect(piped.code).toBe(EXIT_OK);
    expect((JSON.parse(piped.stdout) as { summary: Summary }).summary.resources).toBe(5);
    expect(tty.code).toBe(EXIT_USAGE);
    expect(tty.errLines).toHaveLength(1);
    expect(tty.errLines[0]).toMatch(/^gwpolicy: validate: no input/);
  });

  test('- reads standard input even when it is a terminal, and is reported as -', async () => {
    const r = await run(['validate', '-'], { stdin: NO_TARGET, stdinIsTTY: true });

    expect(r.code).toBe(EXIT_ERRORS);
    expect(r.stdout).toMatch(/^-:\d+:\d+: GWP-ADMIT-NO-TARGET: /m);
  });

  test('relative paths are read from io.cwd and reported as given', async () => {
    const r = await run(['validate', 'refused.yaml', '.'], { cwd: dir });

    expect(r.stdout).toMatch(/^refused\.yaml:\d+:\d+: GWP-ADMIT-NO-TARGET: /m);
    expect(r.stdout).toMatch(/^bad\.yaml:\d+:\d+: GWP-LOAD-YAML-SYNTAX: /m);
    expect(r.stdout).not.toContain(dir);
  });
});
