/**
 * The versioned JSON contract: every JSON document the CLI writes carries its schema version and
 * validates against its JSON Schema in `schemas/` (ajv, draft 2020-12, strict), on the bundled
 * example (every command, several queries) and the documents of every Envoy Gateway translator
 * input's resolution (explain, status, graph; `validate -o json` of each in validate-eg-testdata.test.ts). The schemas are tight enough to
 * catch a wrong shape (mutated documents fail), they are the ones the types generate, and every
 * rule a reason cites exists in docs/rules.md.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { explain, lint, locateDiagnostics, policyStatus, simulate } from 'gateway-policy-sim';
import { afterAll, describe, expect, test } from 'vitest';
import { policyGraph } from '../../src/cli/_internal/graph-model.js';
import { versioned } from '../../src/cli/_internal/json-documents.js';
import { egTestData } from '../_support/eg-testdata.js';
import { citedRules, documentedRules, SCHEMA_NAMES, schemaErrors } from '../_support/json-schemas.js';
import { run } from './_io.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Documents validated, per schema, and every rule cited (over the whole file). */
const validated = new Map<string, number>();
const cited = new Set<string>();
/** One valid document per schema, for the mutation tests. */
const samples = new Map<string, Record<string, unknown>>();

function expectValid(schema: string, doc: Record<string, unknown>, what: string): void {
  expect(schemaErrors(schema, doc), what).toEqual([]);
  if (schema !== 'merge') expect(doc.schemaVersion).toBe(`gateway-policy-sim/${schema}/v1`);
  validated.set(schema, (validated.get(schema) ?? 0) + 1);
  citedRules(doc, cited);
  if (!samples.has(schema)) samples.set(schema, doc);
}

async function expectDocument(schema: string, argv: readonly string[]): Promise<void> {
  const r = await run(argv, { cwd: root });
  expect([0, 1], `${argv.join(' ')}: exit ${r.code}: ${r.stderr}`).toContain(r.code);
  expectValid(schema, JSON.parse(r.stdout) as Record<string, unknown>, argv.join(' '));
}

const tmp = mkdtempSync(path.join(tmpdir(), 'gwp-schemas-'));
afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
  console.log(
    `[json-schemas] validated: ${[...validated].map(([k, n]) => `${k} ${n}`).join(', ')}; rules cited: ${cited.size}`,
  );
});

const EX = ['examples', '--enable-lua'];

describe('every JSON output of the CLI validates against its schema', () => {
  test('on the bundled example: every command', async () => {
    await expectDocument('explain', ['explain', ...EX, '-o', 'json']);
    await expectDocument('explain', ['explain', 'examples', '-o', 'json']);
    await expectDocument('explain', [
      'explain',
      ...EX,
      '--route',
      'HTTPRoute/shop/storefront',
      '--rule',
      'pages',
      '-o',
      'json',
    ]);
    await expectDocument('explain', [
      'explain',
      ...EX,
      '--policy',
      'BackendTrafficPolicy/shop/storefront-lb',
      '-o',
      'json',
    ]);
    await expectDocument('explain', ['explain', ...EX, '--route', 'HTTPRoute/shop/nothing', '-o', 'json']);
    await expectDocument('status', ['status', ...EX, '-o', 'json']);
    await expectDocument('status', ['status', 'examples', '--order', 'input', '-o', 'json']);
    await expectDocument('validate', ['validate', ...EX, '-o', 'json']);
    await expectDocument('validate', ['validate', 'examples', '-o', 'json']);
    await expectDocument('graph', ['graph', ...EX, '-o', 'json']);
    await expectDocument('graph', ['graph', ...EX, '--route', 'HTTPRoute/shop/nothing', '-o', 'json']);
    await expectDocument('drift', ['drift', ...EX, '-o', 'json']);
    for (const deleted of [
      'BackendTrafficPolicy/shop/storefront-timeouts',
      'ClientTrafficPolicy/infra/public-https-client',
      'BackendTrafficPolicy/shop/none',
    ]) {
      await expectDocument('preview', ['preview', ...EX, '--delete', deleted, '-o', 'json']);
    }
    const change = path.join(tmp, 'change.yaml');
    writeFileSync(
      change,
      'apiVersion: gateway.envoyproxy.io/v1alpha1\nkind: BackendTrafficPolicy\nmetadata: {name: extra, namespace: shop}\nspec:\n  targetRefs: [{group: gateway.networking.k8s.io, kind: HTTPRoute, name: storefront}]\n  timeout: {http: {requestTimeout: 3s}}\n  mergeType: StrategicMerge\n---\napiVersion: v1\nkind: Service\nmetadata: {name: x}\nspec: {ports: [{port: "bad"}]}\n',
    );
    await expectDocument('preview', ['preview', ...EX, '--change', change, '-o', 'json']);
    for (const request of [
      ['--gateway', 'infra/public-gw', 'GET', 'https://shop.acme.example/cart'],
      ['--gateway', 'infra/public-gw', 'GET', 'https://nowhere.example/'],
      ['--gateway', 'infra/nope', 'GET', 'https://shop.acme.example/'],
      ['--listener-set', 'payments/payments-listeners', 'POST', 'https://pay.acme-payments.example/checkout'],
    ]) {
      await expectDocument('request', ['request', ...EX, '-o', 'json', ...request]);
    }
    const parent = path.join(tmp, 'parent.yaml');
    const patch = path.join(tmp, 'patch.yaml');
    writeFileSync(
      parent,
      'apiVersion: gateway.envoyproxy.io/v1alpha1\nkind: BackendTrafficPolicy\nmetadata: {name: gw, namespace: infra}\nspec:\n  timeout: {http: {requestTimeout: 5s}}\n  retry: {numRetries: 2}\n',
    );
    writeFileSync(
      patch,
      'apiVersion: gateway.envoyproxy.io/v1alpha1\nkind: BackendTrafficPolicy\nmetadata: {name: route, namespace: infra}\nspec:\n  timeout: {http: {requestTimeout: 1s}}\n',
    );
    for (const type of ['StrategicMerge', 'JSONMerge']) {
      await expectDocument('merge', ['merge', '--type', type, parent, patch, '-o', 'json']);
    }
    // Every schema shipped is exercised.
    expect([...validated.keys()].sort()).toEqual([...SCHEMA_NAMES]);
  });

  const DIR = egTestData('gatewayapi');
  let inputs: string[] = [];
  try {
    inputs = readdirSync(DIR).filter((f) => f.endsWith('.in.yaml'));
  } catch {
    console.warn(`[json-schemas] SKIPPED: Envoy Gateway test data not found at ${DIR}`);
  }
  test.skipIf(inputs.length === 0)(
    'on every Envoy Gateway translator input: the explain, status and graph documents of its resolution',
    () => {
      expect(inputs.length).toBe(390);
      for (const f of inputs) {
        // The documents the CLI serialises, from one resolution (the CLI runs are above).
        const sources = [{ file: f, text: readFileSync(path.join(DIR, f), 'utf8') }];
        const result = simulate(sources, { order: 'input', admission: 'report' });
        const findings = locateDiagnostics(lint(result.resolution), result.load, sources);
        const documents: [string, object][] = [
          [
            'explain',
            versioned('explain', {
              ...explain(result.resolution, {}),
              diagnostics: [...result.diagnostics, ...findings],
            }),
          ],
          ['status', versioned('status', policyStatus(result.resolution))],
          ['graph', versioned('graph', policyGraph(result.resolution))],
        ];
        for (const [schema, doc] of documents) {
          // As the CLI writes it: JSON text.
          expectValid(schema, JSON.parse(JSON.stringify(doc)), f);
        }
      }
    },
    300_000,
  );
});

