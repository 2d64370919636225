/**
 * ClientTrafficPolicy feature checks, in the order Envoy Gateway builds the features.
 */
import type { FeatureCheck } from './feature-check.js';

/** The ClientTrafficPolicy checks, in Envoy Gateway's order. */
export const CLIENT_TRAFFIC_CHECKS: readonly FeatureCheck[] = [];
