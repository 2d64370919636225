/**
 * The JSON fast path of `loadManifests` (JSON.parse plus one locating scan) against the YAML path
 * it replaces, which is called here directly: for any text, both give the same LoadResult.
 *
 * JSON texts are rendered here from a small syntax tree, so that they can hold what a
 * serialiser would not write: number spellings (`-0`, `1E400`, 30-digit integers), escaped keys,
 * repeated keys, white space anywhere (tabs, CRLF, bare CR), a BOM, nesting near the limit.
 */
import { fc, test } from '@fast-check/vitest';
import {
  KNOWN_KINDS,
  kindInfo,
  type LoadResult,
  loadManifests,
  type ManifestSource,
} from 'gateway-policy-sim';
import { describe, expect } from 'vitest';
import { LoadCollector } from '../../src/model/_internal/load-collector.js';
import { loadJsonSource } from '../../src/model/_internal/load-json.js';
import { loadYamlSource } from '../../src/model/_internal/load-yaml.js';

// ---------------------------------------------------------------------------------------------
// A JSON syntax tree and its rendering

type Key = { readonly s: string; readonly escaped: boolean };
type J =
  | { readonly t: 'lit'; readonly text: string }
  | { readonly t: 'str'; readonly s: string }
  | { readonly t: 'arr'; readonly items: readonly J[] }
  | { readonly t: 'obj'; readonly pairs: readonly (readonly [Key, J])[] };

const lit = (text: string): J => ({ t: 'lit', text });
const str = (s: string): J => ({ t: 'str', s });
const arr = (items: readonly J[]): J => ({ t: 'arr', items });
const obj = (pairs: readonly (readonly [Key, J])[]): J => ({ t: 'obj', pairs });
const key = (s: string, escaped = false): Key => ({ s, escaped });

/** Every character as a `\uXXXX` escape: the same key, written differently. */
function escapedString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i += 1) out += `\\u${s.charCodeAt(i).toString(16).padStart(4, '0')}`;
  return `${out}"`;
}

/** Renders a tree with white space taken in turn from `ws` between all tokens. */
function render(root: J, ws: readonly string[]): string {
  let n = 0;
  const w = (): string => (ws.length === 0 ? '' : (ws[n++ % ws.length] as string));
  const go = (j: J): string => {
    switch (j.t) {
      case 'lit':
        return j.text;
      case 'str':
        return JSON.stringify(j.s);
      case 'arr':
        return `[${w()}${j.items.map((x) => `${go(x)}${w()}`).join(`,${w()}`)}]`;
      case 'obj':
        return `{${w()}${j.pairs
          .map(
            ([k, v]) => `${k.escaped ? escapedString(k.s) : JSON.stringify(k.s)}${w()}:${w()}${go(v)}${w()}`,
          )
          .join(`,${w()}`)}}`;
    }
  };
  return `${w()}${go(root)}${w()}`;
}

// ---------------------------------------------------------------------------------------------
// Generators

const numberText = fc
  .oneof(
    fc.integer().map(String),
    fc.double({ noNaN: true, noDefaultInfinity: true }).map((x) => JSON.stringify(x)),
    fc.bigInt({ min: -(10n ** 40n), max: 10n ** 40n }).map(String),
    fc
      .tuple(
        fc.constantFrom('', '-'),
        fc.stringMatching(/^(0|[1-9][0-9]{0,24})$/),
        fc.option(fc.stringMatching(/^[0-9]{1,20}$/), { nil: undefined }),
        fc.option(
          fc.tuple(
            fc.constantFrom('e', 'E'),
            fc.constantFrom('', '+', '-'),
            fc.integer({ min: 0, max: 400 }),
          ),
          {
            nil: undefined,
          },
        ),
      )
      .map(
        ([sign, int, frac, exp]) =>
          `${sign}${int}${frac === undefined ? '' : `.${frac}`}${exp === undefined ? '' : `${exp[0]}${exp[1]}${exp[2]}`}`,
      ),
    fc.constantFrom(
      '-0',
      '-0.0',
      '0e0',
      '1e-400',
      '5e-324',
      '9007199254740993',
      '2.5E+3',
      '1.7976931348623157e308',
    ),
    // A number too large for a double is no JSON number once parsed: the fast path leaves it (below).
  )
  .filter((text) => Number.isFinite(Number(text)));

