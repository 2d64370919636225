/**
 * BackendTrafficPolicy feature checks, in the order Envoy Gateway builds the features
 * (`buildTrafficFeatures`, used by `translateBackendTrafficPolicyForRoute` / `…ForGateway`).
 * Each check returns the error text the feature's builder returns (lines joined by '\n' where it
 * joins several), without the feature prefix.
 */

import { parseGoDuration } from '../../../go/duration.js';
import { goJsonView } from '../../../go/json-fields.js';
import { parseQuantity, quantityAsInt64, quantityString } from '../../../go/quantity.js';
import { goQuote } from '../../../go/quote.js';
import { checkGoRegexp } from '../../../go/regexp-preload.js';
import { asText } from '../../../model/_internal/topology-read.js';
import type { Resource } from '../../../model/resource.js';
import {
  durationLine,
  type FeatureCheck,
  type FeatureCheckContext,
  isRecord,
  isSet,
  rec,
} from './feature-check.js';

const RESPONSE_BODY_KEY = 'response.body';
const MAX_UINT32 = 4294967295n;
/** Envoy's Maglev table size limit (`MaxConsistentHashTableSize`). */
const MAX_CONSISTENT_HASH_TABLE_SIZE = 5000011;
const MIN_HTTP2_WINDOW = 65535n;
const MAX_HTTP2_WINDOW = 2147483647n;

type Spec = Readonly<Record<string, unknown>>;

/** Go's error text for a duration that does not parse, or null. */
function durationGoError(v: unknown): string | null {
  if (typeof v !== 'string') return null;
  const d = parseGoDuration(v);
  return d.ok ? null : d.error;
}

/** An integer field as Go's int64 sees it (YAML numbers), or null when absent or not an integer. */
function int64Of(v: unknown): bigint | null {
  if (typeof v === 'number' && Number.isInteger(v)) return BigInt(v);
  if (typeof v === 'bigint') return v;
  return null;
}

// -------------------------------------------------------------------------------------------------
// RateLimit

/** `ratelimit.UnitToSeconds`. */
function unitSeconds(unit: unknown): number {
  switch (unit) {
    case 'Second':
      return 1;
    case 'Minute':
      return 60;
    case 'Hour':
      return 3600;
    case 'Day':
      return 86400;
    case 'Week':
      return 604800;
    case 'Month':
      return 2592000;
    case 'Year':
      return 31536000;
    default:
      return 0;
  }
}

function clientSelectorsOf(rule: Record<string, unknown>): unknown[] {
  return Array.isArray(rule.clientSelectors) ? rule.clientSelectors : [];
}

/** Go's `net.ParseCIDR` acceptance (`netip.ParseAddr` without a zone, then a decimal prefix length). */
export function isGoCidr(s: string): boolean {
  const slash = s.indexOf('/');
  if (slash < 0) return false;
  const addr = s.slice(0, slash);
  const mask = s.slice(slash + 1);
  let bits: number;
  if (isIPv4(addr)) bits = 32;
  else if (isIPv6(addr)) bits = 128;
  else return false;
  if (!/^[0-9]+$/.test(mask)) return false;
  return Number(mask) <= bits;
}

function isIPv4(s: string): boolean {
  const parts = s.split('.');
  if (parts.length !== 4) return false;
  return parts.every((p) => /^[0-9]{1,3}$/.test(p) && (p === '0' || p[0] !== '0') && Number(p) <= 255);
}

function isIPv6(s: string): boolean {
  if (s.includes('%')) return false;
  let body = s;
  let extra = 0;
  const lastColon = body.lastIndexOf(':');
  if (body.includes('.')) {
    if (!isIPv4(body.slice(lastColon + 1))) return false;
    body = `${body.slice(0, lastColon + 1)}0`;
    extra = 1;
  }
  const halves = body.split('::');
  if (halves.length > 2) return false;
  const groups = (h: string): string[] | null => {
    if (h === '') return [];
    const g = h.split(':');
    return g.every((x) => /^[0-9a-fA-F]{1,4}$/.test(x)) ? g : null;
  };
  const a = groups(halves[0] ?? '');
  const b = halves.length === 2 ? groups(halves[1] ?? '') : [];
  if (!a || !b) return false;
  const count = a.length + b.length + extra;
  return halves.length === 2 ? count <= 7 : count === 8;
}

/**
 * `regex.Validate`: Go's `regexp.Compile` error for the expression, or null. An expression that
 * needs Go's regexp machinery while it is not loaded is treated as compiling
 * (`GWP-RESOLVE-REGEXP-UNCHECKED` says so, `unchecked-regexps.ts`).
 */
