/**
 * The library function behind `gwpolicy merge`: merge two policy documents given as text or objects.
 *
 * @packageDocumentation
 */
import { LineCounter, parseDocument } from 'yaml';
import type { Diagnostic } from '../model/diagnostic.js';
import { fail } from '../model/errors.js';
import type { JsonValue } from '../model/types.js';
import { isObject } from './_internal/json.js';
import { mergeObjects } from './_internal/merge-objects.js';

/** Options of {@link mergeDocuments}. */
export interface MergeDocumentsOptions {
  /** File name of the parent text, for diagnostics. Default `<parent>`. */
  readonly parentFile?: string;
  /** File name of the patch text, for diagnostics. Default `<patch>`. */
  readonly patchFile?: string;
  /** Apply CRD defaults to both policies first, as a cluster's API server would. Default `false`. */
  readonly applyCrdDefaults?: boolean;
}

/** The outcome of {@link mergeDocuments}. */
export type MergeDocumentsResult =
  | { readonly ok: true; readonly merged: JsonValue; readonly diagnostics: readonly Diagnostic[] }
  | { readonly ok: false; readonly merged?: undefined; readonly diagnostics: readonly Diagnostic[] };

function parseOne(input: unknown, file: string, diagnostics: Diagnostic[]): unknown {
  if (typeof input !== 'string') return input;
  const lineCounter = new LineCounter();
  const doc = parseDocument(input, { lineCounter, uniqueKeys: false });
  for (const e of [...doc.errors, ...doc.warnings]) {
    const pos = e.pos[0];
    const lc = lineCounter.linePos(pos);
    diagnostics.push({
      code: 'GWP-MERGE-YAML',
      severity: doc.errors.includes(e) ? 'error' : 'warning',
      message: e.message.split('\n')[0] ?? e.message,
      location: { file, line: lc.line, column: lc.col },
    });
  }
  if (doc.errors.length > 0) return undefined;
  return doc.toJS({ maxAliasCount: 1000 }) as unknown;
}

/**
 * Merges a route policy (the patch) onto its parent policy exactly as Envoy Gateway's
 * `utils.Merge` does, given YAML/JSON text or parsed objects: both are Go-normalised for their
 * kind (from the objects' `kind`; a kind without a Go table merges as plain JSON with no schema),
 * the patch is applied with the merge type, and the result is Go-normalised again. Never throws
 * on user input: bad YAML, a non-object document or a refused patch give `ok: false` and
 * diagnostics.
 *
 * @param parent - the parent policy: YAML/JSON text or an object
 * @param patch - the route policy: YAML/JSON text or an object
 * @param mergeType - `StrategicMerge` or `JSONMerge`
 * @param options - {@link MergeDocumentsOptions}
 * @returns `{ ok, merged, diagnostics }`
 * @example
 * mergeDocuments('kind: SecurityPolicy\nmetadata: {name: gw}\nspec: {authorization: {defaultAction: Deny}}',
 *   'kind: SecurityPolicy\nmetadata: {name: route}\nspec: {authorization: {rules: []}}', 'JSONMerge').merged;
 * // => { kind: 'SecurityPolicy', metadata: { name: 'route' },
 * //      spec: { authorization: { defaultAction: null } }, status: { ancestors: null } }
 */
export function mergeDocuments(
  parent: unknown,
  patch: unknown,
  mergeType: 'StrategicMerge' | 'JSONMerge',
  options: MergeDocumentsOptions = {},
): MergeDocumentsResult {
  if (mergeType !== 'StrategicMerge' && mergeType !== 'JSONMerge') {
    fail('GWP-API-BAD-OPTION', `mergeType must be 'StrategicMerge' or 'JSONMerge', got ${String(mergeType)}`);
  }
  const diagnostics: Diagnostic[] = [];
  const parentFile = options.parentFile ?? '<parent>';
  const patchFile = options.patchFile ?? '<patch>';
  const p = parseOne(parent, parentFile, diagnostics);
  const r = parseOne(patch, patchFile, diagnostics);
  for (const [v, file] of [
    [p, parentFile],
    [r, patchFile],
  ] as const) {
    if (v !== undefined && !isObject(v)) {
      diagnostics.push({
        code: 'GWP-MERGE-NOT-AN-OBJECT',
        severity: 'error',
        message: 'a policy document must be a YAML/JSON object',
        location: { file },
      });
    }
  }
  if (diagnostics.some((d) => d.severity === 'error') || !isObject(p) || !isObject(r)) {
    return { ok: false, diagnostics };
  }
  const kindOf = (o: Record<string, unknown>): string | undefined =>
    typeof o.kind === 'string' ? o.kind : undefined;
  const pk = Object.hasOwn(p, 'kind') ? kindOf(p) : undefined;
  const rk = Object.hasOwn(r, 'kind') ? kindOf(r) : undefined;
  if (pk !== undefined && rk !== undefined && pk !== rk) {
    diagnostics.push({
      code: 'GWP-MERGE-KIND-MISMATCH',
      severity: 'warning',
      message: `the parent is a ${pk} and the patch a ${rk}; merging as ${rk}`,
      location: { file: patchFile, pointer: '/kind' },
    });
  }
  const out = mergeObjects({
    parent: p,
    patch: r,
    mergeType,
    kind: rk ?? pk ?? '',
    applyCrdDefaults: options.applyCrdDefaults === true,
    parentFile,
    patchFile,
  });
  diagnostics.push(...out.diagnostics);
  if (!out.ok || out.merged === undefined) return { ok: false, diagnostics };
  return { ok: true, merged: out.merged, diagnostics };
}
