/**
 * The library function behind `gwpolicy merge`: merge two policy documents given as text or objects.
 *
 * @packageDocumentation
 */
import { LOAD_CODES } from '../model/_internal/load-codes.js';
import { MAX_NESTING } from '../model/_internal/load-cst.js';
import { copyJson } from '../model/_internal/load-json-copy.js';
import { FieldLocator } from '../model/_internal/locate-field.js';
import { maxAliasCountOf, readYaml, thrownMessage } from '../model/_internal/yaml-read.js';
import type { Diagnostic, SourceLocation } from '../model/diagnostic.js';
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
  /**
   * Limit on YAML alias expansion, as `loadManifests` takes it (`GWP-LOAD-ALIAS-LIMIT`). Default
   * 100; `-1` for no limit.
   */
  readonly maxAliasCount?: number;
}

/** The outcome of {@link mergeDocuments}. */
export type MergeDocumentsResult =
  | { readonly ok: true; readonly merged: JsonValue; readonly diagnostics: readonly Diagnostic[] }
  | { readonly ok: false; readonly merged?: undefined; readonly diagnostics: readonly Diagnostic[] };

/** The loader's YAML syntax errors and warnings are this function's `GWP-MERGE-YAML`. */
function asMergeDiagnostic(d: Diagnostic): Diagnostic {
  return d.code === LOAD_CODES.yamlSyntax || d.code === LOAD_CODES.yamlWarning
    ? { ...d, code: 'GWP-MERGE-YAML' }
    : d;
}

/**
 * One policy document: text read by the loader's YAML reader (the same guards: nesting, aliases,
 * values that are not JSON data), or an object copied as `loadObjects` copies it.
 *
 * @returns the document's value, or undefined when it cannot be read (diagnostics say why)
 */
function readOne(
  input: unknown,
  file: string,
  maxAliasCount: number,
  diagnostics: Diagnostic[],
  roots: Map<string, { readonly text: string; readonly at: SourceLocation }>,
): unknown {
  if (typeof input !== 'string') {
    const copied = copyJson(input, MAX_NESTING);
    if (copied.ok) return copied.value;
    diagnostics.push({
      code: copied.code,
      severity: 'error',
      message:
        copied.code === LOAD_CODES.notJson
          ? `not JSON data at ${copied.pointer || 'the top'}: ${copied.reason}`
          : `${copied.reason} at ${copied.pointer}`,
      location: { file, pointer: copied.pointer },
    });
    return undefined;
  }
  const values: unknown[] = [];
  let refused = false;
  try {
    const docs = readYaml(input, file, { maxAliasCount });
    let next = docs.next();
    for (; next.done !== true; next = docs.next()) {
      const read = next.value;
      diagnostics.push(...read.errors.map(asMergeDiagnostic), ...read.warnings.map(asMergeDiagnostic));
      if (read.errors.length > 0) refused = true;
      else if (read.value !== null) {
        values.push(read.value);
        // Where the document's object starts, to place diagnostics about its fields.
        const start = read.source.doc.contents?.range?.[0];
        if (start !== undefined && !roots.has(file)) {
          const pos = read.source.lines.linePos(start);
          roots.set(file, { text: input, at: { file, line: pos.line, column: pos.col } });
        }
      }
    }
    if (next.value.length > 0) refused = true;
    diagnostics.push(...next.value.map(asMergeDiagnostic));
  } catch (error) {
    diagnostics.push({
      code: LOAD_CODES.internal,
      severity: 'error',
      message: `the text could not be parsed: ${thrownMessage(error)}`,
      location: { file },
    });
    return undefined;
  }
  if (refused) return undefined;
  if (values.length > 1) {
    diagnostics.push({
      code: 'GWP-MERGE-YAML',
      severity: 'error',
      message: `the text holds ${values.length} documents; a policy is one document`,
      location: { file },
    });
    return undefined;
  }
  return values[0] ?? null;
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
  const maxAliasCount = maxAliasCountOf(options.maxAliasCount);
  const diagnostics: Diagnostic[] = [];
  const parentFile = options.parentFile ?? '<parent>';
  const patchFile = options.patchFile ?? '<patch>';
  const roots = new Map<string, { readonly text: string; readonly at: SourceLocation }>();
  const p = readOne(parent, parentFile, maxAliasCount, diagnostics, roots);
  const r = readOne(patch, patchFile, maxAliasCount, diagnostics, roots);
  const result = mergeRead(p, r, mergeType, options, parentFile, patchFile, diagnostics);
  return { ...result, diagnostics: withRanges(result.diagnostics, roots) };
}

/**
 * Text input's diagnostics about a field (a pointer, no line) at the field's range in the text
 * (the parent and the patch are one document each).
 */
function withRanges(
  diagnostics: readonly Diagnostic[],
  roots: ReadonlyMap<string, { readonly text: string; readonly at: SourceLocation }>,
): Diagnostic[] {
  const open = (d: Diagnostic): boolean =>
    d.location?.pointer !== undefined && d.location.line === undefined && roots.has(d.location.file ?? '');
  if (!diagnostics.some(open)) return [...diagnostics];
  const locator = new FieldLocator([...roots.values()].map((x) => ({ file: x.at.file ?? '', text: x.text })));
  return diagnostics.map((d) => {
    const root = open(d) ? roots.get(d.location?.file ?? '') : undefined;
    return root === undefined ? d : { ...d, location: locator.locate(root.at, d.location?.pointer ?? '') };
  });
}

/** The merge of two documents read (undefined: refused, diagnostics say why). */
function mergeRead(
  p: unknown,
  r: unknown,
  mergeType: 'StrategicMerge' | 'JSONMerge',
  options: MergeDocumentsOptions,
  parentFile: string,
  patchFile: string,
  diagnostics: Diagnostic[],
): MergeDocumentsResult {
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