function regexError(v: unknown): string | null {
  if (typeof v !== 'string') return null;
  const e = checkGoRegexp(v);
  return e === null || e === 'needs-machinery' ? null : `regex ${goQuote(v)} is invalid: ${e}`;
}

/** `buildRateLimitRule`. */
function rateLimitRuleError(rule: Record<string, unknown>): string | null {
  for (const m of clientSelectorsOf(rule)) {
    const match = rec(m) ?? {};
    const headers = Array.isArray(match.headers) ? match.headers : [];
    const methods = Array.isArray(match.methods) ? match.methods : [];
    const queryParams = Array.isArray(match.queryParams) ? match.queryParams : [];
    if (
      headers.length === 0 &&
      methods.length === 0 &&
      !isSet(match.path) &&
      !isSet(match.sourceCIDR) &&
      queryParams.length === 0
    ) {
      return 'unable to translate rateLimit. At least one of the header or method or path or sourceCIDR or queryParameters must be specified';
    }
    for (const h of headers) {
      const header = rec(h) ?? {};
      const hasValue = isSet(header.value);
      // CRD default: Exact.
      const type = header.type ?? 'Exact';
      if (type === 'Exact' && hasValue) continue;
      if (type === 'RegularExpression' && hasValue) {
        const e = regexError(header.value);
        if (e !== null) return e;
        continue;
      }
      if (type === 'Distinct' && !hasValue) {
        if (header.invert === true)
          return 'unable to translate rateLimit.Invert is not applicable for distinct header match type';
        continue;
      }
      return 'unable to translate rateLimit. Either the header.Type is not valid or the header is missing a value';
    }
    const path = rec(match.path);
    if (path) {
      const type = path.type ?? 'PathPrefix';
      if (type === 'RegularExpression') {
        const e = regexError(path.value ?? '');
        if (e !== null) return e;
      } else if (type !== 'PathPrefix' && type !== 'Exact')
        return 'unable to translate rateLimit: invalid path type.';
    }
    const cidr = rec(match.sourceCIDR);
    if (cidr) {
      const value = typeof cidr.value === 'string' ? cidr.value : '';
      if (!isGoCidr(value)) return `unable to translate rateLimit: invalid CIDR address: ${value}`;
    }
    for (const q of queryParams) {
      const qp = rec(q) ?? {};
      if (typeof qp.name !== 'string' || qp.name === '')
        return 'name is required when QueryParamMatch is specified';
      const type = qp.type ?? 'Exact';
      const value = qp.value;
      if (type === 'Exact') {
        if (!isSet(value) || value === '') return 'value is required for Exact query parameter match';
      } else if (type === 'RegularExpression') {
        if (!isSet(value) || value === '')
          return 'value is required for RegularExpression query parameter match';
        const e = regexError(value);
        if (e !== null) return e;
      } else if (type === 'Distinct') {
        if (qp.invert === true)
          return 'unable to translate rateLimit.Invert is not applicable for distinct query parameter match type';
        if (isSet(value))
          return 'unable to translate rateLimit.Value is not applicable for distinct query parameter match type';
      } else return `invalid query parameter match type: ${asText(type)}`;
    }
  }
  return null;
}

function rulesOf(v: Record<string, unknown>): Record<string, unknown>[] {
  return (Array.isArray(v.rules) ? v.rules : []).map((r) => rec(r) ?? {});
}

/** `buildLocalRateLimit`. */
function localRateLimitError(rl: Record<string, unknown>): string | null {
  const local = rec(rl.local);
  if (!local) return 'local configuration empty for rateLimit';
  const rules = rulesOf(local);
  let defaultUnit: unknown = 'Second';
  let seenDefault = false;
  for (const r of rules) {
    if (clientSelectorsOf(r).length > 0) continue;
    if (seenDefault) return 'local rateLimit can not have more than one rule without clientSelectors';
    seenDefault = true;
    defaultUnit = rec(r.limit)?.unit;
  }
  const defaultSeconds = unitSeconds(defaultUnit);
  for (const r of rules) {
    if (defaultSeconds === 0 || unitSeconds(rec(r.limit)?.unit) % defaultSeconds !== 0)
      return 'local rateLimit rule limit unit must be a multiple of the default limit unit';
  }
  for (const r of rules) {
    if (clientSelectorsOf(r).length === 0) continue;
    const e = rateLimitRuleError(r);
    if (e !== null) return e;
  }
  return null;
}

