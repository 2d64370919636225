/**
 * `gwpolicy validate` as a CI gate: what fails it (errors; warnings with --strict), what
 * --severity keeps, the text report grouped by code, --quiet, JSON, SARIF 2.1.0 (validated against
 * the SARIF 2.1.0 JSON Schema that the npm package @microsoft/jest-sarif ships, MIT) and GitHub
 * workflow commands.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import AjvDraft04 from 'ajv-draft-04';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { EXIT_ERRORS, EXIT_OK, EXIT_USAGE } from '../../src/cli/exit-codes.js';
import { BASE, btp, CONFLICT } from './_fixtures.js';
import { DIAGNOSTIC_LINE, run } from './_io.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const require = createRequire(import.meta.url);
const SARIF_SCHEMA = path.join(
  path.dirname(require.resolve('@microsoft/jest-sarif/package.json')),
  'lib/schemas/sarif-2.1.0-rtm.5.json',
);

interface Report {
  summary: { errors: number; warnings: number; infos: number; resources: number };
  gate: { strict: boolean; severity: string; passed: boolean; exitCode: number };
  codes: { code: string; severity: string; count: number }[];
  diagnostics: { code: string; severity: string; resource?: string; message: string }[];
}

/** A Lua EnvoyExtensionPolicy on HTTPRoute web: Invalid while Lua is off, so web answers 500. */
const LUA_POLICY = `apiVersion: gateway.envoyproxy.io/v1alpha1
kind: EnvoyExtensionPolicy
metadata: {name: lua, namespace: default}
spec:
  targetRefs: [{group: gateway.networking.k8s.io, kind: HTTPRoute, name: web}]
  lua: [{type: Inline, inline: 'function envoy_on_request(h) end'}]
`;

