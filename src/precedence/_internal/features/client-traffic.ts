/**
 * ClientTrafficPolicy feature checks, in the order Envoy Gateway builds the features
 * (`translateClientTrafficPolicyForListener`). Every ClientTrafficPolicy check depends on the
 * listener being translated (its IR kind, whether it terminates TLS, its hostnames and routes), so
 * they live in a listener-aware table, `CLIENT_TRAFFIC_LISTENER_CHECKS`, run by the ClientTrafficPolicy
 * engine once per listener; the listener-free `CLIENT_TRAFFIC_CHECKS` table is empty.
 */

import { goJsonView } from '../../../go/json-fields.js';
import { parseQuantity, quantityAsInt64, quantityString } from '../../../go/quantity.js';
import { goQuote } from '../../../go/quote.js';
import { asText } from '../../../model/_internal/topology-read.js';
import type { Resource } from '../../../model/resource.js';
import { referenceGrantPermits } from '../reference-grants.js';
import { http2SettingsError } from './backend-traffic.js';
import {
  durationLine,
  type FeatureCheck,
  type FeatureCheckContext,
  isRecord,
  isSet,
  rec,
} from './feature-check.js';
import { base64Bytes, certificatesOf, crlOf, goUtcTime, pemBlocks } from './x509.js';

const MAX_UINT32 = 4294967295n;
/** Envoy's `max_request_headers_kb` limit (`maxRequestHeaderLimitKB`). */
const MAX_REQUEST_HEADER_LIMIT_KB = 8192n;
const CA_CERT_KEY = 'ca.crt';
const CRL_KEY = 'ca.crl';
/** `tls.ciphers` Envoy Gateway accepts (`validCipherSuites`). */
const VALID_CIPHER_SUITES: ReadonlySet<string> = new Set([
  'ECDHE-ECDSA-AES128-GCM-SHA256',
  'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256',
  'ECDHE-RSA-AES128-GCM-SHA256',
  'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256',
  'ECDHE-ECDSA-AES256-GCM-SHA384',
  'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384',
  'ECDHE-RSA-AES256-GCM-SHA384',
  'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384',
  'ECDHE-ECDSA-CHACHA20-POLY1305',
  'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256',
  'ECDHE-RSA-CHACHA20-POLY1305',
  'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256',
  'ECDHE-ECDSA-AES128-SHA',
  'TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA',
  'ECDHE-RSA-AES128-SHA',
  'TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA',
  'AES128-GCM-SHA256',
  'TLS_RSA_WITH_AES_128_GCM_SHA256',
  'AES128-SHA',
  'TLS_RSA_WITH_AES_128_CBC_SHA',
  'ECDHE-ECDSA-AES256-SHA',
  'TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA',
  'ECDHE-RSA-AES256-SHA',
  'TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA',
  'AES256-GCM-SHA384',
  'TLS_RSA_WITH_AES_256_GCM_SHA384',
  'AES256-SHA',
  'TLS_RSA_WITH_AES_256_CBC_SHA',
]);

/** What a ClientTrafficPolicy check knows about the listener being translated. */
export interface ClientTrafficListener {
  /** The listener's IR: `http` (HTTP, HTTPS), `tcp` (TCP, TLS), or null (UDP, unsupported). */
  readonly ir: 'http' | 'tcp' | null;
  /** The listener IR carries a TLS config (it terminates TLS). */
  readonly tls: boolean;
  /** The HTTP listener IR's hostnames: the listener hostname, or `*`. */
  readonly hostnames: readonly string[];
  /**
   * How many IR routes on the listener have a non-wildcard hostname, counted up to 2 (the HTTP/1.0
   * default-host rule only distinguishes 0, 1 and more). Computed on demand.
   */
  readonly specificRouteCount: () => number;
}

/** The context of a listener-aware check. */
export interface ClientTrafficCheckContext extends FeatureCheckContext {
  readonly listener: ClientTrafficListener;
  /** The policy's namespace (references default to it). */
  readonly policyNamespace: string;
}

/** One listener-aware check; `on` says which listener IR builds the feature. */
export interface ClientTrafficCheck {
  readonly feature: string;
  readonly on: 'any' | 'http';
  readonly check: (spec: Readonly<Record<string, unknown>>, ctx: ClientTrafficCheckContext) => string | null;
}