/** `buildGlobalRateLimit`: global rate limiting must be configured (`rateLimit` of the EnvoyGateway configuration). */
function globalRateLimitError(rl: Record<string, unknown>, ctx: FeatureCheckContext): string | null {
  const global = rec(rl.global);
  if (!global) return 'global configuration empty for rateLimit';
  if (!ctx.topology.options.globalRateLimit)
    return 'enable Ratelimit in the EnvoyGateway config to configure global rateLimit';
  for (const r of rulesOf(global)) {
    const e = rateLimitRuleError(r);
    if (e !== null) return e;
  }
  return null;
}

const rateLimit: FeatureCheck = {
  feature: 'RateLimit',
  check: (spec, ctx) => {
    const rl = rec(spec.rateLimit);
    if (!rl) return null;
    if (isSet(rl.type)) {
      if (rl.type === 'Global') return globalRateLimitError(rl, ctx);
      if (rl.type === 'Local') return localRateLimitError(rl);
      return `invalid rateLimit type: ${asText(rl.type)}`;
    }
    if (isSet(rl.local)) {
      const e = localRateLimitError(rl);
      if (e !== null) return e;
    }
    if (isSet(rl.global)) return globalRateLimitError(rl, ctx);
    return null;
  },
};

// -------------------------------------------------------------------------------------------------
// BandwidthLimit

function bandwidthError(dir: 'request' | 'response', v: Record<string, unknown>): string | null {
  const limit = rec(v.limit) ?? {};
  const q = isSet(limit.value) ? parseQuantity(limit.value) : parseQuantity('0');
  if (!q) return null;
  const bytes = quantityAsInt64(q);
  if (bytes === null) return `${dir} limit value must be convertible to an int64`;
  if (bytes < 0n) return `${dir} limit value must be positive`;
  const unit = typeof limit.unit === 'string' ? limit.unit : '';
  const perUnit = unit === 'Minute' ? 60n : unit === 'Hour' ? 3600n : 1n;
  if (bytes / (perUnit * 1024n) === 0n)
    return `${dir}: bandwidth limit of ${bytes} bytes per ${unit} is below the minimum of 1 KiB/s`;
  return null;
}

const bandwidthLimit: FeatureCheck = {
  feature: 'BandwidthLimit',
  check: (spec) => {
    const bl = rec(spec.bandwidthLimit);
    if (!bl) return null;
    const req = rec(bl.request);
    if (req) {
      const e = bandwidthError('request', req);
      if (e !== null) return e;
    }
    const res = rec(bl.response);
    return res ? bandwidthError('response', res) : null;
  },
};

// -------------------------------------------------------------------------------------------------
// LoadBalancer

/** Exact primality for the table sizes that pass the range check (Go's `ProbablyPrime(0)` is exact below 2^64). */
function isPrime(n: number): boolean {
  if (n < 2) return false;
  if (n % 2 === 0) return n === 2;
  for (let d = 3; d * d <= n; d += 2) if (n % d === 0) return false;
  return true;
}

const loadBalancer: FeatureCheck = {
  feature: 'LoadBalancer',
  check: (spec) => {
    const lb = rec(spec.loadBalancer);
    if (!lb) return null;
    const slowStart = rec(lb.slowStart)?.window;
    switch (lb.type) {
      case 'ConsistentHash': {
        const size = int64Of(rec(lb.consistentHash)?.tableSize);
        if (size === null) return null;
        if (size > BigInt(MAX_CONSISTENT_HASH_TABLE_SIZE) || !isPrime(Number(size)))
          return `ConsistentHash: invalid TableSize value ${size}`;
        return null;
      }
      case 'LeastRequest':
      case 'RoundRobin':
        return durationGoError(slowStart);
      case 'BackendUtilization': {
        const bu = rec(lb.backendUtilization);
        if (bu) {
          for (const [field, name] of [
            ['blackoutPeriod', 'BlackoutPeriod'],
            ['weightExpirationPeriod', 'WeightExpirationPeriod'],
            ['weightUpdatePeriod', 'WeightUpdatePeriod'],
          ] as const) {
            const e = durationGoError(bu[field]);
            if (e !== null) return `invalid ${name} value ${asText(bu[field])}: ${e}`;
          }
          const period = rec(bu.outOfBand)?.reportingPeriod;
          const e = durationGoError(period);
          if (e !== null) return `invalid OutOfBand ReportingPeriod value ${asText(period)}: ${e}`;
        }
        return durationGoError(slowStart);
      }
      default:
        return null;
    }
  },
};

