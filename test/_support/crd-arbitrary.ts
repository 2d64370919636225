/**
 * fast-check objects of the shipped CRD kinds, their specs shaped by the kind's schema (enum
 * values, int-or-string, lists and objects as the schema says), with a chance of wrong types,
 * unknown fields and nulls; and arbitrary specs.
 */
import { fc } from '@fast-check/vitest';
import { ENVOY_GATEWAY_V1_9_CRD_DATA } from '../../src/admission/_data/envoy-gateway-v1-9.js';
import type { CrdSetData, SchemaNodeData } from '../../src/admission/crd-data.js';

type Json = unknown;

/** The shipped CRD data, decoded. */
export const CRD_DATA = JSON.parse(ENVOY_GATEWAY_V1_9_CRD_DATA) as CrdSetData;

/** The leaves of generated values. */
interface Leaves {
  readonly string: fc.Arbitrary<string>;
  readonly integer: fc.Arbitrary<number>;
  /** Whether values of the wrong type, nulls, unknown fields and missing required fields are drawn. */
  readonly wrong: boolean;
}

/** Leaves from wide domains: values rarely repeat. */
const WIDE: Leaves = {
  string: fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('10s', '1.2.3.4', 'a.example.com', '/')),
  integer: fc.integer({ min: -10, max: 5_000_000_000 }),
  wrong: true,
};

/**
 * Leaves from tiny domains: values repeat across objects and inside lists, so rules that compare
 * members (unique names, duplicate refs) fail often, after objects that agree with them elsewhere.
 */
const NARROW: Leaves = {
  string: fc.constantFrom(
    '',
    'a',
    'b',
    '/',
    '/a',
    'a.b',
    'Gateway',
    'HTTPRoute',
    'gateway.networking.k8s.io',
  ),
  integer: fc.constantFrom(0, 1, 2, 80),
  wrong: false,
};

/** Values shaped by a schema node, with a chance of wrong types, unknown fields and nulls. */
function fromSchema(index: number, depth: number, leaves: Leaves): fc.Arbitrary<Json> {
  const node = CRD_DATA.nodes[index] as SchemaNodeData;
  const wrong = fc.oneof(fc.constant(null), fc.string({ maxLength: 3 }), fc.integer(), fc.boolean());
  if (depth <= 0) {
    if (leaves.wrong) return wrong;
    if (node.t === 'array') return fc.constant([]);
    return node.t === undefined || node.t === 'object' ? fc.constant({}) : shapedBy(node, depth, leaves);
  }
  const shaped = shapedBy(node, depth, leaves);
  if (!leaves.wrong) return shaped;
  return fc.oneof({ arbitrary: shaped, weight: 9 }, { arbitrary: wrong, weight: 1 });
}

function shapedBy(node: SchemaNodeData, depth: number, leaves: Leaves): fc.Arbitrary<Json> {
  if (node.e !== undefined && node.e.length > 0) return fc.constantFrom(...node.e);
  if (node.is)
    return fc.oneof(fc.integer({ min: -5, max: 100000 }), fc.constantFrom('1Mi', '50%', 'x', '10'));
  switch (node.t) {
    case 'string':
      return leaves.string;
    case 'integer':
      return leaves.integer;
    case 'number':
      return fc.double({ noNaN: true, noDefaultInfinity: true });
    case 'boolean':
      return fc.boolean();
    case 'array': {
      const items =
        node.i === undefined ? fc.jsonValue({ maxDepth: 1 }) : fromSchema(node.i, depth - 1, leaves);
      return fc.array(items, { maxLength: 3 });
    }
    default: {
      const props = Object.entries(node.p ?? {});
      if (props.length === 0)
        return fc.dictionary(fc.string({ maxLength: 4 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 2 });
      const record: Record<string, fc.Arbitrary<Json>> = {};
      for (const [k, i] of props) record[k] = fromSchema(i, depth - 1, leaves);
      if (!leaves.wrong)
        return fc.record(record, { requiredKeys: (node.r ?? []).filter((k) => k in record) });
      return fc
        .tuple(
          fc.record(record, { requiredKeys: [] }),
          fc.option(fc.constant({ unknownField: 1 }), { freq: 5 }),
        )
        .map(([r, extra]) => (extra === null ? r : { ...r, ...extra }));
    }
  }
}

function crdObjectOf(leaves: Leaves): fc.Arbitrary<Record<string, Json>> {
  return fc.constantFrom(...CRD_DATA.crds.filter((c) => !c.group.endsWith('x-k8s.io'))).chain((crd) => {
    const version = crd.versions[0]!;
    const root = CRD_DATA.nodes[version.schema] as SchemaNodeData;
    const spec = root.p?.spec;
    return (spec === undefined ? fc.constant({}) : fromSchema(spec, 5, leaves)).map((s) => ({
      apiVersion: `${crd.group}/${version.name}`,
      kind: crd.kind,
      metadata: { name: 'x', namespace: 'default' },
      spec: s,
    }));
  });
}

/** An object of one of the CRD kinds, its spec drawn from the kind's schema. */
export const crdObject: fc.Arbitrary<Record<string, Json>> = crdObjectOf(WIDE);

/**
 * An object of one of the CRD kinds, its strings and integers drawn from tiny domains, so that
 * values repeat across objects and inside lists.
 */
export const narrowCrdObject: fc.Arbitrary<Record<string, Json>> = crdObjectOf(NARROW);

/** A schema-shaped object, or one of the CRD kinds with an arbitrary JSON spec. */
export const anyCrdObject: fc.Arbitrary<Record<string, Json>> = fc.oneof(
  crdObject,
  crdObject.chain((o) => fc.jsonValue({ maxDepth: 3 }).map((v) => ({ ...o, spec: v }))),
);

/**
 * Values of one schema node of the shipped data, strings and integers from tiny domains (values
 * repeat), no wrong types.
 *
 * @param index - the node's index in `CRD_DATA.nodes`
 * @param depth - how deep objects and lists go
 */
export function narrowValueOf(index: number, depth = 4): fc.Arbitrary<Json> {
  return fromSchema(index, depth, NARROW);
}
