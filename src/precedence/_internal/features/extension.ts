/**
 * EnvoyExtensionPolicy feature checks, in the order Envoy Gateway builds the features.
 */
import type { FeatureCheck } from './feature-check.js';

/** The EnvoyExtensionPolicy checks, in Envoy Gateway's order. */
export const EXTENSION_CHECKS: readonly FeatureCheck[] = [];
