/**
 * gateway-policy-sim/testing: what a controller author's oracle test needs. `effectiveAt` and
 * `statusOf` answer by reference, the condition builders leave `lastTransitionTime` out, and the
 * matchers work with vitest and jest alike. Nothing here imports a test framework.
 *
 * @packageDocumentation
 */
export type { PolicyStatusLookup } from '../status/status-of.js';
export { statusOf } from '../status/status-of.js';
export type { ExpectedCondition } from './conditions.js';
export {
  accepted,
  condition,
  conflicted,
  invalid,
  merged,
  overridden,
  targetNotFound,
} from './conditions.js';
export type { EffectiveAtResult, EffectiveKind } from './effective-at.js';
export { effectiveAt } from './effective-at.js';
export type {
  ConditionOptions,
  ExpectedEffective,
  ExtensibleExpect,
  GatewayPolicyAssertions,
  MatcherResult,
  PolicyExpect,
} from './matchers.js';
export { gatewayPolicyMatchers, withPolicyMatchers } from './matchers.js';