// -------------------------------------------------------------------------------------------------
// CircuitBreaker, TCPKeepalive, Retry, Timeout, BackendConnection

const circuitBreaker: FeatureCheck = {
  feature: 'CircuitBreaker',
  check: (spec) => {
    const cb = rec(spec.circuitBreaker);
    if (!cb) return null;
    for (const [field, name] of [
      ['maxConnections', 'MaxConnections'],
      ['maxParallelRequests', 'MaxParallelRequests'],
      ['maxPendingRequests', 'MaxPendingRequests'],
      ['maxParallelRetries', 'MaxParallelRetries'],
      ['maxRequestsPerConnection', 'MaxRequestsPerConnection'],
    ] as const) {
      const v = int64Of(cb[field]);
      if (v !== null && (v < 0n || v > MAX_UINT32)) return `invalid ${name} value ${v}`;
    }
    return null;
  },
};

const tcpKeepalive: FeatureCheck = {
  feature: 'TCPKeepalive',
  check: (spec) => {
    const ka = rec(spec.tcpKeepalive);
    if (!ka) return null;
    return durationLine(ka.idleTime, 'IdleTime') ?? durationLine(ka.interval, 'Interval');
  },
};

const retry: FeatureCheck = {
  feature: 'Retry',
  check: (spec) => {
    const perRetry = rec(rec(spec.retry)?.perRetry);
    if (!perRetry) return null;
    const timeoutErr = durationGoError(perRetry.timeout);
    if (timeoutErr !== null) return timeoutErr;
    const backOff = rec(perRetry.backOff);
    if (!backOff) return null;
    // Intervals that do not parse are ignored.
    let base: bigint | null = null;
    if (typeof backOff.baseInterval === 'string') {
      const d = parseGoDuration(backOff.baseInterval);
      if (d.ok) {
        if (d.nanos === 0n) return 'baseInterval cannot be set to 0s';
        base = d.nanos;
      }
    }
    if (typeof backOff.maxInterval === 'string') {
      const d = parseGoDuration(backOff.maxInterval);
      if (d.ok) {
        if (d.nanos === 0n) return 'maxInterval cannot be set to 0s';
        if (base !== null && base > d.nanos) return 'maxInterval cannot be less than baseInterval';
      }
    }
    return null;
  },
};

const timeout: FeatureCheck = {
  feature: 'Timeout',
  check: (spec) => {
    const to = rec(spec.timeout);
    if (!to) return null;
    const lines: (string | null)[] = [durationLine(rec(to.tcp)?.connectTimeout, 'ConnectTimeout')];
    const http = rec(to.http);
    if (http) {
      lines.push(
        durationLine(http.connectionIdleTimeout, 'ConnectionIdleTimeout'),
        durationLine(http.maxConnectionDuration, 'MaxConnectionDuration'),
        durationLine(http.requestTimeout, 'RequestTimeout'),
        durationLine(http.maxStreamDuration, 'MaxStreamDuration'),
        durationLine(http.streamIdleTimeout, 'StreamIdleTimeout'),
      );
    }
    const errs = lines.filter((l): l is string => l !== null);
    return errs.length === 0 ? null : errs.join('\n');
  },
};

const backendConnection: FeatureCheck = {
  feature: 'BackendConnection',
  check: (spec) => {
    const conn = rec(spec.connection);
    if (!conn || !isSet(conn.bufferLimit)) return null;
    const q = parseQuantity(conn.bufferLimit);
    if (!q) return null;
    const v = quantityAsInt64(q);
    if (v === null) return `invalid BufferLimit value ${quantityString(q)}`;
    if (v < 0n || v > MAX_UINT32) return `BufferLimit value ${quantityString(q)} is out of range`;
    return null;
  },
};

// -------------------------------------------------------------------------------------------------
// HTTP2 (shared with ClientTrafficPolicy)

function windowLine(v: unknown, name: string): string | null {
  if (!isSet(v)) return null;
  const q = parseQuantity(v);
  if (!q) return null;
  const n = quantityAsInt64(q);
  if (n === null) return `invalid ${name} value ${quantityString(q)}`;
  if (n < MIN_HTTP2_WINDOW || n > MAX_HTTP2_WINDOW)
    return `${name} value ${quantityString(q)} is out of range, must be between ${MIN_HTTP2_WINDOW} and ${MAX_HTTP2_WINDOW}`;
  return null;
}

