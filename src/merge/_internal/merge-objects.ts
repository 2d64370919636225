/**
 * The whole-object merge of R7.5–R7.7: Go-normalise both policies, patch the parent with the
 * route policy, Go-normalise the result (Envoy Gateway unmarshals it into the typed struct).
 *
 * @packageDocumentation
 */
import type { Diagnostic } from '../../model/diagnostic.js';
import type { JsonValue } from '../../model/types.js';
import { goMarshal, goMarshalChecked } from '../go-marshal.js';
import { mergeSchemaForKind } from '../merge-schema.js';
import { leaf, type ProvNode } from './prov-tree.js';
import { mergeRfc7386 } from './rfc7386.js';
import { SmpError, smpDiagnostic, strategicMergeTracked } from './smp.js';

/** The two merge types Envoy Gateway's `utils.Merge` accepts. */
export type MergeKind = 'StrategicMerge' | 'JSONMerge';

export interface MergeObjectsInput {
  readonly parent: unknown;
  readonly patch: unknown;
  readonly mergeType: MergeKind;
  readonly kind: string;
  readonly applyCrdDefaults: boolean;
  readonly parentResource?: string;
  readonly patchResource?: string;
  /** File names put on the locations of each side's diagnostics. */
  readonly parentFile?: string;
  readonly patchFile?: string;
}

function inFile(ds: readonly Diagnostic[], file: string | undefined): Diagnostic[] {
  return file === undefined ? [...ds] : ds.map((d) => ({ ...d, location: { file, ...d.location } }));
}

export interface MergeObjectsOutput {
  readonly ok: boolean;
  readonly merged: JsonValue | undefined;
  readonly prov: ProvNode;
  /** The Go-normalised inputs (what was actually merged). */
  readonly parent: JsonValue;
  readonly patch: JsonValue;
  readonly known: boolean;
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Go serialisations per input object: a parent policy is merged with many route policies, and
 * inputs are never mutated (nor are the marshalled values: the merges below copy what they keep).
 */
const MARSHALLED = new WeakMap<object, Map<string, ReturnType<typeof goMarshal>>>();

function marshalled(
  object: unknown,
  kind: string,
  applyCrdDefaults: boolean,
  resource: string | undefined,
  opts: (resource: string | undefined) => { applyCrdDefaults: boolean; resource?: string },
): ReturnType<typeof goMarshal> {
  if (object === null || typeof object !== 'object') return goMarshal(object, kind, opts(resource));
  let byKey = MARSHALLED.get(object);
  if (!byKey) {
    byKey = new Map();
    MARSHALLED.set(object, byKey);
  }
  const key = `${kind}|${applyCrdDefaults}|${resource ?? ''}`;
  let hit = byKey.get(key);
  if (!hit) {
    hit = goMarshal(object, kind, opts(resource));
    byKey.set(key, hit);
  }
  return hit;
}

export function mergeObjects(input: MergeObjectsInput): MergeObjectsOutput {
  const opts = (resource: string | undefined) => ({
    applyCrdDefaults: input.applyCrdDefaults,
    ...(resource === undefined ? {} : { resource }),
  });
  const p = marshalled(input.parent, input.kind, input.applyCrdDefaults, input.parentResource, opts);
  const r = marshalled(input.patch, input.kind, input.applyCrdDefaults, input.patchResource, opts);
  const diagnostics: Diagnostic[] = [
    ...inFile(p.diagnostics, input.parentFile),
    ...inFile(r.diagnostics, input.patchFile),
  ];
  const refused = (): MergeObjectsOutput => ({
    ok: false,
    merged: undefined,
    prov: leaf('parent'),
    parent: p.value,
    patch: r.value,
    known: p.known,
    diagnostics,
  });
  if (diagnostics.some((d) => d.code === 'GWP-MERGE-NOT-JSON')) return refused();
  let merged: JsonValue;
  let prov: ProvNode;
  if (input.mergeType === 'JSONMerge') {
    // No copies: the result is read once, by the Go re-serialisation below, which builds anew.
    [merged, prov] = mergeRfc7386(p.value, r.value, leaf('parent'), false);
  } else {
    try {
      // No final copy: the result is read once, by the Go re-serialisation below.
      const out = strategicMergeTracked(p.value, r.value, mergeSchemaForKind(input.kind), false);
      merged = out.v;
      prov = out.p;
    } catch (e) {
      if (!(e instanceof SmpError)) throw e;
      diagnostics.push(...inFile([smpDiagnostic(e, input.patchResource)], input.patchFile));
      return refused();
    }
  }
  // Merged from inputs whose shape was checked: no second check.
  const again = goMarshalChecked(merged, input.kind, {});
  diagnostics.push(...again.diagnostics);
  return {
    ok: true,
    merged: again.value,
    prov,
    parent: p.value,
    patch: r.value,
    known: p.known,
    diagnostics,
  };
}
