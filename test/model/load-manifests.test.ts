import { type Diagnostic, type LoadResult, loadManifests, simulate } from 'gateway-policy-sim';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';

/** The diagnostics of one code. */
function withCode(result: LoadResult, code: string): Diagnostic[] {
  return result.diagnostics.filter((d) => d.code === code);
}

/** The one diagnostic of a code, failing when there is not exactly one. */
function only(result: LoadResult, code: string): Diagnostic {
  const found = withCode(result, code);
  expect(found, `${code} in ${JSON.stringify(result.diagnostics)}`).toHaveLength(1);
  return found[0] as Diagnostic;
}

/** Lines joined with newlines, so that line numbers in tests are easy to read. */
const lines = (...ls: string[]): string => `${ls.join('\n')}\n`;

function expectBalanced(result: LoadResult): void {
  expect(result.summary.documents).toBe(result.summary.resources + result.summary.diagnosed);
  expect(result.summary.resources).toBe(result.resources.length);
}

describe('input forms', () => {
  test('text that is valid YAML parses as the yaml package parses it', () => {
    const text = lines(
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata: {name: c}',
      'data: {a: "1", b: yes, c: 0x1F}',
    );

    const r = loadManifests(text);

    expectBalanced(r);
    expect(r.resources[0]?.object).toEqual({ ...parse(text), metadata: { name: 'c', namespace: 'default' } });
  });

  test('multi-document YAML keeps each document index, line and column', () => {
    const text = lines(
      'apiVersion: gateway.networking.k8s.io/v1', // 1
      'kind: Gateway',
      'metadata: {name: gw, namespace: infra}',
      '---', // 4
      '# a comment', // 5
      'apiVersion: gateway.networking.k8s.io/v1', // 6
      'kind: HTTPRoute',
      'metadata: {name: web}',
    );

    const r = loadManifests({ file: 'm.yaml', text });

    expect(r.resources.map((x) => x.key)).toEqual(['Gateway/infra/gw', 'HTTPRoute/default/web']);
    expect(r.resources.map((x) => x.index)).toEqual([0, 1]);
    expect(r.resources[0]?.source).toEqual({ file: 'm.yaml', document: 0, line: 1, column: 1, pointer: '' });
    expect(r.resources[1]?.source).toEqual({ file: 'm.yaml', document: 1, line: 6, column: 1, pointer: '' });
    expect(r.summary).toEqual({ documents: 2, resources: 2, diagnosed: 0, unknownKinds: 0 });
    expect(r.diagnostics).toEqual([]);
    expect(r.testDataLayout).toBe(false);
  });

  test('JSON is read as YAML, and a top-level array is a list of documents', () => {
    const text = lines(
      '[',
      '  {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "a"}},',
      '  {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "b"}}',
      ']',
    );

    const r = loadManifests(text);

    expect(r.resources.map((x) => x.key)).toEqual(['Namespace/a', 'Namespace/b']);
    expect(r.resources.map((x) => [x.source.pointer, x.source.line, x.source.column])).toEqual([
      ['/0', 2, 3],
      ['/1', 3, 3],
    ]);
    expect(r.resources[0]?.source.file).toBe('<input>');
  });

  test('kind: List items are documents, nested lists flattened, with pointers', () => {
    const text = lines(
      'apiVersion: v1',
      'kind: List',
      'items:',
      '- apiVersion: v1', // 4
      '  kind: Namespace',
      '  metadata: {name: a}',
      '- apiVersion: v1', // 7
      '  kind: List',
      '  items:',
      '  - apiVersion: v1', // 10
      '    kind: Namespace',
      '    metadata: {name: b}',
    );

    const r = loadManifests(text);

    expect(r.resources.map((x) => [x.key, x.source.pointer, x.source.line, x.source.column])).toEqual([
      ['Namespace/a', '/items/0', 4, 3],
      ['Namespace/b', '/items/1/items/0', 10, 5],
    ]);
    expect(r.summary.documents).toBe(2);
  });

  test('items of a typed list (HTTPRouteList) inherit kind and apiVersion', () => {
    const text = lines(
      'apiVersion: gateway.networking.k8s.io/v1',
      'kind: HTTPRouteList',
      'items:',
      '- metadata: {name: r1}',
      '- metadata: {name: r2, namespace: apps}',
    );

    const r = loadManifests(text);

    expect(r.resources.map((x) => x.key)).toEqual(['HTTPRoute/default/r1', 'HTTPRoute/apps/r2']);
    expect(r.resources[0]?.object.kind).toBe('HTTPRoute');
    expect(r.resources[0]?.object.apiVersion).toBe('gateway.networking.k8s.io/v1');
    expect(r.diagnostics).toEqual([]);
  });

  test('an empty List and empty YAML documents are not documents', () => {
    const text = lines(
      '---',
      '# only a comment',
      '---',
      '~',
      '---',
      'apiVersion: v1',
      'kind: List',
      'items: []',
      '---',
    );

    const r = loadManifests(text);

    expect(r.summary).toEqual({ documents: 0, resources: 0, diagnosed: 0, unknownKinds: 0 });
    expect(r.diagnostics).toEqual([]);
  });

  test('namespaced kinds default to namespace default on a copy; cluster-scoped kinds have none', () => {
    const text = lines(
      'apiVersion: gateway.networking.k8s.io/v1',
      'kind: HTTPRoute',
      'metadata: {name: web}',
      '---',
      'apiVersion: gateway.networking.k8s.io/v1',
      'kind: GatewayClass',
      'metadata: {name: eg, namespace: ignored}',
      '---',
      'apiVersion: v1',
      'kind: Namespace',
      'metadata: {name: apps}',
    );

    const r = loadManifests(text);

    expect(r.resources.map((x) => [x.key, x.namespace])).toEqual([
      ['HTTPRoute/default/web', 'default'],
      ['GatewayClass/eg', ''],
      ['Namespace/apps', ''],
    ]);
    expect(r.resources[0]?.object.metadata.namespace).toBe('default');
    expect(r.resources[2]?.object.metadata.namespace).toBeUndefined();
  });

  test('several sources load in order, indexes run across them', () => {
    const a = { file: 'a.yaml', text: lines('apiVersion: v1', 'kind: Namespace', 'metadata: {name: a}') };
    const b = { file: 'b.yaml', text: lines('apiVersion: v1', 'kind: Namespace', 'metadata: {name: b}') };

    const r = loadManifests([b, a]);

    expect(r.resources.map((x) => [x.key, x.index, x.source.file])).toEqual([
      ['Namespace/b', 0, 'b.yaml'],
      ['Namespace/a', 1, 'a.yaml'],
    ]);
  });

  test('merge keys (<<) are honoured, as go-yaml does', () => {
    const text = lines(
      'x-base: &base {apiVersion: v1, kind: Namespace}',
      '<<: *base',
      'metadata: {name: merged}',
    );

    const r = loadManifests(text);

    expect(r.resources.map((x) => x.key)).toEqual(['Namespace/merged']);
  });

  test('a __proto__ key stays data and pollutes nothing', () => {
    const r = loadManifests(
      lines('apiVersion: v1', 'kind: Namespace', 'metadata: {name: a}', '__proto__: {polluted: 1}'),
    );

    const object = r.resources[0]?.object as Record<string, unknown>;
    expect(Object.getPrototypeOf(object)).toBe(Object.prototype);
    expect(Object.hasOwn(object, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe("Envoy Gateway's test-data layout", () => {
  const layout = lines(
    'gatewayClass:', // 1
    '  metadata: {name: envoy-gateway-class}',
    '  spec: {controllerName: gateway.envoyproxy.io/gatewayclass-controller}',
    'envoyProxyForGatewayClass:', // 4
    '  metadata: {name: proxy, namespace: envoy-gateway-system}',
    '  spec: {mergeGateways: true}',
    'envoyProxyDefaultSpec:', // 7
    '  mergeBackends: {}',
    'gateways:', // 9
    '- apiVersion: gateway.networking.k8s.io/v1',
    '  kind: Gateway',
    '  metadata: {namespace: envoy-gateway, name: gateway-1}',
    'httproutes:', // 13
    '- metadata: {namespace: default, name: httproute-1}', // 14
    '- kind: HTTPRoute', // 15
    '  metadata: {name: httproute-2}',
    'SecurityPolicies:', // 17
    '- metadata: {namespace: default, name: sp}', // 18
  );

  test('keys match case-insensitively and entries get kind and apiVersion from their key', () => {
    const r = loadManifests({ file: 'case.in.yaml', text: layout });

    expect(r.testDataLayout).toBe(true);
    expect(r.resources.map((x) => x.key)).toEqual([
      'GatewayClass/envoy-gateway-class',
      'EnvoyProxy/envoy-gateway-system/proxy',
      'Gateway/envoy-gateway/gateway-1',
      'HTTPRoute/default/httproute-1',
      'HTTPRoute/default/httproute-2',
      'SecurityPolicy/default/sp',
    ]);
    const route = r.resources[3];
    expect(route?.object.apiVersion).toBe('gateway.networking.k8s.io/v1');
    expect(route?.object.kind).toBe('HTTPRoute');
    expect(r.resources[5]?.object.apiVersion).toBe('gateway.envoyproxy.io/v1alpha1');
    expect(r.diagnostics).toEqual([]);
  });

  test('entries carry a JSON pointer under their key as written, and their line', () => {
    const r = loadManifests({ file: 'case.in.yaml', text: layout });

    expect(r.resources.map((x) => [x.source.pointer, x.source.line, x.source.column])).toEqual([
      ['/gatewayClass', 2, 3],
      ['/envoyProxyForGatewayClass', 5, 3],
      ['/gateways/0', 10, 3],
      ['/httproutes/0', 14, 3],
      ['/httproutes/1', 15, 3],
      ['/SecurityPolicies/0', 18, 3],
    ]);
  });

  test('settings: mergeGateways from envoyProxyForGatewayClass, envoyProxyDefaultSpec as given (not a document)', () => {
    const r = loadManifests(layout);

    expect(r.testDataSettings).toEqual({
      mergeGateways: true,
      envoyProxyDefaultSpec: { mergeBackends: {} },
      envoyProxyForGatewayClass: 'EnvoyProxy/envoy-gateway-system/proxy',
    });
    expect(r.summary).toEqual({ documents: 6, resources: 6, diagnosed: 0, unknownKinds: 0 });
  });

  test('extension keys hold unstructured objects: one unknown-kind info per entry', () => {
    const text = lines(
      'extensionServerPolicies:',
      '- apiVersion: foo.example.io/v1alpha1', // 2
      '  kind: Bar',
      '  metadata: {name: test1, namespace: envoy-gateway}',
      'extensionRefFilters:',
      '- {apiVersion: foo.example.io/v1alpha1, kind: Foo, metadata: {name: f}}', // 6
    );

    const r = loadManifests(text);

    const infos = withCode(r, 'GWP-LOAD-UNKNOWN-KIND');
    expect(infos.map((d) => [d.severity, d.location?.line, d.location?.column, d.location?.pointer])).toEqual(
      [
        ['info', 2, 3, '/extensionServerPolicies/0'],
        ['info', 6, 3, '/extensionRefFilters/0'],
      ],
    );
    expect(r.summary).toEqual({ documents: 2, resources: 0, diagnosed: 2, unknownKinds: 2 });
  });
});

describe('diagnostics', () => {
  test('GWP-LOAD-YAML-SYNTAX: line and column of the error; the other documents still load', () => {
    const text = lines(
      'apiVersion: v1',
      'kind: Namespace',
      'metadata: {name: a}',
      '---',
      'apiVersion: v1', // 5
      'kind: Namespace',
      'metadata: {name: b]', // 7: a flow map closed by ]
      '---',
      'apiVersion: v1',
      'kind: Namespace',
      'metadata: {name: c}',
    );

    const r = loadManifests({ file: 's.yaml', text });

    const d = withCode(r, 'GWP-LOAD-YAML-SYNTAX')[0];
    expect(d?.severity).toBe('error');
    expect(d?.location).toMatchObject({ file: 's.yaml', document: 1, line: 7, column: 19 });
    expect(r.resources.map((x) => x.key)).toEqual(['Namespace/a', 'Namespace/c']);
    expect(r.summary).toEqual({ documents: 3, resources: 2, diagnosed: 1, unknownKinds: 0 });
  });

  test('GWP-LOAD-YAML-SYNTAX: duplicate map keys', () => {
    const r = loadManifests(
      lines('apiVersion: v1', 'kind: Namespace', 'kind: Namespace', 'metadata: {name: a}'),
    );

    const d = only(r, 'GWP-LOAD-YAML-SYNTAX');
    expect([d.severity, d.location?.line, d.location?.column]).toEqual(['error', 3, 1]);
    expect(d.message).toContain('DUPLICATE_KEY');
  });

  test('GWP-LOAD-YAML-WARNING: an unknown tag warns, the document still loads', () => {
    const r = loadManifests(lines('apiVersion: v1', 'kind: Namespace', 'metadata: {name: !custom a}'));

    const d = only(r, 'GWP-LOAD-YAML-WARNING');
    expect([d.severity, d.location?.line, d.location?.column]).toEqual(['warning', 3, 18]);
    expect(r.resources.map((x) => x.key)).toEqual(['Namespace/a']);
  });

  test('GWP-LOAD-YAML-LENIENT: under-indented quoted continuation lines read as go-yaml reads them', () => {
    const text = lines(
      'apiVersion: gateway.envoyproxy.io/v1alpha1',
      'kind: EnvoyExtensionPolicy',
      'metadata: {name: lua, namespace: default}',
      'spec:',
      '  lua:',
      '  - type: Inline',
      '    inline: "function envoy_on_request(request_handle)', // 7
      "    request_handle:logInfo('Goodbye.')",
      '    end"',
    );

    const r = loadManifests(text);

    const d = only(r, 'GWP-LOAD-YAML-LENIENT');
    expect([d.severity, d.location?.line, d.location?.column]).toEqual(['warning', 7, 55]);
    const spec = r.resources[0]?.object.spec as { lua: { inline: string }[] };
    // Folded as go-yaml folds it (Envoy Gateway's .out.yaml shows the same value).
    expect(spec.lua[0]?.inline).toBe(
      "function envoy_on_request(request_handle) request_handle:logInfo('Goodbye.') end",
    );
  });

  test('GWP-LOAD-ALIAS-LIMIT: a billion-laughs document is refused quickly', () => {
    const names = 'abcdefghi';
    const text = lines(
      'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
      ...[...names.slice(1)].map((n, i) => `${n}: &${n} [${Array(9).fill(`*${names[i]}`).join(',')}]`),
    );

    const r = loadManifests(text);

    // Located at the alias that crosses the limit: the first *c of d (c's 2 uses × its 100 aliases).
    const d = only(r, 'GWP-LOAD-ALIAS-LIMIT');
    expect([d.severity, d.location?.line, d.location?.column, d.location?.pointer]).toEqual([
      'error',
      4,
      8,
      '/d/0',
    ]);
    expect(r.summary).toEqual({ documents: 1, resources: 0, diagnosed: 1, unknownKinds: 0 });
  }, 5_000);

  test('GWP-LOAD-ALIAS-LIMIT: maxAliasCount sets the limit', () => {
    const text = lines(
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata: {name: c}',
      'data: {a: &x v, b: *x, c: *x, d: *x}',
    );

    expect(loadManifests(text).resources).toHaveLength(1);
    expect(only(loadManifests(text, { maxAliasCount: 1 }), 'GWP-LOAD-ALIAS-LIMIT').severity).toBe('error');
    expect(() => loadManifests(text, { maxAliasCount: 1.5 })).toThrow(/GWP-API-BAD-OPTION/);
  });

  test('GWP-LOAD-TOO-DEEP: nesting beyond 128 levels is refused before the parser recurses', () => {
    const text = `${'['.repeat(5000)}${']'.repeat(5000)}\n---\n${'- '.repeat(5000)}x\n`;

    const r = loadManifests(text);

    const found = withCode(r, 'GWP-LOAD-TOO-DEEP');
    expect(
      found.map((d) => [d.severity, d.location?.document, d.location?.line, d.location?.column]),
    ).toEqual([
      ['error', 0, 1, 129],
      ['error', 1, 3, 257],
    ]);
    expect(r.summary).toEqual({ documents: 2, resources: 0, diagnosed: 2, unknownKinds: 0 });
  });

  test('GWP-LOAD-NOT-OBJECT: scalar documents, and non-objects in lists', () => {
    const text = lines('just a string', '---', 'apiVersion: v1', 'kind: List', 'items:', '- 42', '- [a]');

    const r = loadManifests(text);

    const found = withCode(r, 'GWP-LOAD-NOT-OBJECT');
    expect(found.map((d) => [d.severity, d.location?.line, d.location?.column, d.location?.pointer])).toEqual(
      [
        ['error', 1, 1, ''],
        ['error', 6, 3, '/items/0'],
        ['error', 7, 3, '/items/1'],
      ],
    );
    expect(r.summary).toEqual({ documents: 3, resources: 0, diagnosed: 3, unknownKinds: 0 });
  });

  test('GWP-LOAD-MISSING-API-VERSION and GWP-LOAD-MISSING-KIND outside the test-data layout', () => {
    const text = lines(
      'kind: Namespace',
      'metadata: {name: a}',
      '---',
      'apiVersion: v1',
      'metadata: {name: b}',
    );

    const r = loadManifests(text);

    const api = only(r, 'GWP-LOAD-MISSING-API-VERSION');
    const kind = only(r, 'GWP-LOAD-MISSING-KIND');
    expect([api.severity, api.location?.line, api.location?.column, api.resource]).toEqual([
      'error',
      1,
      1,
      'Namespace/a',
    ]);
    expect([kind.severity, kind.location?.line, kind.location?.column]).toEqual(['error', 4, 1]);
    expect(r.summary).toEqual({ documents: 2, resources: 0, diagnosed: 2, unknownKinds: 0 });
  });

  test('diagnostics name a namespaced object by the key it would have had', () => {
    const r = loadManifests(lines('kind: HTTPRoute', 'metadata: {name: web}'));

    expect(only(r, 'GWP-LOAD-MISSING-API-VERSION').resource).toBe('HTTPRoute/default/web');
  });

  test('GWP-LOAD-MISSING-NAME: no metadata, no name, a name that is not a string', () => {
    const text = lines(
      'apiVersion: v1',
      'kind: Namespace',
      '---',
      'apiVersion: v1', // 4
      'kind: Namespace',
      'metadata: {labels: {}}',
      '---',
      '[{apiVersion: v1, kind: Namespace, metadata: {name: 7}}]', // 8
    );

    const r = loadManifests(text);

    const found = withCode(r, 'GWP-LOAD-MISSING-NAME');
    expect(found.map((d) => [d.severity, d.location?.line, d.location?.column])).toEqual([
      ['error', 1, 1],
      ['error', 4, 1],
      ['error', 8, 2],
    ]);
    expect(found.map((d) => d.message)).toEqual([
      'object has no metadata',
      'object has no metadata.name',
      'metadata.name must be a non-empty string, found a number',
    ]);
  });

  test('GWP-LOAD-BAD-NAMESPACE: a namespace that is not a string', () => {
    const r = loadManifests(lines('apiVersion: v1', 'kind: Service', 'metadata: {name: s, namespace: [a]}'));

    const d = only(r, 'GWP-LOAD-BAD-NAMESPACE');
    expect([d.severity, d.location?.line, d.location?.column]).toEqual(['error', 1, 1]);
  });

  test('GWP-LOAD-BAD-NAME and GWP-LOAD-BAD-NAMESPACE: names the API server refuses as path segments are diagnosed, not keyed', () => {
    const doc = (name: string, namespace: string): string =>
      `apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: {name: ${JSON.stringify(name)}, namespace: ${JSON.stringify(namespace)}}\nspec: {gatewayClassName: eg, listeners: []}`;
    const r = loadManifests(
      [
        doc('a/b', 'x'),
        doc('..', 'x'),
        doc('c%2F', 'x'),
        doc('gw', '/'),
        doc('gw', 'https://a/b'),
        doc('ok', 'x'),
      ].join('\n---\n'),
    );

    expect(r.resources.map((x) => x.key)).toEqual(['Gateway/x/ok']);
    expect(withCode(r, 'GWP-LOAD-BAD-NAME').map((d) => d.message)).toEqual([
      `metadata.name: Invalid value: "a/b": may not contain '/'`,
      `metadata.name: Invalid value: "..": may not be '..'`,
      `metadata.name: Invalid value: "c%2F": may not contain '%'`,
    ]);
    expect(
      withCode(r, 'GWP-LOAD-BAD-NAMESPACE').map((d) => d.message.split(':').slice(0, 3).join(':')),
    ).toEqual(['metadata.namespace: Invalid value: "/"', 'metadata.namespace: Invalid value: "https']);
    // Every document is a resource or a diagnostic, and simulating the rest does not throw.
    expect(r.summary.documents).toBe(6);
    expect(() => simulate(r)).not.toThrow();
  });

  test('GWP-LOAD-UNKNOWN-KIND: info, counted in summary.unknownKinds, not an error', () => {
    const text = lines(
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata: {name: d}',
      '---',
      'apiVersion: networking.istio.io/v1', // 5: a Gateway of another group
      'kind: Gateway',
      'metadata: {name: istio-gw}',
    );

    const r = loadManifests(text);

    const found = withCode(r, 'GWP-LOAD-UNKNOWN-KIND');
    expect(found.map((d) => [d.severity, d.location?.line, d.location?.column, d.resource])).toEqual([
      ['info', 1, 1, 'Deployment/d'],
      ['info', 5, 1, 'Gateway/istio-gw'],
    ]);
    expect(found[1]?.message).toContain('networking.istio.io');
    expect(r.summary).toEqual({ documents: 2, resources: 0, diagnosed: 2, unknownKinds: 2 });
  });

  test('GWP-LOAD-DUPLICATE (test-data layout): the first is kept, the later one names where the first came from', () => {
    const layout = (v: string) =>
      lines(
        'configMaps:',
        '- apiVersion: v1',
        '  kind: ConfigMap',
        '  metadata: {name: c}',
        `  data: {v: ${v}}`,
      );
    const r = loadManifests([
      { file: 'first.yaml', text: layout('first') },
      { file: 'second.yaml', text: layout('second') },
    ]);

    const d = only(r, 'GWP-LOAD-DUPLICATE');
    expect([d.severity, d.location?.file, d.location?.line, d.resource]).toEqual([
      'error',
      'second.yaml',
      2,
      'ConfigMap/default/c',
    ]);
    expect(d.message).toContain('first.yaml:2:3');
    expect(r.resources.map((x) => (x.object.data as { v: string }).v)).toEqual(['first']);
    expect(r.summary).toEqual({ documents: 2, resources: 1, diagnosed: 1, unknownKinds: 0 });
    // The later one is kept aside, pointing at the resource it repeats.
    expect(
      r.duplicates?.map((x) => [x.key, x.index, x.source.file, (x.object.data as { v: string }).v]),
    ).toEqual([['ConfigMap/default/c', 0, 'second.yaml', 'second']]);
  });

  describe('duplicates in manifests follow kubectl apply -f order', () => {
    const cm = (v: string, name = 'c') =>
      lines('apiVersion: v1', 'kind: ConfigMap', `metadata: {name: ${name}}`, `data: {v: ${v}}`);

    test('GWP-LOAD-DUPLICATE-REPLACED: a differing later document replaces the earlier, in its place', () => {
      const r = loadManifests([
        {
          file: 'a.yaml',
          text: `${cm('first')}---
${cm('x', 'other')}`,
        },
        { file: 'b.yaml', text: cm('second') },
      ]);

      const d = only(r, 'GWP-LOAD-DUPLICATE-REPLACED');
      expect([d.severity, d.location?.file, d.resource]).toEqual([
        'warning',
        'b.yaml',
        'ConfigMap/default/c',
      ]);
      expect(d.message).toMatch(/read at a\.yaml:1:1: this later one replaces it, as kubectl apply -f would/);
      expect(
        r.resources.map((x) => [x.key, (x.object.data as { v: string }).v, x.source.file, x.index]),
      ).toEqual([
        ['ConfigMap/default/c', 'second', 'b.yaml', 0],
        ['ConfigMap/default/other', 'x', 'a.yaml', 1],
      ]);
      expect(r.duplicates).toEqual([]);
      expect(r.summary).toEqual({ documents: 3, resources: 2, diagnosed: 1, unknownKinds: 0 });
      expect(r.diagnostics.some((x) => x.severity === 'error')).toBe(false);
    });

    test('GWP-LOAD-DUPLICATE-IDENTICAL: an identical repeat is one object (info)', () => {
      const r = loadManifests([
        { file: 'a.yaml', text: cm('same') },
        {
          file: 'b.json',
          text: JSON.stringify({
            apiVersion: 'v1',
            kind: 'ConfigMap',
            metadata: { name: 'c', namespace: 'default' },
            data: { v: 'same' },
          }),
        },
      ]);

      const d = only(r, 'GWP-LOAD-DUPLICATE-IDENTICAL');
      expect([d.severity, d.location?.file]).toEqual(['info', 'b.json']);
      expect(r.resources).toHaveLength(1);
      expect(r.resources[0]?.source.file).toBe('a.yaml');
    });

    test('the last of several differing documents wins; a test-data entry keeps first-wins', () => {
      const r = loadManifests([
        { file: 'a.yaml', text: cm('1') },
        { file: 'b.yaml', text: cm('2') },
        { file: 'c.yaml', text: cm('3') },
      ]);
      const mixed = loadManifests([
        {
          file: 'layout.yaml',
          text: lines(
            'configMaps:',
            '- apiVersion: v1',
            '  kind: ConfigMap',
            '  metadata: {name: c}',
            '  data: {v: layout}',
          ),
        },
        { file: 'plain.yaml', text: cm('plain') },
      ]);

      expect(r.resources.map((x) => (x.object.data as { v: unknown }).v)).toEqual([3]);
      expect(r.diagnostics.filter((x) => x.code === 'GWP-LOAD-DUPLICATE-REPLACED')).toHaveLength(2);
      expect(mixed.resources.map((x) => (x.object.data as { v: string }).v)).toEqual(['layout']);
      expect(only(mixed, 'GWP-LOAD-DUPLICATE').severity).toBe('error');
    });
  });

  test('GWP-LOAD-BAD-LIST: kind: List whose items is not an array', () => {
    const r = loadManifests(lines('apiVersion: v1', 'kind: List', 'items: {a: 1}'));

    const d = only(r, 'GWP-LOAD-BAD-LIST');
    expect([d.severity, d.location?.line, d.location?.column, d.location?.pointer]).toEqual([
      'error',
      3,
      8,
      '/items',
    ]);
    expect(r.summary.diagnosed).toBe(1);
  });

  test('GWP-LOAD-TESTDATA-UNKNOWN-KEY: a warning, its content one diagnosed document', () => {
    const r = loadManifests(lines('gateways: []', 'xdsIR:', '  a: [1, 2, 3]'));

    const d = only(r, 'GWP-LOAD-TESTDATA-UNKNOWN-KEY');
    expect([d.severity, d.location?.line, d.location?.column, d.location?.pointer]).toEqual([
      'warning',
      3,
      3,
      '/xdsIR',
    ]);
    expect(r.summary).toEqual({ documents: 1, resources: 0, diagnosed: 1, unknownKinds: 0 });
  });

  test('GWP-LOAD-TESTDATA-BAD-VALUE: a list key without a list; a default spec that is not an object', () => {
    const r = loadManifests(lines('gateways: {name: x}', 'envoyProxyDefaultSpec: 3'));

    const found = withCode(r, 'GWP-LOAD-TESTDATA-BAD-VALUE');
    expect(found.map((d) => [d.severity, d.location?.line, d.location?.column, d.location?.pointer])).toEqual(
      [
        ['error', 1, 11, '/gateways'],
        ['error', 2, 24, '/envoyProxyDefaultSpec'],
      ],
    );
    // The list key is one diagnosed document; the setting is not a document.
    expect(r.summary).toEqual({ documents: 1, resources: 0, diagnosed: 1, unknownKinds: 0 });
  });

  test('GWP-LOAD-TESTDATA-KIND-MISMATCH: an entry whose kind is not its key’s', () => {
    const r = loadManifests(lines('httpRoutes:', '- kind: Gateway', '  metadata: {name: x}'));

    const d = only(r, 'GWP-LOAD-TESTDATA-KIND-MISMATCH');
    expect([d.severity, d.location?.line, d.location?.column, d.location?.pointer]).toEqual([
      'error',
      2,
      3,
      '/httpRoutes/0',
    ]);
  });

  test('GWP-LOAD-TESTDATA-KEY-OVERRIDDEN: two spellings of one key, the last wins as in Go', () => {
    const r = loadManifests(
      lines(
        'httpRoutes:',
        '- metadata: {name: a}',
        '- metadata: {name: b}',
        'HTTPRoutes:',
        '- metadata: {name: c}',
      ),
    );

    const d = only(r, 'GWP-LOAD-TESTDATA-KEY-OVERRIDDEN');
    expect([d.severity, d.location?.line, d.location?.column, d.location?.pointer]).toEqual([
      'warning',
      2,
      1,
      '/httpRoutes',
    ]);
    expect(r.resources.map((x) => x.key)).toEqual(['HTTPRoute/default/c']);
    expect(r.summary).toEqual({ documents: 3, resources: 1, diagnosed: 2, unknownKinds: 0 });
  });

  test('GWP-LOAD-TESTDATA-SETTING-CONFLICT: mergeGateways differs between sources, the first is kept', () => {
    const proxy = (merge: boolean, name: string) =>
      lines(
        'envoyProxyForGatewayClass:',
        `  metadata: {name: ${name}, namespace: ns}`,
        `  spec: {mergeGateways: ${merge}}`,
      );

    const r = loadManifests([
      { file: 'a.yaml', text: proxy(true, 'p1') },
      { file: 'b.yaml', text: proxy(false, 'p2') },
    ]);

    const d = only(r, 'GWP-LOAD-TESTDATA-SETTING-CONFLICT');
    expect([d.severity, d.location?.file, d.location?.line, d.location?.column]).toEqual([
      'warning',
      'b.yaml',
      2,
      3,
    ]);
    expect(r.testDataSettings.mergeGateways).toBe(true);
  });

  test('every diagnostic code is documented in docs/diagnostics.md', async () => {
    const { readFile } = await import('node:fs/promises');
    const doc = await readFile(new URL('../../docs/diagnostics.md', import.meta.url), 'utf8');
    const codes = await readFile(new URL('../../src/model/_internal/load-codes.ts', import.meta.url), 'utf8');

    const declared = [...codes.matchAll(/'(GWP-LOAD-[A-Z-]+)'/g)].map((m) => m[1]);
    expect(declared.length).toBeGreaterThan(20);
    for (const code of declared) expect(doc, code).toContain(`| \`${code}\` |`);
  });
});

describe('API misuse throws', () => {
  test('a wrong argument type is a programmer error', () => {
    expect(() => loadManifests(42 as unknown as string)).toThrow(/GWP-API-BAD-ARGUMENT/);
  });
});

test('a repeated document whose spec has keys named like methods (valueOf, toString) is compared as data', () => {
  const doc =
    'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: d}\ndata: {valueOf: x, toString: y}\n';
  const r = loadManifests(`${doc}---\n${doc}`);
  expect(r.resources).toHaveLength(1);
  expect(r.diagnostics.map((d) => d.code)).toContain('GWP-LOAD-DUPLICATE-IDENTICAL');
});
