/**
 * The CRD set of Envoy Gateway v1.9: Envoy Gateway v1.9.0's CRDs and the Gateway API v1.6.1 CRDs
 * it installs, compiled (`scripts/compile-crds.mjs`). This module is loaded on demand
 * (`loadProfileCrds`), so a caller who never admits never loads it.
 *
 * @packageDocumentation
 */
import type { CrdSet } from '../model/admission-types.js';
import { ENVOY_GATEWAY_V1_9_CRD_DATA } from './_data/envoy-gateway-v1-9.js';
import { compileCrdSet } from './crd-set.js';

/**
 * Builds Envoy Gateway v1.9's CRD set (decodes the data; rules compile on first use).
 *
 * @returns a new CRD set
 * @example
 * envoyGatewayV19Crds().has('gateway.envoyproxy.io', 'BackendTrafficPolicy'); // => true
 */
export function envoyGatewayV19Crds(): CrdSet {
  return compileCrdSet(ENVOY_GATEWAY_V1_9_CRD_DATA);
}
