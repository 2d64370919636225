/**
 * gateway-policy-sim/testing: helpers for tests that use the simulator as an oracle.
 *
 * @module gateway-policy-sim/testing
 * @packageDocumentation
 */
export * from './testing/index.js';
