import type { Topology } from 'gateway-policy-sim';
import { describe, expect, test } from 'vitest';
import { BACKEND_TRAFFIC_CHECKS, isGoCidr } from '../../src/precedence/_internal/features/backend-traffic.js';
import type { FeatureCheckContext } from '../../src/precedence/_internal/features/feature-check.js';

/** A context whose controller has global rate limiting configured (as in the test harness), or not. */
const contextWith = (globalRateLimit: boolean): FeatureCheckContext => ({
  topology: { byKey: new Map(), options: { globalRateLimit } } as unknown as Topology,
  ownerNamespace: () => 'default',
});
const ctx = contextWith(true);

/** The feature errors of a spec, as `featureErrors` joins them. */
function errors(spec: Record<string, unknown>, context: FeatureCheckContext = ctx): string | null {
  const out: string[] = [];
  for (const c of BACKEND_TRAFFIC_CHECKS) {
    const e = c.check(spec, context);
    if (e !== null) out.push(`${c.feature}: ${e}`);
  }
  return out.length === 0 ? null : out.join('\n');
}

describe('BackendTrafficPolicy feature checks', () => {
  test('a spec with valid values has no errors', () => {
    expect(
      errors({
        rateLimit: {
          local: {
            rules: [
              { limit: { requests: 10, unit: 'Second' } },
              {
                clientSelectors: [{ headers: [{ name: 'x', value: 'y' }] }],
                limit: { requests: 1, unit: 'Minute' },
              },
            ],
          },
        },
        bandwidthLimit: { request: { limit: { value: '1Ki', unit: 'Second' } } },
        loadBalancer: { type: 'ConsistentHash', consistentHash: { type: 'SourceIP', tableSize: 65537 } },
        circuitBreaker: { maxConnections: 0, maxRequestsPerConnection: 4294967295 },
        retry: { perRetry: { timeout: '1s', backOff: { baseInterval: '100ms', maxInterval: '10s' } } },
        timeout: { tcp: { connectTimeout: '5s' }, http: { requestTimeout: '1m' } },
        connection: { bufferLimit: '4095Mi' },
        http2: { initialStreamWindowSize: '64Ki', initialConnectionWindowSize: '1Mi' },
        requestBuffer: { limit: '4294967295' },
      }),
    ).toBeNull();
  });

  test('every failing feature is reported, one per line, in buildTrafficFeatures order', () => {
    expect(
      errors({
        requestBuffer: { limit: '5000Mi' },
        connection: { bufferLimit: '100m' },
        circuitBreaker: { maxParallelRetries: -1 },
        rateLimit: { local: { rules: [{ limit: { unit: 'Second' } }, { limit: { unit: 'Hour' } }] } },
      }),
    ).toBe(
      [
        'RateLimit: local rateLimit can not have more than one rule without clientSelectors',
        'CircuitBreaker: invalid MaxParallelRetries value -1',
        'BackendConnection: invalid BufferLimit value 100m',
        'RequestBuffer: limit value 5000Mi is out of range, must be between 0 and 4294967295',
      ].join('\n'),
    );
  });

  test('local rate limit rules must use multiples of the default rule unit', () => {
    expect(
      errors({
        rateLimit: {
          local: {
            rules: [
              { limit: { requests: 10, unit: 'Minute' } },
              { clientSelectors: [{ methods: [{ value: 'GET' }] }], limit: { requests: 1, unit: 'Second' } },
            ],
          },
        },
      }),
    ).toBe('RateLimit: local rateLimit rule limit unit must be a multiple of the default limit unit');
  });

  test('a global rate limit needs rateLimit in the EnvoyGateway configuration; a local one does not', () => {
    const rules = {
      rules: [
        { clientSelectors: [{ sourceCIDR: { value: '10.0.0.0/8' } }], limit: { requests: 1, unit: 'Hour' } },
      ],
    };
    const off = contextWith(false);
    expect(errors({ rateLimit: { global: rules } }, off)).toBe(
      'RateLimit: enable Ratelimit in the EnvoyGateway config to configure global rateLimit',
    );
    expect(errors({ rateLimit: { type: 'Global', global: rules } }, off)).toBe(
      'RateLimit: enable Ratelimit in the EnvoyGateway config to configure global rateLimit',
    );
    expect(errors({ rateLimit: { global: rules } }, ctx)).toBeNull();
    expect(
      errors({ rateLimit: { local: { rules: [{ limit: { requests: 1, unit: 'Hour' } }] } } }, off),
    ).toBeNull();
    // An empty global section is reported first, as buildGlobalRateLimit does.
    expect(errors({ rateLimit: { type: 'Global' } }, off)).toBe(
      'RateLimit: global configuration empty for rateLimit',
    );
  });

  test('rate limit client selectors: distinct with invert, empty selectors, CIDRs, query parameters', () => {
    const rule = (selector: Record<string, unknown>): Record<string, unknown> => ({
      rateLimit: {
        global: { rules: [{ clientSelectors: [selector], limit: { requests: 1, unit: 'Hour' } }] },
      },
    });
    expect(errors(rule({ headers: [{ name: 'x', type: 'Distinct', invert: true }] }))).toBe(
      'RateLimit: unable to translate rateLimit.Invert is not applicable for distinct header match type',
    );
    expect(errors(rule({}))).toBe(
      'RateLimit: unable to translate rateLimit. At least one of the header or method or path or sourceCIDR or queryParameters must be specified',
    );
    expect(errors(rule({ headers: [{ name: 'x', type: 'Exact' }] }))).toBe(
      'RateLimit: unable to translate rateLimit. Either the header.Type is not valid or the header is missing a value',
    );
    expect(errors(rule({ sourceCIDR: { value: '10.0.0.256/8' } }))).toBe(
      'RateLimit: unable to translate rateLimit: invalid CIDR address: 10.0.0.256/8',
    );
    expect(errors(rule({ queryParams: [{ name: 'q', type: 'Distinct', value: 'v' }] }))).toBe(
      'RateLimit: unable to translate rateLimit.Value is not applicable for distinct query parameter match type',
    );
    expect(errors(rule({ sourceCIDR: { value: '2001:db8::/32' } }))).toBeNull();
    expect(errors(rule({ headers: [{ name: 'x', type: 'RegularExpression', value: '*.bad' }] }))).toBe(
      'RateLimit: regex "*.bad" is invalid: error parsing regexp: missing argument to repetition operator: `*`',
    );
    expect(errors(rule({ path: { type: 'RegularExpression', value: '/a(b' } }))).toBe(
      'RateLimit: regex "/a(b" is invalid: error parsing regexp: missing closing ): `/a(b`',
    );
    expect(
      errors(rule({ headers: [{ name: 'x', type: 'RegularExpression', value: '^v[0-9]+$' }] })),
    ).toBeNull();
    expect(errors({ rateLimit: { type: 'Other' } })).toBe('RateLimit: invalid rateLimit type: Other');
  });

  test('bandwidth limits below 1 KiB/s are refused, per request and response', () => {
    expect(errors({ bandwidthLimit: { request: { limit: { value: 1023, unit: 'Second' } } } })).toBe(
      'BandwidthLimit: request: bandwidth limit of 1023 bytes per Second is below the minimum of 1 KiB/s',
    );
    expect(errors({ bandwidthLimit: { response: { limit: { value: '61439', unit: 'Minute' } } } })).toBe(
      'BandwidthLimit: response: bandwidth limit of 61439 bytes per Minute is below the minimum of 1 KiB/s',
    );
  });

  test('consistent hash table sizes must be prime and at most 5000011', () => {
    const lb = (tableSize: number): Record<string, unknown> => ({
      loadBalancer: { type: 'ConsistentHash', consistentHash: { type: 'SourceIP', tableSize } },
    });
    expect(errors(lb(1024))).toBe('LoadBalancer: ConsistentHash: invalid TableSize value 1024');
    expect(errors(lb(5000011))).toBeNull();
    expect(errors(lb(5000012))).toBe('LoadBalancer: ConsistentHash: invalid TableSize value 5000012');
  });

  test('slow start windows give Go duration errors', () => {
    expect(errors({ loadBalancer: { type: 'RoundRobin', slowStart: { window: '5x' } } })).toBe(
      'LoadBalancer: time: unknown unit "x" in duration "5x"',
    );
  });

  test('retry back-off intervals: zero, and a max below the base (unparseable ones are ignored)', () => {
    expect(errors({ retry: { perRetry: { backOff: { baseInterval: '0s' } } } })).toBe(
      'Retry: baseInterval cannot be set to 0s',
    );
    expect(errors({ retry: { perRetry: { backOff: { baseInterval: '2s', maxInterval: '1s' } } } })).toBe(
      'Retry: maxInterval cannot be less than baseInterval',
    );
    expect(errors({ retry: { perRetry: { backOff: { baseInterval: 'x', maxInterval: '1s' } } } })).toBeNull();
    // encoding/json matches field names case-insensitively.
    expect(errors({ retry: { perRetry: { backoff: { maxInterval: '0s' } } } })).toBe(
      'Retry: maxInterval cannot be set to 0s',
    );
  });

  test('timeouts report every bad field, joined', () => {
    expect(
      errors({ timeout: { tcp: { connectTimeout: '20kib' }, http: { maxConnectionDuration: '22mib' } } }),
    ).toBe('Timeout: invalid ConnectTimeout value 20kib\ninvalid MaxConnectionDuration value 22mib');
  });

  test('buffer limits print the quantity in canonical form', () => {
    expect(errors({ connection: { bufferLimit: '1T' } })).toBe(
      'BackendConnection: BufferLimit value 1T is out of range',
    );
    expect(errors({ connection: { bufferLimit: '4194304Ki' } })).toBe(
      'BackendConnection: BufferLimit value 4Gi is out of range',
    );
  });

  test('quantities with huge exponents are answered at once, as Go answers them (it threw, or took minutes)', () => {
    // AsInt64 refuses all three (no int64 holds them); the text is the one Go caches or builds.
    expect(errors({ requestBuffer: { limit: '1e2147483648' } })).toBe(
      'RequestBuffer: limit must be convertible to an int64',
    );
    expect(errors({ requestBuffer: { limit: '1e99999999' } })).toBe(
      'RequestBuffer: limit must be convertible to an int64',
    );
    expect(errors({ connection: { bufferLimit: '-1e99999999' } })).toBe(
      'BackendConnection: invalid BufferLimit value -1e99999999',
    );
    expect(errors({ connection: { bufferLimit: '0e99999999' } })).toBeNull();
  });

  test('HTTP2 window sizes and keepalive durations are all reported', () => {
    expect(
      errors({
        http2: {
          initialStreamWindowSize: '1Ki',
          initialConnectionWindowSize: '1.5',
          connectionKeepalive: { interval: '1' },
        },
      }),
    ).toBe(
      [
        'HTTP2: InitialStreamWindowSize value 1Ki is out of range, must be between 65535 and 2147483647',
        'invalid InitialConnectionWindowSize value 1500m',
        'invalid ConnectionKeepalive.Interval: time: missing unit in duration "1"',
      ].join('\n'),
    );
  });

  test('route stat names only take the route operators', () => {
    expect(errors({ telemetry: { metrics: { routeStatName: '%ROUTE_NAME%/%BACKEND_REFS%' } } })).toBe(
      'Telemetry: unable to configure Route Stat Name: unsupported operators: [%BACKEND_REFS%]',
    );
    expect(errors({ telemetry: { metrics: { routeStatName: '50%' } } })).toBe(
      'Telemetry: unable to configure Route Stat Name: unable to configure stat name with invalid operator',
    );
  });

  test('a valid request buffer cannot be combined with HTTP upgrades', () => {
    expect(errors({ requestBuffer: { limit: '1Mi' }, httpUpgrade: [{ type: 'websocket' }] })).toBe(
      'RequestBuffer: requestBuffer cannot be used together with httpUpgrade',
    );
  });

  test('the checks do not change the spec', () => {
    const spec = {
      retry: { perRetry: { backoff: { baseInterval: '0s' } } },
      connection: { bufferLimit: '1T' },
    };
    const copy = structuredClone(spec);
    errors(spec);
    expect(spec).toEqual(copy);
  });
});

describe('isGoCidr (net.ParseCIDR)', () => {
  test('accepts IPv4 and IPv6 prefixes within the address size', () => {
    for (const ok of ['10.0.0.0/8', '0.0.0.0/0', '::/0', '::ffff:1.2.3.4/96', 'fe80::1/64', '1.2.3.4/08'])
      expect(isGoCidr(ok), ok).toBe(true);
  });
  test('refuses leading zeros, zones, missing or oversized masks', () => {
    for (const bad of [
      '10.0.0.01/8',
      '10.0.0.0',
      '10.0.0.0/33',
      'fe80::1%eth0/64',
      '::/129',
      '1:2:3:4:5:6:7:8:9/64',
    ])
      expect(isGoCidr(bad), bad).toBe(false);
  });
});
