import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { KNOWN_KINDS, kindInfo, type LoadResult, loadManifests, loadObjects } from 'gateway-policy-sim';
import { expect, test } from 'vitest';
import { stringify } from 'yaml';
import { egTestData } from '../_support/eg-testdata.js';

const NUM_RUNS = 100;

// ---------------------------------------------------------------------------------------------
// Generators

interface DocSpec {
  kind: string;
  name: string;
  namespace: string | undefined;
  spec: Record<string, unknown>;
  flaw: 'none' | 'noApiVersion' | 'noName' | 'notObject';
}

const kindArb = fc.constantFrom(...KNOWN_KINDS.map((k) => k.kind), 'Deployment', 'Bar');

const docSpecArb: fc.Arbitrary<DocSpec> = fc.record({
  kind: kindArb,
  name: fc.constantFrom('a', 'b', 'c', 'web', 'policy-1'),
  namespace: fc.option(fc.constantFrom('default', 'apps', 'infra'), { nil: undefined }),
  // `<<` is YAML's merge key: as text it merges, as an object it is data, so it is left out here.
  spec: fc
    .dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 })
    .map(withoutMergeKeys),
  flaw: fc.constantFrom('none', 'none', 'none', 'none', 'noApiVersion', 'noName', 'notObject'),
});

function apiVersionOf(kind: string): string {
  return kindInfo(kind)?.defaultApiVersion ?? 'example.io/v1';
}

function identity(d: DocSpec): string {
  const namespaced = kindInfo(d.kind)?.namespaced ?? true;
  // Envoy Gateway's configuration without a name is the one named `envoy-gateway`.
  const name = d.kind === 'EnvoyGateway' && d.flaw === 'noName' ? 'envoy-gateway' : d.name;
  return `${d.kind}/${namespaced ? (d.namespace ?? 'default') : ''}/${name}`;
}

function build(d: DocSpec): unknown {
  if (d.flaw === 'notObject') return `${d.kind} ${d.name}`;
  return {
    ...(d.flaw === 'noApiVersion' ? {} : { apiVersion: apiVersionOf(d.kind) }),
    kind: d.kind,
    metadata: {
      ...(d.flaw === 'noName' ? {} : { name: d.name }),
      ...(d.namespace === undefined ? {} : { namespace: d.namespace }),
    },
    spec: d.spec,
  };
}

/** Documents with distinct identities, some repeated verbatim (identical duplicates). */
const documentsArb: fc.Arbitrary<unknown[]> = fc
  .tuple(
    fc.uniqueArray(docSpecArb, { selector: identity, maxLength: 12 }),
    fc.array(fc.nat(), { maxLength: 3 }),
  )
  .map(([specs, repeats]) => {
    const docs = specs.map(build);
    for (const r of repeats) if (docs.length > 0) docs.push(docs[r % docs.length]);
    return docs;
  });

/** A JSON value without `<<` keys at any depth. */
function withoutMergeKeys<T>(v: T): T {
  if (Array.isArray(v)) return v.map(withoutMergeKeys) as T;
  if (v !== null && typeof v === 'object') {
    return Object.fromEntries(
      Object.entries(v)
        .filter(([k]) => k !== '<<')
        .map(([k, x]) => [k, withoutMergeKeys(x)]),
    ) as T;
  }
  return v;
}

/** Multi-document YAML, with some runs of documents wrapped in a `kind: List`. */
function toYaml(docs: readonly unknown[], listEvery: number): string {
  const parts: unknown[] = [];
  for (let i = 0; i < docs.length; i += 1) {
    const doc = docs[i];
    if (listEvery > 0 && i % listEvery === 0 && typeof doc === 'object' && doc !== null) {
      parts.push({ apiVersion: 'v1', kind: 'List', items: [doc] });
    } else {
      parts.push(doc);
    }
  }
  return parts.map((p) => stringify(p)).join('---\n');
}

/** A permutation of the documents. */
const permutedArb = documentsArb.chain((docs) =>
  fc.tuple(
    fc.constant(docs),
    fc.shuffledSubarray(docs, { minLength: docs.length, maxLength: docs.length }),
    fc.nat({ max: 3 }),
  ),
);

// ---------------------------------------------------------------------------------------------
// Helpers

function resourceSet(r: LoadResult): string[] {
  return r.resources.map((x) => `${x.key} ${JSON.stringify(x.object)}`).sort();
}

function diagnosticSet(r: LoadResult): string[] {
  return r.diagnostics.map((d) => `${d.code} ${d.severity} ${d.resource ?? ''}`).sort();
}

