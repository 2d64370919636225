/**
 * docs/testing.md shows the oracle test that runs in `npm test`: its code block is the text of
 * test/testing/oracle.test.ts, so the two cannot drift, and it stays under 20 lines.
 */
import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';

const root = new URL('../../', import.meta.url);
const doc = readFileSync(new URL('docs/testing.md', root), 'utf8');
const file = readFileSync(new URL('test/testing/oracle.test.ts', root), 'utf8');

test("docs/testing.md's oracle test is test/testing/oracle.test.ts, word for word, in under 20 lines", () => {
  const block = /```ts\n([\s\S]*?)```/.exec(doc)?.[1];
  expect(block).toBe(file);
  expect(file.trimEnd().split('\n').length).toBeLessThan(20);
});