function firstLine(lines: readonly (() => string | null)[]): string | null {
  for (const l of lines) {
    const e = l();
    if (e !== null) return e;
  }
  return null;
}

/** Gateway API header value (`^[!-~]+([\t ]?[!-~]+)*$`), checked without backtracking. */
function validHeaderValue(v: string): boolean {
  if (v === '') return false;
  let prevSep = true;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c >= 0x21 && c <= 0x7e) prevSep = false;
    else if (c === 0x20 || c === 0x09) {
      if (prevSep) return false;
      prevSep = true;
    } else return false;
  }
  return !prevSep;
}

// -------------------------------------------------------------------------------------------------
// TCP KeepAlive, Connection, Timeout

const tcpKeepalive: ClientTrafficCheck = {
  feature: 'TCP KeepAlive',
  on: 'any',
  check: (spec) => {
    const ka = rec(spec.tcpKeepalive);
    if (!ka) return null;
    return durationLine(ka.idleTime, 'IdleTime') ?? durationLine(ka.interval, 'Interval');
  },
};

const connection: ClientTrafficCheck = {
  feature: 'Connection',
  on: 'any',
  check: (spec) => {
    const conn = rec(spec.connection);
    if (!conn) return null;
    const limit = rec(conn.connectionLimit);
    if (limit) {
      const e =
        durationLine(limit.closeDelay, 'CloseDelay') ??
        durationLine(limit.maxConnectionDuration, 'MaxConnectionDuration') ??
        durationLine(limit.maxStreamDuration, 'MaxStreamDuration');
      if (e !== null) return e;
    }
    if (!isSet(conn.bufferLimit)) return null;
    const q = parseQuantity(conn.bufferLimit);
    if (!q) return null;
    const v = quantityAsInt64(q);
    if (v === null) return `invalid BufferLimit value ${quantityString(q)}`;
    if (v < 0n || v > MAX_UINT32)
      return `BufferLimit value ${quantityString(q)} is out of range, must be between 0 and ${MAX_UINT32}`;
    return null;
  },
};

const timeout: ClientTrafficCheck = {
  feature: 'Timeout',
  on: 'any',
  check: (spec) => {
    const to = rec(spec.timeout);
    if (!to) return null;
    const tcp = rec(to.tcp);
    const http = rec(to.http);
    return firstLine([
      () => (tcp ? durationLine(tcp.idleTimeout, 'TCP IdleTimeout') : null),
      () => (tcp ? durationLine(tcp.tlsHandshakeTimeout, 'TCP TLSHandshakeTimeout') : null),
      () => (tcp ? durationLine(tcp.connectionInspectionTimeout, 'TCP ConnectionInspectionTimeout') : null),
      () => (http ? durationLine(http.requestReceivedTimeout, 'HTTP RequestReceivedTimeout') : null),
      () => (http ? durationLine(http.idleTimeout, 'HTTP IdleTimeout') : null),
      () => (http ? durationLine(http.streamIdleTimeout, 'HTTP StreamIdleTimeout') : null),
      () =>
        http ? durationLine(http.requestHeadersReceivedTimeout, 'HTTP RequestHeadersReceivedTimeout') : null,
    ]);
  },
};

// -------------------------------------------------------------------------------------------------
// Headers

