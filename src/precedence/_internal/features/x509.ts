/**
 * Just enough of PEM, DER and X.509 to tell when certificates and CRLs are valid, as Envoy
 * Gateway's `filterValidCACertificates` and `validateCrl` do (`internal/gatewayapi/tls.go`): the
 * subject's common name and the validity window of each certificate, the update times of a CRL,
 * and Go's way of printing a time. Data this reader cannot take apart is reported as unknown,
 * never as an error (Go's own parse errors are not modelled).
 *
 * @packageDocumentation
 */

/** One PEM block: its type and its decoded bytes (null when the body is not base64). */
export interface PemBlock {
  readonly type: string;
  readonly bytes: Uint8Array | null;
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const BASE64_VALUE = new Map<string, number>([...BASE64].map((c, i) => [c, i]));

/**
 * Standard base64 (padding optional, whitespace ignored) to bytes; null when not base64.
 *
 * @param text - the encoded text
 * @returns the bytes, or null
 * @example
 * base64Bytes('aGk='); // => Uint8Array [104, 105]
 */
export function base64Bytes(text: string): Uint8Array | null {
  const clean = text.replace(/[\s]/g, '').replace(/=+$/, '');
  if (clean.length % 4 === 1) return null;
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let bits = 0;
  let acc = 0;
  let n = 0;
  for (const c of clean) {
    const v = BASE64_VALUE.get(c);
    if (v === undefined) return null;
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[n++] = (acc >> bits) & 0xff;
    }
  }
  return out.subarray(0, n);
}

/**
 * The PEM blocks of a text, in order (Go's `pem.Decode` in a loop; header lines are skipped).
 *
 * @param text - PEM text
 * @returns the blocks found
 * @example
 * pemBlocks('-----BEGIN X-----\naGk=\n-----END X-----\n'); // => [{ type: 'X', bytes: … }]
 */
export function pemBlocks(text: string): PemBlock[] {
  const out: PemBlock[] = [];
  const re = /-----BEGIN ([^\n-]*)-----\r?\n([\s\S]*?)-----END \1-----/g;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const body = (m[2] ?? '')
      .split(/\r?\n/)
      .filter((line) => !line.includes(':'))
      .join('');
    out.push({ type: m[1] ?? '', bytes: base64Bytes(body) });
  }
  return out;
}

/** A DER element: tag, and where its contents start and end. */
interface Tlv {
  readonly tag: number;
  readonly start: number;
  readonly end: number;
}

/** The DER element at `at`, or null when it does not fit. */
function tlv(b: Uint8Array, at: number, limit: number): Tlv | null {
  if (at + 2 > limit) return null;
  const tag = b[at]!;
  if ((tag & 0x1f) === 0x1f) return null; // multi-byte tags are not used by these structures
  let len = b[at + 1]!;
  let start = at + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4 || start + n > limit) return null;
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + b[start + i]!;
    start += n;
  }
  const end = start + len;
  return end > limit ? null : { tag, start, end };
}

/** The elements inside a constructed element. */
function children(b: Uint8Array, parent: Tlv): Tlv[] | null {
  const out: Tlv[] = [];
  for (let at = parent.start; at < parent.end; ) {
    const t = tlv(b, at, parent.end);
    if (t === null) return null;
    out.push(t);
    at = t.end;
  }
  return out;
}

const SEQUENCE = 0x30;
const SET = 0x31;
const UTC_TIME = 0x17;
const GENERALIZED_TIME = 0x18;
const COMMON_NAME = [0x55, 0x04, 0x03];

function ascii(b: Uint8Array, t: Tlv): string {
  return new TextDecoder().decode(b.subarray(t.start, t.end));
}

/** A UTCTime or GeneralizedTime as milliseconds since the epoch (UTC; `Z` only), or null. */
function timeOf(b: Uint8Array, t: Tlv | undefined): number | null {
  if (t === undefined) return null;
  const s = ascii(b, t);
  let m: RegExpMatchArray | null;
  let year: number;
  if (t.tag === UTC_TIME) {
    m = s.match(/^(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)Z$/);
    if (!m) return null;
    const yy = Number(m[1]);
    year = yy < 50 ? 2000 + yy : 1900 + yy;
  } else if (t.tag === GENERALIZED_TIME) {
    m = s.match(/^(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)Z$/);
    if (!m) return null;
    year = Number(m[1]);
  } else {
    return null;
  }
  const d = new Date(
    Date.UTC(2000, Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])),
  );
  // setUTCFullYear: Date.UTC would read years 0–99 as 1900–1999.
  d.setUTCFullYear(year);
  return d.getTime();
}

