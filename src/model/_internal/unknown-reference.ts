/**
 * The diagnostic of a reference a user passes (a query's `route`, `gateway` or `policy`, a status
 * lookup, a preview deletion) that names no object of the input, or that is not a reference at
 * all: `GWP-REF-UNKNOWN` with the closest existing names, `GWP-REF-MALFORMED` with the format.
 *
 * @packageDocumentation
 */
import type { Diagnostic } from '../diagnostic.js';
import { nearestNames } from './nearest-names.js';

/** The codes of {@link unknownReference}. */
export type ReferenceCode = 'GWP-REF-UNKNOWN' | 'GWP-REF-MALFORMED';

/**
 * A warning saying that a reference names nothing, with the nearest existing names.
 *
 * @param field - what the user passed it as (`explain query route`, `statusOf`, `--gateway`, …)
 * @param wanted - the reference as given
 * @param names - the references that exist (the closest are suggested)
 * @returns the diagnostic (`GWP-REF-UNKNOWN`), its message ending with "did you mean …?" when
 *   some name is close
 * @example
 * unknownReference('explain query route', 'HTTPRoute/shop/web', ['HTTPRoute/shop/webs']).message;
 * // => "explain query route: HTTPRoute/shop/web names nothing in the input (did you mean HTTPRoute/shop/webs?)"
 */
export function unknownReference(field: string, wanted: string, names: Iterable<string>): Diagnostic {
  const suggestions = nearestNames(wanted, names);
  const hint = suggestions.length > 0 ? ` (did you mean ${suggestions.join(', ')}?)` : '';
  return {
    code: 'GWP-REF-UNKNOWN',
    severity: 'warning',
    message: `${field}: ${wanted} names nothing in the input${hint}`,
  };
}

/**
 * A warning saying that a text is not a reference of the expected form.
 *
 * @param field - what the user passed it as
 * @param given - the text as given
 * @param form - the expected form, e.g. `Kind/namespace/name`
 * @returns the diagnostic (`GWP-REF-MALFORMED`)
 * @example
 * malformedReference('statusOf', 'shop', 'Kind/namespace/name').code; // => 'GWP-REF-MALFORMED'
 */
export function malformedReference(field: string, given: string, form: string): Diagnostic {
  return {
    code: 'GWP-REF-MALFORMED',
    severity: 'warning',
    message: `${field}: ${JSON.stringify(given)} is not a reference of the form ${form}`,
  };
}