describe('the schemas catch a wrong shape', () => {
  /** Ways to break a document: an unknown field, a wrong type, a missing field, a wrong version. */
  const MUTATIONS: readonly [string, (doc: Record<string, unknown>) => void][] = [
    [
      'an unknown top-level field',
      (d) => {
        d.unexpected = 1;
      },
    ],
    [
      'the schema version of another document',
      (d) => {
        d.schemaVersion = 'gateway-policy-sim/other/v1';
      },
    ],
    [
      'no schema version',
      (d) => {
        delete d.schemaVersion;
      },
    ],
    [
      'a field of the wrong type',
      (d) => {
        const key = Object.keys(d).find((k) => k !== 'schemaVersion');
        if (key !== undefined) d[key] = Symbol.for('x').toString() === '' ? 0 : true;
      },
    ],
  ];

  test.each(['explain', 'status', 'preview', 'validate', 'graph', 'request', 'drift'])('%s', (schema) => {
    const sample = samples.get(schema);
    expect(sample, 'run after the outputs above').toBeDefined();
    for (const [what, mutate] of MUTATIONS) {
      const doc = structuredClone(sample!);
      mutate(doc);
      expect(schemaErrors(schema, doc), what).not.toEqual([]);
    }
  });

  test('a nested unknown field or a wrong nested type is caught', () => {
    const explain = structuredClone(samples.get('explain')!) as { points: Record<string, unknown>[] };
    explain.points[0]!.extra = 'x';
    expect(schemaErrors('explain', explain)).not.toEqual([]);
    const validate = structuredClone(samples.get('validate')!) as { diagnostics: Record<string, unknown>[] };
    (validate.diagnostics[0]!.location as Record<string, unknown>).end = { line: '3' };
    expect(schemaErrors('validate', validate)).not.toEqual([]);
    const status = structuredClone(samples.get('status')!) as Record<string, { status: unknown }[]>;
    const first = Object.entries(status).find(([k]) => k !== 'schemaVersion')?.[1];
    first![0]!.status = { ancestors: [{ ancestorRef: {}, conditions: 'none' }] };
    expect(schemaErrors('status', status)).not.toEqual([]);
  });
});

describe('the contract is kept', () => {
  test('every rule a reason or message cites is in docs/rules.md', () => {
    expect(cited.size).toBeGreaterThan(0);
    const known = documentedRules();
    expect([...cited].filter((id) => !known.has(id)).sort()).toEqual([]);
  });

  test('the shipped schemas are the ones the document types generate', () => {
    execFileSync(process.execPath, [path.join(root, 'scripts/generate-schemas.mjs'), '--check'], {
      cwd: root,
      stdio: 'pipe',
    });
  }, 120_000);
});
