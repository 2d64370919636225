/**
 * Merge schemas: what strategic merge needs to know about a document's lists, and Envoy
 * Gateway's schemas as data.
 *
 * @packageDocumentation
 */
import type { PolicyKind } from '../model/types.js';

/**
 * What strategic merge knows about one node of a document (the schema of a Go field, in
 * apimachinery's terms). A node that is not described replaces lists and merges objects.
 */
export interface MergeSchema {
  /** Schemas of an object's members, by JSON name. */
  readonly fields?: Readonly<Record<string, MergeSchema>>;
  /**
   * Schema of each element of a list, or of each value of an object whose members are not named
   * in `fields` (a map such as `labels`).
   */
  readonly items?: MergeSchema;
  /**
   * How the patch treats this node: `merge` merges a list (by `patchMergeKey` for objects, as a
   * set for primitives); `replace` replaces a list or an object wholesale. Default: lists are
   * replaced, objects merged.
   */
  readonly patchStrategy?: 'merge' | 'replace';
  /** The member that identifies an element of a merged list of objects. */
  readonly patchMergeKey?: string;
}

const byType: MergeSchema = { patchStrategy: 'merge', patchMergeKey: 'type' };

/** `metadata` as Kubernetes declares it: finalizers merge as a set, ownerReferences by `uid`. */
const METADATA: MergeSchema = {
  fields: {
    finalizers: { patchStrategy: 'merge' },
    ownerReferences: { patchStrategy: 'merge', patchMergeKey: 'uid' },
  },
};

/**
 * Envoy Gateway's strategic-merge schemas (v1.9), taken from the `patchStrategy`/`patchMergeKey`
 * tags of its Go types: BackendTrafficPolicy `compression`, `compressor` and `httpUpgrade` merge
 * by `type`; SecurityPolicy `extAuth.contextExtensions` merges by `name`; metadata
 * `finalizers`/`ownerReferences` as Kubernetes declares them. Every other list is replaced.
 * ClientTrafficPolicy never merges but is listed for completeness.
 *
 * @example
 * EG_MERGE_SCHEMAS.SecurityPolicy.fields?.spec?.fields?.extAuth?.fields?.contextExtensions;
 * // => { patchStrategy: 'merge', patchMergeKey: 'name' }
 */
export const EG_MERGE_SCHEMAS: Readonly<Record<PolicyKind, MergeSchema>> = {
  BackendTrafficPolicy: {
    fields: {
      metadata: METADATA,
      spec: { fields: { compression: byType, compressor: byType, httpUpgrade: byType } },
    },
  },
  SecurityPolicy: {
    fields: {
      metadata: METADATA,
      spec: {
        fields: {
          extAuth: { fields: { contextExtensions: { patchStrategy: 'merge', patchMergeKey: 'name' } } },
        },
      },
    },
  },
  EnvoyExtensionPolicy: { fields: { metadata: METADATA } },
  ClientTrafficPolicy: { fields: { metadata: METADATA } },
};

/**
 * The strategic-merge schema of a kind, or `undefined` for a kind without one (it then merges
 * with no schema: every list replaced).
 *
 * @param kind - an object kind, e.g. `BackendTrafficPolicy`
 * @returns the schema, or `undefined`
 * @example
 * mergeSchemaForKind('ConfigMap'); // => undefined
 */
export function mergeSchemaForKind(kind: string): MergeSchema | undefined {
  return Object.hasOwn(EG_MERGE_SCHEMAS, kind) ? EG_MERGE_SCHEMAS[kind as PolicyKind] : undefined;
}

/**
 * Builds a schema from paths, the flat way to write one: each key is a path of member names
 * separated by `/` (a `*` step enters the elements of a list or the values of a map), each value
 * the list's strategy and merge key.
 *
 * @param paths - e.g. `{ '/spec/compressor': { patchStrategy: 'merge', patchMergeKey: 'type' } }`
 * @returns the equivalent nested {@link MergeSchema}
 * @example
 * mergeSchemaFromPaths({ '/spec/rules/*\/ports': { patchStrategy: 'merge' } });
 * // => { fields: { spec: { fields: { rules: { items: { fields: { ports: { patchStrategy: 'merge' } } } } } } } }
 */
export function mergeSchemaFromPaths(
  paths: Readonly<Record<string, Pick<MergeSchema, 'patchStrategy' | 'patchMergeKey'>>>,
): MergeSchema {
  type Mutable = {
    fields?: Record<string, Mutable>;
    items?: Mutable;
    patchStrategy?: 'merge' | 'replace';
    patchMergeKey?: string;
  };
  const root: Mutable = {};
  for (const [path, leafSchema] of Object.entries(paths)) {
    const steps = path.split('/').filter((s) => s !== '');
    let node = root;
    steps.forEach((step, i) => {
      const prev = i > 0 ? steps[i - 1] : undefined;
      if (step === '*' && prev !== undefined) {
        node.items ??= {};
        node = node.items;
        return;
      }
      node.fields ??= {};
      if (!Object.hasOwn(node.fields, step)) {
        Object.defineProperty(node.fields, step, {
          value: {},
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      node = node.fields[step] as Mutable;
    });
    if (leafSchema.patchStrategy !== undefined) node.patchStrategy = leafSchema.patchStrategy;
    if (leafSchema.patchMergeKey !== undefined) node.patchMergeKey = leafSchema.patchMergeKey;
  }
  return root;
}
