/**
 * BackendTrafficPolicy feature checks, in the order Envoy Gateway builds the features
 * (`translateBackendTrafficPolicyForRoute` / `…ForGateway`).
 */
import type { Resource } from '../../../model/resource.js';
import { type FeatureCheck, isRecord } from './feature-check.js';

const RESPONSE_BODY_KEY = 'response.body';

/** `getCustomResponseBody`: a ValueRef body needs its ConfigMap, with data. */
const responseOverride: FeatureCheck = {
  feature: 'ResponseOverride',
  check: (spec, ctx) => {
    const list = spec.responseOverride;
    if (!Array.isArray(list)) return null;
    const ns = ctx.ownerNamespace('responseOverride');
    for (const ro of list) {
      if (!isRecord(ro) || isRecord(ro.redirect)) continue;
      const body = isRecord(ro.response) ? ro.response.body : undefined;
      if (!isRecord(body) || body.type !== 'ValueRef') continue;
      const name = isRecord(body.valueRef) ? String(body.valueRef.name ?? '') : '';
      const cm = ctx.topology.byKey.get(`ConfigMap/${ns}/${name}`) as Resource | undefined;
      if (!cm) return `can't find the referenced configmap ${ns}/${name}`;
      const data = cm.object.data;
      const binary = cm.object.binaryData;
      const hasData = isRecord(data) && (RESPONSE_BODY_KEY in data || Object.keys(data).length > 0);
      const hasBinary = isRecord(binary) && Object.keys(binary).length > 0;
      if (!hasData && !hasBinary)
        return `can't find the key ${RESPONSE_BODY_KEY} in the referenced configmap ${ns}/${name}`;
    }
    return null;
  },
};

/** The BackendTrafficPolicy checks, in Envoy Gateway's order. */
export const BACKEND_TRAFFIC_CHECKS: readonly FeatureCheck[] = [responseOverride];
