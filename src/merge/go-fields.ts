/**
 * The Go-marshal table of a policy kind as a flat, readable list of field paths.
 *
 * @packageDocumentation
 */
import type { JsonValue, PolicyKind } from '../model/types.js';
import { encode, flatFields, isStruct } from './_internal/go-codec.js';
import { GO_ROOT_TYPES } from './go-marshal.js';

/** What Go knows about one field of a policy kind. */
export interface GoFieldInfo {
  /** Path of JSON names from the object root; `*` stands for any list element or map value. */
  readonly path: string;
  /** The Go kind of the field. */
  readonly go:
    | 'pointer'
    | 'slice'
    | 'map'
    | 'struct'
    | 'string'
    | 'number'
    | 'bool'
    | 'json'
    | 'time'
    | 'quantity'
    | 'duration'
    | 'intOrString';
  readonly omitempty: boolean;
  /** What the field marshals as when unset: `undefined` when it is omitted, else `null`, `""`, `0`, `false` or an object. */
  readonly unset?: JsonValue;
  /** The `+kubebuilder:default` the API server fills in. */
  readonly default?: JsonValue;
  /** `merge` when strategic merge merges this list (with `patchMergeKey` for objects). */
  readonly patchStrategy?: 'merge';
  readonly patchMergeKey?: string;
}

function goKind(type: string): GoFieldInfo['go'] {
  if (type.startsWith('*')) return 'pointer';
  if (type.startsWith('[]')) return 'slice';
  if (type.startsWith('map[')) return 'map';
  if (isStruct(type)) return 'struct';
  const kinds: Record<string, GoFieldInfo['go']> = {
    string: 'string',
    int: 'number',
    uint: 'number',
    float: 'number',
    bool: 'bool',
    raw: 'json',
    time: 'time',
    quantity: 'quantity',
    duration: 'duration',
    intorstring: 'intOrString',
  };
  return kinds[type] ?? 'json';
}

/**
 * Lists every field reachable from a policy kind's Go struct (recursive types are cut where they
 * recur), with its Go kind, omitempty, what it marshals as when unset, its CRD default and its
 * patch strategy: the data behind {@link goMarshal} and the strategic-merge schema.
 *
 * @param kind - a policy kind
 * @returns the fields, depth first in declaration order (empty for a kind without a Go table)
 * @example
 * goFieldsOf('SecurityPolicy').find((f) => f.path === '/spec/authorization/defaultAction');
 * // => { path: '/spec/authorization/defaultAction', go: 'pointer', omitempty: false, unset: null }
 */
export function goFieldsOf(kind: string): readonly GoFieldInfo[] {
  if (!Object.hasOwn(GO_ROOT_TYPES, kind)) return [];
  const out: GoFieldInfo[] = [];
  const walk = (struct: string, prefix: string, stack: readonly string[]): void => {
    for (const f of flatFields(struct)) {
      const path = `${prefix}/${f.json}`;
      const info: { -readonly [K in keyof GoFieldInfo]: GoFieldInfo[K] } = {
        path,
        go: goKind(f.type),
        omitempty: f.omitempty,
      };
      if (!f.omitempty && !f.omitzero) info.unset = encode(undefined, f.type);
      if (f.extra?.d !== undefined) info.default = f.extra.d;
      if (f.extra?.s === 'merge') info.patchStrategy = 'merge';
      if (f.extra?.k !== undefined) info.patchMergeKey = f.extra.k;
      out.push(info);
      let t = f.type;
      let p = path;
      for (;;) {
        if (t.startsWith('*')) t = t.slice(1);
        else if (t.startsWith('[]')) {
          t = t.slice(2);
          p += '/*';
        } else if (t.startsWith('map[')) {
          t = t.slice(4, -1);
          p += '/*';
        } else break;
      }
      if (isStruct(t) && !stack.includes(t)) walk(t, p, [...stack, t]);
    }
  };
  const root = GO_ROOT_TYPES[kind as PolicyKind];
  walk(root, '', [root]);
  return out;
}
