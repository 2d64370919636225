/**
 * `gwpolicy completion bash|zsh|fish`: the scripts are asked for completions by the real shells
 * (bash always; zsh through zpty and fish through `complete -C` when installed, else skipped
 * with a notice).
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { EXIT_OK, EXIT_USAGE } from '../../src/cli/exit-codes.js';
import { commandHelp } from '../../src/cli/help.js';
import { run } from './_io.js';

function has(shell: string): boolean {
  return spawnSync(shell, ['-c', 'exit 0']).status === 0;
}
const ZSH = has('zsh');
const FISH = has('fish');
if (!ZSH) console.warn('test/cli/completion: SKIPPED the zsh completion tests: zsh is not installed');
if (!FISH) console.warn('test/cli/completion: SKIPPED the fish completion tests: fish is not installed');

let dir = '';
const scripts: Record<string, string> = {};
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'gwp-completion-'));
  for (const shell of ['bash', 'zsh', 'fish']) {
    const r = await run(['completion', shell]);
    expect(r.code).toBe(EXIT_OK);
    scripts[shell] = path.join(dir, `gwpolicy.${shell}`);
    await writeFile(scripts[shell], r.stdout);
  }
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** What bash's completion function offers for a command line (the last word being completed). */
function bashComplete(words: readonly string[]): string[] {
  const array = words.map((w) => `'${w}'`).join(' ');
  const r = spawnSync(
    'bash',
    [
      '-c',
      `source '${scripts.bash}'; COMP_WORDS=(${array}); COMP_CWORD=${words.length - 1}; _gwpolicy; printf '%s\\n' "\${COMPREPLY[@]}"`,
    ],
    { encoding: 'utf8' },
  );
  return r.stdout.split('\n').filter((l) => l !== '');
}

describe('gwpolicy completion', () => {
  test('bash: commands, options, option values, and shells for completion itself', () => {
    expect(bashComplete(['gwpolicy', ''])).toEqual(expect.arrayContaining(Object.keys(commandHelp)));
    expect(bashComplete(['gwpolicy', 'val'])).toEqual(['validate']);
    expect(bashComplete(['gwpolicy', 'validate', '-o', ''])).toEqual(['text', 'json', 'sarif', 'github']);
    expect(bashComplete(['gwpolicy', 'status', '--output', ''])).toEqual(['yaml', 'json']);
    expect(bashComplete(['gwpolicy', 'validate', '--sev'])).toEqual(['--severity']);
    expect(bashComplete(['gwpolicy', 'validate', '--severity', 'w'])).toEqual(['warning']);
    expect(bashComplete(['gwpolicy', 'explain', '--kind', 'Sec'])).toEqual(['SecurityPolicy']);
    expect(bashComplete(['gwpolicy', 'completion', ''])).toEqual(['bash', 'zsh', 'fish']);
  });

  test('bash: every option of every command is offered after its command', async () => {
    for (const name of Object.keys(commandHelp)) {
      const offered = new Set(bashComplete(['gwpolicy', name, '--']));
      // The options the help's "Options:" section lists.
      const options = commandHelp[name]!.split('\nOptions:\n')[1] ?? '';
      const inHelp = [
        ...options.matchAll(/^ {2}(?:-[a-zA-Z], )?(--[a-z][a-z-]*)(?:, (--[a-z][a-z-]*))?/gm),
      ].flatMap((m) => [m[1]!, ...(m[2] ? [m[2]] : [])]);
      expect(inHelp.length).toBeGreaterThan(0);
      for (const flag of new Set(inHelp)) expect(offered, `${name} ${flag}`).toContain(flag);
    }
  });

  test.skipIf(!ZSH)('zsh: completes option values through the real completion system', () => {
    const script = `zmodload zsh/zpty
zpty z 'zsh -f -i'
zpty -w z 'PS1="> "; autoload -U compinit; compinit -u -D; source ${scripts.zsh}'
sleep 0.5
zpty -w -n z $'gwpolicy validate --severity \\t'
sleep 1.5
out=''
while zpty -r -t z line; do out+=$line; done
print -r -- "$out"
zpty -d z`;
    const r = spawnSync('zsh', ['-f', '-c', script], { encoding: 'utf8', timeout: 20_000 });

    expect(r.stdout).toMatch(/error\s+info\s+warning/);
  });

  test.skipIf(!FISH)('fish: completes commands and option values', () => {
    const ask = (line: string): string[] => {
      const r = spawnSync('fish', ['-c', `source '${scripts.fish}'; complete -C '${line}'`], {
        encoding: 'utf8',
      });
      return r.stdout
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => l.split('\t')[0]!);
    };

    expect(ask('gwpolicy val')).toEqual(['validate']);
    expect(ask('gwpolicy validate -o ').sort()).toEqual(['github', 'json', 'sarif', 'text']);
    expect(ask('gwpolicy graph --format ').sort()).toEqual(['dot', 'json', 'mermaid']);
  });

  test('a missing or unknown shell is a usage error', async () => {
    expect((await run(['completion'])).code).toBe(EXIT_USAGE);
    const r = await run(['completion', 'tcsh']);
    expect(r.code).toBe(EXIT_USAGE);
    expect(r.errLines[0]).toMatch(/^gwpolicy: completion: give one shell: bash, zsh, fish/);
  });
});
