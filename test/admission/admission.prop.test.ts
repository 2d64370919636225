/**
 * Laws of admission with the shipped CRD set: it never throws on any object (schema-shaped or
 * arbitrary), defaulting is idempotent, validating an object equals validating its defaulted form,
 * an object that passes keeps passing once defaulted, and objects that already carry their
 * defaults give the same answer with defaulting on or off.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fc, test } from '@fast-check/vitest';
import {
  type AdmitOptions,
  admitManifests,
  buildTopology,
  loadManifests,
  loadObjects,
  loadProfileCrds,
  mergeHook,
  policyStatus,
  resolvePolicies,
} from 'gateway-policy-sim';
import { expect } from 'vitest';
import { anyCrdObject, crdObject } from '../_support/crd-arbitrary.js';
import { memberPaths } from '../_support/json-paths.js';
import { topologyArbitrary } from '../_support/topology-arbitrary.js';

const profile = await loadProfileCrds();
const crds = profile.crds!;
const STRICT: AdmitOptions = { fieldValidation: 'strict', defaults: true, prune: true };

type Json = unknown;

test.prop([anyCrdObject, fc.constantFrom<AdmitOptions['fieldValidation']>('strict', 'warn', 'ignore')], {
  numRuns: 150,
})('validation never throws on any object, schema-shaped or not', (object, fieldValidation) => {
  const outcome = crds.admit(object as never, { fieldValidation, defaults: true, prune: true });
  expect(outcome).toBeDefined();
  expect(outcome!.findings.filter((f) => f.code === 'GWP-ADMIT-INTERNAL')).toEqual([]);
});

test.prop([crdObject], { numRuns: 100 })('defaulting is idempotent', (object) => {
  const once = crds.admit(object as never, { fieldValidation: 'ignore', defaults: true, prune: true })!;
  const twice = crds.admit(once.object, { fieldValidation: 'ignore', defaults: true, prune: true })!;
  expect(twice.object).toEqual(once.object);
});

test.prop([crdObject], { numRuns: 100 })(
  'defaulting then validating equals validating the defaulted object',
  (object) => {
    const first = crds.admit(object as never, { fieldValidation: 'ignore', defaults: true, prune: true })!;
    const again = crds.admit(first.object, { fieldValidation: 'ignore', defaults: true, prune: true })!;
    expect(again.findings).toEqual(first.findings);
  },
);

const examples = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../examples');
function yamlFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((f) => {
      const p = path.join(dir, f);
      return statSync(p).isDirectory() ? yamlFiles(p) : f.endsWith('.yaml') ? [p] : [];
    });
}
/** The bundled example's objects of the CRD kinds (all admitted). */
const EXAMPLE = yamlFiles(examples).flatMap((f) =>
  loadManifests({ file: f, text: readFileSync(f, 'utf8') })
    .resources.filter((r) => crds.has(String(r.object.apiVersion).split('/')[0] ?? '', r.kind))
    .map((r) => structuredClone(r.object) as Record<string, Json>),
);

function without(v: Json, at: readonly (string | number)[]): Json {
  const [head, ...rest] = at;
  if (Array.isArray(v))
    return rest.length === 0
      ? v.filter((_, i) => i !== head)
      : v.map((x, i) => (i === head ? without(x, rest) : x));
  const o = { ...(v as Record<string, Json>) };
  if (rest.length === 0) delete o[head as string];
  else o[head as string] = without(o[head as string], rest);
  return o;
}

/** An example object with up to three members of its spec removed (most stay admissible). */
const exampleObject = fc.tuple(fc.nat(), fc.array(fc.nat(), { maxLength: 3 })).map(([which, cuts]) => {
  const o = EXAMPLE[which % EXAMPLE.length]!;
  let spec = o.spec;
  for (const c of cuts) {
    const all = memberPaths(spec);
    if (all.length > 0) spec = without(spec, all[c % all.length]!);
  }
  return { ...o, spec };
});

test.prop([exampleObject], { numRuns: 100 })(
  'an object that passes stays passing after defaulting',
  (object) => {
    const first = crds.admit(object as never, STRICT)!;
    fc.pre(!first.refused);
    expect(crds.admit(first.object, STRICT)!.refused).toBe(false);
  },
);

test.prop([topologyArbitrary({ maxPolicies: 6 })], { numRuns: 25 })(
  'objects that already carry their defaults give the same answer with defaulting on or off',
  ({ objects }) => {
    const stored = admitManifests(loadObjects(objects), { crds, defaults: true }).resources.map(
      (r) => r.object,
    );
    const status = (defaults: boolean) => {
      const load = admitManifests(loadObjects(stored), { crds, defaults });
      const topology = buildTopology(load, { enableLua: true });
      return policyStatus(resolvePolicies(topology, { profile, merge: mergeHook }));
    };
    expect(status(true)).toEqual(status(false));
  },
);
