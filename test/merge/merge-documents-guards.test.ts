/**
 * `mergeDocuments` reads text with the loader's YAML reader, so the loader's guards hold for it
 * too: nesting, aliases, values that are not JSON data, and objects copied as `loadObjects`
 * copies them. (In a file of their own: before the shared reader, the first test aborted the
 * process.)
 */
import { mergeDocuments } from 'gateway-policy-sim';
import { describe, expect, test } from 'vitest';

const DEEP = `${'['.repeat(2000)}${']'.repeat(2000)}`;

describe('mergeDocuments guards', () => {
  test('2,000 nested flow sequences are refused as too deep, call after call (the process used to abort)', () => {
    for (let i = 0; i < 3; i += 1) {
      const r = mergeDocuments(DEEP, DEEP, 'JSONMerge', { parentFile: 'p.yaml', patchFile: 'r.yaml' });

      expect(r.ok).toBe(false);
      expect(
        r.diagnostics.map((d) => [d.code, d.location?.file, d.location?.line, d.location?.column]),
      ).toEqual([
        ['GWP-LOAD-TOO-DEEP', 'p.yaml', 1, 129],
        ['GWP-LOAD-TOO-DEEP', 'r.yaml', 1, 129],
      ]);
    }
  });

  test('an alias bomb is refused with GWP-LOAD-ALIAS-LIMIT, not thrown', () => {
    const bomb = [
      'a: &a [x, x, x, x, x, x, x, x, x]',
      'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]',
      'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]',
      'd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]',
    ].join('\n');

    const r = mergeDocuments(bomb, 'kind: X', 'JSONMerge');

    expect(r.ok).toBe(false);
    expect(r.diagnostics.map((d) => [d.code, d.location?.line, d.location?.column])).toEqual([
      ['GWP-LOAD-ALIAS-LIMIT', 4, 8],
    ]);
  });

  test('maxAliasCount is the loader option: the same text merges with a higher limit', () => {
    const text = 'kind: X\nspec: {a: &x v, b: *x, c: *x}';

    expect(mergeDocuments(text, 'kind: X', 'JSONMerge', { maxAliasCount: 1 }).ok).toBe(false);
    expect(mergeDocuments(text, 'kind: X', 'JSONMerge').merged).toEqual({
      kind: 'X',
      spec: { a: 'v', b: 'v', c: 'v' },
    });
    expect(() => mergeDocuments(text, 'kind: X', 'JSONMerge', { maxAliasCount: -2 })).toThrow(
      /GWP-API-BAD-OPTION/,
    );
  });

  test('an unresolved alias is a GWP-MERGE-YAML error of the text, not a ReferenceError', () => {
    const r = mergeDocuments('kind: X\nspec: *nope\n', 'kind: X', 'JSONMerge', { parentFile: 'p.yaml' });

    expect(r.ok).toBe(false);
    expect(r.diagnostics.map((d) => [d.code, d.location?.line, d.location?.column, d.message])).toEqual([
      ['GWP-MERGE-YAML', 2, 7, 'unresolved alias *nope: no anchor &nope before it (BAD_ALIAS)'],
    ]);
  });

  test('a YAML 1.1 tag whose value is not JSON data is GWP-LOAD-NOT-JSON, not an empty object', () => {
    const r = mergeDocuments('kind: X\nspec: {at: !!timestamp 2001-12-14}\n', 'kind: X', 'JSONMerge');

    expect(r.ok).toBe(false);
    expect(r.diagnostics.map((d) => [d.code, d.location?.pointer])).toEqual([
      ['GWP-LOAD-NOT-JSON', '/spec/at'],
    ]);
  });

  test('two documents in one text are refused: a policy is one document', () => {
    const r = mergeDocuments('kind: X\n---\nkind: X\n', 'kind: X', 'JSONMerge');

    expect(r.ok).toBe(false);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['GWP-MERGE-YAML']);
  });

  test('objects nested deeper than the loader allows, cycles and class instances are diagnosed', () => {
    let deep: unknown = {};
    for (let i = 0; i < 10_000; i += 1) deep = { a: deep };
    const cyclic: Record<string, unknown> = { kind: 'X' };
    cyclic.self = cyclic;

    expect(mergeDocuments(deep, {}, 'JSONMerge').diagnostics.map((d) => d.code)).toEqual([
      'GWP-LOAD-TOO-DEEP',
    ]);
    expect(mergeDocuments(cyclic, {}, 'JSONMerge').diagnostics.map((d) => d.code)).toEqual([
      'GWP-LOAD-NOT-JSON',
    ]);
    expect(
      mergeDocuments({ kind: 'X', at: new Date(0) }, {}, 'JSONMerge').diagnostics.map((d) => d.code),
    ).toEqual(['GWP-LOAD-NOT-JSON']);
  });
});
