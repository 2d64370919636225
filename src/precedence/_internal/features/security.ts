/**
 * SecurityPolicy feature checks, in the order Envoy Gateway builds the features.
 */
import type { FeatureCheck } from './feature-check.js';

/** The SecurityPolicy checks, in Envoy Gateway's order. */
export const SECURITY_CHECKS: readonly FeatureCheck[] = [];