function expectWellFormed(r: LoadResult): void {
  expect(r.summary.documents).toBe(r.summary.resources + r.summary.diagnosed);
  expect(r.summary.resources).toBe(r.resources.length);
  expect(r.summary.unknownKinds).toBeLessThanOrEqual(r.summary.diagnosed);
  r.resources.forEach((x, i) => {
    expect(x.index).toBe(i);
  });
  for (const d of r.diagnostics) {
    expect(d.code).toMatch(/^GWP-LOAD-[A-Z]+(-[A-Z]+)*$/);
    expect(['error', 'warning', 'info']).toContain(d.severity);
  }
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

function objectsIn(value: unknown, into: Set<object> = new Set()): Set<object> {
  if (typeof value === 'object' && value !== null && !into.has(value)) {
    into.add(value);
    for (const v of Object.values(value)) objectsIn(v, into);
  }
  return into;
}

// Real YAML to mutate: a few of Envoy Gateway's inputs when present, and a built-in sample.
const testData = egTestData('gatewayapi');
const SAMPLE = `apiVersion: v1
kind: List
items:
- apiVersion: gateway.networking.k8s.io/v1
  kind: HTTPRoute
  metadata: {name: web, namespace: apps}
  spec:
    parentRefs: [{name: gw, sectionName: http}]
    rules:
    - backendRefs: [{name: svc, port: 80}]
---
gateways:
- metadata: {namespace: infra, name: gw}
  spec: {gatewayClassName: eg, listeners: [{name: http, protocol: HTTP, port: 80}]}
backendTrafficPolicies:
- metadata: {namespace: apps, name: btp}
  spec: {targetRefs: [{group: gateway.networking.k8s.io, kind: HTTPRoute, name: web}], mergeType: StrategicMerge}
---
base: &b {retries: 3}
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: SecurityPolicy
metadata: {name: sp}
spec: {<<: *b, inline: "a
  b"}
`;
const realYaml = [
  SAMPLE,
  ...[
    'backendtrafficpolicy-strategic-merge.in.yaml',
    'envoyextensionpolicy-with-lua.in.yaml',
    'clienttrafficpolicy-scheme.in.yaml',
  ]
    .map((f) => path.join(testData, f))
    .filter((f) => existsSync(f))
    .map((f) => readFileSync(f, 'utf8')),
];
if (realYaml.length === 1) console.warn('EG test data absent: mutating only the built-in YAML sample');

type Mutation =
  | { op: 'delete'; at: number; length: number }
  | { op: 'insert'; at: number; text: string }
  | { op: 'swapLines'; a: number; b: number };

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('delete' as const), at: fc.nat(), length: fc.nat({ max: 40 }) }),
  fc.record({
    op: fc.constant('insert' as const),
    at: fc.nat(),
    text: fc.oneof(
      fc.constantFrom(':', '-', ' ', '\n', '\t', '"', "'", '[', '{', '&a', '*a', '---\n', '#', '!'),
      fc.string(),
    ),
  }),
  fc.record({ op: fc.constant('swapLines' as const), a: fc.nat(), b: fc.nat() }),
);

function mutate(text: string, mutations: readonly Mutation[]): string {
  let out = text;
  for (const m of mutations) {
    if (m.op === 'delete') {
      const at = m.at % (out.length + 1);
      out = out.slice(0, at) + out.slice(at + m.length);
    } else if (m.op === 'insert') {
      const at = m.at % (out.length + 1);
      out = out.slice(0, at) + m.text + out.slice(at);
    } else {
      const ls = out.split('\n');
      const a = m.a % ls.length;
      const b = m.b % ls.length;
      [ls[a], ls[b]] = [ls[b] ?? '', ls[a] ?? ''];
      out = ls.join('\n');
    }
  }
  return out;
}

const mutatedYamlArb = fc
  .tuple(fc.constantFrom(...realYaml), fc.array(mutationArb, { minLength: 1, maxLength: 6 }))
  .map(([text, ms]) => mutate(text, ms));

// ---------------------------------------------------------------------------------------------
// Laws

test('the loaded resource set does not depend on document order', () => {
  fc.assert(
    fc.property(permutedArb, ([docs, permuted, listEvery]) => {
      const a = loadManifests(toYaml(docs, listEvery));
      const b = loadManifests(toYaml(permuted, listEvery));

      expect(resourceSet(b)).toEqual(resourceSet(a));
      expect(diagnosticSet(b)).toEqual(diagnosticSet(a));
      expect(b.summary).toEqual(a.summary);
      expect(resourceSet(loadObjects(permuted))).toEqual(resourceSet(a));
    }),
    { numRuns: NUM_RUNS },
  );
});

test('loading never throws on arbitrary YAML or JSON', () => {
  const textArb = fc.oneof(
    fc.string(),
    fc.string({ unit: 'binary' }),
    fc.json(),
    fc.jsonValue().map((v) => stringify(v)),
    documentsArb.map((docs) => toYaml(docs, 2)),
    mutatedYamlArb,
    mutatedYamlArb,
  );
  fc.assert(
    fc.property(textArb, (text) => {
      expectWellFormed(loadManifests({ file: 'f.yaml', text }));
    }),
    { numRuns: NUM_RUNS * 2 },
  );
  fc.assert(
    fc.property(fc.array(fc.oneof(fc.anything(), fc.jsonValue(), documentsArb)), (objects) => {
      expectWellFormed(loadObjects(objects));
    }),
    { numRuns: NUM_RUNS },
  );
});

test('inputs are never mutated', () => {
  const layoutArb = documentsArb.map((docs) => ({
    httpRoutes: docs.filter((d) => typeof d === 'object'),
    envoyProxyForGatewayClass: { metadata: { name: 'p' }, spec: { mergeGateways: true } },
  }));
  const listArb = documentsArb.map((items) => ({ apiVersion: 'v1', kind: 'List', items }));
  fc.assert(
    fc.property(fc.array(fc.oneof(documentsArb, layoutArb, listArb)), (groups) => {
      const objects = groups.flat();
      const before = structuredClone(objects);
      deepFreeze(objects);

      const r = loadObjects(objects);

      expect(objects).toEqual(before);
      // Nothing in the result is one of the caller's objects.
      const inputs = objectsIn(objects);
      for (const res of [...r.resources, ...(r.duplicates ?? [])]) {
        for (const o of objectsIn(res.object)) expect(inputs.has(o)).toBe(false);
      }
      if (r.testDataSettings.envoyProxyDefaultSpec !== undefined) {
        expect(inputs.has(r.testDataSettings.envoyProxyDefaultSpec)).toBe(false);
      }
    }),
    { numRuns: NUM_RUNS },
  );
  const sources = deepFreeze([{ file: 'a.yaml', text: SAMPLE }]);
  expect(() => loadManifests(sources)).not.toThrow();
  expect(sources).toEqual([{ file: 'a.yaml', text: SAMPLE }]);
});
