/**
 * Output people can read: text wraps at the terminal's width (or --width N; unlimited when piped),
 * colour on a terminal honouring NO_COLOR and FORCE_COLOR, every empty answer says why, progress
 * on a terminal's standard error for large inputs, and graph takes explain's filters and -o json.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { EXIT_OK, EXIT_USAGE } from '../../src/cli/exit-codes.js';
import { BASE, btp } from './_fixtures.js';
import { run } from './_io.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const ESC = String.fromCharCode(27);
const ANSI = new RegExp(`${ESC}\\[[0-9;]*m`);
const plain = (text: string): string => text.replace(new RegExp(`${ESC}\\[[0-9;]*m`, 'g'), '');
const longest = (text: string): number => Math.max(...text.split('\n').map((l) => l.length));
const EXPLAIN = ['explain', 'examples', '--enable-lua', '--route', 'HTTPRoute/shop/storefront'];

describe('width', () => {
  test('piped: never wrapped; a terminal: wrapped at its width; --width N wins', async () => {
    const piped = await run(['validate', 'examples'], { cwd: root });
    const terminal = await run(['validate', 'examples'], {
      cwd: root,
      stdoutIsTTY: true,
      columns: 80,
      env: { NO_COLOR: '1' },
    });
    const narrow = await run(['validate', 'examples', '--width', '60'], { cwd: root });

    expect(longest(piped.stdout)).toBeGreaterThan(300);
    expect(longest(terminal.stdout)).toBeLessThanOrEqual(80);
    expect(longest(narrow.stdout)).toBeLessThanOrEqual(60);
    // Wrapping only re-flows: the words are the same.
    const words = (t: string): string[] => t.split(/\s+/).filter(Boolean);
    expect(words(narrow.stdout)).toEqual(words(piped.stdout));
  });

  test('explain and preview wrap too; --width 0 turns wrapping off; a bad width is a usage error', async () => {
    const narrow = await run([...EXPLAIN, '--width', '72'], { cwd: root });
    const off = await run([...EXPLAIN, '--width', '0'], { cwd: root, stdoutIsTTY: true, columns: 72 });
    const preview = await run(
      [
        'preview',
        'examples',
        '--enable-lua',
        '--change',
        'docs/cookbook/catalog-rate-limit-merge.yaml',
        '--width',
        '60',
      ],
      { cwd: root },
    );
    const bad = await run([...EXPLAIN, '--width', 'wide'], { cwd: root });

    expect(longest(narrow.stdout)).toBeLessThanOrEqual(72);
    expect(longest(plain(off.stdout))).toBeGreaterThan(72);
    expect(longest(preview.stdout)).toBeLessThanOrEqual(60);
    expect(bad.code).toBe(EXIT_USAGE);
  });
});

describe('colour', () => {
  test('on a terminal; not when piped; NO_COLOR turns it off, FORCE_COLOR and --color on', async () => {
    const tty = await run(['validate', 'examples'], { cwd: root, stdoutIsTTY: true, columns: 120 });
    const noColor = await run(['validate', 'examples'], {
      cwd: root,
      stdoutIsTTY: true,
      columns: 120,
      env: { NO_COLOR: '1' },
    });
    const piped = await run(['validate', 'examples'], { cwd: root });
    const forced = await run(['validate', 'examples'], { cwd: root, env: { FORCE_COLOR: '1' } });
    const flag = await run([...EXPLAIN, '--color'], { cwd: root });
    const off = await run([...EXPLAIN, '--no-color'], { cwd: root, stdoutIsTTY: true });

    expect(tty.stdout).toMatch(ANSI);
    expect(noColor.stdout).not.toMatch(ANSI);
    expect(piped.stdout).not.toMatch(ANSI);
    expect(forced.stdout).toMatch(ANSI);
    expect(flag.stdout).toMatch(ANSI);
    expect(off.stdout).not.toMatch(ANSI);
    // Colour never changes the text.
    expect(plain(tty.stdout)).toBe(noColor.stdout);
  });
});

describe('empty answers say why', () => {
  const explain = async (...q: string[]) => {
    const r = await run(['explain', 'examples', '--enable-lua', ...q, '-o', 'json'], { cwd: root });
    return JSON.parse(r.stdout) as {
      points: unknown[];
      empty?: { reason: string; message: string; suggestions?: string[] };
    };
  };

  test('no such object, with the closest names', async () => {
    const route = await explain('--route', 'HTTPRoute/shop/storfront');
    const listener = await explain('--gateway', 'infra/public-gw', '--listener', 'htps');
    const gateway = await explain('--gateway', 'infra/public');
    const text = await run(['explain', 'examples', '--route', 'HTTPRoute/shop/storfront'], { cwd: root });

    expect(route.empty).toEqual({
      reason: 'no-such-object',
      message: 'no such object: route HTTPRoute/shop/storfront (did you mean HTTPRoute/shop/storefront?)',
      suggestions: ['HTTPRoute/shop/storefront'],
    });
    expect(listener.empty?.suggestions).toEqual(['https', 'http']);
    expect(gateway.empty?.reason).toBe('no-such-object');
    expect(text.stdout).toBe(
      'no such object: route HTTPRoute/shop/storfront (did you mean HTTPRoute/shop/storefront?)\n',
    );
  });

  test('this kind does not apply here', async () => {
    const ctp = await explain('--route', 'HTTPRoute/shop/storefront', '--kind', 'ClientTrafficPolicy');

    expect(ctp.points).toEqual([]);
    expect(ctp.empty?.reason).toBe('kind-does-not-apply');
    expect(ctp.empty?.message).toMatch(/ClientTrafficPolicy attaches to listeners/);
  });

  test('no policy applies', async () => {
    const text = `${BASE}---\n${btp('on-web', 'targetRefs: [{group: gateway.networking.k8s.io, kind: HTTPRoute, name: web}]')}---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: bare, namespace: default}
spec:
  parentRefs: [{name: eg}]
  rules: [{backendRefs: [{name: web, port: 80}]}]
`;
    const r = await run(['explain', '-', '--route', 'HTTPRoute/default/bare', '-o', 'json'], { stdin: text });
    const kind = await run(['explain', '-', '--route', 'HTTPRoute/default/web', '--kind', 'SecurityPolicy'], {
      stdin: text,
    });

    const out = JSON.parse(r.stdout) as { empty?: { reason: string; message: string } };
    expect(out.empty).toEqual({
      reason: 'no-policy-applies',
      message: 'no policy applies: no policy reaches HTTPRoute/default/bare (1 point)',
    });
    expect(kind.stdout).toBe(
      'no policy applies: no SecurityPolicy reaches HTTPRoute/default/web (2 points)\n',
    );
  });

  test('graph: an empty drawing says why on standard error, and in "empty" with -o json', async () => {
    const mermaid = await run(['graph', 'examples', '--route', 'HTTPRoute/shop/kart'], { cwd: root });
    const json = await run(['graph', 'examples', '--route', 'HTTPRoute/shop/kart', '-o', 'json'], {
      cwd: root,
    });

    expect(mermaid.stdout).toBe('flowchart LR\n');
    expect(mermaid.errLines).toEqual([
      'gwpolicy: graph: no such object: route HTTPRoute/shop/kart (did you mean HTTPRoute/shop/cart?)',
      '<input>:0:0: GWP-REF-UNKNOWN: graph --route: HTTPRoute/shop/kart names nothing in the input (did you mean HTTPRoute/shop/cart?)',
    ]);
    expect((JSON.parse(json.stdout) as { empty: { reason: string } }).empty.reason).toBe('no-such-object');
  });
});

describe('graph takes the explain filters and -o json', () => {
  type Graph = {
    nodes: { id: string; kind: string; lines: string[] }[];
    edges: { from: string; to: string; kind: string }[];
  };
  const graph = async (...q: string[]): Promise<Graph> =>
    JSON.parse(
      (await run(['graph', 'examples', '--enable-lua', '-o', 'json', ...q], { cwd: root })).stdout,
    ) as Graph;

  test('-o json is the whole graph; --format json is the same', async () => {
    const all = await graph();
    const viaFormat = JSON.parse(
      (await run(['graph', 'examples', '--enable-lua', '--format', 'json'], { cwd: root })).stdout,
    ) as Graph;

    expect(viaFormat).toEqual(all);
    const ids = new Set(all.nodes.map((n) => n.id));
    for (const e of all.edges) expect(ids.has(e.from) && ids.has(e.to)).toBe(true);
    expect(all.nodes.filter((n) => n.kind === 'policy')).toHaveLength(23);
  });

  test('--route keeps the route, its rules and backends, its listeners and Gateways, and the policies reaching them', async () => {
    const all = await graph();
    const cart = await graph('--route', 'HTTPRoute/shop/cart');

    const routes = cart.nodes.filter((n) => n.kind === 'route').map((n) => n.lines.join(' '));
    expect(routes).toEqual(['HTTPRoute shop/cart']);
    expect(cart.nodes.filter((n) => n.kind === 'gateway').map((n) => n.lines[1])).toEqual([
      'infra/public-gw',
    ]);
    const policies = cart.nodes.filter((n) => n.kind === 'policy').map((n) => n.lines[1]);
    expect(policies).toContain('infra/public-gw-resilience');
    expect(policies).not.toContain('payments/checkout-resilience');
    expect(cart.nodes.length).toBeLessThan(all.nodes.length / 2);
    const ids = new Set(cart.nodes.map((n) => n.id));
    for (const e of cart.edges) expect(ids.has(e.from) && ids.has(e.to)).toBe(true);
  });

  test('--kind keeps policies of that kind; --policy keeps that policy and its targets', async () => {
    const sp = await graph('--kind', 'SecurityPolicy');
    const one = await graph('--policy', 'BackendTrafficPolicy/shop/storefront-timeouts');

    expect(new Set(sp.nodes.filter((n) => n.kind === 'policy').map((n) => n.lines[0]))).toEqual(
      new Set(['SecurityPolicy']),
    );
    expect(one.nodes.filter((n) => n.kind === 'policy').map((n) => n.lines[1])).toEqual([
      'shop/storefront-timeouts',
    ]);
    expect(one.nodes.some((n) => n.kind === 'route' && n.lines[1] === 'shop/storefront')).toBe(true);
  });

  test('a bad -o, or -o and --format that disagree, are usage errors', async () => {
    expect((await run(['graph', 'examples', '-o', 'svg'], { cwd: root })).code).toBe(EXIT_USAGE);
    expect((await run(['graph', 'examples', '-o', 'dot', '--format', 'json'], { cwd: root })).code).toBe(
      EXIT_USAGE,
    );
  });
});

describe('progress on standard error', () => {
  /** BASE with a 2.5 MB ConfigMap: a large input that resolves fast. */
  const large = `${BASE}---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: big, namespace: default}\ndata: {blob: "${'x'.repeat(2_500_000)}"}\n`;

  test('a large input on a terminal: one line rewritten in place, then erased', async () => {
    const r = await run(['validate', '-'], { stdin: large, stderrIsTTY: true });

    expect(r.code).toBe(EXIT_OK);
    const erase = `\r${ESC}[2K`;
    expect(r.stderr.split(erase)).toEqual([
      '',
      'gwpolicy: loading 1 source (2.5 MB)…',
      'gwpolicy: resolving 0 policies on 1 routes…',
      'gwpolicy: reading the status Envoy Gateway would write…',
      'gwpolicy: linting…',
      '',
    ]);
    expect(r.stdout).not.toContain('gwpolicy:');
  });

  test('none when standard error is not a terminal, or the input is small', async () => {
    expect((await run(['validate', '-'], { stdin: large })).stderr).toBe('');
    expect((await run(['validate', '-'], { stdin: BASE, stderrIsTTY: true })).stderr).toBe('');
  });
});
