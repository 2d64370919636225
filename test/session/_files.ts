/**
 * What the session laws drive: generated topologies spread over a few files, options, and
 * sequences of file edits (a policy edited, added or dropped, a route edited, documents
 * reordered, a file deleted or brought back), kept as a model of each file's documents.
 */
import fc from 'fast-check';
import type { SimulateOptions } from 'gateway-policy-sim';
import { stringify } from 'yaml';
import { NAMESPACES, type Obj, policyObj, ref, topologyArbitrary } from '../_support/topology-arbitrary.js';

export const FILE_NAMES = ['a.yaml', 'b.yaml', 'c.yaml'] as const;

/** Every option a session can be created with (those `preview` inherits). */
export const optionsArb: fc.Arbitrary<SimulateOptions> = fc.record({
  order: fc.constantFrom('cluster' as const, 'input' as const),
  admission: fc.constantFrom('reject' as const, 'report' as const),
  profile: fc.constantFrom('envoy-gateway-v1.9', 'envoy-gateway-v1.5'),
  topology: fc.record({
    enableLua: fc.boolean(),
    mergeGateways: fc.boolean(),
    now: fc.constantFrom('2020-01-01T00:00:00Z', '2030-01-01T00:00:00Z'),
  }),
});

/** One edit of the model. */
export interface Op {
  readonly what:
    | 'editPolicy'
    | 'addPolicy'
    | 'dropDoc'
    | 'editRoute'
    | 'reorder'
    | 'deleteFile'
    | 'restoreFile';
  readonly pick: number;
  readonly file: number;
  readonly value: string;
}

export const opArb: fc.Arbitrary<Op> = fc.record({
  what: fc.constantFrom(
    'editPolicy',
    'editPolicy',
    'editPolicy',
    'addPolicy',
    'dropDoc',
    'editRoute',
    'reorder',
    'deleteFile',
    'restoreFile',
  ),
  pick: fc.nat(),
  file: fc.nat(FILE_NAMES.length - 1),
  value: fc.constantFrom('1s', '7s', '30s'),
});

/** A generated case: the objects spread over the files, then the edits. */
export const caseArb = fc.record({
  topology: topologyArbitrary({ maxPolicies: 6 }),
  spread: fc.array(fc.nat(FILE_NAMES.length - 1), { minLength: 60, maxLength: 60 }),
  ops: fc.array(opArb, { minLength: 1, maxLength: 6 }),
  options: optionsArb,
});

/** The files of a case before any edit: each object goes to the file `spread` says. */
export function initialFiles(objects: readonly Obj[], spread: readonly number[]): Map<string, Obj[]> {
  const files = new Map<string, Obj[]>();
  objects.forEach((o, i) => {
    const name = FILE_NAMES[spread[i % spread.length]!]!;
    files.set(name, [...(files.get(name) ?? []), o]);
  });
  return files;
}

/** A file's text: its documents as YAML, separated by `---`. */
export function render(docs: readonly Obj[]): string {
  return docs.map((d) => stringify(d)).join('---\n');
}

const isPolicy = (o: Obj): boolean => String(o.kind).endsWith('Policy') && o.kind !== 'BackendTLSPolicy';

/**
 * Applies an edit to the model: the file it changes and its new documents (null: delete the
 * file), or null when the edit does not apply to this model.
 */
export function applyOp(
  files: Map<string, Obj[]>,
  deleted: Map<string, Obj[]>,
  op: Op,
  counter: { n: number },
): { readonly file: string; readonly docs: Obj[] | null } | null {
  const all = [...files].flatMap(([file, docs]) => docs.map((doc, i) => ({ file, doc, i })));
  const pickOf = <T>(list: readonly T[]): T | undefined => list[op.pick % Math.max(1, list.length)];
  switch (op.what) {
    case 'editPolicy': {
      const p = pickOf(all.filter((x) => isPolicy(x.doc)));
      if (!p) return null;
      const doc = structuredClone(p.doc);
      (doc.spec as Obj).timeout = { http: { requestTimeout: op.value } };
      const docs = [...files.get(p.file)!];
      docs[p.i] = doc;
      return { file: p.file, docs };
    }
    case 'addPolicy': {
      const route = pickOf(all.filter((x) => x.doc.kind === 'HTTPRoute'));
      const ns = route
        ? String((route.doc.metadata as Obj).namespace)
        : NAMESPACES[op.pick % NAMESPACES.length]!;
      const target = route
        ? ref('HTTPRoute', String((route.doc.metadata as Obj).name))
        : ref('Gateway', 'gw-0');
      const file = FILE_NAMES[op.file]!;
      const policy = policyObj('BackendTrafficPolicy', ns, `added-${counter.n++}`, {
        targetRefs: [target],
        timeout: { http: { requestTimeout: op.value } },
      });
      return { file, docs: [...(files.get(file) ?? []), policy] };
    }
    case 'dropDoc': {
      const d = pickOf(all);
      if (!d) return null;
      return { file: d.file, docs: files.get(d.file)!.filter((_, i) => i !== d.i) };
    }
    case 'editRoute': {
      const r = pickOf(all.filter((x) => x.doc.kind === 'HTTPRoute'));
      if (!r) return null;
      const doc = structuredClone(r.doc);
      const md = doc.metadata as Obj;
      md.labels = { ...((md.labels as Obj | undefined) ?? {}), edited: op.value.replace(/\W/g, '') };
      (doc.spec as Obj).hostnames = [`${op.value.replace(/\W/g, '')}.example.com`];
      const docs = [...files.get(r.file)!];
      docs[r.i] = doc;
      return { file: r.file, docs };
    }
    case 'reorder': {
      const file = FILE_NAMES[op.file]!;
      const docs = files.get(file);
      if (!docs || docs.length < 2) return null;
      return { file, docs: [...docs.slice(1), docs[0]!] };
    }
    case 'deleteFile': {
      const file = FILE_NAMES[op.file]!;
      if (!files.has(file)) return null;
      return { file, docs: null };
    }
    case 'restoreFile': {
      const file = FILE_NAMES[op.file]!;
      const docs = deleted.get(file);
      if (files.has(file) || !docs) return null;
      return { file, docs };
    }
  }
}
