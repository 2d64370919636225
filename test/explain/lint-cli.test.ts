/**
 * `gwpolicy explain` shows the lint findings about the policies it explains: after the points in
 * text output, in `diagnostics` in json and yaml; never on standard error, never in the exit status.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { EXIT_OK } from '../../src/cli/exit-codes.js';
import { DIAGNOSTIC_LINE, run } from '../cli/_io.js';

const examples = path.join(fileURLToPath(new URL('../..', import.meta.url)), 'examples');

interface Doc {
  readonly points: readonly unknown[];
  readonly diagnostics: readonly { code: string; resource?: string }[];
}

describe('gwpolicy explain with lint findings', () => {
  test('text: the findings follow the points, one diagnostic each (wrapped at --width 100), and stay off standard error', async () => {
    const r = await run([
      'explain',
      examples,
      '--route',
      'HTTPRoute/payments/payments-admin',
      '--width',
      '100',
    ]);

    expect(r.code).toBe(EXIT_OK);
    const [points, lint] = r.stdout.split(/\nlint: \d+ finding\(s\)\n/);
    expect(points).toContain('HTTPRoute/payments/payments-admin');
    expect(lint).toBeDefined();
    const physical = lint!.replace(/\n$/, '').split('\n');
    for (const line of physical) expect(line.length).toBeLessThanOrEqual(100);
    // Continuation lines are indented; joined back, each finding is one diagnostic line.
    const lines = lint!
      .replace(/\n {4}/g, ' ')
      .replace(/\n$/, '')
      .split('\n');
    for (const line of lines) expect(line).toMatch(DIAGNOSTIC_LINE);
    expect(
      lines.some(
        (l) =>
          l.includes('GWP-LINT-GO-NULL-ERASE') &&
          l.includes('(SecurityPolicy/payments/payments-admin-authz)'),
      ),
    ).toBe(true);
    expect(r.stderr).not.toContain('GWP-LINT-');
  });

  test('json: findings in diagnostics, only about policies that are candidates at the points shown', async () => {
    const all = JSON.parse((await run(['explain', examples, '-o', 'json'])).stdout) as Doc;
    const cart = JSON.parse(
      (await run(['explain', examples, '--route', 'HTTPRoute/shop/cart', '-o', 'json'])).stdout,
    ) as Doc;

    const resources = (d: Doc): string[] =>
      d.diagnostics.filter((x) => x.code.startsWith('GWP-LINT-')).map((x) => x.resource ?? '');
    expect(resources(all)).toEqual(
      expect.arrayContaining([
        'BackendTrafficPolicy/shop/catalog-rate-limit',
        'SecurityPolicy/payments/payments-admin-authz',
      ]),
    );
    // cart's candidates: public-gw-resilience, shop-api-cors, ...: not payments-admin-authz nor catalog-rate-limit.
    expect(resources(cart)).not.toContain('SecurityPolicy/payments/payments-admin-authz');
    expect(resources(cart)).not.toContain('BackendTrafficPolicy/shop/catalog-rate-limit');
    expect(resources(cart).length).toBeLessThan(resources(all).length);
  });

  test('yaml and --policy: the findings about that policy only', async () => {
    const r = await run([
      'explain',
      examples,
      '--policy',
      'BackendTrafficPolicy/shop/catalog-rate-limit',
      '-o',
      'yaml',
    ]);

    const doc = parse(r.stdout) as Doc;
    const lint = doc.diagnostics.filter((d) => d.code.startsWith('GWP-LINT-'));
    expect(lint.length).toBe(2);
    for (const d of lint) expect(d.resource).toBe('BackendTrafficPolicy/shop/catalog-rate-limit');
  });
});
