import { fc, test } from '@fast-check/vitest';
import type { Topology } from 'gateway-policy-sim';
import { expect } from 'vitest';
import { BACKEND_TRAFFIC_CHECKS } from '../../src/precedence/_internal/features/backend-traffic.js';
import { clientTrafficListenerErrors } from '../../src/precedence/_internal/features/client-traffic.js';

/** A spec touching every field the checks read; any leaf or subtree may be replaced by junk. */
const TEMPLATE = {
  rateLimit: {
    type: 'Local',
    local: {
      rules: [
        {
          clientSelectors: [
            {
              headers: [{ name: 'x', type: 'RegularExpression', value: 'a+', invert: true }],
              path: { type: 'Exact', value: '/' },
              sourceCIDR: { value: '10.0.0.0/8', type: 'Distinct' },
              queryParams: [{ name: 'q', type: 'Distinct', value: 'v', invert: false }],
            },
          ],
          limit: { requests: 1, unit: 'Minute' },
        },
      ],
    },
    global: { rules: [] },
  },
  bandwidthLimit: { request: { limit: { value: '1Ki', unit: 'Hour' } }, response: { limit: { value: 5 } } },
  loadBalancer: {
    type: 'BackendUtilization',
    consistentHash: { tableSize: 7 },
    slowStart: { window: '1s' },
    backendUtilization: { blackoutPeriod: '1s', outOfBand: { reportingPeriod: '2s' } },
  },
  circuitBreaker: { maxConnections: 1, maxParallelRetries: -1 },
  tcpKeepalive: { idleTime: '1s', interval: 'x' },
  retry: { perRetry: { timeout: '1s', backOff: { baseInterval: '1s', maxInterval: '0s' } } },
  timeout: {
    tcp: { connectTimeout: '1s', idleTimeout: '1', tlsHandshakeTimeout: '2s' },
    http: { requestTimeout: 's' },
  },
  connection: { bufferLimit: '1Mi', connectionLimit: { closeDelay: '1s' } },
  http2: { initialStreamWindowSize: '64Ki', connectionKeepalive: { interval: '1s' } },
  responseOverride: [{ response: { body: { type: 'ValueRef', valueRef: { name: 'cm' } } } }],
  requestBuffer: { limit: '1Ki' },
  httpUpgrade: [{ type: 'websocket' }],
  telemetry: { metrics: { routeStatName: '%ROUTE_NAME%' } },
  headers: {
    maxRequestHeaderLimit: '2Ki',
    earlyRequestHeaders: { add: [{ name: 'a', value: 'b' }], remove: ['c'], removeOnMatch: [{ value: 'x' }] },
  },
  http1: { http10: { useDefaultHost: true } },
  tls: {
    ciphers: ['AES128-SHA'],
    clientValidation: { mode: 'VerifyIfGiven', caCertificateRefs: [{ name: 's' }] },
  },
};

function mutated(template: unknown): fc.Arbitrary<unknown> {
  const junk = fc.jsonValue({ maxDepth: 3 });
  if (Array.isArray(template)) {
    return fc.oneof(fc.tuple(...template.map(mutated)), junk);
  }
  if (typeof template === 'object' && template !== null) {
    const entries = Object.entries(template).map(([k, v]) => [k, mutated(v)] as const);
    return fc.oneof(
      { weight: 4, arbitrary: fc.record(Object.fromEntries(entries)) },
      { weight: 1, arbitrary: junk },
    );
  }
  return fc.oneof(fc.constant(template), junk);
}

const topology = {
  byKey: new Map(),
  referenceGrants: new Map(),
  options: { now: Date.UTC(2026, 0, 1) },
} as unknown as Topology;

test.prop([mutated(TEMPLATE)], { numRuns: 200 })(
  'feature checks return a string or null, never throw, on any decoded spec',
  (spec) => {
    const s = (typeof spec === 'object' && spec !== null && !Array.isArray(spec) ? spec : {}) as Record<
      string,
      unknown
    >;
    for (const c of BACKEND_TRAFFIC_CHECKS) {
      const e = c.check(s, { topology, ownerNamespace: () => 'default' });
      expect(e === null || typeof e === 'string').toBe(true);
    }
    for (const ir of ['http', 'tcp'] as const) {
      const e = clientTrafficListenerErrors(s, {
        topology,
        ownerNamespace: () => 'default',
        policyNamespace: 'default',
        listener: { ir, tls: true, hostnames: ['*'], specificRouteCount: () => 1 },
      });
      expect(e === null || typeof e === 'string').toBe(true);
    }
  },
);