/** A number `JSON.parse` reads as an infinity. */
const overflowingNumber = fc.constantFrom('1E400', '-1e400', '2e308', '9'.repeat(310));

const stringArb = fc.oneof(
  fc.string({ maxLength: 8 }),
  fc.string({ unit: 'binary', maxLength: 8 }),
  fc.constantFrom(
    '',
    'items',
    'a\\b',
    'x"y',
    '\u2028',
    '\u0085',
    '\ufeff',
    '# c',
    '- a',
    '&a *a !t',
    '---',
    '\ud800',
  ),
);

const layoutKeys = [
  ...KNOWN_KINDS.flatMap((k) => (k.testDataKey === undefined ? [] : [k.testDataKey])),
  'envoyProxyForGatewayClass',
  'envoyProxyDefaultSpec',
  'extensionRefFilters',
  'extensionServerPolicies',
];

const keyText = fc.oneof(
  { weight: 2, arbitrary: fc.string({ maxLength: 6 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 4 }) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      'items',
      'kind',
      'apiVersion',
      'metadata',
      'name',
      '__proto__',
      '<<',
      '',
      '0',
      '10',
    ),
  },
  { weight: 1, arbitrary: fc.constantFrom(...layoutKeys) },
);
const keyArb: fc.Arbitrary<Key> = fc.record({ s: keyText, escaped: fc.boolean() });

/** Objects with distinct keys (a repeated key is a YAML error, tested apart). */
function objectOf(value: fc.Arbitrary<J>, maxKeys: number): fc.Arbitrary<J> {
  return fc.uniqueArray(fc.tuple(keyArb, value), { selector: ([k]) => k.s, maxLength: maxKeys }).map(obj);
}

const { anyJson } = fc.letrec<{ anyJson: J }>((tie) => ({
  anyJson: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    numberText.map(lit),
    fc.constantFrom('true', 'false', 'null').map(lit),
    stringArb.map(str),
    fc.array(tie('anyJson'), { maxLength: 4 }).map(arr),
    objectOf(tie('anyJson'), 4),
  ),
}));

/** An object's pairs in a random order. */
function shuffled(pairs: fc.Arbitrary<(readonly [Key, J])[]>): fc.Arbitrary<J> {
  return pairs
    .chain((ps) => fc.shuffledSubarray(ps, { minLength: ps.length, maxLength: ps.length }))
    .map(obj);
}

/** A few kinds often (so that identities repeat), every known kind, and kinds not modelled. */
const kindArb = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('HTTPRoute', 'Gateway', 'SecurityPolicy', 'Namespace') },
  { weight: 2, arbitrary: fc.constantFrom(...KNOWN_KINDS.map((k) => k.kind)) },
  { weight: 1, arbitrary: fc.constantFrom('Deployment', 'Bar') },
);
const apiVersionArb = fc.constantFrom(
  'v1',
  'gateway.networking.k8s.io/v1',
  'gateway.envoyproxy.io/v1alpha1',
  'example.io/v1',
);
const nameArb = fc.constantFrom('a', 'b', 'web');

/**
 * A Kubernetes object, mostly well-formed, sometimes flawed: no apiVersion or one of another
 * group, no kind, no name, a namespace that is not a string.
 */
