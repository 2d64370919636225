import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { EXIT_ERRORS, EXIT_OK, EXIT_USAGE } from '../../src/cli/exit-codes.js';
import { commandHelp, help } from '../../src/cli/help.js';
import { DIAGNOSTIC_LINE, hasStackTrace, run, USAGE_LINE } from './_io.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const COMMANDS = ['validate', 'status', 'explain', 'preview', 'merge', 'graph'];

describe('exit codes', () => {
  test('are 0 success, 1 error diagnostics, 2 usage error', () => {
    expect([EXIT_OK, EXIT_ERRORS, EXIT_USAGE]).toEqual([0, 1, 2]);
  });
});

describe('top level', () => {
  test('--help and -h print the help to stdout and exit 0', async () => {
    for (const flag of ['--help', '-h']) {
      const r = await run([flag]);
      expect(r.code).toBe(EXIT_OK);
      expect(r.stdout).toBe(help);
      expect(r.stderr).toBe('');
    }
  });

  test('the help lists every command, explain and preview included', () => {
    for (const name of COMMANDS) expect(help).toMatch(new RegExp(`^  ${name} +\\S`, 'm'));
  });

  test('--version prints the version of package.json', async () => {
    const version = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string })
      .version;

    const r = await run(['--version']);

    expect(r.code).toBe(EXIT_OK);
    expect(r.stdout).toBe(`${version}\n`);
  });

  test('no arguments is a usage error that prints the help to stderr', async () => {
    const r = await run([]);

    expect(r.code).toBe(EXIT_USAGE);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(help);
  });

  test('an unknown command or top-level option is a usage error on one line', async () => {
    for (const argv of [['frobnicate'], ['--frob'], ['-x', 'status']]) {
      const r = await run(argv);
      expect(r.code).toBe(EXIT_USAGE);
      expect(r.errLines).toHaveLength(1);
      expect(r.errLines[0]).toMatch(USAGE_LINE);
      expect(r.stdout).toBe('');
    }
  });
});

describe('every command', () => {
  test.each(COMMANDS)('%s --help and -h print its help and exit 0', async (name) => {
    for (const flag of ['--help', '-h']) {
      const r = await run([name, flag]);
      expect(r.code).toBe(EXIT_OK);
      expect(r.stdout).toBe(commandHelp[name]);
      expect(r.stdout).toMatch(new RegExp(`^Usage: gwpolicy ${name}\\b`));
      expect(r.stderr).toBe('');
    }
  });

  test.each(COMMANDS)('%s with an unknown option is a usage error on one line naming it', async (name) => {
    const r = await run([name, '--no-such-option', 'x.yaml']);

    expect(r.code).toBe(EXIT_USAGE);
    expect(r.errLines).toEqual([
      `gwpolicy: ${name}: unknown option '--no-such-option'; see gwpolicy ${name} --help`,
    ]);
  });
});

describe('invalid option values', () => {
  test.each([
    ['status', '--order', 'newest'],
    ['status', '--admission', 'maybe'],
    ['status', '-o', 'xml'],
    ['graph', '--format', 'svg'],
    ['graph', '--order', ''],
    ['graph', '--admission', 'REJECT'],
    ['validate', '--output', 'yaml'],
    ['merge', '--type', 'Replace'],
  ])('%s %s %j is a usage error on one line naming the option', async (command, option, value) => {
    const r = await run([command, option, value, 'examples']);

    expect(r.code).toBe(EXIT_USAGE);
    expect(r.stdout).toBe('');
    expect(r.errLines).toHaveLength(1);
    expect(r.errLines[0]).toMatch(USAGE_LINE);
    expect(r.errLines[0]).toContain(option === '-o' ? '--output' : option);
    expect(r.errLines[0]).toContain('expected');
  });

  test('an option without its value is a usage error', async () => {
    const r = await run(['status', 'examples', '--order']);

    expect(r.code).toBe(EXIT_USAGE);
    expect(r.errLines).toHaveLength(1);
    expect(r.errLines[0]).toMatch(/^gwpolicy: status: .*--order/);
  });
});

