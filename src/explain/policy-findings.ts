/**
 * `policyFindings`: what Envoy Gateway would do that the author probably did not intend, read
 * from the resolution and the status it would write: policies not accepted somewhere (Invalid,
 * Conflicted, TargetNotFound), Warning conditions, policies that reach nothing, route rules that
 * answer 500 and routes that are dropped.
 *
 * @packageDocumentation
 */
import type { Diagnostic } from '../model/diagnostic.js';
import { fail } from '../model/errors.js';
import type { Resolution } from '../precedence/resolution-types.js';
import { policyStatus } from '../status/policy-status.js';
import { routeFindings } from './_internal/findings-routes.js';
import { statusFindings } from './_internal/findings-status.js';
import { buildLintIndex } from './_internal/lint-index.js';

/**
 * Every code {@link policyFindings} reports. Each has a row in docs/diagnostics.md.
 *
 * @example
 * POLICY_FINDING_CODES.includes('GWP-ROUTE-ANSWERS-500'); // => true
 */
export const POLICY_FINDING_CODES = [
  'GWP-STATUS-INVALID',
  'GWP-STATUS-CONFLICTED',
  'GWP-STATUS-TARGET-NOT-FOUND',
  'GWP-STATUS-NOT-ACCEPTED',
  'GWP-STATUS-WARNING',
  'GWP-STATUS-TARGETS-NOTHING',
  'GWP-ROUTE-ANSWERS-500',
  'GWP-ROUTE-DROPPED',
] as const;

/** Options of {@link policyFindings}. */
export interface PolicyFindingsOptions {
  /** How many ancestors or point groups a message names before `and N more`. Default 3. */
  readonly maxInMessage?: number;
}

/**
 * The findings of a resolution, as diagnostics located at the policy concerned:
 *
 * - `GWP-STATUS-INVALID` (error): `Accepted=False`, reason `Invalid`, on some ancestor; one
 *   finding per policy and message, naming the ancestors;
 * - `GWP-STATUS-CONFLICTED`, `GWP-STATUS-TARGET-NOT-FOUND` (warnings), `GWP-STATUS-NOT-ACCEPTED`
 *   (error, any other reason);
 * - `GWP-STATUS-WARNING` (warning): a `Warning` condition, e.g. `DeprecatedField`;
 * - `GWP-STATUS-TARGETS-NOTHING` (warning): an admitted policy with no status ancestor;
 * - `GWP-ROUTE-ANSWERS-500` (error): route rules answering every request with 500, one finding per
 *   policy that causes it (R6.5, R9); `GWP-ROUTE-DROPPED` (error): routes dropped by a listener
 *   whose ClientTrafficPolicy failed.
 *
 * Status findings come first (kinds CTP, BTP, SP, EEP, each in Envoy Gateway's output order),
 * then the route findings. Never throws on user input; linear in points, decisions and conditions.
 *
 * @param resolution - from `resolvePolicies` (or `simulate(...).resolution`)
 * @param options - {@link PolicyFindingsOptions}
 * @returns the findings
 * @throws {@link GatewayPolicySimError} when `maxInMessage` is not a positive integer
 * @example
 * policyFindings(simulate(text).resolution).map((d) => d.code);
 * // => ['GWP-STATUS-INVALID', 'GWP-ROUTE-ANSWERS-500']
 */
export function policyFindings(resolution: Resolution, options: PolicyFindingsOptions = {}): Diagnostic[] {
  const max = options.maxInMessage ?? 3;
  if (!Number.isInteger(max) || max < 1) {
    fail('GWP-API-BAD-OPTION', `maxInMessage must be a positive integer, got ${String(max)}`);
  }
  const status = policyStatus(resolution);
  return [
    ...statusFindings(resolution, status, max),
    ...routeFindings(buildLintIndex(resolution), status, max),
  ];
}
