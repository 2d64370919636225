/**
 * The admission diagnostics of every resource `admitManifests` produced, so that `validate`
 * (and through it `resolvePolicies`) reports what admission found on the object as written,
 * unknown fields included, for the stored object it is handed later.
 *
 * @packageDocumentation
 */
import type { AdmitFinding, CrdSet } from '../admission-types.js';
import type { Diagnostic, SourceLocation } from '../diagnostic.js';
import type { Resource } from '../resource.js';
import type { FieldLocator } from './locate-field.js';

/** Resource (as admitted) → the CRD set that admitted it and the diagnostics it got. */
const RECORDS = new WeakMap<
  Resource,
  { readonly crds: CrdSet; readonly diagnostics: readonly Diagnostic[] }
>();

/**
 * Records what admission found for a resource.
 *
 * @param resource - the resource as admitted (the object the simulator sees)
 * @param crds - the CRD set
 * @param diagnostics - its diagnostics
 */
export function recordAdmission(resource: Resource, crds: CrdSet, diagnostics: readonly Diagnostic[]): void {
  RECORDS.set(resource, { crds, diagnostics });
}

/**
 * What admission found for a resource with a CRD set, if it was admitted by `admitManifests`.
 *
 * @param resource - the resource
 * @param crds - the CRD set
 * @returns its diagnostics, or undefined
 */
export function recordedAdmission(resource: Resource, crds: CrdSet): readonly Diagnostic[] | undefined {
  const hit = RECORDS.get(resource);
  return hit !== undefined && hit.crds === crds ? hit.diagnostics : undefined;
}

/**
 * A finding as a diagnostic of a resource, at its field.
 *
 * @param r - the resource
 * @param f - the finding
 * @param locator - finds line and column from the source text, when there is one
 * @returns the diagnostic
 */
export function diagnosticOf(r: Resource, f: AdmitFinding, locator: FieldLocator | undefined): Diagnostic {
  const location: SourceLocation =
    locator === undefined
      ? { ...r.source, pointer: `${r.source.pointer ?? ''}${f.pointer}` }
      : locator.locate(r.source, f.pointer);
  return { code: f.code, severity: f.severity, message: f.message, resource: r.key, location };
}
