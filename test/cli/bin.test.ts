/**
 * End to end: the built bin (`npm run build` → dist/bundled/cli.js) as a process. Skipped, with a notice,
 * when dist/ has not been built (`.ci/run` builds before the tests).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { BASE, btp } from './_fixtures.js';

const GATEWAY_TARGET = 'targetRefs: [{group: gateway.networking.k8s.io, kind: Gateway, name: eg}]';

const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = path.join(root, 'dist', 'bundled', 'cli.js');
const BUILT = existsSync(bin);
if (!BUILT)
  console.warn(
    'test/cli/bin: dist/bundled/cli.js is absent (run npm run build); the end-to-end tests are skipped',
  );

function node(
  args: readonly string[],
  input = '',
): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd: root,
    input,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe.skipIf(!BUILT)('the built bin, dist/bundled/cli.js', () => {
  test('starts with the node shebang', () => {
    expect(readFileSync(bin, 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node');
  });

  test('--help prints the help and exits 0', () => {
    const r = node(['--help']);

    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Usage: gwpolicy COMMAND/);
    expect(r.stderr).toBe('');
  });

  test('--version prints the version of package.json', () => {
    const { version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
      version: string;
    };

    const r = node(['--version']);

    expect(r.status).toBe(0);
    expect(r.stdout).toBe(`${version}\n`);
  });

  test('validate examples exits 0; a usage error exits 2 with one line', () => {
    expect(node(['validate', 'examples', '--enable-lua']).status).toBe(0);
    const bad = node(['status', '--order', 'sideways', 'examples']);
    expect(bad.status).toBe(2);
    expect(bad.stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  test('no FILE reads piped standard input', () => {
    const text = readFileSync(path.join(root, 'examples', 'platform', 'namespaces.yaml'), 'utf8');

    const r = node(['validate', '-o', 'json'], text);

    expect(r.status).toBe(0);
    expect((JSON.parse(r.stdout) as { summary: { resources: number } }).summary.resources).toBeGreaterThan(0);
  });

  test.skipIf(process.platform === 'win32')(
    'a closed pipe (| head) ends quietly, without a stack trace',
    async () => {
      // Output well past a pipe buffer (64 KiB), so that writing after `head` exits fails with EPIPE.
      const dir = await mkdtemp(path.join(tmpdir(), 'gwp-cli-bin-'));
      const policies = Array.from({ length: 600 }, (_, i) => btp(`p${i}`, GATEWAY_TARGET));
      const file = path.join(dir, 'big.yaml');
      await writeFile(file, [BASE, ...policies].join('---\n'));
      try {
        const r = spawnSync('sh', ['-c', `"${process.execPath}" "${bin}" status "${file}" | head -n 1`], {
          cwd: root,
          encoding: 'utf8',
        });

        expect(r.stdout).toBe('BackendTrafficPolicy:\n');
        expect(r.stderr).toBe('');
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  );
});
