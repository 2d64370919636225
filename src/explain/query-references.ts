/**
 * The references of an explain query (`gateway`, `route`, `policy`) checked against the input:
 * one that names nothing gives `GWP-REF-UNKNOWN` with the nearest existing names, one that is not
 * a reference `GWP-REF-MALFORMED`, instead of an empty answer that says nothing.
 *
 * @packageDocumentation
 */

import { malformedReference, unknownReference } from '../model/_internal/unknown-reference.js';
import type { Diagnostic } from '../model/diagnostic.js';
import { formatRef, parseRef } from '../model/object-ref.js';
import { POLICY_KINDS } from '../model/types.js';
import type { Resolution } from '../precedence/resolution-types.js';

/**
 * The topology key (`ns/name`) of a Gateway reference given as `Gateway/ns/name` (the one format)
 * or as `ns/name` (still accepted).
 *
 * @param text - the reference
 * @returns the key, or null when the text is neither form
 * @example
 * gatewayKeyOf('Gateway/infra/public-gw'); // => 'infra/public-gw'
 */
export function gatewayKeyOf(text: string): string | null {
  const ref = parseRef(text);
  if (ref !== null && ref.kind === 'Gateway' && ref.namespace !== '' && ref.section === undefined)
    return `${ref.namespace}/${ref.name}`;
  const parts = text.split('/');
  return parts.length === 2 && parts[0] !== '' && parts[1] !== '' && parts[0] !== 'Gateway' ? text : null;
}

/** The references of an explain query (`ExplainQuery`'s `gateway`, `route` and `policy`). */
export interface QueryReferences {
  readonly gateway?: string;
  readonly route?: string;
  readonly policy?: string;
}

/**
 * Checks the references of a query against the resolution's input.
 *
 * @param resolution - the resolution the query runs on
 * @param query - the query
 * @param fieldName - how messages name a field (default `explain query route`, …; the CLI says
 *   `--route`)
 * @returns one diagnostic per reference that names nothing (none when all exist)
 * @example
 * queryReferenceDiagnostics(resolution, { route: 'HTTPRoute/shop/strorefront' })[0]?.message;
 * // => 'explain query route: HTTPRoute/shop/strorefront names nothing in the input (did you mean HTTPRoute/shop/storefront?)'
 */
export function queryReferenceDiagnostics(
  resolution: Resolution,
  query: QueryReferences,
  fieldName: (field: keyof QueryReferences) => string = (field) => `explain query ${field}`,
): Diagnostic[] {
  const { topology } = resolution;
  const out: Diagnostic[] = [];
  if (query.gateway !== undefined) {
    const key = gatewayKeyOf(query.gateway);
    if (key === null)
      out.push(malformedReference(fieldName('gateway'), query.gateway, 'Gateway/namespace/name'));
    else if (!topology.gateways.has(key))
      out.push(
        unknownReference(
          fieldName('gateway'),
          `Gateway/${key}`,
          [...topology.gateways.keys()].map((k) => `Gateway/${k}`),
        ),
      );
  }
  if (query.route !== undefined) {
    const ref = parseRef(query.route);
    if (ref === null || ref.namespace === '' || ref.section !== undefined)
      out.push(malformedReference(fieldName('route'), query.route, 'RouteKind/namespace/name'));
    else if (!topology.routes.has(formatRef(ref)))
      out.push(unknownReference(fieldName('route'), formatRef(ref), topology.routes.keys()));
  }
  if (query.policy !== undefined) {
    const ref = parseRef(query.policy);
    if (ref === null || ref.namespace === '' || ref.section !== undefined)
      out.push(malformedReference(fieldName('policy'), query.policy, 'PolicyKind/namespace/name'));
    else {
      const id = formatRef(ref);
      const all = POLICY_KINDS.flatMap((k) => (topology.policies.get(k) ?? []).map((p) => p.key));
      if (!all.includes(id)) out.push(unknownReference(fieldName('policy'), id, all));
    }
  }
  return out;
}
