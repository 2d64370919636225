/**
 * `gwpolicy drift`: no difference when the objects carry the status the simulation predicts (the
 * bundled example's own `gwpolicy status` output; a translator test case with its `.out.yaml`),
 * each kind of difference found and named, and what is ignored.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { stringify } from 'yaml';
import { EXIT_ERRORS, EXIT_OK, EXIT_USAGE } from '../../src/cli/exit-codes.js';
import { egTestData } from '../_support/eg-testdata.js';
import { run } from './_io.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const CASE = 'securitypolicy-override-replace';
const CASE_IN = egTestData('gatewayapi', `${CASE}.in.yaml`);
const CASE_PRESENT = existsSync(CASE_IN);
if (!CASE_PRESENT) console.warn(`test/cli/drift: SKIPPED the translator test case ${CASE}: test data absent`);

interface Drift {
  compared: number;
  drifted: {
    policy: string;
    differences: {
      what: string;
      ancestor?: string;
      condition?: string;
      expected: string | null;
      actual: string | null;
    }[];
  }[];
}

type StatusDoc = Record<
  string,
  {
    metadata: { name: string };
    status: {
      ancestors:
        | { ancestorRef: { name: string }; controllerName: string; conditions: Record<string, unknown>[] }[]
        | null;
    };
  }[]
>;

describe('gwpolicy drift', () => {
  let dir = '';
  let status: StatusDoc = {};
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'gwp-cli-drift-'));
    const r = await run(['status', 'examples', '--enable-lua', '-o', 'json'], { cwd: root });
    // The policy lists, without the document's schema version.
    const { schemaVersion: _version, ...lists } = JSON.parse(r.stdout) as { schemaVersion: string };
    status = lists as StatusDoc;
    await writeFile(path.join(dir, 'status.yaml'), stringify(status));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function driftWith(edit: (doc: StatusDoc) => void): Promise<{ code: number; drift: Drift }> {
    const doc = structuredClone(status);
    edit(doc);
    await writeFile(path.join(dir, 'edited.yaml'), stringify(doc));
    const r = await run(
      ['drift', 'examples', '--enable-lua', '--status', path.join(dir, 'edited.yaml'), '-o', 'json'],
      { cwd: root },
    );
    return { code: r.code, drift: JSON.parse(r.stdout) as Drift };
  }

  test('the predicted status itself: no drift, exit 0', async () => {
    const r = await run(['drift', 'examples', '--enable-lua', '--status', path.join(dir, 'status.yaml')], {
      cwd: root,
    });

    expect(r.code).toBe(EXIT_OK);
    expect(r.stdout).toBe(
      'no drift: the status of the 23 policies compared is what Envoy Gateway would write\n',
    );
  });

  test('a controller that has not caught up (Lua switched on in the cluster): every difference, exit 1', async () => {
    const r = await run(['drift', 'examples', '--status', path.join(dir, 'status.yaml'), '-o', 'json'], {
      cwd: root,
    });

    expect(r.code).toBe(EXIT_ERRORS);
    const drift = JSON.parse(r.stdout) as Drift;
    expect(drift.drifted.map((d) => d.policy)).toEqual([
      'EnvoyExtensionPolicy/infra/pci-audit',
      'EnvoyExtensionPolicy/infra/security-headers',
      'EnvoyExtensionPolicy/shop/bot-shield',
    ]);
    const botShield = drift.drifted[2]!.differences;
    expect(botShield).toContainEqual({
      what: 'reason',
      ancestor: 'Gateway/infra/public-gw/https',
      condition: 'Accepted',
      expected: 'Invalid',
      actual: 'Accepted',
    });
  });

  test('a changed reason, a missing ancestor and an extra condition are each found', async () => {
    const { code, drift } = await driftWith((doc) => {
      const btps = doc.BackendTrafficPolicy!;
      const conflicted = btps.find((p) => p.metadata.name === 'storefront-lb')!;
      conflicted.status.ancestors![0]!.conditions[0]!.reason = 'Accepted';
      const other = btps.find((p) => p.metadata.name === 'catalog-rate-limit')!;
      other.status.ancestors = other.status.ancestors!.slice(1);
      const sp = doc.SecurityPolicy![0]!;
      sp.status.ancestors![0]!.conditions.push({
        type: 'Stale',
        status: 'True',
        reason: 'Stale',
        message: 'left over',
      });
    });

    expect(code).toBe(EXIT_ERRORS);
    const what = drift.drifted.flatMap((d) =>
      d.differences.map((x) => `${d.policy} ${x.what} ${x.condition ?? ''}`.trim()),
    );
    expect(what).toEqual(
      expect.arrayContaining([
        'BackendTrafficPolicy/shop/storefront-lb reason Accepted',
        'BackendTrafficPolicy/shop/catalog-rate-limit ancestor',
        expect.stringMatching(/^SecurityPolicy\/\S+ condition Stale$/),
      ]),
    );
    expect(drift.drifted).toHaveLength(3);
  });

  test('lastTransitionTime, observedGeneration, order and other controllers are ignored', async () => {
    const { code, drift } = await driftWith((doc) => {
      for (const list of Object.values(doc)) {
        for (const p of list) {
          const ancestors = p.status.ancestors;
          if (!ancestors) continue;
          ancestors.reverse();
          for (const a of ancestors) {
            a.conditions.reverse();
            for (const c of a.conditions) {
              c.lastTransitionTime = '2026-01-01T00:00:00Z';
              c.observedGeneration = 7;
            }
          }
          ancestors.push({
            ancestorRef: { name: 'elsewhere' },
            controllerName: 'example.com/other',
            conditions: [{ type: 'Accepted' }],
          });
        }
      }
    });

    expect(drift.drifted).toEqual([]);
    expect(code).toBe(EXIT_OK);
  });

  test('a policy without status in the input (not yet reconciled) drifts; text names each difference', async () => {
    const r = await run(['drift', 'examples', '--width', '0'], { cwd: root });

    expect(r.code).toBe(EXIT_ERRORS);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('drift: 23 of 23 policies differ from what Envoy Gateway would write');
    expect(lines).toContain(
      'ClientTrafficPolicy/infra/internal-gw-client (examples/platform/policies.yaml:71)',
    );
    expect(r.stdout).toMatch(
      /^ {2}ancestor Gateway\/infra\/internal-gw: expected "Accepted=True\/Accepted: Policy has been accepted\.; Warning=True\/DeprecatedField: .*", found \(absent\)$/m,
    );
  });

  test.skipIf(!CASE_PRESENT)(
    `a translator test case with its .out.yaml, as the upstream harness runs it: no drift`,
    async () => {
      const out = CASE_IN.replace(/\.in\.yaml$/, '.out.yaml');

      const clean = await run([
        'drift',
        CASE_IN,
        '--status',
        out,
        '--order',
        'input',
        '--admission',
        'report',
      ]);
      const edited = path.join(dir, 'case.out.yaml');
      await writeFile(
        edited,
        (await readFile(out, 'utf8')).replace(
          'message: Policy has been accepted.',
          'message: Policy is pending.',
        ),
      );
      const mutated = await run([
        'drift',
        CASE_IN,
        '--status',
        edited,
        '--order',
        'input',
        '--admission',
        'report',
      ]);

      expect(clean.code).toBe(EXIT_OK);
      expect(clean.stdout).toMatch(/^no drift: the status of the 6 policies compared/);
      expect(mutated.code).toBe(EXIT_ERRORS);
      expect(mutated.stdout).toMatch(
        /message: expected "Policy has been accepted.", found "Policy is pending."/,
      );
    },
  );

  test('usage: a bad -o is a usage error', async () => {
    expect((await run(['drift', 'examples', '-o', 'yaml'], { cwd: root })).code).toBe(EXIT_USAGE);
  });
});