describe('controller switches', () => {
  test("--enable-lua: without it the example's Lua policy is refused as Envoy Gateway v1.9 refuses it by default", async () => {
    const lua = 'EnvoyExtensionPolicy/infra/security-headers';
    const statusOf = async (extra: string[]): Promise<string> => {
      const r = await run(['status', 'examples', '-o', 'json', ...extra]);
      const doc = JSON.parse(r.stdout) as {
        EnvoyExtensionPolicy?: {
          metadata: { namespace: string; name: string };
          status: { ancestors: { conditions: { type: string; reason: string; message: string }[] }[] };
        }[];
      };
      const p = doc.EnvoyExtensionPolicy?.find(
        (x) => `EnvoyExtensionPolicy/${x.metadata.namespace}/${x.metadata.name}` === lua,
      );
      const accepted = p?.status.ancestors[0]?.conditions.find((c) => c.type === 'Accepted');
      return `${accepted?.reason}: ${accepted?.message}`;
    };
    expect(await statusOf([])).toBe(
      'Invalid: Lua: Skipping Lua EnvoyExtensionPolicy as feature is disabled in the Gateway.',
    );
    expect(await statusOf(['--enable-lua'])).toBe('Accepted: Policy has been accepted.');
  });
});

describe('explain', () => {
  test('text output on the example: the conflict, the silent replacement and the merge, each with its rule', async () => {
    const r = await run([
      'explain',
      'examples',
      '--enable-lua',
      '--route',
      'HTTPRoute/shop/storefront',
      '--rule',
      'pages',
    ]);

    expect(r.code).toBe(EXIT_OK);
    expect(r.stdout).toContain('Gateway/infra/public-gw · https · HTTPRoute/shop/storefront · rule pages');
    expect(r.stdout).toMatch(
      /storefront-lb \(Route\) conflicted: R5\.1: older policy\s+BackendTrafficPolicy\/shop\/storefront-timeouts/,
    );
    expect(r.stdout).toMatch(
      /public-gw-resilience \(Gateway\) overridden: R6\.1: route policy\s+BackendTrafficPolicy\/shop\/storefront-timeouts\s+has no mergeType/,
    );
    expect(r.stdout).toContain(
      'EnvoyExtensionPolicy  StrategicMerge  ← shop/bot-shield + infra/security-headers',
    );
  });

  test('json output follows the contract and honours every query option', async () => {
    const r = await run([
      'explain',
      'examples',
      '--enable-lua',
      '--gateway',
      'infra/public-gw',
      '--listener',
      'https',
      '--route',
      'HTTPRoute/shop/cart',
      '--kind',
      'BackendTrafficPolicy',
      '--order',
      'input',
      '--admission',
      'report',
      '-o',
      'json',
    ]);

    expect(r.code).toBe(EXIT_OK);
    const doc = JSON.parse(r.stdout) as {
      points: { gateway: string; listener: string; route: string; policies: Record<string, unknown> }[];
      diagnostics: unknown[];
    };
    expect(doc.points.length).toBeGreaterThan(0);
    for (const p of doc.points) {
      expect([p.gateway, p.listener, p.route]).toEqual([
        'Gateway/infra/public-gw',
        'https',
        'HTTPRoute/shop/cart',
      ]);
      expect(Object.keys(p.policies)).toEqual(['BackendTrafficPolicy']);
    }
    expect(Array.isArray(doc.diagnostics)).toBe(true);
  });

  test('--policy gives the reverse view', async () => {
    const r = await run([
      'explain',
      'examples',
      '--enable-lua',
      '--policy',
      'BackendTrafficPolicy/infra/public-gw-resilience',
      '-o',
      'json',
    ]);
    const doc = JSON.parse(r.stdout) as {
      policy: { found: boolean; overridden: number; overriddenBy: Record<string, number> };
    };
    expect(doc.policy.found).toBe(true);
    expect(doc.policy.overridden).toBeGreaterThan(0);
    expect(doc.policy.overriddenBy['BackendTrafficPolicy/shop/storefront-timeouts']).toBeGreaterThan(0);
  });

  test.each([
    [['--gateway', 'public-gw'], '--gateway must be NS/NAME'],
    [['--route', 'shop/cart'], '--route must be KIND/NS/NAME'],
    [['--policy', 'Foo/a/b'], '--policy must be KIND/NS/NAME'],
    [['--kind', 'Nope'], '--kind must be one of'],
  ])('bad query option %j is a usage error', async (extra, message) => {
    const r = await run(['explain', 'examples', '--enable-lua', ...extra]);
    expect(r.code).toBe(EXIT_USAGE);
    expect(r.errLines).toHaveLength(1);
    expect(r.errLines[0]).toContain(message);
  });
});