const kubeObject: fc.Arbitrary<J> = shuffled(
  fc
    .record({
      kind: fc.option(kindArb, { nil: undefined, freq: 10 }),
      apiVersion: fc.oneof(
        { weight: 6, arbitrary: fc.constant('matching' as const) },
        { weight: 1, arbitrary: apiVersionArb },
        { weight: 1, arbitrary: fc.constant(undefined) },
      ),
      name: fc.option(nameArb.map(str), { nil: undefined, freq: 10 }),
      namespace: fc.oneof(
        { weight: 6, arbitrary: fc.constantFrom('default', 'apps').map(str) },
        { weight: 3, arbitrary: fc.constant(undefined) },
        { weight: 1, arbitrary: anyJson },
      ),
      extra: fc.array(
        fc.tuple(
          fc.constantFrom('spec', 'data', '__proto__', 'status').map((s) => key(s)),
          anyJson,
        ),
        { maxLength: 2 },
      ),
      escapedKind: fc.boolean(),
    })
    .map(({ kind, apiVersion, name, namespace, extra, escapedKind }) => {
      const metadata: (readonly [Key, J])[] = [];
      if (name !== undefined) metadata.push([key('name'), name]);
      if (namespace !== undefined) metadata.push([key('namespace'), namespace]);
      const pairs: (readonly [Key, J])[] = [[key('metadata'), obj(metadata)]];
      const version =
        apiVersion === 'matching' ? (kindInfo(kind ?? '')?.defaultApiVersion ?? 'example.io/v1') : apiVersion;
      if (version !== undefined) pairs.push([key('apiVersion'), str(version)]);
      if (kind !== undefined) pairs.push([key('kind', escapedKind), str(kind)]);
      const seen = new Set(pairs.map(([k]) => k.s));
      for (const [k, v] of extra) {
        if (seen.has(k.s)) continue;
        pairs.push([k, v]);
        seen.add(k.s);
      }
      return pairs;
    }),
);

/** An array of the items, the first repeated at the end when there are three (a duplicate identity). */
const withRepeat = (items: readonly J[]): J => arr(items.length === 3 ? [...items, items[0] as J] : items);

/** `kind: List` and typed lists, nesting, with items that are not objects, null or not an array. */
const { list } = fc.letrec<{ list: J }>((tie) => ({
  list: shuffled(
    fc
      .record({
        kind: fc.constantFrom('List', 'List', 'HTTPRouteList', 'FooList'),
        apiVersion: fc.option(apiVersionArb, { nil: undefined }),
        items: fc.oneof(
          {
            weight: 6,
            arbitrary: fc
              .array(
                fc.oneof(
                  { weight: 6, arbitrary: kubeObject },
                  { weight: 2, arbitrary: tie('list') },
                  { weight: 1, arbitrary: anyJson },
                ),
                { maxLength: 4 },
              )
              .map(withRepeat),
          },
          { weight: 1, arbitrary: anyJson },
        ),
        // Keys that are nearly `items`, and `items` written with escapes.
        escapedItems: fc.boolean(),
        extra: fc.uniqueArray(fc.tuple(fc.constantFrom('itemz', 'Items', 'xtems', 'metadata'), anyJson), {
          selector: ([k]) => k,
          maxLength: 2,
        }),
      })
      .map(({ kind, apiVersion, items, escapedItems, extra }) => [
        [key('kind'), str(kind)] as const,
        [key('items', escapedItems), items] as const,
        ...(apiVersion === undefined ? [] : [[key('apiVersion'), str(apiVersion)] as const]),
        ...extra.map(([k, v]) => [key(k), v] as const),
      ]),
  ),
}));

/** Envoy Gateway's test-data layout, keys in random case, some repeated in another spelling. */
const layout: fc.Arbitrary<J> = fc
  .uniqueArray(
    fc.tuple(
      fc.constantFrom(...layoutKeys, 'xdsIR', 'Gateways', 'HTTPROUTES'),
      fc.boolean(),
      fc.oneof(
        {
          weight: 4,
          arbitrary: fc
            .array(fc.oneof({ weight: 6, arbitrary: kubeObject }, { weight: 1, arbitrary: anyJson }), {
              maxLength: 3,
            })
            .map(withRepeat),
        },
        { weight: 2, arbitrary: kubeObject },
        {
          weight: 1,
          arbitrary: fc.tuple(fc.boolean(), nameArb).map(([merge, name]) =>
            obj([
              [key('metadata'), obj([[key('name'), str(name)]])],
              [key('spec'), obj([[key('mergeGateways'), lit(String(merge))]])],
            ]),
          ),
        },
        { weight: 1, arbitrary: anyJson },
      ),
    ),
    { selector: ([k, lower]) => (lower ? k.toLowerCase() : k), minLength: 1, maxLength: 5 },
  )
  .map((entries) => obj(entries.map(([k, lower, v]) => [key(lower ? k.toLowerCase() : k), v] as const)));

