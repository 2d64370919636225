/** Builds a diagnostic located at a resource, optionally at a field of it (JSON pointer). */
import type { Diagnostic, Severity, SourceLocation } from '../diagnostic.js';
import type { Resource } from '../resource.js';

export function diagnosticAt(
  code: string,
  severity: Severity,
  message: string,
  resource?: Resource,
  fieldPointer?: string,
): Diagnostic {
  if (resource === undefined) return { code, severity, message };
  let location: SourceLocation = resource.source;
  if (fieldPointer !== undefined)
    location = { ...location, pointer: `${location.pointer ?? ''}${fieldPointer}` };
  return { code, severity, message, resource: resource.key, location };
}
