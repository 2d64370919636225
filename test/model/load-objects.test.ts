import { loadManifests, loadObjects } from 'gateway-policy-sim';
import { describe, expect, test } from 'vitest';
import { stringify } from 'yaml';

const route = (name: string, namespace?: string) => ({
  apiVersion: 'gateway.networking.k8s.io/v1',
  kind: 'HTTPRoute',
  metadata: { name, ...(namespace === undefined ? {} : { namespace }) },
  spec: { parentRefs: [{ name: 'gw' }], rules: [{ backendRefs: [{ name: 'svc', port: 80 }] }] },
});

describe('loadObjects', () => {
  test('gives the same resources and summary as loadManifests on the same documents', () => {
    const objects = [
      route('a'),
      { apiVersion: 'v1', kind: 'List', items: [route('b', 'apps'), { kind: 'Nope' }] },
      { httpRoutes: [{ metadata: { name: 'c' } }] },
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' } },
    ];
    const text = objects.map((o) => stringify(o)).join('---\n');

    const fromObjects = loadObjects(objects);
    const fromText = loadManifests(text);

    expect(fromObjects.resources.map((r) => [r.key, r.object, r.source.pointer])).toEqual(
      fromText.resources.map((r) => [r.key, r.object, r.source.pointer]),
    );
    expect(fromObjects.summary).toEqual(fromText.summary);
    expect(fromObjects.diagnostics.map((d) => [d.code, d.location?.document, d.location?.pointer])).toEqual(
      fromText.diagnostics.map((d) => [d.code, d.location?.document, d.location?.pointer]),
    );
    expect(fromObjects.testDataLayout).toBe(true);
  });

  test('locations carry the element index, the pointer and the file option, no line', () => {
    const r = loadObjects([route('a'), { apiVersion: 'v1', kind: 'List', items: [route('b')] }], {
      file: 'mem',
    });

    expect(r.resources.map((x) => x.source)).toEqual([
      { file: 'mem', document: 0, pointer: '' },
      { file: 'mem', document: 1, pointer: '/items/0' },
    ]);
  });

  test('the result shares nothing with the input', () => {
    const input = route('a');

    const r = loadObjects([input]);
    const object = r.resources[0]?.object as unknown as ReturnType<typeof route>;
    object.spec.rules[0]?.backendRefs.push({ name: 'x', port: 1 });
    object.metadata.name = 'changed';

    expect(input).toEqual(route('a'));
    expect(object.spec).not.toBe(input.spec);
  });

  test('properties holding undefined are left out, as JSON does', () => {
    const r = loadObjects([{ ...route('a'), status: undefined }]);

    expect(Object.hasOwn(r.resources[0]?.object ?? {}, 'status')).toBe(false);
    expect(r.diagnostics).toEqual([]);
  });

  test('null and undefined elements are empty documents', () => {
    const r = loadObjects([null, undefined, route('a')]);

    expect(r.summary).toEqual({ documents: 1, resources: 1, diagnosed: 0, unknownKinds: 0 });
    expect(r.resources[0]?.source.document).toBe(2);
  });

  test('GWP-LOAD-NOT-JSON: cycles, functions, class instances and bigints, with their pointer', () => {
    const cyclic: Record<string, unknown> = { ...route('cyclic') };
    cyclic.self = cyclic;
    const withDate = { ...route('d'), spec: { when: new Date(0) } };
    const withFunction = { ...route('f'), spec: { f: () => 1 } };
    const withBigint = { ...route('b'), spec: { n: 1n } };

    const r = loadObjects([cyclic, withDate, withFunction, withBigint]);

    expect(r.diagnostics.map((d) => [d.code, d.severity, d.location?.document, d.location?.pointer])).toEqual(
      [
        ['GWP-LOAD-NOT-JSON', 'error', 0, '/self'],
        ['GWP-LOAD-NOT-JSON', 'error', 1, '/spec/when'],
        ['GWP-LOAD-NOT-JSON', 'error', 2, '/spec/f'],
        ['GWP-LOAD-NOT-JSON', 'error', 3, '/spec/n'],
      ],
    );
    expect(r.summary).toEqual({ documents: 4, resources: 0, diagnosed: 4, unknownKinds: 0 });
  });

  test('GWP-LOAD-TOO-DEEP: nesting beyond 128 levels', () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < 200; i += 1) deep = { d: deep };

    const r = loadObjects([{ ...route('a'), spec: deep }]);

    expect(r.diagnostics.map((d) => [d.code, d.severity])).toEqual([['GWP-LOAD-TOO-DEEP', 'error']]);
    expect(r.diagnostics[0]?.location?.pointer).toMatch(/^\/spec(\/d)+$/);
  });

  test('a sub-object shared by a few members loads, and is copied once', () => {
    const shared = { hostnames: ['a.example.com'] };

    const r = loadObjects([{ ...route('a'), spec: { one: shared, two: shared } }]);

    const spec = r.resources[0]?.object.spec as { one: unknown; two: unknown } | undefined;
    expect(spec?.one).toEqual(shared);
    expect(spec?.one).toBe(spec?.two);
    expect(spec?.one).not.toBe(shared);
  });

  test('a doubling DAG (2^40 values once expanded) is refused as YAML aliases are, in linear time', () => {
    let shared: unknown = { leaf: true };
    for (let i = 0; i < 40; i += 1) shared = { a: shared, b: shared };

    const r = loadObjects([{ ...route('a'), spec: shared }]);

    expect(r.resources).toEqual([]);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['GWP-LOAD-ALIAS-LIMIT']);
    expect(r.diagnostics[0]?.message).toMatch(/excessive-aliasing rule/);
  });

  test('a non-array argument is a programmer error', () => {
    expect(() => loadObjects('x' as unknown as unknown[])).toThrow(/GWP-API-BAD-ARGUMENT/);
  });
});