/** One JSON document as the loader meets it. */
const documentArb: fc.Arbitrary<J> = fc.oneof(
  { weight: 3, arbitrary: kubeObject },
  { weight: 3, arbitrary: list },
  { weight: 2, arbitrary: layout },
  {
    weight: 2,
    arbitrary: fc
      .array(
        fc.oneof(
          { weight: 3, arbitrary: kubeObject },
          { weight: 2, arbitrary: list },
          { weight: 1, arbitrary: layout },
          { weight: 1, arbitrary: anyJson },
        ),
        { maxLength: 4 },
      )
      .map(withRepeat),
  },
  { weight: 1, arbitrary: fc.oneof(fc.array(anyJson, { maxLength: 3 }).map(arr), objectOf(anyJson, 4)) },
);

/** White space that JSON and YAML both accept (no bare carriage return). */
const wsArb = fc.oneof(
  { weight: 1, arbitrary: fc.constant<string[]>([]) },
  {
    weight: 3,
    arbitrary: fc.array(fc.constantFrom('', '', ' ', '\n', '  ', '\t', '\r\n', '\n  ', '\n\t', ' \n'), {
      maxLength: 8,
    }),
  },
);

const jsonText = fc
  .tuple(documentArb, wsArb, fc.constantFrom('', '', '', '\ufeff'))
  .map(([doc, ws, bom]) => `${bom}${render(doc, ws)}`);

/** How deeply collections nest in a tree. */
function depthOf(j: J): number {
  if (j.t === 'arr') return 1 + Math.max(0, ...j.items.map(depthOf));
  if (j.t === 'obj') return 1 + Math.max(0, ...j.pairs.map(([, v]) => depthOf(v)));
  return 0;
}

/** A document wrapped in arrays or `items` objects until collections nest `min` to `max` deep. */
function nestedText(min: number, max: number): fc.Arbitrary<string> {
  return fc
    .tuple(documentArb, fc.integer({ min, max }), fc.boolean(), wsArb)
    .filter(([doc, depth]) => depthOf(doc) <= depth)
    .map(([doc, depth, objects, ws]) => {
      let j = doc;
      for (let level = depthOf(doc); level < depth; level += 1) {
        j = objects ? obj([[key('items'), j]]) : arr([j]);
      }
      return render(j, ws);
    });
}

/** A tree with one object's pair repeated: the same key again, maybe spelled with escapes. */
function withRepeatedKey(root: J, pick: number, escaped: boolean): J | undefined {
  const objects: J[] = [];
  const walk = (j: J): void => {
    if (j.t === 'obj' && j.pairs.length > 0) objects.push(j);
    if (j.t === 'obj') for (const [, v] of j.pairs) walk(v);
    if (j.t === 'arr') for (const v of j.items) walk(v);
  };
  walk(root);
  const target = objects[pick % Math.max(objects.length, 1)];
  if (target === undefined || target.t !== 'obj') return undefined;
  const [k, v] = target.pairs[pick % target.pairs.length] as readonly [Key, J];
  const repeated = obj([...target.pairs, [{ s: k.s, escaped }, v]]);
  const replace = (j: J): J =>
    j === target
      ? repeated
      : j.t === 'obj'
        ? obj(j.pairs.map(([pk, pv]) => [pk, replace(pv)] as const))
        : j.t === 'arr'
          ? arr(j.items.map(replace))
          : j;
  return replace(root);
}