/** `translateHeaderModifier`: every bad entry, then whether anything valid is left. */
export function headerModifierErrors(modifier: unknown, modType: string): string[] {
  const m = rec(modifier);
  if (!m) return [];
  const errs: string[] = [];
  let valid = 0;
  for (const [field, verb] of [
    ['add', 'add'],
    ['set', 'set'],
    ['addIfAbsent', 'addIfAbsent'],
  ] as const) {
    const list = m[field];
    if (!Array.isArray(list)) continue;
    for (const h of list) {
      const header = rec(h) ?? {};
      const name = typeof header.name === 'string' ? header.name : '';
      const value = typeof header.value === 'string' ? header.value : '';
      if (name === '') errs.push(`${modType} cannot ${verb} a header with an empty name`);
      else if (name.includes('/') || name.includes(':'))
        errs.push(
          `${modType} cannot ${verb} a header with a '/' or ':' character in them. Header: '${goQuote(name)}'`,
        );
      else if (!validHeaderValue(value))
        errs.push(`${modType} cannot ${verb} a header with an invalid value. Header: '${goQuote(name)}'`);
      else valid++;
    }
  }
  if (Array.isArray(m.remove)) {
    for (const r of m.remove) {
      if (typeof r !== 'string' || r === '')
        errs.push(`${modType} cannot remove a header with an empty name`);
      else valid++;
    }
  }
  if (Array.isArray(m.removeOnMatch)) {
    for (const r of m.removeOnMatch) {
      const value = rec(r)?.value;
      if (typeof value !== 'string' || value === '')
        errs.push(`${modType} cannot remove a header with an empty matcher value`);
      else valid++;
    }
  }
  if (valid === 0) errs.push(`${modType} did not provide valid configuration to add/set/remove any headers`);
  return errs;
}

const headers: ClientTrafficCheck = {
  feature: 'Headers',
  on: 'http',
  check: (spec) => {
    const h = rec(spec.headers);
    if (!h) return null;
    const errs: string[] = [];
    if (isSet(h.maxRequestHeaderLimit)) {
      const q = parseQuantity(h.maxRequestHeaderLimit);
      if (q) {
        const bytes = quantityAsInt64(q);
        if (bytes === null || bytes < 1024n)
          errs.push(`MaxRequestHeaderLimit value ${quantityString(q)} must be at least 1Ki`);
        else if (bytes > MAX_REQUEST_HEADER_LIMIT_KB * 1024n)
          errs.push(
            `MaxRequestHeaderLimit value ${quantityString(q)} exceeds the maximum of ${MAX_REQUEST_HEADER_LIMIT_KB}Ki`,
          );
      }
    }
    errs.push(...headerModifierErrors(h.earlyRequestHeaders, 'EarlyRequestHeaders'));
    errs.push(...headerModifierErrors(h.lateResponseHeaders, 'LateResponseHeaders'));
    return errs.length === 0 ? null : errs.join('\n');
  },
};

// -------------------------------------------------------------------------------------------------
// HTTP1, HTTP2

/** `translateHTTP1Settings`: an HTTP/1.0 default host needs one non-wildcard hostname. */
const http1: ClientTrafficCheck = {
  feature: 'HTTP1',
  on: 'http',
  check: (spec, ctx) => {
    const http10 = rec(rec(spec.http1)?.http10);
    if (http10?.useDefaultHost !== true) return null;
    if (ctx.listener.hostnames.some((h) => !h.includes('*'))) return null;
    const n = ctx.listener.specificRouteCount();
    if (n === 0) return 'cannot set http10 default host on listener with only wildcard hostnames';
    if (n > 1)
      return 'cannot set http10 default host on listener with only wildcard hostnames and more than one possible default route';
    return null;
  },
};

const http2: ClientTrafficCheck = {
  feature: 'HTTP2',
  on: 'http',
  check: (spec) => http2SettingsError(spec.http2),
};

// -------------------------------------------------------------------------------------------------
// TLS

/**
 * The entries of a ConfigMap's `data`, or of a Secret as the API server stores it: `data`
 * (base64) merged with `stringData` (plain text).
 */
function dataEntries(obj: Resource): Map<string, { raw: unknown; base64: boolean }> {
  const out = new Map<string, { raw: unknown; base64: boolean }>();
  const data = obj.object.data;
  if (isRecord(data))
    for (const [k, v] of Object.entries(data)) out.set(k, { raw: v, base64: obj.kind === 'Secret' });
  const stringData = obj.kind === 'Secret' ? obj.object.stringData : undefined;
  if (isRecord(stringData))
    for (const [k, v] of Object.entries(stringData)) out.set(k, { raw: v, base64: false });
  return out;
}

/**
 * `validateAndGetDataAtKeyInRef`: the reference is allowed, its object exists and holds the key
 * (`getFirstMatchOrFirstFromData`: the key, else the only entry; non-empty). Returns the data as
 * text, or null where it cannot be read here.
 */
