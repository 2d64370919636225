/**
 * Laws of the projection tokens (`projection-key.ts`) and of the pass tables that keep them
 * (`projection-trie.ts`), against plain references: the text of a projection is one to one with
 * its tokens, and a trie holds exactly the projections added, as a set of their texts does.
 */
import { parse } from '@bufbuild/cel';
import { fc, test } from '@fast-check/vitest';
import { expect } from 'vitest';
import { projectionTokens, Tokens, tokensText } from '../../src/admission/_internal/cel/projection-key.js';
import { ProjectionTrie } from '../../src/admission/_internal/cel/projection-trie.js';
import { ruleReads } from '../../src/admission/_internal/cel/rule-reads.js';

/** Projections onto reads of several shapes: a whole field, sizes, items, presence. */
const READS = [
  'self.a == 1',
  'has(self.a) && self.b.size() > 1',
  "self.a.all(x, x.k == 'v') && self.b[0] == 2",
  'self.a.x.y == self.b.z',
].map((r) => projectionTokens(ruleReads(parse(r).expr)!));

/** Values from a small domain, so that projections repeat; `-0`, `undefined` members and NaN included. */
const leaf = fc.constantFrom<unknown>(
  '',
  'a',
  'A',
  'P',
  's1:a',
  '0',
  0,
  -0,
  1,
  1.5,
  Number.NaN,
  true,
  false,
  null,
);
const value: fc.Arbitrary<unknown> = fc.letrec<{ v: unknown }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.array(tie('v'), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom('a', 'b', 'k', 'x', 'y', 'z'), fc.oneof(tie('v'), fc.constant(undefined)), {
      maxKeys: 3,
    }),
  ),
})).v;

function tokensOf(project: (typeof READS)[number], v: unknown): unknown[] | undefined {
  const t = new Tokens();
  return project(v, t) ? t.copy() : undefined;
}

test.prop([fc.constantFrom(...READS.keys()), value, value])(
  'two projections have the same text exactly when their tokens are the same',
  (r, a, b) => {
    const project = READS[r]!;
    const ta = tokensOf(project, a);
    const tb = tokensOf(project, b);
    if (ta === undefined || tb === undefined) return;
    const same = ta.length === tb.length && ta.every((x, i) => Object.is(x, tb[i]));
    expect(tokensText(ta) === tokensText(tb)).toBe(same);
  },
);

test.prop([
  fc.constantFrom(...READS.keys()),
  fc.array(fc.tuple(fc.boolean(), value), { maxLength: 40 }),
  fc.integer({ min: 1, max: 12 }),
])(
  'a trie holds exactly the projections added since it was last emptied, as a set of their texts does',
  (r, ops, limit) => {
    const project = READS[r]!;
    const trie = new ProjectionTrie(limit);
    let reference = new Set<string>();
    for (const [add, v] of ops) {
      const t = tokensOf(project, v);
      if (t === undefined) continue;
      const text = tokensText(t);
      expect(trie.has(t, t.length)).toBe(reference.has(text));
      if (add) {
        if (reference.size >= limit) reference = new Set();
        reference.add(text);
        trie.add(t, t.length);
      }
      expect(trie.size).toBe(reference.size);
    }
  },
);
