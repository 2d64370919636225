/**
 * Schema nodes decoded from the compact CRD form: one object per distinct node, children linked.
 *
 * @packageDocumentation
 */
import type { RuleData, SchemaNodeData } from '../crd-data.js';

/** One decoded schema node (a structural schema). */
export interface SchemaNode {
  readonly id: number;
  /** `type` as kube-openapi sees it: `['integer', 'string']` for int-or-string, `[]` when unset. */
  readonly types: readonly string[];
  /** `type` as written (`''` when unset). */
  readonly type: string;
  readonly properties: ReadonlyMap<string, SchemaNode> | undefined;
  readonly required: readonly string[];
  /** `additionalProperties`: a schema, `false`, or undefined (absent or `true`). */
  readonly additional: SchemaNode | false | undefined;
  readonly items: SchemaNode | undefined;
  readonly allOf: readonly SchemaNode[];
  readonly anyOf: readonly SchemaNode[];
  readonly oneOf: readonly SchemaNode[];
  readonly not: SchemaNode | undefined;
  readonly hasDefault: boolean;
  readonly default: unknown;
  readonly nullable: boolean;
  readonly preserveUnknown: boolean;
  readonly embedded: boolean;
  readonly intOrString: boolean;
  readonly listType: string | undefined;
  readonly listMapKeys: readonly string[];
  readonly mapType: string | undefined;
  readonly rules: readonly RuleData[];
  /** Whether this node or any node below it has rules (the CEL walk skips subtrees without). */
  readonly rulesBelow: boolean;
  /** Whether a default applies inside values of this node (defaulting skips subtrees without). */
  readonly defaultsBelow: boolean;
  readonly data: SchemaNodeData;
}

/**
 * Decodes every node of a CRD set. Children always come before their parents in the table (the
 * compiler interns them first), so one pass in order links everything.
 *
 * @param nodes - the compact nodes
 * @returns the decoded nodes, by index
 */
export function decodeSchemaNodes(nodes: readonly SchemaNodeData[]): readonly SchemaNode[] {
  const out: SchemaNode[] = [];
  const at = (i: number): SchemaNode => {
    const n = out[i];
    if (n === undefined) throw new Error(`CRD data: schema node ${i} referenced before it is defined`);
    return n;
  };
  nodes.forEach((d, id) => {
    const properties =
      d.p === undefined ? undefined : new Map(Object.entries(d.p).map(([k, i]) => [k, at(i)]));
    const additional = typeof d.a === 'number' ? at(d.a) : d.a === false ? false : undefined;
    const items = d.i === undefined ? undefined : at(d.i);
    const allOf = (d.al ?? []).map(at);
    const anyOf = (d.an ?? []).map(at);
    const oneOf = (d.on ?? []).map(at);
    const not = d.no === undefined ? undefined : at(d.no);
    const children: SchemaNode[] = [
      ...(properties?.values() ?? []),
      ...(additional ? [additional] : []),
      ...(items ? [items] : []),
      ...allOf,
      ...anyOf,
      ...oneOf,
    ];
    const rules = d.v ?? [];
    out.push({
      id,
      types: d.is ? ['integer', 'string'] : d.t ? [d.t] : [],
      type: d.t ?? '',
      properties,
      required: d.r ?? [],
      additional,
      items,
      allOf,
      anyOf,
      oneOf,
      not,
      hasDefault: Object.hasOwn(d, 'd'),
      default: d.d,
      nullable: d.n === true,
      preserveUnknown: d.pu === true,
      embedded: d.er === true,
      intOrString: d.is === true,
      listType: d.lt,
      listMapKeys: d.lk ?? [],
      mapType: d.mt,
      rules,
      rulesBelow: rules.length > 0 || children.some((c) => c.rulesBelow),
      defaultsBelow: [
        ...(properties?.values() ?? []),
        ...(additional ? [additional] : []),
        ...(items ? [items] : []),
      ].some((c) => c.hasDefault || c.defaultsBelow),
      data: d,
    });
  });
  return out;
}
