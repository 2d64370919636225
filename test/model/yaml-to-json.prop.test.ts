/**
 * The loader's YAML reader converts composed documents itself (linear in anchors and aliases,
 * without recursion). Law: wherever the `yaml` package's own `toJS` gives JSON data, the reader
 * gives the same value; wherever the `yaml` package refuses the document (an error, a throw), the
 * reader refuses it too. Texts are generated in flow style with anchors, aliases (to earlier,
 * later, redefined and enclosing anchors), `<<` merge keys (a map, an alias, a list of them, or
 * something else) and repeated keys.
 */
import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { parseDocument } from 'yaml';
import { readYaml } from '../../src/model/_internal/yaml-read.js';

type Y =
  | { readonly t: 'scalar'; readonly text: string; readonly anchor?: string | undefined }
  | { readonly t: 'alias'; readonly name: string }
  | { readonly t: 'seq'; readonly items: readonly Y[]; readonly anchor?: string | undefined }
  | {
      readonly t: 'map';
      readonly pairs: readonly (readonly [string, Y])[];
      readonly anchor?: string | undefined;
    };

const NAMES = ['a', 'b', 'c'];

const scalarText = fc.oneof(
  fc.constantFrom('1', '-2', '0x1F', '2.5', 'true', 'null', '~', 'yes', '"<<"', '""', 'x'),
  fc.string({ maxLength: 4 }).map((s) => JSON.stringify(s)),
);
const keyText = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('k', 'l', 'm', '"k"', '1', 'true', '__proto__', 'constructor') },
  { weight: 1, arbitrary: fc.constant('<<') },
  { weight: 1, arbitrary: fc.constantFrom(...NAMES.map((n) => `*${n} `)) },
);
const anchor = fc.option(fc.constantFrom(...NAMES), { nil: undefined, freq: 3 });

const { node } = fc.letrec<{ node: Y }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record(
      { t: fc.constant('scalar' as const), text: scalarText, anchor },
      { requiredKeys: ['t', 'text'] },
    ),
    fc.record({ t: fc.constant('alias' as const), name: fc.constantFrom(...NAMES) }),
    fc.record(
      { t: fc.constant('seq' as const), items: fc.array(tie('node'), { maxLength: 3 }), anchor },
      { requiredKeys: ['t', 'items'] },
    ),
    fc.record(
      {
        t: fc.constant('map' as const),
        pairs: fc.array(fc.tuple(keyText, tie('node')), { maxLength: 3 }),
        anchor,
      },
      { requiredKeys: ['t', 'pairs'] },
    ),
  ),
}));

function render(y: Y): string {
  const a = 'anchor' in y && y.anchor !== undefined ? `&${y.anchor} ` : '';
  switch (y.t) {
    case 'scalar':
      return `${a}${y.text}`;
    case 'alias':
      return `*${y.name} `;
    case 'seq':
      return `${a}[${y.items.map(render).join(', ')}]`;
    case 'map':
      return `${a}{${y.pairs.map(([k, v]) => `${k}: ${render(v)}`).join(', ')}}`;
  }
}

/**
 * What go-yaml (Kubernetes) refuses and the reader refuses too, where the `yaml` package reads
 * something: an alias naming a node that encloses it (the last anchor of its name before it, in
 * document order; "anchor value contains itself", where the package builds a cycle or a merge
 * drops it), and a key that is a collection (through an alias here; the package writes it out as
 * YAML text).
 */
function refusedAsGoYaml(root: Y): boolean {
  const latest = new Map<string, Y>();
  const active = new Set<Y>();
  const walk = (y: Y, isKey = false): boolean => {
    if (y.t === 'alias') {
      const target = latest.get(y.name);
      return target !== undefined && (active.has(target) || (isKey && target.t !== 'scalar'));
    }
    if (y.anchor !== undefined) latest.set(y.anchor, y);
    if (y.t === 'scalar') return false;
    active.add(y);
    const refused =
      y.t === 'seq'
        ? y.items.some((item) => walk(item))
        : y.pairs.some(
            ([k, v]) => (k.startsWith('*') && walk({ t: 'alias', name: k.slice(1, -1) }, true)) || walk(v),
          );
    active.delete(y);
    return refused;
  };
  return walk(root);
}

/** The `yaml` package's reading: the value, or undefined when it refuses the document. */
function yamlPackage(text: string): { value: unknown } | undefined {
  const doc = parseDocument(text, { merge: true });
  if (doc.errors.length > 0) return undefined;
  try {
    return { value: doc.toJS({ maxAliasCount: -1 }) };
  } catch {
    return undefined;
  }
}

function reader(text: string): { value: unknown } | undefined {
  const [doc] = [...readYaml(text, 't.yaml', { maxAliasCount: -1 })];
  if (doc === undefined || doc.errors.length > 0) return undefined;
  return { value: doc.value };
}

/** Whether a value is JSON data without cycles (what the reader promises). */
function isTree(v: unknown, active = new Set<unknown>()): boolean {
  if (v === null || typeof v !== 'object') return typeof v !== 'number' || Number.isFinite(v);
  if (active.has(v)) return false;
  if (!Array.isArray(v) && Object.getPrototypeOf(v) !== Object.prototype) return false;
  active.add(v);
  const ok = Object.values(v).every((x) => isTree(x, active));
  active.delete(v);
  return ok;
}

describe('the YAML reader against the yaml package', () => {
  test.prop([node], { numRuns: Number(process.env.YAML_RUNS ?? 400) })(
    'it gives the value the yaml package gives wherever that is JSON data, and refuses what the package refuses',
    (y) => {
      const text = render(y);
      const expected = yamlPackage(text);
      const actual = reader(text);

      if (expected === undefined || refusedAsGoYaml(y)) expect(actual).toBeUndefined();
      else if (isTree(expected.value)) expect(actual).toEqual(expected);
      else expect(actual).toBeUndefined();
      if (actual !== undefined) expect(isTree(actual.value)).toBe(true);
    },
  );
});

/** Whether a tree holds a `<<` merge key (the package counts the aliases of merged maps again). */
function hasMergeKey(y: Y): boolean {
  if (y.t === 'seq') return y.items.some(hasMergeKey);
  if (y.t === 'map') return y.pairs.some(([k, v]) => k === '<<' || hasMergeKey(v));
  return false;
}

describe('maxAliasCount', () => {
  test.prop([node, fc.integer({ min: 0, max: 6 })], { numRuns: Number(process.env.YAML_RUNS ?? 300) })(
    'the reader refuses a document for its aliases exactly when the yaml package does, with the same limit',
    (y, limit) => {
      fc.pre(!hasMergeKey(y) && !refusedAsGoYaml(y));
      const text = render(y);
      fc.pre(yamlPackage(text) !== undefined);
      const doc = parseDocument(text, { merge: true });
      let packageRefuses = false;
      try {
        doc.toJS({ maxAliasCount: limit });
      } catch (error) {
        packageRefuses = error instanceof ReferenceError;
      }

      const [read] = [...readYaml(text, 't.yaml', { maxAliasCount: limit })];

      expect(read?.errors.some((d) => d.code === 'GWP-LOAD-ALIAS-LIMIT')).toBe(packageRefuses);
    },
  );
});
