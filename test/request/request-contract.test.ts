/**
 * The JSON contract of `gwpolicy request -o json`: every answer validates against
 * schemas/request.schema.json (ajv, draft 2020-12), for requests that exercise every decision and
 * every kind of alternative on the bundled example and on small topologies.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { cli } from '../../src/cli/cli.js';
import { schemaValidator } from '../_support/json-schemas.js';
import { gateway, httpRoute, router, rule } from './_fixtures.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const validate = schemaValidator('request');

async function run(argv: readonly string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const code = await cli(['request', 'examples', '--enable-lua', '-o', 'json', ...argv], {
    stdout: (t) => {
      out += t;
    },
    stderr: () => {},
    readStdin: async () => '',
    cwd: root,
  });
  return { code, out };
}

const REQUESTS: readonly (readonly string[])[] = [
  ['--gateway', 'infra/public-gw', 'GET', 'https://shop.acme.example/cart'],
  ['--gateway', 'infra/public-gw', 'POST', 'https://api.acme.example/v1/products', '--source-ip', '10.0.0.1'],
  ['--gateway', 'infra/public-gw', 'GET', 'http://shop.acme.example/cart'],
  ['--gateway', 'infra/public-gw', 'GET', 'https://nowhere.example/'],
  ['--gateway', 'infra/public-gw', 'GET', 'http://shop.acme.example:9999/'],
  [
    '--gateway',
    'infra/internal-gw',
    'GET',
    'https://payments-admin.internal.acme.example/',
    '--jwt-claims',
    '{"iss":"https://sso.acme.example","aud":"internal-apps"}',
  ],
  [
    '--gateway',
    'infra/internal-gw',
    'POST',
    'https://payments-admin.internal.acme.example/',
    '--source-ip',
    '10.40.1.1',
  ],
  [
    '--gateway',
    'infra/internal-gw',
    'OPTIONS',
    'https://catalog.internal.acme.example/v1/products',
    '-H',
    'Origin: https://tools.internal.acme.example',
    '-H',
    'Access-Control-Request-Method: PUT',
  ],
  [
    '--gateway',
    'infra/internal-gw',
    'POST',
    'https://inventory.internal.acme.example/acme.inventory.v1.Stock/Get',
    '-H',
    'content-type: application/grpc',
  ],
  ['--listener-set', 'payments/payments-listeners', 'POST', 'https://pay.acme-payments.example/checkout'],
];

describe('gwpolicy request -o json matches schemas/request.schema.json', () => {
  test.each(REQUESTS.map((r) => [r.join(' '), r] as const))('%s', async (_name, argv) => {
    const { out } = await run(argv);
    const answer = JSON.parse(out) as unknown;
    const ok = validate(answer);
    expect(ok ? [] : validate.errors).toEqual([]);
  });
});

test('the schema rejects an answer that breaks the contract', async () => {
  const { out } = await run(['--gateway', 'infra/public-gw', 'GET', 'https://shop.acme.example/cart']);
  const answer = JSON.parse(out) as Record<string, unknown>;
  expect(validate({ ...answer, route: 'shop/storefront' })).toBe(false);
  expect(validate({ ...answer, notChosen: [{ type: 'route', reason: 'x' }] })).toBe(false);
  const { route: _dropped, ...withoutRoute } = answer;
  expect(validate(withoutRoute)).toBe(false);
});

test('an answer decided by a policy that fails translation (R6.5) matches the schema', () => {
  const r = router([
    gateway('eg', [{ name: 'http', protocol: 'HTTP', port: 80 }]),
    httpRoute('web', { rules: [rule()] }),
    {
      apiVersion: 'gateway.envoyproxy.io/v1alpha1',
      kind: 'BackendTrafficPolicy',
      metadata: { name: 'broken', namespace: 'default' },
      spec: {
        targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', name: 'web' }],
        rateLimit: {
          local: {
            rules: [
              { clientSelectors: [{ headers: [{ name: 'x' }] }], limit: { requests: 1, unit: 'Second' } },
            ],
          },
        },
      },
    },
  ]);
  const answer = JSON.parse(JSON.stringify(r.ask('GET', 'http://x/'))) as { outcome: { by: string } };
  expect(answer.outcome.by).toBe('policyInvalid');
  // As the CLI writes it: with its schema version.
  const document = { schemaVersion: 'gateway-policy-sim/request/v1', ...answer };
  expect(validate(document) ? [] : validate.errors).toEqual([]);
});