function refData(
  ref: unknown,
  key: string,
  ctx: ClientTrafficCheckContext,
): { error: string } | { text: string | null } {
  const r = rec(ref) ?? {};
  const name = typeof r.name === 'string' ? r.name : '';
  const kind = typeof r.kind === 'string' ? r.kind : 'Secret';
  if (kind === 'ClusterTrustBundle') {
    const ctb = ctx.topology.byKey.get(`ClusterTrustBundle/${name}`);
    if (!ctb) return { error: `ref ClusterTrustBundle [${name}] not found` };
    const bundle = rec(ctb.object.spec)?.trustBundle;
    return { text: typeof bundle === 'string' ? bundle : null };
  }
  if (kind !== 'Secret' && kind !== 'ConfigMap') return { error: `unsupported ref kind:${kind}` };
  if (typeof r.group === 'string' && r.group !== '')
    return { error: 'secret ref group must be unspecified/empty' };
  const refNs = typeof r.namespace === 'string' && r.namespace !== '' ? r.namespace : null;
  if (
    refNs !== null &&
    !referenceGrantPermits(ctx.topology, ctx.policyNamespace, 'ClientTrafficPolicy', {
      group: '',
      kind,
      namespace: refNs,
      name,
    })
  )
    return { error: `ref to ${kind} ${refNs}/${name} not permitted by any ReferenceGrant` };
  const ns = refNs ?? ctx.policyNamespace;
  const obj = ctx.topology.byKey.get(`${kind}/${ns}/${name}`);
  const lower = kind === 'Secret' ? 'secret' : 'configmap';
  if (!obj) return { error: `${lower} ${ns}/${name} does not exist` };
  const entries = dataEntries(obj);
  const pick = entries.get(key) ?? (entries.size === 1 ? [...entries.values()][0] : undefined);
  if (pick === undefined || typeof pick.raw !== 'string' || pick.raw.length === 0)
    return { error: `ref ${lower} [${name}] has none of the expected keys [${key}] and more than one entry` };
  // Only the entry read is decoded.
  if (!pick.base64) return { text: pick.raw };
  const bytes = base64Bytes(pick.raw);
  return { text: bytes === null ? null : new TextDecoder().decode(bytes) };
}

/**
 * `filterValidCACertificates`: an error when no certificate of a CA bundle is valid at
 * `TopologyOptions.now` (expired or not yet valid; each PEM block judged by its first invalid
 * certificate). A block this reader cannot take apart counts as valid, and a text it is not sure
 * Go reads the same way yields no error.
 */
function caBundleError(text: string, now: number): string | null {
  if (!text.includes('-----BEGIN')) return 'unable to decode pem data for certificate';
  const { blocks, certain } = pemBlocks(text);
  if (!certain) return null;
  const errors: string[] = [];
  let valid = 0;
  for (const block of blocks) {
    const certs = certificatesOf(block.bytes);
    if (certs === null) {
      valid++;
      continue;
    }
    let error: string | null = null;
    for (const c of certs) {
      if (now > c.notAfter) error = `certificate ${c.commonName} has expired since ${goUtcTime(c.notAfter)}`;
      else if (now < c.notBefore)
        error = `certificate ${c.commonName} will be valid after ${goUtcTime(c.notBefore)}`;
      if (error !== null) break;
    }
    if (error === null) valid++;
    else errors.push(error);
  }
  return valid === 0 && errors.length > 0 ? errors.join('\n') : null;
}

/** `validateCrl`: the first PEM block's CRL is current at `TopologyOptions.now`. */
function crlError(text: string, now: number): string | null {
  if (!text.includes('-----BEGIN')) return 'unable to decode pem data for CRL';
  const { blocks, certain } = pemBlocks(text);
  const first = certain ? blocks[0] : undefined;
  const crl = first ? crlOf(first.bytes) : null;
  if (!crl) return null;
  if (crl.nextUpdate !== null && now > crl.nextUpdate)
    return `CRL is expired (next update was due at ${goUtcTime(crl.nextUpdate)})`;
  if (now < crl.thisUpdate)
    return `CRL is not yet valid (this update starts at ${goUtcTime(crl.thisUpdate)})`;
  return null;
}

