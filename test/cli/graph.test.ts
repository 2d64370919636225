import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { EXIT_ERRORS, EXIT_OK } from '../../src/cli/exit-codes.js';
import { BASE, BOTH_FORMS, btp, CONFLICT } from './_fixtures.js';
import { DIAGNOSTIC_LINE, run } from './_io.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const examples = path.join(root, 'examples');
const DOT_INSTALLED = spawnSync('dot', ['-V']).status === 0;
if (!DOT_INSTALLED)
  console.warn('test/cli/graph: Graphviz `dot` is not installed; DOT output is only checked for structure');

/** The documented id scheme: a prefix, then the key with every non-alphanumeric as `_<hex>_`. */
function id(prefix: string, key: string): string {
  return `${prefix}_${[...key].map((c) => (/[A-Za-z0-9]/.test(c) ? c : `_${c.codePointAt(0)!.toString(16)}_`)).join('')}`;
}

interface Edge {
  readonly from: string;
  readonly to: string;
  readonly arrow: string;
  readonly label: string;
}

const ID = '[A-Za-z][A-Za-z0-9_]*';
const MERMAID_NODE = new RegExp(`^  (${ID})(\\[\\(|\\{\\{|\\[|\\()"([^"]*)"(\\)\\]|\\}\\}|\\]|\\))$`);
const MERMAID_EDGE = new RegExp(`^  (${ID}) (-->|==>|-\\.->)(?:\\|"([^"]*)"\\|)? (${ID})$`);

/** Parses our Mermaid output strictly; fails on any line it does not recognise. */
function parseMermaid(text: string): { nodes: Map<string, string>; edges: Edge[] } {
  const lines = text.replace(/\n$/, '').split('\n');
  expect(lines[0]).toBe('flowchart LR');
  const nodes = new Map<string, string>();
  const edges: Edge[] = [];
  for (const line of lines.slice(1)) {
    const n = MERMAID_NODE.exec(line);
    const e = MERMAID_EDGE.exec(line);
    if (n) {
      expect(nodes.has(n[1]!), `node ${n[1]} declared once`).toBe(false);
      nodes.set(n[1]!, n[3]!);
    } else if (e) edges.push({ from: e[1]!, arrow: e[2]!, label: e[3] ?? '', to: e[4]! });
    else if (/^ {2}classDef [a-zA-Z]+ [^;]+$/.test(line)) continue;
    else if (new RegExp(`^  class ${ID}(,${ID})* [a-zA-Z]+$`).test(line)) {
      for (const i of line.trim().split(' ')[1]!.split(',')) expect(nodes.has(i), `class of ${i}`).toBe(true);
    } else if (/^ {2}linkStyle \d+(,\d+)* stroke:#[0-9a-f]{6}$/.test(line)) {
      for (const i of line.trim().split(' ')[1]!.split(',')) expect(Number(i)).toBeLessThan(edges.length);
    } else throw new Error(`not a Mermaid line we emit: ${JSON.stringify(line)}`);
  }
  for (const e of edges) {
    expect(nodes.has(e.from), `edge source ${e.from} declared`).toBe(true);
    expect(nodes.has(e.to), `edge target ${e.to} declared`).toBe(true);
  }
  return { nodes, edges };
}