/** The last common name of a Name (Go's `pkix.Name.CommonName`), '' when there is none. */
function commonName(b: Uint8Array, name: Tlv): string | null {
  if (name.tag !== SEQUENCE) return null;
  let cn = '';
  for (const rdn of children(b, name) ?? []) {
    if (rdn.tag !== SET) return null;
    for (const atv of children(b, rdn) ?? []) {
      const [oid, value] = children(b, atv) ?? [];
      if (!oid || !value) return null;
      const isCn = oid.end - oid.start === 3 && COMMON_NAME.every((x, i) => b[oid.start + i] === x);
      // UTF8String, PrintableString, IA5String and T61String read as text; others are not names here.
      if (isCn && [0x0c, 0x13, 0x16, 0x14].includes(value.tag)) cn = ascii(b, value);
    }
  }
  return cn;
}

/** What a certificate's validity check reads. */
export interface CertificateFacts {
  readonly commonName: string;
  readonly notBefore: number;
  readonly notAfter: number;
}

/**
 * The certificates of one DER buffer (Go's `x509.ParseCertificates`: one or more, back to back).
 *
 * @param b - DER bytes
 * @returns their facts, or null when the bytes are not read to the end
 * @example
 * certificatesOf(new Uint8Array()); // => null
 */
export function certificatesOf(b: Uint8Array): CertificateFacts[] | null {
  const out: CertificateFacts[] = [];
  for (let at = 0; at < b.length; ) {
    const cert = tlv(b, at, b.length);
    if (cert === null || cert.tag !== SEQUENCE) return null;
    at = cert.end;
    const [tbs] = children(b, cert) ?? [];
    if (!tbs || tbs.tag !== SEQUENCE) return null;
    const f = children(b, tbs);
    if (!f) return null;
    // [0] version is optional; then serial, signature, issuer, validity, subject.
    const i = f[0]?.tag === 0xa0 ? 1 : 0;
    const validity = f[i + 3];
    const subject = f[i + 4];
    if (!validity || validity.tag !== SEQUENCE || !subject) return null;
    const [nb, na] = children(b, validity) ?? [];
    const notBefore = timeOf(b, nb);
    const notAfter = timeOf(b, na);
    const cn = commonName(b, subject);
    if (notBefore === null || notAfter === null || cn === null) return null;
    out.push({ commonName: cn, notBefore, notAfter });
  }
  return out.length > 0 ? out : null;
}

/** What a CRL's validity check reads. */
export interface CrlFacts {
  readonly thisUpdate: number;
  /** null when the CRL has none. */
  readonly nextUpdate: number | null;
}

/**
 * The update times of a CRL (Go's `x509.ParseRevocationList`).
 *
 * @param b - DER bytes
 * @returns the times, or null when they cannot be read
 * @example
 * crlOf(new Uint8Array()); // => null
 */
export function crlOf(b: Uint8Array): CrlFacts | null {
  const list = tlv(b, 0, b.length);
  if (list === null || list.tag !== SEQUENCE) return null;
  const [tbs] = children(b, list) ?? [];
  if (!tbs || tbs.tag !== SEQUENCE) return null;
  const f = children(b, tbs);
  if (!f) return null;
  // version INTEGER is optional; then signature, issuer, thisUpdate, nextUpdate?.
  const i = f[0]?.tag === 0x02 ? 1 : 0;
  const thisUpdate = timeOf(b, f[i + 2]);
  if (thisUpdate === null) return null;
  const next = f[i + 3];
  const nextUpdate =
    next && (next.tag === UTC_TIME || next.tag === GENERALIZED_TIME) ? timeOf(b, next) : null;
  return { thisUpdate, nextUpdate };
}

/**
 * A time as Go prints a UTC `time.Time` with `%v` (`2006-01-02 15:04:05 +0000 UTC`).
 *
 * @param ms - milliseconds since the epoch
 * @returns the text
 * @example
 * goUtcTime(Date.UTC(2020, 0, 1, 15, 0, 1)); // => '2020-01-01 15:00:01 +0000 UTC'
 */
export function goUtcTime(ms: number): string {
  const iso = new Date(ms).toISOString(); // 2020-01-01T15:00:01.000Z
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} +0000 UTC`;
}