describe('preview', () => {
  test('a deletion shows the status flip and the values that change, exit 0', async () => {
    const r = await run([
      'preview',
      'examples',
      '--enable-lua',
      '--delete',
      'BackendTrafficPolicy/shop/storefront-timeouts',
      '-o',
      'json',
    ]);

    expect(r.code).toBe(EXIT_OK);
    const doc = JSON.parse(r.stdout) as {
      changes: { route: string }[];
      statusChanges: { policy: string }[];
      diagnostics: unknown[];
    };
    expect(doc.changes.some((c) => c.route === 'HTTPRoute/shop/storefront')).toBe(true);
    expect(doc.statusChanges.map((s) => s.policy)).toContain('BackendTrafficPolicy/shop/storefront-lb');
  });

  test('text output of no change says so', async () => {
    const r = await run(['preview', 'examples', '--delete', 'BackendTrafficPolicy/shop/no-such-policy']);
    expect(r.stdout).toBe('no change to effective policy or to policy status\n');
    expect(r.errLines.some((l) => l.includes('GWP-PREVIEW-DELETE-UNKNOWN'))).toBe(true);
  });

  test.each([
    [['preview', 'examples'], 'give at least one --change FILE or --delete'],
    [['preview', '--delete', 'BackendTrafficPolicy/a/b'], 'give BASE...'],
    [['preview', 'examples', '--delete', 'nonsense'], '--delete must be KIND/NS/NAME'],
  ])('%j is a usage error', async (argv, message) => {
    const r = await run(argv);
    expect(r.code).toBe(EXIT_USAGE);
    expect(r.errLines[0]).toContain(message);
  });
});

describe('unexpected failures', () => {
  test('an exception inside a command prints one GWP-CLI-INTERNAL line, no stack trace, and exits 1', async () => {
    const boom = (): void => {
      throw new Error('stdout is gone\n    at somewhere (file.js:1:1)');
    };

    const r = await run(['validate', 'examples', '--enable-lua'], { stdout: boom });

    expect(r.code).toBe(EXIT_ERRORS);
    expect(r.errLines).toHaveLength(1);
    expect(r.errLines[0]).toMatch(DIAGNOSTIC_LINE);
    expect(r.errLines[0]).toMatch(/^gwpolicy:0:0: GWP-CLI-INTERNAL: .*stdout is gone$/);
    expect(hasStackTrace(r.stderr)).toBe(false);
  });
});

describe('browser safety', () => {
  test('no module under src/cli/ imports a node: module statically (the barrel exports cli)', () => {
    const dir = path.join(root, 'src', 'cli');
    const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
    expect(files.length).toBeGreaterThan(5);
    for (const f of files) {
      const text = readFileSync(path.join(dir, f), 'utf8');
      expect(text, f).not.toMatch(/^import\s+(?!type\b)[^;]*from\s+['"]node:/m);
      expect(text, f).not.toMatch(/\bprocess\.[a-z]/);
    }
  });
});
