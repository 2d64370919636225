/**
 * docs/cookbook.md: fourteen real questions, each answered by one command on the bundled example, with
 * its output. The outputs are produced here by the CLI; the test fails when the document drifts.
 * Regenerate with `GWP_WRITE_COOKBOOK=1 npx vitest run test/docs/cookbook.test.ts`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';
import { cli } from '../../src/cli/cli.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const DOC = path.join(root, 'docs/cookbook.md');

interface Recipe {
  readonly question: string;
  readonly why: string;
  readonly argv: readonly string[];
  /** Show only the first lines of a long output. */
  readonly lines?: number;
  readonly after: string;
}

const RECIPES: readonly Recipe[] = [
  {
    question: 'Why does this route rule get these values, and not the Gateway’s?',
    why: 'The storefront team set a 10 s timeout; the platform team’s Gateway policy has retries and circuit breakers.',
    argv: [
      'explain',
      'examples',
      '--enable-lua',
      '--route',
      'HTTPRoute/shop/storefront',
      '--rule',
      'pages',
      '--kind',
      'BackendTrafficPolicy',
    ],
    after:
      'Every value is shown beside the policy that supplied it. The Gateway policy is `overridden`: the route policy has no `mergeType`, so on HTTP routes it replaces the Gateway policy whole (R6.1), and `storefront-lb` lost the same-scope conflict to the older policy (R5.1).',
  },
  {
    question: 'Did a route policy silently throw away the platform defaults?',
    why: 'Users ask for a warning when a route policy without `mergeType` replaces a Gateway policy (envoyproxy/gateway#8781).',
    argv: ['validate', 'examples', '--enable-lua'],
    after:
      '`GWP-LINT-SILENT-REPLACE` names each route policy that replaces a Gateway or listener policy and the fields that are lost; `GWP-LINT-GO-NULL-ERASE` and `GWP-LINT-LIST-REPLACED` flag merges that erase or drop parent values. See [lint.md](lint.md).',
  },
  {
    question: 'What does a merged SecurityPolicy end up with, field by field?',
    why: '`payments-admin-authz` uses `mergeType: StrategicMerge` on top of the internal Gateway’s SecurityPolicy.',
    argv: [
      'explain',
      'examples',
      '--enable-lua',
      '--route',
      'HTTPRoute/payments/payments-admin',
      '--rule',
      'admin-ui',
      '--kind',
      'SecurityPolicy',
    ],
    after:
      'The JWT provider comes from the Gateway policy, the authorization rules from the route policy (lists are replaced, R7.5), and `authorization.defaultAction` is `null`: the Go serialisation of the route policy erased the parent’s `Allow` (R7.6).',
  },
  {
    question: 'Where is the platform’s Gateway policy overridden, and by whom?',
    why: 'The reverse question: start from a policy, not from a route.',
    argv: [
      'explain',
      'examples',
      '--enable-lua',
      '--policy',
      'BackendTrafficPolicy/infra/public-gw-resilience',
    ],
    lines: 12,
    after:
      'The summary counts the points where the policy applies and where, and by whom, it is overridden; the points follow.',
  },
  {
    question: 'Which ClientTrafficPolicy applies to a listener contributed by a ListenerSet?',
    why: 'Section policies beat ListenerSet-wide policies, which beat Gateway-wide ones, whatever the input order (R9.4).',
    argv: [
      'explain',
      'examples',
      '--enable-lua',
      '--gateway',
      'infra/public-gw',
      '--listener',
      'partner-mtls',
      '--kind',
      'ClientTrafficPolicy',
    ],
    after: 'ClientTrafficPolicies never merge: one policy applies per listener.',
  },
  {
    question: 'What applies to a TCP route, where fields fall back one by one?',
    why: 'On TCP routes a BackendTrafficPolicy falls back per field, unlike HTTP (R6.3).',
    argv: ['explain', 'examples', '--enable-lua', '--route', 'TCPRoute/payments/ledger-db'],
    after: 'Mode `fieldFallback` lists the policy behind each field.',
  },
  {
    question: 'Why does this request get 429?',
    why: 'A client of the public catalogue API is throttled on POST, but not on GET.',
    argv: [
      'request',
      'examples',
      '--enable-lua',
      '--gateway',
      'infra/public-gw',
      'POST',
      'https://api.acme.example/v1/products',
    ],
    lines: 22,
    after:
      'The request reaches `catalog-api` rule `products`; `catalog-rate-limit` is a local rate limit whose rule 0 selects POST (20 per second), so this request is counted there and not in the route’s default bucket (the rule without clientSelectors, 1000 per second), which only requests no other rule matches use. A GET is counted in the default bucket instead.',
  },
  {
    question: 'Why does this request get 403?',
    why: 'Back-office users with a valid SSO token suddenly get 403 on every page of payments-admin.',
    argv: [
      'request',
      'examples',
      '--enable-lua',
      '--gateway',
      'infra/internal-gw',
      'GET',
      'https://payments-admin.internal.acme.example/',
      '--source-ip',
      '10.40.3.7',
      '--jwt-claims',
      '{"iss":"https://sso.acme.example","aud":"internal-apps"}',
    ],
    lines: 20,
    after:
      'The token passes, but no authorization rule matches a GET, and the merged policy has no `defaultAction`: the route policy’s Go serialisation carried `null`, which erased the Gateway policy’s `Allow` (R7.6), and an unset defaultAction means Deny.',
  },
  {
    question: 'Which timeout applies to this gRPC method?',
    why: 'GRPCRoutes have no `timeouts` of their own: the BackendTrafficPolicy decides, or Envoy’s 15 s default.',
    argv: [
      'request',
      'examples',
      '--enable-lua',
      '--gateway',
      'infra/internal-gw',
      'POST',
      'https://inventory.internal.acme.example/acme.inventory.v1.StockService/ReserveStock',
      '-H',
      'content-type: application/grpc',
      '--jwt-claims',
      '{"iss":"https://sso.acme.example","aud":"internal-apps"}',
    ],
    lines: 20,
    after:
      '`ReserveStock` is served by rule `stock-writes` of the `inventory` GRPCRoute; its request timeout is the 5 s of `internal-https-defaults`, reached through the JSONMerge of `inventory-grpc-retries`, which brings its own retries.',
  },
  {
    question: 'What would adding `mergeType` to my route policy change, before I apply it?',
    why: 'The catalog team wants the platform’s retries back on `catalog-api`.',
    argv: ['preview', 'examples', '--enable-lua', '--change', 'docs/cookbook/catalog-rate-limit-merge.yaml'],
    lines: 14,
    after:
      'Every effective value that changes, with its source before and after, then every policy status that changes.',
  },
  {
    question: 'What happens if I delete the policy that wins a conflict?',
    why: 'Deleting `storefront-timeouts` should let the conflicting `storefront-lb` in.',
    argv: [
      'preview',
      'examples',
      '--enable-lua',
      '--delete',
      'BackendTrafficPolicy/shop/storefront-timeouts',
    ],
    lines: 16,
    after:
      'The status section at the end shows `storefront-lb` going from `Accepted=False/Conflicted` to `Accepted=True`.',
  },
  {
    question: 'Would this ClientTrafficPolicy edit break the routes of a listener?',
    why: 'When a ClientTrafficPolicy’s features fail on a listener, Envoy Gateway answers 500 on every HTTP route of that listener (TCP routes are dropped), whatever the route policies say (R9).',
    argv: ['preview', 'examples', '--enable-lua', '--change', 'docs/cookbook/client-http2-window.yaml'],
    after:
      'The `listeners` section names each listener where the routes answered by a failure change, and those routes (`listenerChanges` in `-o json`). Only `http` fails: on `https`, `public-https-client` replaces the Gateway-wide policy.',
  },
  {
    question: 'What exactly does StrategicMerge do to these two objects?',
    why: 'Only four lists merge by key; everything else is replaced, and Go nulls erase (R7.5, R7.6).',
    argv: ['merge', '--type', 'StrategicMerge', 'docs/cookbook/parent.yaml', 'docs/cookbook/patch.yaml'],
    after:
      '`contextExtensions` merged by `name`; `authorization.rules` replaced (the parent’s `deny-guest-wifi` is gone); `defaultAction: null` erased `Allow`. Try `--type JSONMerge` to see `contextExtensions` replaced too.',
  },
  {
    question: 'What status will Envoy Gateway write for my policies?',
    why: 'Controller authors diff their controller’s output against it; everyone else reads why a policy says Overridden.',
    argv: ['status', 'examples', '--enable-lua'],
    lines: 40,
    after:
      'The full document holds every policy with `status.ancestors` exactly as Envoy Gateway v1.9 writes it; `--order input --admission report` reproduces Envoy Gateway’s translator tests.',
  },
];