/**
 * `buildIRHTTP2Settings`: window sizes and keepalive durations, every error joined.
 *
 * @param http2 - the `http2` settings object
 * @returns the joined error lines, or null
 * @example
 * http2SettingsError({ initialStreamWindowSize: '1Ki' });
 * // => "InitialStreamWindowSize value 1Ki is out of range, must be between 65535 and 2147483647"
 */
export function http2SettingsError(http2: unknown): string | null {
  const h = rec(http2);
  if (!h) return null;
  const lines: (string | null)[] = [
    windowLine(h.initialStreamWindowSize, 'InitialStreamWindowSize'),
    windowLine(h.initialConnectionWindowSize, 'InitialConnectionWindowSize'),
  ];
  const ka = rec(h.connectionKeepalive);
  if (ka) {
    for (const [field, name] of [
      ['interval', 'Interval'],
      ['timeout', 'Timeout'],
      ['idleInterval', 'IdleInterval'],
    ] as const) {
      const e = durationGoError(ka[field]);
      lines.push(e === null ? null : `invalid ConnectionKeepalive.${name}: ${e}`);
    }
  }
  const errs = lines.filter((l): l is string => l !== null);
  return errs.length === 0 ? null : errs.join('\n');
}

const http2: FeatureCheck = { feature: 'HTTP2', check: (spec) => http2SettingsError(spec.http2) };

// -------------------------------------------------------------------------------------------------
// ResponseOverride, RequestBuffer, Telemetry

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
      const name = isRecord(body.valueRef) ? asText(body.valueRef.name) : '';
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

/** `buildRequestBuffer`: the limit must fit a uint32 (a missing limit is the zero quantity). */
function requestBufferError(spec: Spec): string | null {
  const rb = rec(spec.requestBuffer);
  if (!rb) return null;
  const q = isSet(rb.limit) ? parseQuantity(rb.limit) : parseQuantity('0');
  if (!q) return null;
  const v = quantityAsInt64(q);
  if (v === null) return 'limit must be convertible to an int64';
  if (v < 0n || v > MAX_UINT32)
    return `limit value ${quantityString(q)} is out of range, must be between 0 and ${MAX_UINT32}`;
  return null;
}

const requestBuffer: FeatureCheck = { feature: 'RequestBuffer', check: (spec) => requestBufferError(spec) };

const STAT_OPERATOR = /%[^%]*%/g;
const ROUTE_STAT_OPERATORS: ReadonlySet<string> = new Set([
  '%ROUTE_NAME%',
  '%ROUTE_NAMESPACE%',
  '%ROUTE_KIND%',
  '%ROUTE_RULE_NAME%',
]);

/** `validateTelemetry`: a route stat name may only use the route operators. */
const telemetry: FeatureCheck = {
  feature: 'Telemetry',
  check: (spec) => {
    const name = rec(rec(spec.telemetry)?.metrics)?.routeStatName;
    if (typeof name !== 'string' || name === '') return null;
    const matches = name.match(STAT_OPERATOR) ?? [];
    if (matches.length === 0 && name.includes('%'))
      return 'unable to configure Route Stat Name: unable to configure stat name with invalid operator';
    const unsupported = matches.filter((m) => !ROUTE_STAT_OPERATORS.has(m));
    if (unsupported.length > 0)
      return `unable to configure Route Stat Name: unsupported operators: [${unsupported.join(' ')}]`;
    return null;
  },
};

/** A valid request buffer cannot be combined with protocol upgrades. */
const requestBufferWithUpgrade: FeatureCheck = {
  feature: 'RequestBuffer',
  check: (spec) => {
    if (!isSet(spec.requestBuffer) || requestBufferError(spec) !== null) return null;
    const upgrades = spec.httpUpgrade;
    return Array.isArray(upgrades) && upgrades.length > 0
      ? 'requestBuffer cannot be used together with httpUpgrade'
      : null;
  },
};

/** Each check reads the spec as Go's `encoding/json` decoded it (field names match case-insensitively). */
function asDecoded(c: FeatureCheck): FeatureCheck {
  return { feature: c.feature, check: (spec, ctx) => c.check(goJsonView(spec), ctx) };
}

/** The BackendTrafficPolicy checks, in Envoy Gateway's order. */
export const BACKEND_TRAFFIC_CHECKS: readonly FeatureCheck[] = [
  rateLimit,
  bandwidthLimit,
  loadBalancer,
  circuitBreaker,
  tcpKeepalive,
  retry,
  timeout,
  backendConnection,
  http2,
  responseOverride,
  requestBuffer,
  telemetry,
  requestBufferWithUpgrade,
].map(asDecoded);
