/**
 * The JSON fast path of `loadManifests` on realistic and edge-case JSON: it is taken, and what it
 * gives is what the YAML path (called directly) gives; locations are checked against positions
 * computed here from the text.
 */
import { type LoadResult, loadManifests, type ManifestSource } from 'gateway-policy-sim';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { BENCH_CASES, generateTopology, toJson } from '../../bench/generate.js';
import { LoadCollector } from '../../src/model/_internal/load-collector.js';
import { loadJsonSource } from '../../src/model/_internal/load-json.js';
import { loadYamlSource } from '../../src/model/_internal/load-yaml.js';

function yamlPath(source: ManifestSource): LoadResult {
  const collector = new LoadCollector();
  loadYamlSource(collector, source);
  return collector.result();
}

function takesFastPath(source: ManifestSource): boolean {
  return loadJsonSource(new LoadCollector(), source);
}

const namespace = (name: string) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });

describe('the JSON fast path', () => {
  test('the benchmark topology as a JSON List loads exactly as through the YAML path', () => {
    const { objects } = generateTopology(BENCH_CASES.small.params);
    const source = { file: 'small.json', text: toJson(objects) };

    const fast = loadManifests(source);

    expect(takesFastPath(source)).toBe(true);
    expect(fast.resources).toHaveLength(objects.length);
    expect(fast).toStrictEqual(yamlPath(source));
  });

  test('pretty-printed JSON with CRLF line ends: each item is located at its opening brace', () => {
    const list = { apiVersion: 'v1', kind: 'List', items: [namespace('a'), namespace('b'), namespace('c')] };
    const lines = JSON.stringify(list, null, 2).split('\n');
    const source = { file: 'l.json', text: lines.join('\r\n') };
    // Items open on lines that are exactly `    {` (inside `"items": [`, two levels deep).
    const expected = lines.flatMap((l, i) => (l === '    {' ? [[i + 1, 5]] : []));

    const r = loadManifests(source);

    expect(takesFastPath(source)).toBe(true);
    expect(expected).toHaveLength(3);
    expect(r.resources.map((x) => [x.source.line, x.source.column])).toEqual(expected);
    expect(r.resources.map((x) => x.source.pointer)).toEqual(['/items/0', '/items/1', '/items/2']);
    expect(r).toStrictEqual(yamlPath(source));
  });

  test('a leading BOM is skipped but counted in columns, as the YAML path counts it', () => {
    const source = { file: 'b.json', text: `\ufeff[${JSON.stringify(namespace('a'))}]` };

    const r = loadManifests(source);

    expect(takesFastPath(source)).toBe(true);
    expect(r.resources.map((x) => [x.key, x.source.line, x.source.column])).toEqual([['Namespace/a', 1, 3]]);
    expect(r).toStrictEqual(yamlPath(source));
  });

  test('numbers beyond double precision and -0 read as the YAML path reads them', () => {
    const text =
      '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},' +
      '"data":{"big":123456789012345678901234567890,"unsafe":9007199254740993,"negZero":-0,"small":1E-400}}';

    const r = loadManifests(text);

    expect(takesFastPath({ file: '<input>', text })).toBe(true);
    const data = r.resources[0]?.object.data as { negZero?: number } | undefined;
    expect(data).toStrictEqual(parse(text).data);
    expect(Object.is(data?.negZero, -0)).toBe(true);
  });

  test.each(['1E400', '-1e999', '9'.repeat(400)])(
    'a number too large for a double (%s) is left to the YAML path, which reports it as not JSON data',
    (n) => {
      const text = `{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},\n"data":{"huge":${n}}}`;

      const r = loadManifests({ file: 'n.json', text });

      expect(takesFastPath({ file: 'n.json', text })).toBe(false);
      expect(
        r.diagnostics.map((d) => [d.code, d.location?.line, d.location?.column, d.location?.pointer]),
      ).toEqual([['GWP-LOAD-NOT-JSON', 2, 16, '/data/huge']]);
      expect(r.resources).toEqual([]);
    },
  );

  test('a __proto__ key stays data and pollutes nothing', () => {
    const text = '{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"a"},"__proto__":{"polluted":1}}';

    const r = loadManifests(text);

    const object = r.resources[0]?.object as Record<string, unknown>;
    expect(takesFastPath({ file: '<input>', text })).toBe(true);
    expect(Object.getPrototypeOf(object)).toBe(Object.prototype);
    expect(Object.hasOwn(object, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  test('a repeated key (escaped or not) is left to the YAML path, which diagnoses it', () => {
    const text = '{"apiVersion":"v1","kind":"Namespace",\n"\\u006bind":"Namespace","metadata":{"name":"a"}}';

    const r = loadManifests({ file: 'd.json', text });

    expect(takesFastPath({ file: 'd.json', text })).toBe(false);
    const codes = r.diagnostics.map((d) => [d.code, d.location?.line, d.location?.column]);
    expect(codes).toEqual([['GWP-LOAD-YAML-SYNTAX', 2, 1]]);
    expect(r.diagnostics[0]?.message).toContain('DUPLICATE_KEY');
  });

  test('nesting deeper than 128 levels is left to the YAML path, which refuses the document', () => {
    const text = `${'['.repeat(129)}${']'.repeat(129)}`;

    const r = loadManifests(text);

    expect(takesFastPath({ file: '<input>', text })).toBe(false);
    expect(r.diagnostics.map((d) => [d.code, d.location?.line, d.location?.column])).toEqual([
      ['GWP-LOAD-TOO-DEEP', 1, 129],
    ]);
  });

  test('invalid JSON and a bare carriage return are left to the YAML path', () => {
    for (const text of ['{"a": 1,}', '[1, 2] [3]', `{"kind":\r"List"}`, '{a: 1}']) {
      expect(takesFastPath({ file: 'x', text }), JSON.stringify(text)).toBe(false);
      expect(loadManifests({ file: 'x', text })).toStrictEqual(yamlPath({ file: 'x', text }));
    }
  });
});