/** `buildListenerTLSParameters`, for a listener that terminates TLS. */
const tls: ClientTrafficCheck = {
  feature: 'TLS',
  on: 'any',
  check: (spec, ctx) => {
    if (!ctx.listener.tls) return null;
    const t = rec(spec.tls);
    if (!t) return null;
    if (Array.isArray(t.ciphers)) {
      for (const c of t.ciphers)
        if (!VALID_CIPHER_SUITES.has(asText(c))) return `unsupported cipher suite: ${asText(c)}`;
    }
    const cv = rec(t.clientValidation);
    if (!cv) return null;
    const mode =
      typeof cv.mode === 'string' ? cv.mode : cv.optional === true ? 'VerifyIfGiven' : 'RequireAndVerify';
    const refs = Array.isArray(cv.caCertificateRefs) ? cv.caCertificateRefs : [];
    const now = ctx.topology.options.now;
    for (const ref of refs) {
      const d = refData(ref, CA_CERT_KEY, ctx);
      if ('error' in d) return `failed to get certificate from ref: ${d.error}`;
      const e = d.text === null ? null : caBundleError(d.text, now);
      if (e !== null) return `no valid certificates exist in ${asText(rec(ref)?.name)}: ${e}`;
    }
    if ((mode === 'VerifyIfGiven' || mode === 'RequireAndVerify') && refs.length === 0) {
      if (!isSet(cv.mode) && cv.optional === true)
        return `tls.clientValidation.optional=true requires caCertificateRefs (maps to mode ${JSON.stringify(mode)})`;
      return `tls.clientValidation.mode ${JSON.stringify(mode)} requires caCertificateRefs`;
    }
    const crlRefs = rec(cv.crl)?.refs;
    for (const ref of Array.isArray(crlRefs) ? crlRefs : []) {
      const d = refData(ref, CRL_KEY, ctx);
      if ('error' in d) return `failed to get crl from ref: ${d.error}`;
      const e = d.text === null ? null : crlError(d.text, now);
      if (e !== null) return `invalid crl in ${asText(rec(ref)?.name)}: ${e}`;
    }
    return null;
  },
};

/**
 * The listener-aware ClientTrafficPolicy checks, in Envoy Gateway's order: the common features,
 * then (HTTP listeners) Headers, HTTP1, HTTP2, and TLS last on both HTTP and TCP listeners.
 */
export const CLIENT_TRAFFIC_LISTENER_CHECKS: readonly ClientTrafficCheck[] = [
  tcpKeepalive,
  connection,
  timeout,
  headers,
  http1,
  http2,
  tls,
];

/**
 * Runs the listener-aware checks for one listener and joins the errors as Envoy Gateway does
 * (`<Feature>: <error>`, one per line). A listener without HTTP or TCP IR reports nothing.
 *
 * @param spec - the ClientTrafficPolicy spec
 * @param ctx - the listener and lookups
 * @param only - run only the features it accepts (default: all)
 * @returns the joined errors, or null
 * @example
 * clientTrafficListenerErrors({ timeout: { http: { idleTimeout: '5sec' } } }, ctx);
 * // => "Timeout: invalid HTTP IdleTimeout value 5sec"
 */
export function clientTrafficListenerErrors(
  spec: Readonly<Record<string, unknown>>,
  ctx: ClientTrafficCheckContext,
  only?: (feature: string) => boolean,
): string | null {
  const ir = ctx.listener.ir;
  if (ir === null) return null;
  // The spec as Go's encoding/json decoded it (field names match case-insensitively).
  const decoded = goJsonView(spec);
  const errors: string[] = [];
  for (const c of CLIENT_TRAFFIC_LISTENER_CHECKS) {
    if (c.on === 'http' && ir !== 'http') continue;
    if (only !== undefined && !only(c.feature)) continue;
    const e = c.check(decoded, ctx);
    if (e !== null) errors.push(`${c.feature}: ${e}`);
  }
  return errors.length === 0 ? null : errors.join('\n');
}

/** The listener-free ClientTrafficPolicy checks: none (see `CLIENT_TRAFFIC_LISTENER_CHECKS`). */
export const CLIENT_TRAFFIC_CHECKS: readonly FeatureCheck[] = [];
