/**
 * The merge layer's guard on objects handed in directly (see json-shape.ts).
 *
 * @packageDocumentation
 */
import { jsonShapeProblem } from '../../model/_internal/json-shape.js';
import type { Diagnostic } from '../../model/diagnostic.js';

/**
 * `GWP-MERGE-NOT-JSON` for an input the merge walks cannot take (too deep, cyclic, shared beyond
 * go-yaml's aliasing rule), or undefined.
 *
 * @param value - the input
 * @param resource - `Kind/ns/name` for the diagnostic
 * @returns the diagnostic, or undefined
 */
export function notJsonDiagnostic(value: unknown, resource?: string): Diagnostic | undefined {
  const problem = jsonShapeProblem(value);
  if (problem === undefined) return undefined;
  return {
    code: 'GWP-MERGE-NOT-JSON',
    severity: 'error',
    message: `the object cannot be merged: ${problem.message} at ${problem.pointer || 'the top'}`,
    ...(resource === undefined ? {} : { resource }),
    location: { pointer: problem.pointer },
  };
}
