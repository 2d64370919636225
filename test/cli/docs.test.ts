/**
 * docs/cli.md holds every help text verbatim, in a ```text block between
 * `<!-- help: NAME -->` and `<!-- /help -->`. Run with GWP_WRITE_CLI_DOCS=1 to rewrite the blocks
 * from the program's help strings.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { commandHelp, help } from '../../src/cli/help.js';

const docsPath = fileURLToPath(new URL('../../docs/cli.md', import.meta.url));
const texts: ReadonlyArray<readonly [string, string]> = [['gwpolicy', help], ...Object.entries(commandHelp)];

function block(name: string, text: string): string {
  return `<!-- help: ${name} -->\n\`\`\`text\n${text}\`\`\`\n<!-- /help -->`;
}

if (process.env.GWP_WRITE_CLI_DOCS === '1') {
  let docs = readFileSync(docsPath, 'utf8');
  for (const [name, text] of texts) {
    docs = docs.replace(new RegExp(`<!-- help: ${name} -->[\\s\\S]*?<!-- /help -->`), () =>
      block(name, text),
    );
  }
  writeFileSync(docsPath, docs);
}

describe('docs/cli.md', () => {
  const docs = readFileSync(docsPath, 'utf8');

  test.each(texts.map(([name]) => name))('holds the help of %s verbatim', (name) => {
    const text = texts.find(([n]) => n === name)![1];
    expect(docs, 'run GWP_WRITE_CLI_DOCS=1 npx vitest run test/cli/docs.test.ts').toContain(
      block(name, text),
    );
  });

  test('has a block for every command and no other', () => {
    const names = [...docs.matchAll(/<!-- help: ([a-z]+) -->/g)].map((m) => m[1]);
    expect(names.sort()).toEqual(texts.map(([n]) => n).sort());
  });
});