describe('gwpolicy validate as a CI gate', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'gwp-cli-gate-'));
    await writeFile(
      path.join(dir, 'clean.yaml'),
      `${BASE}---\n${btp('ok', 'targetRefs: [{group: gateway.networking.k8s.io, kind: HTTPRoute, name: web}]')}`,
    );
    await writeFile(path.join(dir, 'conflict.yaml'), CONFLICT);
    await writeFile(path.join(dir, 'lua.yaml'), `${BASE}---\n${LUA_POLICY}`);
    await writeFile(path.join(dir, 'mixed.yaml'), `${CONFLICT}---\n${LUA_POLICY}`);
    await writeFile(path.join(dir, 'odd, name: 100%.yaml'), `${BASE}---\n${LUA_POLICY}`);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('the bundled example without Lua fails: its Lua policies are Invalid and their routes answer 500', async () => {
    const r = await run(['validate', 'examples', '-o', 'json'], { cwd: root });

    expect(r.code).toBe(EXIT_ERRORS);
    const out = JSON.parse(r.stdout) as Report;
    expect(out.gate).toMatchObject({ passed: false, exitCode: EXIT_ERRORS });
    expect(out.codes.find((c) => c.code === 'GWP-STATUS-INVALID')).toEqual({
      code: 'GWP-STATUS-INVALID',
      severity: 'error',
      count: 3,
    });
    expect(out.codes.find((c) => c.code === 'GWP-ROUTE-ANSWERS-500')?.count).toBe(3);
    expect(out.summary.errors).toBe(6);
  });

  test('with Lua on, the example passes; --strict fails it on its warnings', async () => {
    const plain = await run(['validate', 'examples', '--enable-lua'], { cwd: root });
    const strict = await run(['validate', 'examples', '--enable-lua', '--strict'], { cwd: root });

    // The one info: the example carries no EnvoyGateway configuration (GWP-CONFIG-DEFAULTS).
    expect(plain.code).toBe(EXIT_OK);
    expect(plain.stdout).toMatch(
      /\nPASSED: 0 errors, \d+ warnings, 1 info; warnings do not fail without --strict\n$/,
    );
    expect(strict.code).toBe(EXIT_ERRORS);
    expect(strict.stdout).toMatch(
      /\nFAILED: 0 errors, \d+ warnings, 1 info \(--strict fails on warnings\)\n$/,
    );
  });

  test('a Conflicted policy is a warning: it passes, and fails with --strict', async () => {
    const file = path.join(dir, 'conflict.yaml');

    expect((await run(['validate', file])).code).toBe(EXIT_OK);
    const strict = await run(['validate', file, '--strict', '-o', 'json']);
    expect(strict.code).toBe(EXIT_ERRORS);
    expect((JSON.parse(strict.stdout) as Report).diagnostics.map((d) => d.code)).toContain(
      'GWP-STATUS-CONFLICTED',
    );
    expect((await run(['validate', path.join(dir, 'clean.yaml'), '--strict'])).code).toBe(EXIT_OK);
  });

  test('--severity keeps findings of that level or more serious, and the gate judges only those', async () => {
    const file = path.join(dir, 'conflict.yaml');

    const all = JSON.parse((await run(['validate', file, '-o', 'json'])).stdout) as Report;
    const errorsOnly = await run(['validate', file, '--strict', '--severity', 'error', '-o', 'json']);
    const bad = await run(['validate', file, '--severity', 'fatal']);

    expect(all.diagnostics.some((d) => d.severity === 'warning')).toBe(true);
    const out = JSON.parse(errorsOnly.stdout) as Report;
    expect(out.diagnostics).toEqual([]);
    expect(out.gate).toMatchObject({ severity: 'error', strict: true, passed: true });
    expect(errorsOnly.code).toBe(EXIT_OK);
    expect(bad.code).toBe(EXIT_USAGE);
    expect(bad.errLines[0]).toMatch(/--severity .*error or warning or info/);
  });

  test('text: findings grouped by code with counts, errors first, then the verdict', async () => {
    const r = await run(['validate', path.join(dir, 'mixed.yaml')]);

    const lines = r.stdout.replace(/\n$/, '').split('\n');
    const headings = lines.filter((l) => /^(error|warning|info) GWP-/.test(l));
    expect(headings).toEqual([
      'error GWP-STATUS-INVALID (1)',
      'error GWP-ROUTE-ANSWERS-500 (1)',
      'warning GWP-STATUS-CONFLICTED (1)',
      'info GWP-CONFIG-DEFAULTS (1)',
      'info GWP-LINT-SHADOWED (1)',
    ]);
    // Every other non-empty line but the first (summary), the settings in force (a title, then
    // indented lines) and the last (verdict) is a finding.
    const body = lines
      .slice(1, -1)
      .filter(
        (l) =>
          l !== '' && !headings.includes(l) && l !== 'Envoy Gateway settings in force' && !l.startsWith('  '),
      );
    for (const l of body) expect(l).toMatch(DIAGNOSTIC_LINE);
    expect(lines.at(-1)).toBe('FAILED: 2 errors, 1 warning, 2 info');
  });

  test('--quiet prints the summary, one line per code with its count, and the verdict', async () => {
    const r = await run(['validate', path.join(dir, 'lua.yaml'), '--quiet']);

    expect(r.code).toBe(EXIT_ERRORS);
    expect(r.stdout.split('\n').filter((l) => /GWP-/.test(l))).toEqual([
      expect.stringMatching(/^error +GWP-STATUS-INVALID +1$/),
      expect.stringMatching(/^error +GWP-ROUTE-ANSWERS-500 +1$/),
      expect.stringMatching(/^info +GWP-CONFIG-DEFAULTS +1$/),
    ]);
    expect(r.stdout).not.toContain('lua.yaml:');
    expect((await run(['validate', path.join(dir, 'lua.yaml'), '--quiet', '-o', 'json'])).code).toBe(
      EXIT_USAGE,
    );
  });

  describe('-o sarif', () => {
    const schema = JSON.parse(readFileSync(SARIF_SCHEMA, 'utf8')) as object;
    const ajv = new AjvDraft04.default({
      allErrors: true,
      strict: false,
      validateFormats: false,
      unicodeRegExp: false,
    });
    const validateSarif = ajv.compile(schema);

    test('the schema rejects what SARIF 2.1.0 forbids (the check can fail)', () => {
      expect(validateSarif({ version: '2.1.0', runs: [{ tool: { driver: {} } }] })).toBe(false);
      expect(
        validateSarif({
          version: '2.1.0',
          runs: [{ tool: { driver: { name: 'x' } }, results: [{ level: 'fatal', message: { text: 'm' } }] }],
        }),
      ).toBe(false);
    });

    test.each([
      ['the bundled example', ['examples']],
      ['a file whose name needs escaping', [path.join(dir, 'odd, name: 100%.yaml')]],
      ['a clean input (no result)', [path.join(dir, 'clean.yaml')]],
      ['standard input (no physical location)', ['-']],
    ])('%s: a valid SARIF 2.1.0 log', async (_what, files) => {
      const r = await run(['validate', ...files, '-o', 'sarif'], {
        cwd: root,
        stdin: `${BASE}---\n${LUA_POLICY}`,
      });

      const log = JSON.parse(r.stdout) as {
        version: string;
        runs: {
          tool: { driver: { name: string; rules: { id: string }[] } };
          results: {
            ruleId: string;
            level: string;
            locations?: {
              physicalLocation?: { artifactLocation: { uri: string }; region?: { startLine: number } };
            }[];
          }[];
        }[];
      };
      expect(validateSarif(log), JSON.stringify(validateSarif.errors?.slice(0, 3))).toBe(true);
      expect(log.version).toBe('2.1.0');
      const [runLog] = log.runs;
      expect(runLog?.tool.driver.name).toBe('gwpolicy');
      for (const res of runLog?.results ?? [])
        expect(runLog?.tool.driver.rules.map((x) => x.id)).toContain(res.ruleId);
    });

    test('results carry the level, the file as a URI and the line', async () => {
      const r = await run(['validate', 'examples', '-o', 'sarif'], { cwd: root });

      const log = JSON.parse(r.stdout) as {
        runs: {
          results: {
            ruleId: string;
            level: string;
            locations: {
              physicalLocation: {
                artifactLocation: { uri: string; uriBaseId?: string };
                region: { startLine: number };
              };
            }[];
          }[];
        }[];
      };
      const invalid = log.runs[0]!.results.filter((x) => x.ruleId === 'GWP-STATUS-INVALID');
      expect(invalid).toHaveLength(3);
      for (const res of invalid) {
        expect(res.level).toBe('error');
        const loc = res.locations[0]!.physicalLocation;
        expect(loc.artifactLocation.uri).toMatch(/^examples\/(apps|platform)\/[a-z-]+\.yaml$/);
        expect(loc.artifactLocation.uriBaseId).toBe('%SRCROOT%');
        expect(loc.region.startLine).toBeGreaterThan(1);
      }
      expect(r.code).toBe(EXIT_ERRORS);
    });

    test('a path with reserved characters is percent-encoded', async () => {
      const r = await run(['validate', 'odd, name: 100%.yaml', '-o', 'sarif'], { cwd: dir });

      expect(r.stdout).toContain('"uri": "odd%2C%20name%3A%20100%25.yaml"');
    });
  });

  describe('-o github', () => {
    test('one workflow command per finding, with file, line, col and the code as title, then the verdict', async () => {
      const r = await run(['validate', 'examples', '-o', 'github'], { cwd: root });

      const lines = r.stdout.replace(/\n$/, '').split('\n');
      const commands = lines.slice(0, -1);
      expect(commands.length).toBeGreaterThan(10);
      for (const l of commands)
        expect(l).toMatch(/^::(error|warning|notice) file=[^,]+,line=\d+,col=\d+,title=GWP-[A-Z0-9-]+::\S/);
      expect(commands.filter((l) => l.startsWith('::error ')).length).toBe(6);
      expect(lines.at(-1)).toMatch(/^FAILED: 6 errors/);
    });

    test('escapes %, CR and LF in messages, and , and : in properties', async () => {
      const r = await run(['validate', 'odd, name: 100%.yaml', '-o', 'github'], { cwd: dir });

      const first = r.stdout.split('\n')[0]!;
      expect(first).toMatch(
        /^::error file=odd%2C name%3A 100%25\.yaml,line=\d+,col=\d+,title=GWP-STATUS-INVALID::/,
      );
      expect(r.stdout.split('\n').every((l) => !l.includes('\r'))).toBe(true);
    });

    test('a message with a line break and a percent sign stays one command', async () => {
      const text = `${BASE}---\n${btp('pct', 'targetRefs: [{group: gateway.networking.k8s.io, kind: Gateway, name: eg, sectionName: "50%\\nnope"}]')}`;

      // The API server would refuse that sectionName (its CRD pattern); as reported, the policy
      // is still simulated and its status message carries the raw line break.
      const r = await run(['validate', '-', '-o', 'github', '--admission', 'report'], { stdin: text });

      const line = r.stdout.split('\n').find((l) => l.includes('GWP-STATUS-TARGET-NOT-FOUND'));
      expect(line).toBeDefined();
      expect(line).toContain('50%25%0Anope');
      expect(line).not.toContain('file=');
    });
  });
});
