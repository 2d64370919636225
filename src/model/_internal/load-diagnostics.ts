/**
 * How the loader places its diagnostics: one located at the place of the value it is about, and
 * an earlier place named in a message (`file:line:col`, or what is known of it).
 */
import type { Diagnostic, Severity, SourceLocation } from '../diagnostic.js';
import type { Place } from './load-place.js';

/** Builds a diagnostic located at a place. */
export function diagnosticAtPlace(
  code: string,
  severity: Severity,
  message: string,
  place: Place,
  resource?: string,
): Diagnostic {
  return {
    code,
    severity,
    message,
    ...(resource === undefined ? {} : { resource }),
    location: place.location(),
  };
}

/** `file:line:col`, or what is known of it, for messages. */
export function describeLocation(loc: SourceLocation): string {
  const file = loc.file ?? `document ${loc.document ?? 0}`;
  if (loc.line === undefined) return loc.pointer ? `${file} at ${loc.pointer}` : file;
  return `${file}:${loc.line}:${loc.column ?? 0}`;
}