async function runRecipe(r: Recipe): Promise<string> {
  let out = '';
  let err = '';
  const code = await cli(r.argv, {
    stdout: (t) => {
      out += t;
    },
    stderr: (t) => {
      err += t;
    },
    readStdin: async () => '',
    cwd: root,
    // As on a 100-column terminal, without colour.
    stdoutIsTTY: true,
    columns: 100,
    env: { NO_COLOR: '1' },
  });
  let text = out + err;
  if (r.lines !== undefined) {
    const all = text.replace(/\n$/, '').split('\n');
    if (all.length > r.lines)
      text = `${all.slice(0, r.lines).join('\n')}\n… (${all.length - r.lines} more lines)\n`;
  }
  return `${text.replace(/\n$/, '')}\n${code === 0 ? '' : `(exit status ${code})\n`}`;
}

/** An argument as a shell would need it: single-quoted when it holds anything but plain characters. */
function shellWord(arg: string): string {
  return /^[A-Za-z0-9_\-./:=@,]+$/.test(arg) ? arg : `'${arg.replaceAll("'", "'\\''")}'`;
}

async function render(): Promise<string> {
  const parts: string[] = [
    '# Cookbook: fourteen questions, fourteen commands',
    '',
    'Each answer is one command on the bundled example (`examples/`), run from the project root,',
    'with its real output (generated by `test/docs/cookbook.test.ts`, which fails when this page',
    'drifts from what the tool prints). The example models an Envoy Gateway install with Lua',
    'EnvoyExtensionPolicies enabled (`extensionApis.enableLua`, off by default in v1.9), hence',
    '`--enable-lua` on every command. Outputs are shown as on a terminal 100 columns wide (text',
    "wraps at the terminal's width; piped, it is not wrapped).",
    '',
  ];
  let i = 1;
  for (const r of RECIPES) {
    parts.push(
      `## ${i++}. ${r.question}`,
      '',
      r.why,
      '',
      '```console',
      `$ gwpolicy ${r.argv.map(shellWord).join(' ')}`,
      (await runRecipe(r)).trimEnd(),
      '```',
      '',
      r.after,
      '',
    );
  }
  return parts.join('\n');
}

test('docs/cookbook.md shows the real output of every recipe', async () => {
  const text = await render();
  if (process.env.GWP_WRITE_COOKBOOK) writeFileSync(DOC, text);
  expect(readFileSync(DOC, 'utf8')).toBe(text);
});
