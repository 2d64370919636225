/**
 * Values printed as the Kubernetes API server (Go) prints them in field errors: `%q` for strings
 * (src/go's `goQuote`), `%v` for numbers and booleans, `encoding/json` for everything
 * else.
 *
 * @packageDocumentation
 */

import { compareBytes } from '../../go/string-order.js';

/**
 * Go's `%v` of a float64 (`strconv.FormatFloat(f, 'g', -1, 64)`): the shortest digits, in
 * exponent form (`1.5e+06`, two exponent digits at least) when the exponent is below -4 or at
 * least 6.
 *
 * @param f - the number
 * @returns its text
 */
export function goFloat(f: number): string {
  if (Number.isNaN(f)) return 'NaN';
  if (!Number.isFinite(f)) return f > 0 ? '+Inf' : '-Inf';
  if (f === 0) return Object.is(f, -0) ? '-0' : '0';
  const [mantissa = '', expText = '0'] = f.toExponential().split('e');
  const exp = Number(expText);
  if (exp < -4 || exp >= 6) {
    const abs = Math.abs(exp);
    return `${mantissa}e${exp < 0 ? '-' : '+'}${abs < 10 ? `0${abs}` : abs}`;
  }
  return String(f);
}

/**
 * Go's `%v` of a JSON number as the API server decodes it: an integer is an `int64`, anything
 * else a `float64`.
 *
 * @param n - the number
 * @returns its text
 */
export function goNumber(n: number): string {
  return Number.isInteger(n) && Math.abs(n) < 2 ** 63 ? BigInt(n).toString() : goFloat(n);
}

/** Go's `encoding/json` escaping of a string (HTML characters and U+2028/9 escaped). */
function goJsonString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const ch = s[i] ?? '';
    if (c === 0x22) out += '\\"';
    else if (c === 0x5c) out += '\\\\';
    else if (c === 0x0a) out += '\\n';
    else if (c === 0x0d) out += '\\r';
    else if (c === 0x09) out += '\\t';
    else if (c === 0x08) out += '\\b';
    else if (c === 0x0c) out += '\\f';
    else if (c < 0x20 || c === 0x3c || c === 0x3e || c === 0x26 || c === 0x2028 || c === 0x2029) {
      out += `\\u${c.toString(16).padStart(4, '0')}`;
    } else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const next = s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        out += ch + (s[i + 1] ?? '');
        i++;
      } else out += '\\ufffd';
    } else if (c >= 0xd800 && c <= 0xdfff) out += '\\ufffd';
    else out += ch;
  }
  return `${out}"`;
}

/**
 * Go's `json.Marshal` of a decoded JSON value: map keys sorted, HTML characters escaped.
 *
 * @param v - the value
 * @returns JSON text
 */
export function goJson(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return goJsonString(v);
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return 'null';
    return Number.isInteger(v) && Math.abs(v) < 1e21 ? BigInt(v).toString() : goJsonFloat(v);
  }
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (Array.isArray(v)) return `[${v.map(goJson).join(',')}]`;
  if (typeof v === 'object') {
    const rec = v as Record<string, unknown>;
    const keys = Object.keys(rec).sort(compareBytes);
    return `{${keys.map((k) => `${goJsonString(k)}:${goJson(rec[k])}`).join(',')}}`;
  }
  return 'null';
}

/** Go's `encoding/json` float form: `%f` between 1e-6 and 1e21, else `%e` with a short exponent. */
function goJsonFloat(f: number): string {
  const abs = Math.abs(f);
  if (abs !== 0 && (abs < 1e-6 || abs >= 1e21)) {
    return f.toExponential().replace(/e([+-])(\d)$/, 'e$1$2');
  }
  return String(f);
}
