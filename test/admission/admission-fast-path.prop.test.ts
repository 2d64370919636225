/**
 * The fast admission path against the plain reference (`compileCrdSet(data, { plain: true })`:
 * every CEL rule evaluated on every object, on values converted whole): the same findings, the
 * same stored object and the same verdict for every object, on objects admitted one after the
 * other by one CRD set, so that kept rule results, kept regular-expression answers and shared
 * keys are exercised. Objects: the bench generator's, the CEL parity fixtures (which differ from
 * each other in single fields, in both orders), Envoy Gateway's test data and examples, and
 * fast-check objects shaped by the schemas.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fc, test } from '@fast-check/vitest';
import { type AdmitOptions, type CrdSet, loadManifests } from 'gateway-policy-sim';
import { describe, expect } from 'vitest';
import { parse } from 'yaml';
import { BENCH_CASES, generateTopology } from '../../bench/generate.js';
import { ENVOY_GATEWAY_V1_9_CRD_DATA } from '../../src/admission/_data/envoy-gateway-v1-9.js';
import { compileCrdSet } from '../../src/admission/crd-set.js';
import { anyCrdObject, crdObject, narrowCrdObject } from '../_support/crd-arbitrary.js';
import { EG_TESTDATA, egTestData } from '../_support/eg-testdata.js';

type Obj = Record<string, unknown>;

const here = path.dirname(fileURLToPath(import.meta.url));
const plain = compileCrdSet(ENVOY_GATEWAY_V1_9_CRD_DATA, { plain: true });

const OPTIONS: readonly AdmitOptions[] = [
  { fieldValidation: 'strict', defaults: true, prune: true },
  { fieldValidation: 'warn', defaults: true, prune: true },
  { fieldValidation: 'ignore', defaults: false, prune: true },
  { fieldValidation: 'ignore', defaults: true, prune: false },
];

/** Admits every object with one fast set, in order, and compares each outcome with the reference. */
function expectSameAsPlain(objects: readonly Obj[], options: AdmitOptions): number {
  const fast = compileCrdSet(ENVOY_GATEWAY_V1_9_CRD_DATA);
  let admitted = 0;
  for (const o of objects) {
    const want = plain.admit(o as never, options);
    const got = fast.admit(o as never, options);
    expect(got, JSON.stringify(o)).toEqual(want);
    if (want !== undefined) admitted++;
  }
  return admitted;
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((f) => {
      const p = path.join(dir, f);
      return statSync(p).isDirectory() ? yamlFiles(p) : /\.ya?ml$/.test(f) ? [p] : [];
    });
}

function objectsOf(files: readonly string[]): Obj[] {
  return files.flatMap((f) =>
    loadManifests({ file: f, text: readFileSync(f, 'utf8') }).resources.map((r) => r.object as Obj),
  );
}

const CEL_CASES = readdirSync(path.join(here, 'cel-cases'))
  .filter((f) => f.endsWith('.yaml'))
  .sort()
  .flatMap((f) =>
    (parse(readFileSync(path.join(here, 'cel-cases', f), 'utf8')) as { object: Obj }[]).map((c) => c.object),
  );

describe('the fast path admits exactly as the plain reference', () => {
  test.each(OPTIONS)('on the bench generator objects (%o)', (options) => {
    const { objects } = generateTopology(BENCH_CASES.small.params);
    expect(expectSameAsPlain(objects as Obj[], options)).toBeGreaterThan(150);
  });

  test.each(OPTIONS)(
    'on the CEL parity fixtures, forwards, backwards, forwards again, by one set (%o)',
    (options) => {
      // Rounds by one set: later rounds meet kept results and rules evaluated together.
      const rounds = [...CEL_CASES, ...[...CEL_CASES].reverse(), ...CEL_CASES];
      expect(expectSameAsPlain(rounds, options)).toBe(3 * 489);
    },
  );

  test('on a bad path after many good ones (rules of a node evaluated together)', () => {
    const { objects } = generateTopology(BENCH_CASES.small.params);
    const route = (objects as Obj[]).find((o) => o.kind === 'HTTPRoute') as Obj;
    const withPath = (value: string): Obj => {
      const r = structuredClone(route) as { spec: { rules: { matches: { path: { value: string } }[] }[] } };
      r.spec.rules[0]!.matches[0]!.path.value = value;
      return r as unknown as Obj;
    };
    const bad = ['/a//b', '/a/./b', 'a', '/a#b', '/a/..', '/%2F', '/a b'];
    expect(expectSameAsPlain([...(objects as Obj[]), ...bad.map(withPath)], OPTIONS[0]!)).toBeGreaterThan(
      150,
    );
  });

  test('on the examples', () => {
    const objects = objectsOf(yamlFiles(path.resolve(here, '../../examples')));
    for (const options of OPTIONS) expect(expectSameAsPlain(objects, options)).toBeGreaterThan(5);
  });

  const testData = existsSync(EG_TESTDATA);
  if (!testData) console.warn(`Envoy Gateway test data not found at ${EG_TESTDATA}: its objects are skipped`);
  test.skipIf(!testData)("on Envoy Gateway's test data (translator inputs, e2e manifests)", () => {
    const objects = objectsOf([
      ...yamlFiles(egTestData('gatewayapi')).filter((f) => f.endsWith('.in.yaml')),
      ...yamlFiles(egTestData('e2e')),
    ]);
    const strict = OPTIONS[0] as AdmitOptions;
    expect(expectSameAsPlain(objects, strict)).toBeGreaterThan(1000);
  });
});

/** One fast set for every run: results kept from earlier runs are used by later ones. */
const shared: CrdSet = compileCrdSet(ENVOY_GATEWAY_V1_9_CRD_DATA);

test.prop([fc.array(crdObject, { minLength: 1, maxLength: 8 }), fc.constantFrom(...OPTIONS)], {
  numRuns: 120,
})('schema-shaped objects admitted one after the other get the reference outcome', (objects, options) => {
  for (const o of objects)
    expect(shared.admit(o as never, options)).toEqual(plain.admit(o as never, options));
});

test.prop([fc.array(narrowCrdObject, { minLength: 1, maxLength: 8 }), fc.constantFrom(...OPTIONS)], {
  numRuns: 150,
})(
  'objects whose values repeat (names, kinds, paths) admitted one after the other get the reference outcome',
  (objects, options) => {
    for (const o of objects)
      expect(shared.admit(o as never, options)).toEqual(plain.admit(o as never, options));
  },
);

test.prop([anyCrdObject], { numRuns: 100 })('objects of any shape get the reference outcome', (object) => {
  for (const options of OPTIONS)
    expect(shared.admit(object as never, options)).toEqual(plain.admit(object as never, options));
});
