/**
 * Condition builders for policy status assertions: what Envoy Gateway writes, without
 * `lastTransitionTime` (never compared) and, unless given, without the message or the
 * generation. They match partially (`toHaveCondition`).
 *
 * @packageDocumentation
 */

/** An expected condition: the members given must match; the others are ignored. */
export interface ExpectedCondition {
  readonly type: string;
  readonly status?: 'True' | 'False';
  readonly reason?: string;
  readonly message?: string;
  readonly observedGeneration?: number;
}

/**
 * An expected condition of any type.
 *
 * @param type - the condition type (`Accepted`, `Overridden`, `Merged`, …)
 * @param status - `True` or `False`
 * @param reason - the reason
 * @param message - the exact message; omitted: any message
 * @returns the expected condition (no `lastTransitionTime`)
 * @example
 * condition('Accepted', 'False', 'Invalid'); // => { type: 'Accepted', status: 'False', reason: 'Invalid' }
 */
export function condition(
  type: string,
  status: 'True' | 'False',
  reason: string,
  message?: string,
): ExpectedCondition {
  return message === undefined ? { type, status, reason } : { type, status, reason, message };
}

/**
 * `Accepted=True`, reason `Accepted`: the policy took effect at that ancestor.
 *
 * @param message - the exact message; omitted: any (Envoy Gateway writes `Policy has been accepted.`)
 * @returns the expected condition
 * @example
 * accepted(); // => { type: 'Accepted', status: 'True', reason: 'Accepted' }
 */
export function accepted(message?: string): ExpectedCondition {
  return condition('Accepted', 'True', 'Accepted', message);
}

/**
 * `Accepted=False`, reason `Conflicted`: an older policy of the same kind targets the same scope.
 *
 * @param message - the exact message; omitted: any
 * @returns the expected condition
 * @example
 * conflicted(); // => { type: 'Accepted', status: 'False', reason: 'Conflicted' }
 */
export function conflicted(message?: string): ExpectedCondition {
  return condition('Accepted', 'False', 'Conflicted', message);
}

/**
 * `Accepted=False`, reason `TargetNotFound`: a target (or its section) does not exist.
 *
 * @param message - the exact message; omitted: any
 * @returns the expected condition
 * @example
 * targetNotFound().reason; // => 'TargetNotFound'
 */
export function targetNotFound(message?: string): ExpectedCondition {
  return condition('Accepted', 'False', 'TargetNotFound', message);
}

/**
 * `Accepted=False`, reason `Invalid`: a feature of the policy failed to translate.
 *
 * @param message - the exact message; omitted: any
 * @returns the expected condition
 * @example
 * invalid().reason; // => 'Invalid'
 */
export function invalid(message?: string): ExpectedCondition {
  return condition('Accepted', 'False', 'Invalid', message);
}

/**
 * `Overridden=True`: more specific policies of the kind take effect for some of its scopes.
 *
 * @param message - the exact message; omitted: any
 * @returns the expected condition
 * @example
 * overridden().type; // => 'Overridden'
 */
export function overridden(message?: string): ExpectedCondition {
  return condition('Overridden', 'True', 'Overridden', message);
}

/**
 * `Merged=True`: route policies with `mergeType` merged this (parent) policy.
 *
 * @param message - the exact message; omitted: any
 * @returns the expected condition
 * @example
 * merged().type; // => 'Merged'
 */
export function merged(message?: string): ExpectedCondition {
  return condition('Merged', 'True', 'Merged', message);
}
