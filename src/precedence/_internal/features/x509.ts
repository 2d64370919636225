/**
 * Just enough of PEM, DER and X.509 to tell when certificates and CRLs are valid, as Envoy
 * Gateway's `filterValidCACertificates` and `validateCrl` do (`internal/gatewayapi/tls.go`): the
 * subject's common name and the validity window of each certificate, the update times of a CRL,
 * and Go's way of printing a time. Whatever this reader cannot take apart, or is not sure Go
 * reads the same way, is reported as unknown, never as an error (Go's own parse errors are not
 * modelled): a false `Invalid` would be worse than a missed one.
 *
 * @packageDocumentation
 */

/** One PEM block: its type and its decoded bytes. */
export interface PemBlock {
  readonly type: string;
  readonly bytes: Uint8Array;
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const BASE64_VALUE = new Map<string, number>([...BASE64].map((c, i) => [c, i]));

/**
 * Standard base64 to bytes, whitespace ignored; null when not base64. `strict` asks for what
 * Go's `base64.StdEncoding` takes (whole quads, `=` padding only at the end), as `pem.Decode`
 * does; without it, missing padding is accepted.
 *
 * @param text - the encoded text
 * @param strict - refuse what Go's StdEncoding refuses
 * @returns the bytes, or null
 * @example
 * base64Bytes('aGk='); // => Uint8Array [104, 105]
 */
export function base64Bytes(text: string, strict = false): Uint8Array | null {
  const spaced = text.replace(/\s/g, '');
  // Padding: the `=` at the end (counted in linear time), none elsewhere.
  let end = spaced.length;
  while (end > 0 && spaced.charCodeAt(end - 1) === 0x3d) end--;
  const padding = spaced.length - end;
  const clean = spaced.slice(0, end);
  if (strict && (spaced.length % 4 !== 0 || padding > 2)) return null;
  if (clean.length % 4 === 1) return null;
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let bits = 0;
  let acc = 0;
  let n = 0;
  for (const c of clean) {
    const v = BASE64_VALUE.get(c);
    if (v === undefined) return null;
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[n++] = (acc >> bits) & 0xff;
    }
  }
  return out.subarray(0, n);
}

/** What {@link pemBlocks} found: the blocks, and whether Go's reading could differ from it. */
export interface PemReading {
  readonly blocks: readonly PemBlock[];
  /**
   * False when the text has a BEGIN line this reader is not sure Go's `pem.Decode` reads the same
   * way (headers, a malformed or unmatched marker): callers should then report nothing.
   */
  readonly certain: boolean;
}

/** A line without its final carriage return and trailing blanks (in linear time). */
function chomp(line: string): string {
  let e = line.length;
  if (e > 0 && line.charCodeAt(e - 1) === 0x0d) e--;
  return line.slice(0, e);
}

function trimBlanks(line: string): string {
  let e = line.length;
  while (e > 0 && (line.charCodeAt(e - 1) === 0x20 || line.charCodeAt(e - 1) === 0x09)) e--;
  return line.slice(0, e);
}

/** The type of a `-----BEGIN TYPE-----` line (trailing blanks allowed), or null. */
function beginType(line: string): string | null {
  const t = trimBlanks(line);
  if (!t.startsWith('-----BEGIN ') || !t.endsWith('-----') || t.length < 16) return null;
  return t.slice(11, -5);
}

/**
 * The PEM blocks of a text, in order, read line by line as Go's `pem.Decode` does in a loop: a
 * block starts with a `-----BEGIN TYPE-----` line and ends with the matching `-----END TYPE-----`
 * line; a body that is not strict base64 is skipped, as Go skips it. Linear in the text.
 *
 * @param text - PEM text
 * @returns the blocks found, and whether the reading is certain
 * @example
 * pemBlocks('-----BEGIN X-----\naGk=\n-----END X-----\n').blocks; // => [{ type: 'X', bytes: … }]
 */
export function pemBlocks(text: string): PemReading {
  const lines = text.split('\n');
  const blocks: PemBlock[] = [];
  let certain = true;
  for (let i = 0; i < lines.length; i++) {
    const line = chomp(lines[i] ?? '');
    if (!line.includes('-----BEGIN')) continue;
    const type = beginType(line);
    if (type === null) {
      certain = false;
      continue;
    }
    const end = `-----END ${type}-----`;
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length; j++) {
      const l = chomp(lines[j] ?? '');
      if (trimBlanks(l) === end) break;
      // Header lines (`Key: value`) and other markers: Go's reading of them is not modelled.
      if (l.includes(':') || l.includes('-----')) certain = false;
      body.push(l);
    }
    if (j >= lines.length) return { blocks, certain: false };
    const bytes = base64Bytes(body.join(''), true);
    // Go skips a block whose body does not decode, and reads on.
    if (bytes !== null) blocks.push({ type, bytes });
    i = j;
  }
  return { blocks, certain };
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

/** The elements inside a constructed element, or null when they do not fit. */
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

/** A UTCTime or GeneralizedTime as milliseconds since the epoch (UTC, `Z` only), or null. */
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
  const month = Number(m[2]);
  const day = Number(m[3]);
  const hour = Number(m[4]);
  const minute = Number(m[5]);
  const second = Number(m[6]);
  const d = new Date(Date.UTC(2000, month - 1, day, hour, minute, second));
  // setUTCFullYear: Date.UTC would read years 0–99 as 1900–1999.
  d.setUTCFullYear(year);
  // Go refuses times that do not exist (30 February, second 60); Date would roll them over.
  const exact =
    d.getUTCFullYear() === year &&
    d.getUTCMonth() === month - 1 &&
    d.getUTCDate() === day &&
    d.getUTCHours() === hour &&
    d.getUTCMinutes() === minute &&
    d.getUTCSeconds() === second;
  return exact ? d.getTime() : null;
}

/**
 * A directory string as Go's x509 parser reads it: UTF8String, PrintableString, IA5String and
 * NumericString as text, BMPString as UTF-16; others (T61String…) are not read here (null).
 */
function nameText(b: Uint8Array, t: Tlv): string | null {
  if (t.tag === 0x0c || t.tag === 0x13 || t.tag === 0x16 || t.tag === 0x12) return ascii(b, t);
  if (t.tag === 0x1e && (t.end - t.start) % 2 === 0) {
    let out = '';
    for (let i = t.start; i < t.end; i += 2) out += String.fromCharCode((b[i]! << 8) | b[i + 1]!);
    return out;
  }
  return null;
}

/** The last common name of a Name (Go's `pkix.Name.CommonName`): '' when none, null when unread. */
function commonName(b: Uint8Array, name: Tlv): string | null {
  if (name.tag !== SEQUENCE) return null;
  const rdns = children(b, name);
  if (rdns === null) return null;
  let cn = '';
  for (const rdn of rdns) {
    const atvs = rdn.tag === SET ? children(b, rdn) : null;
    if (atvs === null) return null;
    for (const atv of atvs) {
      const [oid, value] = children(b, atv) ?? [];
      if (!oid || !value) return null;
      const isCn = oid.end - oid.start === 3 && COMMON_NAME.every((x, i) => b[oid.start + i] === x);
      if (!isCn) continue;
      const text = nameText(b, value);
      if (text === null) return null;
      cn = text;
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
  if (next && (next.tag === UTC_TIME || next.tag === GENERALIZED_TIME)) {
    const nextUpdate = timeOf(b, next);
    return nextUpdate === null ? null : { thisUpdate, nextUpdate };
  }
  return { thisUpdate, nextUpdate: null };
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