/** Texts the fast path must leave to the YAML path. */
const refusedText = fc.oneof(
  fc
    .tuple(documentArb, fc.nat(), fc.boolean(), wsArb)
    .map(([doc, pick, escaped, ws]) => {
      const repeated = withRepeatedKey(doc, pick, escaped);
      return repeated === undefined ? undefined : render(repeated, ws);
    })
    .filter((t): t is string => t !== undefined),
  fc
    .tuple(documentArb, fc.array(fc.constantFrom(' ', '\n', '\r'), { minLength: 1, maxLength: 4 }))
    .map(([doc, ws]) => render(doc, ['\r', ...ws])),
  nestedText(129, 132),
  fc
    .tuple(documentArb, overflowingNumber, wsArb)
    .map(([doc, n, ws]) => render(arr([doc, obj([[key('huge'), lit(n)]])]), ws)),
);

/** One edit of a JSON text: mostly invalid JSON (which the YAML path may still read), sometimes not. */
const editedText = fc
  .tuple(
    jsonText,
    fc.nat(),
    fc.nat({ max: 3 }),
    fc.constantFrom(
      '',
      ',',
      ':',
      '{',
      '}',
      '[',
      ']',
      '"',
      '\\',
      ' ',
      '\n',
      '\r',
      '#',
      '-',
      '0',
      '---\n',
      'a',
    ),
  )
  .map(([text, at, del, insert]) => {
    const i = at % (text.length + 1);
    return text.slice(0, i) + insert + text.slice(i + del);
  });

// ---------------------------------------------------------------------------------------------
// The two paths

function yamlPath(sources: readonly ManifestSource[]): LoadResult {
  const collector = new LoadCollector();
  for (const source of sources) loadYamlSource(collector, source);
  return collector.result();
}

function expectSameResult(fast: LoadResult, slow: LoadResult): void {
  expect(fast).toStrictEqual(slow);
  // Key order too (locations, objects), and -0 survives toStrictEqual only as Object.is allows.
  expect(JSON.stringify(fast)).toBe(JSON.stringify(slow));
}

function takesFastPath(source: ManifestSource): boolean {
  const collector = new LoadCollector();
  const taken = loadJsonSource(collector, source);
  if (!taken) expect(collector.result().summary.documents).toBe(0);
  return taken;
}

const sourcesOf = (texts: readonly string[]): ManifestSource[] =>
  texts.map((text, i) => ({ file: `s${i}.json`, text }));

// ---------------------------------------------------------------------------------------------
// Laws

describe('the JSON fast path', () => {
  const manifests = fc.oneof(
    { weight: 9, arbitrary: jsonText },
    { weight: 1, arbitrary: nestedText(125, 128) },
  );

  test.prop([fc.array(manifests, { minLength: 1, maxLength: 3 })], { numRuns: 200 })(
    'on JSON manifests it is taken, and gives the same result as the YAML path',
    (texts) => {
      const sources = sourcesOf(texts);

      const fast = loadManifests(sources);

      for (const source of sources) expect(takesFastPath(source)).toBe(true);
      expectSameResult(fast, yamlPath(sources));
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    },
  );

  test.prop([refusedText], { numRuns: 100 })(
    'it leaves text with a repeated key, a bare carriage return, nesting deeper than 128 or a number too large for a double to the YAML path',
    (text) => {
      const sources = sourcesOf([text]);

      const fast = loadManifests(sources);

      expect(takesFastPath(sources[0] as ManifestSource)).toBe(false);
      expectSameResult(fast, yamlPath(sources));
    },
  );

  test.prop([fc.array(fc.oneof(editedText, jsonText), { minLength: 1, maxLength: 3 })], { numRuns: 200 })(
    'on any text, valid JSON or not, loadManifests gives the same result as the YAML path',
    (texts) => {
      const sources = sourcesOf(texts);

      expectSameResult(loadManifests(sources), yamlPath(sources));
    },
  );
});