/** Checks DOT structure: balanced braces outside strings, declared endpoints; runs `dot` when installed. */
function checkDot(text: string): { nodes: Set<string>; edges: Edge[] } {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{') depth++;
    else if (c === '}') depth--;
    expect(depth).toBeGreaterThanOrEqual(0);
  }
  expect(inString).toBe(false);
  expect(depth).toBe(0);
  expect(text).toMatch(/^digraph gwpolicy \{\n/);
  expect(text).toMatch(/\n\}\n$/);
  const nodes = new Set<string>();
  const edges: Edge[] = [];
  for (const line of text.split('\n')) {
    const e = new RegExp(`^  (${ID}) -> (${ID})(?: \\[(.*)\\])?;$`).exec(line);
    const n = new RegExp(`^  (${ID}) \\[label="((?:[^"\\\\]|\\\\.)*)".*\\];$`).exec(line);
    if (e)
      edges.push({
        from: e[1]!,
        to: e[2]!,
        arrow: /style=(\w+)/.exec(e[3] ?? '')?.[1] ?? 'solid',
        label: /label="((?:[^"\\]|\\.)*)"/.exec(e[3] ?? '')?.[1] ?? '',
      });
    else if (n) nodes.add(n[1]!);
  }
  for (const e of edges) {
    expect(nodes.has(e.from), `edge source ${e.from} declared`).toBe(true);
    expect(nodes.has(e.to), `edge target ${e.to} declared`).toBe(true);
  }
  if (DOT_INSTALLED) {
    const r = spawnSync('dot', ['-Tsvg'], { input: text, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('<svg');
  }
  return { nodes, edges };
}

function edge(edges: readonly Edge[], from: string, to: string): Edge | undefined {
  return edges.find((e) => e.from === from && e.to === to);
}

describe('gwpolicy graph', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'gwp-cli-graph-'));
    await writeFile(path.join(dir, 'base.yaml'), BASE);
    await writeFile(path.join(dir, 'conflict.yaml'), CONFLICT);
    await writeFile(
      path.join(dir, 'targets.yaml'),
      [
        BASE.replace(
          'metadata: {name: web, namespace: default}',
          'metadata: {name: web, namespace: default, labels: {app: web}}',
        ),
        btp('ghost', 'targetRefs: [{group: gateway.networking.k8s.io, kind: HTTPRoute, name: ghost}]'),
        btp(
          'rule-main',
          'targetRefs: [{group: gateway.networking.k8s.io, kind: HTTPRoute, name: web, sectionName: main}]',
        ),
        btp(
          'by-label',
          'targetSelectors: [{kind: HTTPRoute, matchLabels: {app: web}}]',
          '2024-05-01T00:00:00Z',
        ),
        BOTH_FORMS,
      ].join('---\n'),
    );
    await writeFile(
      path.join(dir, 'weird.yaml'),
      `${BASE}---\n${btp('weird', `targetRefs: [{group: gateway.networking.k8s.io, kind: Gateway, name: eg, sectionName: 'a"b<c>#d&e\`f\\g|h[i]{j};end'}]`)}`,
    );
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('Mermaid (default) of the bundled example: a valid flowchart, winners thick, the conflict loser dashed', async () => {
    const r = await run(['graph', examples]);

    expect(r.code).toBe(EXIT_OK);
    const { nodes, edges } = parseMermaid(r.stdout);
    const storefront = id('rt', 'HTTPRoute/shop/storefront');
    const winner = edge(edges, id('po', 'BackendTrafficPolicy/shop/storefront-timeouts'), storefront);
    const loser = edge(edges, id('po', 'BackendTrafficPolicy/shop/storefront-lb'), storefront);
    expect(winner).toMatchObject({ arrow: '==>', label: 'targetRefs[0]<br/>applied' });
    expect(loser).toMatchObject({ arrow: '-.->', label: 'targetRefs[0]<br/>conflicted' });
    expect(nodes.get(id('gw', 'infra/public-gw'))).toBe('Gateway<br/>infra/public-gw');
    // Every edge from a policy is labelled with how the policy names its target.
    const fromPolicies = edges.filter((e) => e.from.startsWith('po_'));
    expect(fromPolicies.length).toBeGreaterThan(20);
    for (const e of fromPolicies)
      expect(e.label).toMatch(/^(targetRef|targetRefs\[\d+\]|targetSelectors\[\d+\])/);
    expect(fromPolicies.some((e) => e.label.startsWith('targetSelectors[0]'))).toBe(true);
    expect(fromPolicies.some((e) => /sectionName=/.test(e.label) && e.to.startsWith('ru_'))).toBe(true);
    expect(fromPolicies.some((e) => /sectionName=/.test(e.label) && e.to.startsWith('li_'))).toBe(true);
  });

  test('DOT of the bundled example: balanced, every endpoint declared, accepted by Graphviz when installed', async () => {
    const r = await run(['graph', examples, '--format', 'dot']);

    expect(r.code).toBe(EXIT_OK);
    const { edges } = checkDot(r.stdout);
    const loser = edge(
      edges,
      id('po', 'BackendTrafficPolicy/shop/storefront-lb'),
      id('rt', 'HTTPRoute/shop/storefront'),
    );
    expect(loser).toMatchObject({ arrow: 'dashed', label: 'targetRefs[0]\\nconflicted' });
  });

  test('draws Gateway -> listener -> route -> rule -> Service', async () => {
    const r = await run(['graph', path.join(dir, 'base.yaml')]);

    const { nodes, edges } = parseMermaid(r.stdout);
    const chain = [
      id('gw', 'default/eg'),
      id('li', 'default/eg/http'),
      id('rt', 'HTTPRoute/default/web'),
      id('ru', 'HTTPRoute/default/web#0'),
      id('be', 'Service/default/web'),
    ];
    for (let i = 1; i < chain.length; i++) expect(edge(edges, chain[i - 1]!, chain[i]!)?.arrow).toBe('-->');
    expect(nodes.get(id('ru', 'HTTPRoute/default/web#0'))).toBe('rule main');
    expect(nodes.get(id('ru', 'HTTPRoute/default/web#1'))).toBe('rules[1] (unnamed)');
  });

  test('--order decides which edge is the losing one', async () => {
    const file = path.join(dir, 'conflict.yaml');
    const route = id('rt', 'HTTPRoute/default/web');
    const a = id('po', 'BackendTrafficPolicy/default/route-a');
    const b = id('po', 'BackendTrafficPolicy/default/route-b');

    const cluster = parseMermaid((await run(['graph', file])).stdout).edges;
    const input = parseMermaid((await run(['graph', file, '--order', 'input'])).stdout).edges;

    expect([edge(cluster, a, route)?.arrow, edge(cluster, b, route)?.arrow]).toEqual(['-.->', '==>']);
    expect([edge(input, a, route)?.arrow, edge(input, b, route)?.arrow]).toEqual(['==>', '-.->']);
  });

  test('a missing target is a "not found" node reached by a losing edge; forms and sections label the edges', async () => {
    const r = await run(['graph', path.join(dir, 'targets.yaml'), '--admission', 'report']);

    const { nodes, edges } = parseMermaid(r.stdout);
    const missing = [...nodes].find(([k]) => k.startsWith('mi_'));
    expect(missing?.[1]).toBe('HTTPRoute<br/>default/ghost<br/>not found');
    const toMissing = edge(edges, id('po', 'BackendTrafficPolicy/default/ghost'), missing![0]);
    expect(toMissing?.arrow).toBe('-.->');
    expect(toMissing?.label).toMatch(/^targetRefs\[0\]<br\/>(targetNotFound|notFound)/);
    expect(
      edge(edges, id('po', 'BackendTrafficPolicy/default/rule-main'), id('ru', 'HTTPRoute/default/web#0')),
    ).toMatchObject({
      arrow: '==>',
      label: 'targetRefs[0] sectionName=main<br/>applied',
    });
    expect(
      edge(edges, id('po', 'BackendTrafficPolicy/default/by-label'), id('rt', 'HTTPRoute/default/web'))
        ?.label,
    ).toMatch(/^targetSelectors\[0\]<br\//);
  });

  test('a policy refused by admission keeps dotted, labelled edges (reject) and takes part with report', async () => {
    const file = path.join(dir, 'targets.yaml');
    const both = id('po', 'BackendTrafficPolicy/default/both-forms');
    const gw = id('gw', 'default/eg');

    const rejected = await run(['graph', file]);
    const reported = await run(['graph', file, '--admission', 'report']);

    expect(rejected.code).toBe(EXIT_ERRORS);
    expect(rejected.errLines.some((l) => l.includes(': GWP-ADMIT-TARGETREF-AND-TARGETREFS: '))).toBe(true);
    for (const l of rejected.errLines) expect(l).toMatch(DIAGNOSTIC_LINE);
    const r = parseMermaid(rejected.stdout);
    expect(r.nodes.get(both)).toBe('BackendTrafficPolicy<br/>default/both-forms<br/>rejected by admission');
    expect(edge(r.edges, both, gw)).toMatchObject({
      arrow: '-.->',
      label: 'targetRef<br/>rejected by admission',
    });
    expect(reported.code).toBe(EXIT_OK);
    expect(edge(parseMermaid(reported.stdout).edges, both, gw)?.arrow).toBe('==>');
  });

  test('labels with quotes, markup and separators are escaped in both languages', async () => {
    const file = path.join(dir, 'weird.yaml');

    const mermaid = await run(['graph', file]);
    const dot = await run(['graph', file, '--format', 'dot']);

    const m = parseMermaid(mermaid.stdout);
    const label = [...m.nodes.values()].find((l) => l.includes('not found'));
    expect(label).toBe(
      'Gateway<br/>default/eg/a#quot;b#lt;c#gt;#35;d#amp;e#96;f\\g|h[i]{j};end<br/>not found',
    );
    const d = checkDot(dot.stdout);
    expect(d.nodes.size).toBe(m.nodes.size);
    expect(dot.stdout).toContain('default/eg/a\\"b<c>#d&e`f\\\\g|h[i]{j};end\\nnot found');
  });

  test('node ids are stable: the same object has the same id whatever else is in the input', async () => {
    const base = parseMermaid((await run(['graph', path.join(dir, 'base.yaml')])).stdout);
    const conflict = parseMermaid((await run(['graph', path.join(dir, 'conflict.yaml')])).stdout);
    const again = await run(['graph', path.join(dir, 'conflict.yaml')]);

    for (const [k, label] of base.nodes) expect(conflict.nodes.get(k)).toBe(label);
    expect(again.stdout).toBe((await run(['graph', path.join(dir, 'conflict.yaml')])).stdout);
  });

  test('stdin (-) works and broken input still gives a valid, possibly empty, graph with exit 1', async () => {
    const r = await run(['graph', '-', '--format', 'dot'], { stdin: 'kind: [' });

    expect(r.code).toBe(EXIT_ERRORS);
    checkDot(r.stdout);
    expect(r.errLines.length).toBeGreaterThan(0);
    for (const l of r.errLines) expect(l).toMatch(DIAGNOSTIC_LINE);
  });
});
