/**
 * Go value parsing the feature checks need, reproduced from the libraries Envoy Gateway calls:
 * Kubernetes `resource.Quantity` (apimachinery v0.36: `ParseQuantity`, `AsInt64`, `String`) and
 * Go's `time.ParseDuration` (Gateway API `Duration` fields are plain strings parsed with it).
 * Pure functions over strings and bigints; no Node APIs.
 */
import { asText } from '../../../model/_internal/topology-read.js';

/** The three suffix families a quantity remembers (`resource.Format`). */
export type QuantityFormat = 'DecimalExponent' | 'BinarySI' | 'DecimalSI';

/**
 * A parsed `resource.Quantity`. `int` is the `int64Amount` fast form (`value × 10^exp`, value within
 * int64); `dec` is the `inf.Dec` form (`value × 10^exp`, any size). `cached` is the string the
 * parser kept because it was already canonical (`Quantity.s`), or null.
 */
export interface GoQuantity {
  readonly form: 'int' | 'dec';
  readonly value: bigint;
  readonly exp: number;
  readonly format: QuantityFormat;
  readonly cached: string | null;
}

const MAX_INT64 = (1n << 63n) - 1n;
const MIN_INT64 = -(1n << 63n);
const SUFFIX_CHARS = 'eEinumkKMGTP';
const DEC_SUFFIXES: ReadonlyMap<string, number> = new Map([
  ['n', -9],
  ['u', -6],
  ['m', -3],
  ['', 0],
  ['k', 3],
  ['M', 6],
  ['G', 9],
  ['T', 12],
  ['P', 15],
  ['E', 18],
]);
const DEC_SUFFIX_BY_EXP: ReadonlyMap<number, string> = new Map([...DEC_SUFFIXES].map(([s, e]) => [e, s]));
const BIN_SUFFIXES: ReadonlyMap<string, number> = new Map([
  ['Ki', 10],
  ['Mi', 20],
  ['Gi', 30],
  ['Ti', 40],
  ['Pi', 50],
  ['Ei', 60],
]);
const BIN_SUFFIX_BY_EXP: ReadonlyMap<number, string> = new Map([...BIN_SUFFIXES].map(([s, e]) => [e, s]));

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

/** `parseQuantityString`: sign, numerator, denominator and suffix, or null (ErrFormatWrong). */
function scanQuantity(
  str: string,
): { positive: boolean; value: string; num: string; denom: string; suffix: string } | null {
  let positive = true;
  let pos = 0;
  const end = str.length;
  if (str[0] === '-') {
    positive = false;
    pos++;
  } else if (str[0] === '+') pos++;
  // leading zeros
  for (;;) {
    if (pos >= end) return { positive, value: '0', num: '0', denom: '', suffix: '' };
    if (str[pos] !== '0') break;
    pos++;
  }
  let i = pos;
  while (i < end && isDigit(str[i])) i++;
  let num = str.slice(pos, i);
  if (i >= end) return { positive, value: str, num, denom: '', suffix: '' };
  pos = i;
  if (num === '') num = '0';
  let denom = '';
  if (str[pos] === '.') {
    pos++;
    i = pos;
    while (i < end && isDigit(str[i])) i++;
    denom = str.slice(pos, i);
    if (i >= end) return { positive, value: str, num, denom, suffix: '' };
    pos = i;
  }
  const value = str.slice(0, pos);
  const suffixStart = pos;
  i = pos;
  while (i < end && SUFFIX_CHARS.includes(str[i] as string)) i++;
  if (i >= end) return { positive, value, num, denom, suffix: str.slice(suffixStart) };
  pos = i;
  if (str[pos] === '-' || str[pos] === '+') pos++;
  for (i = pos; i < end; i++) if (!isDigit(str[i])) return null;
  return { positive, value, num, denom, suffix: str.slice(suffixStart) };
}

/** `quantitySuffixer.interpret`. */
function interpretSuffix(s: string): { base: 2 | 10; exponent: number; format: QuantityFormat } | null {
  const d = DEC_SUFFIXES.get(s);
  if (d !== undefined) return { base: 10, exponent: d, format: 'DecimalSI' };
  const b = BIN_SUFFIXES.get(s);
  if (b !== undefined) return { base: 2, exponent: b, format: 'BinarySI' };
  if (s.length > 1 && (s[0] === 'E' || s[0] === 'e')) {
    const n = parseGoInt64(s.slice(1));
    if (n === null) return null;
    return { base: 10, exponent: Number(BigInt.asIntN(32, n)), format: 'DecimalExponent' };
  }
  return null;
}

/** `strconv.ParseInt(s, 10, 64)`. */
function parseGoInt64(s: string): bigint | null {
  if (!/^[+-]?[0-9]+$/.test(s)) return null;
  const n = BigInt(s);
  return n > MAX_INT64 || n < MIN_INT64 ? null : n;
}

function pow10(n: number): bigint {
  return 10n ** BigInt(n);
}

/** Integer division rounding away from zero (inf.RoundUp on a non-negative value: ceiling). */
function divCeil(a: bigint, b: bigint): bigint {
  const q = a / b;
  return q * b === a ? q : q + 1n;
}

/** `inf.Dec.SetString`: an optional sign, digits, an optional point and digits. */
function parseDecimal(s: string): { unscaled: bigint; exp: number } | null {
  const m = /^([+-]?)([0-9]*)(?:\.([0-9]*))?$/.exec(s);
  if (!m) return null;
  const int = m[2] ?? '';
  const frac = m[3] ?? '';
  if (int === '' && frac === '') return null;
  const digits = BigInt(`${int}${frac}` || '0');
  return { unscaled: m[1] === '-' ? -digits : digits, exp: -frac.length };
}

/**
 * Parses a Kubernetes quantity as `resource.ParseQuantity` does (a YAML number is read as its
 * JSON text), keeping the int64 fast form, the format, and the canonical string the parser caches.
 *
 * @param input - the quantity as written (string, or number as YAML gives it)
 * @returns the quantity, or null when Kubernetes would refuse it (the object could not exist)
 * @example
 * quantityString(parseQuantity('1.5Gi')!);
 * // => "1536Mi"
 */
export function parseQuantity(input: unknown): GoQuantity | null {
  let str: string;
  if (typeof input === 'string') str = input.trim();
  else if (typeof input === 'number' && Number.isFinite(input)) str = String(input);
  else return null;
  if (str.length === 0) return null;
  if (str === '0') return { form: 'int', value: 0n, exp: 0, format: 'DecimalSI', cached: str };
  const scanned = scanQuantity(str);
  if (!scanned) return null;
  const { positive, value, num, denom } = scanned;
  const suf = interpretSuffix(scanned.suffix);
  if (!suf) return null;
  const { base, exponent } = suf;
  let format = suf.format;

  let precision = 0;
  let scale = 0;
  let mantissa = 1n;
  if (format === 'BinarySI') {
    if (exponent >= 0 && denom.length === 0) {
      mantissa = 1n << BigInt(exponent);
      precision = 15 - num.length - Math.trunc(Math.fround((exponent * 3) / 10)) - 1;
    } else precision = -1;
  } else {
    scale = exponent;
    precision = 18 - (num.length + denom.length);
  }
  if (precision >= 0) {
    scale -= denom.length;
    if (scale >= -9) {
      const shifted = num + denom;
      const v = parseGoInt64(shifted);
      if (v === null) return null;
      const product = v * mantissa;
      if (product <= MAX_INT64 && product >= MIN_INT64) {
        const result = positive ? product : -product;
        let canonical: boolean;
        if (format === 'BinarySI') canonical = exponent % 10 === 0 && (v & 7n) !== 0n;
        else canonical = scale % 3 === 0 && !shifted.endsWith('000') && shifted[0] !== '0';
        return { form: 'int', value: result, exp: scale, format, cached: canonical ? str : null };
      }
    }
  }

  const parsed = parseDecimal(value);
  if (!parsed) return null;
  let unscaled = parsed.unscaled;
  let exp = parsed.exp;
  if (base === 10) exp += exponent;
  else unscaled *= 1n << BigInt(exponent);
  const negative = unscaled < 0n;
  if (negative) unscaled = -unscaled;
  if (unscaled !== 0n) {
    // Round (up) to nano.
    if (exp < -9) unscaled = divCeil(unscaled, pow10(-9 - exp));
    else unscaled *= pow10(exp + 9);
    exp = -9;
  }
  if (format === 'BinarySI' && compare(unscaled, exp, MAX_INT64, 0) > 0) {
    unscaled = MAX_INT64;
    exp = 0;
  }
  if (format === 'BinarySI' && unscaled !== 0n && compare(unscaled, exp, 1n, 0) < 0) format = 'DecimalSI';
  return { form: 'dec', value: negative ? -unscaled : unscaled, exp, format, cached: null };
}

/** Compares a×10^ae with b×10^be. */
function compare(a: bigint, ae: number, b: bigint, be: number): number {
  const e = Math.min(ae, be);
  const x = a * pow10(ae - e);
  const y = b * pow10(be - e);
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * `Quantity.AsInt64`: the value as an int64 when the fast form holds it without a fraction.
 *
 * @param q - the quantity
 * @returns the integer, or null where Go returns `ok == false`
 * @example
 * quantityAsInt64(parseQuantity('100m')!);
 * // => null
 */
export function quantityAsInt64(q: GoQuantity): bigint | null {
  if (q.form === 'dec') return null;
  if (q.exp === 0) return q.value;
  if (q.exp < 0) return null;
  const v = q.value * pow10(q.exp);
  return v > MAX_INT64 || v < MIN_INT64 ? null : v;
}

/** Removes factors of `base` while |v| ≥ base (`removeInt64Factors` / `removeBigIntFactors`). */
function removeFactors(v: bigint, base: bigint): { amount: bigint; times: number } {
  let amount = v;
  let times = 0;
  while (amount !== 0n && amount % base === 0n) {
    amount /= base;
    times++;
  }
  return { amount, times };
}

/**
 * `Quantity.String`: the cached text, else the canonical form (largest suffix, no fraction).
 *
 * @param q - the quantity
 * @returns the text Envoy Gateway prints with `%s`
 * @example
 * quantityString(parseQuantity('1024Ki')!);
 * // => "1Mi"
 */
export function quantityString(q: GoQuantity): string {
  if (q.cached !== null) return q.cached;
  if (q.value === 0n) return '0';
  let format = q.format;
  let rounded = 0n;
  if (format === 'BinarySI') {
    if (compare(q.value, q.exp, -1024n, 0) > 0 && compare(q.value, q.exp, 1024n, 0) < 0) format = 'DecimalSI';
    else if (q.exp >= 0) rounded = q.value * pow10(q.exp);
    else {
      const abs = q.value < 0n ? -q.value : q.value;
      const d = pow10(-q.exp);
      if (abs % d !== 0n) format = 'DecimalSI';
      else rounded = q.value / d;
    }
  }
  if (format === 'BinarySI') {
    const { amount, times } = removeFactors(rounded, 1024n);
    return `${amount}${BIN_SUFFIX_BY_EXP.get(times * 10) ?? ''}`;
  }
  let { amount, times } = removeFactors(q.value, 10n);
  let exponent = q.exp + times;
  while (exponent % 3 !== 0) {
    amount *= 10n;
    exponent--;
  }
  let suffix: string | undefined;
  if (format === 'DecimalSI') suffix = DEC_SUFFIX_BY_EXP.get(exponent);
  if (suffix === undefined) suffix = exponent === 0 ? '' : `e${exponent}`;
  return `${amount}${suffix}`;
}

// -------------------------------------------------------------------------------------------------
// time.ParseDuration

/** A parsed Go duration: nanoseconds, or Go's error text. */
export type GoDuration =
  | { readonly ok: true; readonly nanos: bigint }
  | { readonly ok: false; readonly error: string };

const UNITS: ReadonlyMap<string, bigint> = new Map([
  ['ns', 1n],
  ['us', 1_000n],
  ['µs', 1_000n],
  ['μs', 1_000n],
  ['ms', 1_000_000n],
  ['s', 1_000_000_000n],
  ['m', 60_000_000_000n],
  ['h', 3_600_000_000_000n],
]);
const LIMIT = 1n << 63n;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * Go's `time` package quoting of a string in its error messages: double quotes, `"` and `\`
 * escaped, control and non-ASCII bytes as `\xNN`.
 *
 * @param s - the text
 * @returns the quoted text
 * @example
 * timeQuote('10sec');
 * // => "\"10sec\""
 */
export function timeQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    if (c >= 0x80 || c < 0x20) {
      for (const b of encoder.encode(ch)) out += `\\x${b.toString(16).padStart(2, '0')}`;
    } else {
      if (ch === '"' || ch === '\\') out += '\\';
      out += ch;
    }
  }
  return `${out}"`;
}

/**
 * Parses a duration as Go's `time.ParseDuration` does (`300ms`, `-1.5h`, `2h45m`), with Go's
 * error texts (`time: unknown unit "sec" in duration "10sec"`).
 *
 * @param input - the duration text
 * @returns the nanoseconds, or the error text
 * @example
 * parseGoDuration('1m30s');
 * // => { ok: true, nanos: 90000000000n }
 */
export function parseGoDuration(input: string): GoDuration {
  // Durations repeat across policies ("30s", "1m"): results are kept for the texts seen last.
  let hit = DURATIONS.get(input);
  if (hit === undefined) {
    hit = parseGoDurationOnce(input);
    if (DURATIONS.size >= 4096) DURATIONS.clear();
    DURATIONS.set(input, hit);
  }
  return hit;
}

/** Parsed durations by text (the results are read-only, so callers share them). */
const DURATIONS = new Map<string, GoDuration>();

function parseGoDurationOnce(input: string): GoDuration {
  // Work on UTF-8 bytes, as Go does, so units such as "µs" compare byte-wise.
  const bytes = encoder.encode(input);
  const invalid: GoDuration = { ok: false, error: `time: invalid duration ${timeQuote(input)}` };
  let p = 0;
  const n = bytes.length;
  let neg = false;
  if (n > 0 && (bytes[0] === 0x2d || bytes[0] === 0x2b)) {
    neg = bytes[0] === 0x2d;
    p = 1;
  }
  if (n - p === 1 && bytes[p] === 0x30) return { ok: true, nanos: 0n };
  if (p === n) return invalid;
  const digit = (i: number): boolean => i < n && (bytes[i] as number) >= 0x30 && (bytes[i] as number) <= 0x39;
  let d = 0n;
  while (p < n) {
    const c = bytes[p] as number;
    if (!(c === 0x2e || (c >= 0x30 && c <= 0x39))) return invalid;
    // leadingInt
    const start = p;
    let v = 0n;
    while (digit(p)) {
      if (v > LIMIT / 10n) return invalid;
      v = v * 10n + BigInt((bytes[p] as number) - 0x30);
      if (v > LIMIT) return invalid;
      p++;
    }
    const pre = p !== start;
    // leadingFraction
    let f = 0n;
    let scale = 1;
    let post = false;
    if (p < n && bytes[p] === 0x2e) {
      p++;
      const fs = p;
      let overflow = false;
      while (digit(p)) {
        if (!overflow) {
          if (f > (LIMIT - 1n) / 10n) overflow = true;
          else {
            const y = f * 10n + BigInt((bytes[p] as number) - 0x30);
            if (y > LIMIT) overflow = true;
            else {
              f = y;
              scale *= 10;
            }
          }
        }
        p++;
      }
      post = p !== fs;
    }
    if (!pre && !post) return invalid;
    const us = p;
    while (p < n && !(bytes[p] === 0x2e || digit(p))) p++;
    if (p === us) return { ok: false, error: `time: missing unit in duration ${timeQuote(input)}` };
    const u = decoder.decode(bytes.subarray(us, p));
    const unit = UNITS.get(u);
    if (unit === undefined)
      return { ok: false, error: `time: unknown unit ${timeQuote(u)} in duration ${timeQuote(input)}` };
    if (v > LIMIT / unit) return invalid;
    v *= unit;
    if (f > 0n) {
      v += BigInt(Math.trunc(Number(f) * (Number(unit) / scale)));
      if (v > LIMIT) return invalid;
    }
    d += v;
    if (d > LIMIT) return invalid;
  }
  if (neg) return { ok: true, nanos: -d };
  if (d > LIMIT - 1n) return invalid;
  return { ok: true, nanos: d };
}

// -------------------------------------------------------------------------------------------------
// encoding/json field matching

/**
 * Any decoded value as message text, never throwing: strings as they are, numbers and booleans
 * printed, anything else as JSON (an object may carry a `toString` member of its own, which makes
 * `String(v)` throw). The model's `asText`.
 *
 * @param v - a decoded value
 * @returns its text
 * @example
 * goText({ toString: '' }); // => '{"toString":""}'
 */
export const goText: (v: unknown) => string = asText;

/**
 * A duration field's error line (`invalid <Name> value <raw>`), or null when it parses (or is not
 * a string).
 *
 * @param v - the field's value
 * @param name - the field's name in the message
 * @returns the line, or null
 * @example
 * durationLine('10sec', 'CloseDelay'); // => 'invalid CloseDelay value 10sec'
 */
export function durationLine(v: unknown, name: string): string | null {
  if (typeof v !== 'string') return null;
  return parseGoDuration(v).ok ? null : `invalid ${name} value ${v}`;
}

/** Lower-cased names, computed once per distinct name (field names are few and read often). */
const LOWER = new Map<string, string>();
function lower(k: string): string {
  let l = LOWER.get(k);
  if (l === undefined) {
    l = k.toLowerCase();
    if (LOWER.size < 10_000) LOWER.set(k, l);
  }
  return l;
}

/**
 * The last object viewed and its view: the checks of one policy each ask for the view of the same
 * spec. Views are not kept beyond that (they would hold a proxy per nested object of every spec).
 */
let lastObject: object | null = null;
let lastView: unknown;

/**
 * A read-only view of decoded YAML/JSON that looks fields up as Go's `encoding/json` fills a
 * struct: a key matches a field name case-insensitively (`backoff` fills `backOff`) and, when
 * several keys match, the last one wins. Arrays and nested objects are viewed the same way.
 *
 * @param v - a decoded value
 * @returns the view (primitives unchanged)
 * @example
 * (goJsonView({ backoff: { baseInterval: '0s' } }) as { backOff?: unknown }).backOff;
 * // => { baseInterval: '0s' }
 */
export function goJsonView<T>(v: T): T {
  if (typeof v !== 'object' || v === null) return v;
  if (v === lastObject) return lastView as T;
  const view = viewOf(v);
  lastObject = v;
  lastView = view;
  return view as T;
}

function viewOf(v: object): unknown {
  if (Array.isArray(v)) {
    // Item views, built on first read (no table for arrays whose items are never objects).
    let items: Map<PropertyKey, unknown> | null = null;
    return new Proxy(v, {
      get(target, key, receiver) {
        const raw = Reflect.get(target, key, receiver);
        if (typeof raw !== 'object' || raw === null) return raw;
        items ??= new Map();
        let item = items.get(key);
        if (item === undefined) {
          item = viewOf(raw);
          items.set(key, item);
        }
        return item;
      },
    });
  }
  // The object's keys and their lower-cased forms, read once; the views of object members, by key
  // position, built on first read.
  let keys: string[] | null = null;
  let lowered: string[] | null = null;
  let views: unknown[] | null = null;
  return new Proxy(v, {
    get(target, key, receiver) {
      if (typeof key !== 'string') return Reflect.get(target, key, receiver);
      if (keys === null || lowered === null) {
        keys = Object.keys(target);
        lowered = keys.map(lower);
      }
      // Go fills a field from the last key that matches its name case-insensitively.
      const folded = lower(key);
      let at = -1;
      for (let i = keys.length - 1; i >= 0; i--) {
        if (lowered[i] === folded) {
          at = i;
          break;
        }
      }
      // Keys that match no field read as the plain object would (inherited toString for String()).
      if (at < 0) return Reflect.get(target, key, receiver);
      const raw = (target as Record<string, unknown>)[keys[at]!];
      if (typeof raw !== 'object' || raw === null) return raw;
      views ??= new Array<unknown>(keys.length);
      let view = views[at];
      if (view === undefined) {
        view = viewOf(raw);
        views[at] = view;
      }
      return view;
    },
  });
}

// -------------------------------------------------------------------------------------------------
// regexp.Compile syntax errors

const POSIX_CLASSES: ReadonlySet<string> = new Set(
  [
    'alnum',
    'alpha',
    'ascii',
    'blank',
    'cntrl',
    'digit',
    'graph',
    'lower',
    'print',
    'punct',
    'space',
    'upper',
    'word',
    'xdigit',
  ].flatMap((n) => [`[:${n}:]`, `[:^${n}:]`]),
);
const PERL_CLASSES: ReadonlySet<string> = new Set(['\\d', '\\D', '\\s', '\\S', '\\w', '\\W']);

/** Thrown inside the scanner when the expression uses syntax it does not model. */
class Unsupported {}

function isAlnum(c: string): boolean {
  return /^[0-9A-Za-z]$/.test(c);
}

function unhex(c: string): number {
  return /^[0-9A-Fa-f]$/.test(c) ? Number.parseInt(c, 16) : -1;
}

/** The first code point of `s` (as a string), or '' (Go's RuneError of size 0 on empty input). */
function firstRune(s: string): string {
  const cp = s.codePointAt(0);
  if (cp === undefined) return '';
  if (cp >= 0xd800 && cp <= 0xdfff) throw new Unsupported(); // lone surrogate: not UTF-8
  return String.fromCodePoint(cp);
}

/**
 * `parseEscape`: the rest after one escape, or Go's error.
 * Returns the code point value for class ranges.
 */
function scanEscape(s: string): { rune: number; rest: string } | { error: string } {
  let t = s.slice(1);
  if (t === '') return { error: 'trailing backslash at end of expression: ``' };
  const c = firstRune(t);
  t = t.slice(c.length);
  const fail = (): { error: string } => ({
    error: `invalid escape sequence: \`${s.slice(0, s.length - t.length)}\``,
  });
  const cp = c.codePointAt(0) ?? 0;
  if (c >= '1' && c <= '7' && !(t !== '' && t[0]! >= '0' && t[0]! <= '7')) return fail();
  if (c >= '0' && c <= '7') {
    let r = cp - 0x30;
    for (let i = 1; i < 3 && t !== '' && t[0]! >= '0' && t[0]! <= '7'; i++) {
      r = r * 8 + (t.charCodeAt(0) - 0x30);
      t = t.slice(1);
    }
    return { rune: r, rest: t };
  }
  if (c === 'x') {
    if (t === '') return fail();
    const c2 = firstRune(t);
    t = t.slice(c2.length);
    if (c2 === '{') {
      let n = 0;
      let r = 0;
      for (;;) {
        if (t === '') return fail();
        const d = firstRune(t);
        t = t.slice(d.length);
        if (d === '}') break;
        const v = unhex(d);
        if (v < 0) return fail();
        r = r * 16 + v;
        if (r > 0x10ffff) return fail();
        n++;
      }
      return n === 0 ? fail() : { rune: r, rest: t };
    }
    const x = unhex(c2);
    const c3 = firstRune(t);
    t = t.slice(c3.length);
    const y = c3 === '' ? -1 : unhex(c3);
    if (x < 0 || y < 0) return fail();
    return { rune: x * 16 + y, rest: t };
  }
  const cEscapes: Record<string, number> = { a: 7, f: 12, n: 10, r: 13, t: 9, v: 11 };
  if (c in cEscapes) return { rune: cEscapes[c]!, rest: t };
  if (cp < 0x80 && !isAlnum(c)) return { rune: cp, rest: t };
  return fail();
}

/** `parseClass`: the rest after a character class, or Go's error. */
function scanClass(s: string): { rest: string } | { error: string } {
  let t = s.slice(1);
  if (t.startsWith('^')) t = t.slice(1);
  let first = true;
  while (t === '' || t[0] !== ']' || first) {
    first = false;
    if (t.length > 2 && t[0] === '[' && t[1] === ':') {
      const i = t.indexOf(':]', 2);
      if (i >= 0) {
        const name = t.slice(0, i + 2);
        if (!POSIX_CLASSES.has(name)) return { error: `invalid character class range: \`${name}\`` };
        t = t.slice(i + 2);
        continue;
      }
    }
    if (t.length >= 2 && t[0] === '\\' && (t[1] === 'p' || t[1] === 'P')) throw new Unsupported();
    if (PERL_CLASSES.has(t.slice(0, 2))) {
      t = t.slice(2);
      continue;
    }
    const rng = t;
    const lo = classChar(t, s);
    if ('error' in lo) return lo;
    t = lo.rest;
    if (t.length >= 2 && t[0] === '-' && t[1] !== ']') {
      t = t.slice(1);
      const hi = classChar(t, s);
      if ('error' in hi) return hi;
      t = hi.rest;
      if (hi.rune < lo.rune)
        return { error: `invalid character class range: \`${rng.slice(0, rng.length - t.length)}\`` };
    }
  }
  return { rest: t.slice(1) };
}

/** `parseClassChar`. */
function classChar(t: string, whole: string): { rune: number; rest: string } | { error: string } {
  if (t === '') return { error: `missing closing ]: \`${whole}\`` };
  if (t[0] === '\\') return scanEscape(t);
  const c = firstRune(t);
  return { rune: c.codePointAt(0) ?? 0, rest: t.slice(c.length) };
}

/** `parsePerlFlags`: the rest after `(?…`, whether it opened a group, or Go's error. */
function scanPerlFlags(s: string): { rest: string; group: boolean } | { error: string } {
  const startsWithP = s.length > 4 && s[2] === 'P' && s[3] === '<';
  const startsWithName = s.length > 3 && s[2] === '<';
  if (startsWithP || startsWithName) {
    const end = s.indexOf('>');
    if (end < 0) return { error: `invalid named capture: \`${s}\`` };
    const name = s.slice(startsWithName ? 3 : 4, end);
    if (!/^[A-Za-z0-9_]+$/.test(name)) return { error: `invalid named capture: \`${s.slice(0, end + 1)}\`` };
    return { rest: s.slice(end + 1), group: true };
  }
  let t = s.slice(2);
  let sign = 1;
  let sawFlag = false;
  while (t !== '') {
    const c = firstRune(t);
    t = t.slice(c.length);
    if (c === 'i' || c === 'm' || c === 's' || c === 'U') sawFlag = true;
    else if (c === '-') {
      if (sign < 0) break;
      sign = -1;
      sawFlag = false;
    } else if (c === ':' || c === ')') {
      if (sign < 0 && !sawFlag) break;
      return { rest: t, group: c === ':' };
    } else break;
  }
  return { error: `invalid or unsupported Perl syntax: \`${s.slice(0, s.length - t.length)}\`` };
}

/**
 * The syntax error Go's `regexp.Compile` reports for an expression (`error parsing regexp:
 * missing argument to repetition operator: \`*\``), following its parser step by step. Returns
 * null when the expression compiles, and also when it uses what this scanner does not model
 * (Unicode classes `\p{…}`, counted repeats of groups, very long expressions), so a reported
 * error is always Go's.
 *
 * @param expr - the regular expression
 * @returns Go's error text, or null
 * @example
 * goRegexpError('*.illegal.regex');
 * // => "error parsing regexp: missing argument to repetition operator: `*`"
 */
export function goRegexpError(expr: string): string | null {
  if (expr.length > 500) return null; // size and nesting limits are not modelled
  try {
    const err = scanRegexp(expr);
    return err === null ? null : `error parsing regexp: ${err}`;
  } catch (e) {
    if (e instanceof Unsupported) return null;
    throw e;
  }
}

function scanRegexp(whole: string): string | null {
  // The parse stack, reduced to what errors depend on: operands, '(' and '|'.
  const stack: ('op' | '(' | '|')[] = [];
  const pseudo = (x: string | undefined): boolean => x === '(' || x === '|';
  const concat = (): void => {
    while (stack.length > 0 && !pseudo(stack[stack.length - 1])) stack.pop();
    stack.push('op');
  };
  const swapVerticalBar = (): boolean => {
    const n = stack.length;
    if (n >= 2 && stack[n - 2] === '|') {
      stack[n - 2] = stack[n - 1]!;
      stack[n - 1] = '|';
      return true;
    }
    return false;
  };
  const alternate = concat;
  let t = whole;
  let lastRepeat = '';
  let afterGroup = false;
  while (t !== '') {
    let repeat = '';
    let group = false;
    const c = t[0]!;
    if (c === '(') {
      if (t.length >= 2 && t[1] === '?') {
        const r = scanPerlFlags(t);
        if ('error' in r) return r.error;
        if (r.group) stack.push('(');
        else group = afterGroup; // flags only: the operand below stays the one a repeat takes
        t = r.rest;
      } else {
        stack.push('(');
        t = t.slice(1);
      }
    } else if (c === '|') {
      concat();
      if (!swapVerticalBar()) stack.push('|');
      t = t.slice(1);
    } else if (c === ')') {
      concat();
      if (swapVerticalBar()) stack.pop();
      alternate();
      const n = stack.length;
      if (n < 2 || stack[n - 2] !== '(') return `unexpected ): \`${whole}\``;
      stack.length = n - 2;
      stack.push('op');
      group = true;
      t = t.slice(1);
    } else if (c === '^' || c === '$' || c === '.') {
      stack.push('op');
      t = t.slice(1);
    } else if (c === '[') {
      const r = scanClass(t);
      if ('error' in r) return r.error;
      stack.push('op');
      t = r.rest;
    } else if (c === '*' || c === '+' || c === '?' || (c === '{' && parseRepeat(t) !== null)) {
      const before = t;
      let after: string;
      if (c === '{') {
        const rep = parseRepeat(t)!;
        after = rep.rest;
        const { min, max } = rep;
        if (min < 0 || min > 1000 || max > 1000 || (max >= 0 && min > max))
          return `invalid repeat count: \`${before.slice(0, before.length - after.length)}\``;
        if (afterGroup && (min >= 2 || max >= 2)) return null; // nested repeat counts are not modelled
      } else after = t.slice(1);
      if (after.startsWith('?')) after = after.slice(1);
      if (lastRepeat !== '')
        return `invalid nested repetition operator: \`${lastRepeat.slice(0, lastRepeat.length - after.length)}\``;
      if (stack.length === 0 || pseudo(stack[stack.length - 1]))
        return `missing argument to repetition operator: \`${before.slice(0, before.length - after.length)}\``;
      repeat = before;
      t = after;
    } else if (c === '\\') {
      const c1 = t[1];
      if (c1 === 'A' || c1 === 'b' || c1 === 'B' || c1 === 'z') {
        stack.push('op');
        t = t.slice(2);
      } else if (c1 === 'C') return 'invalid escape sequence: `\\C`';
      else if (c1 === 'Q') {
        const end = t.indexOf('\\E', 2);
        const lit = end < 0 ? t.slice(2) : t.slice(2, end);
        if (lit !== '') stack.push('op');
        else group = afterGroup;
        t = end < 0 ? '' : t.slice(end + 2);
      } else if (c1 === 'p' || c1 === 'P') throw new Unsupported();
      else if (PERL_CLASSES.has(t.slice(0, 2))) {
        stack.push('op');
        t = t.slice(2);
      } else {
        const r = scanEscape(t);
        if ('error' in r) return r.error;
        stack.push('op');
        t = r.rest;
      }
    } else {
      // A literal ('{' that is not a repeat included).
      const ch = firstRune(t);
      stack.push('op');
      t = t.slice(ch.length);
    }
    lastRepeat = repeat;
    afterGroup = group;
  }
  concat();
  if (swapVerticalBar()) stack.pop();
  alternate();
  return stack.length === 1 ? null : `missing closing ): \`${whole}\``;
}

/** `parseRepeat`: `{n}`, `{n,}`, `{n,m}`; min −1 when a number is too big; null when not a repeat. */
function parseRepeat(s: string): { min: number; max: number; rest: string } | null {
  const parseInt10 = (x: string): { n: number; rest: string } | null => {
    const m = /^[0-9]+/.exec(x);
    if (!m) return null;
    const digits = m[0];
    if (digits.length >= 2 && digits[0] === '0') return null;
    let n = 0;
    for (const d of digits) {
      if (n >= 1e8) {
        n = -1;
        break;
      }
      n = n * 10 + Number(d);
    }
    return { n, rest: x.slice(digits.length) };
  };
  if (!s.startsWith('{')) return null;
  const a = parseInt10(s.slice(1));
  if (!a) return null;
  let min = a.n;
  let max: number;
  let t = a.rest;
  if (t === '') return null;
  if (t[0] !== ',') max = min;
  else {
    t = t.slice(1);
    if (t === '') return null;
    if (t[0] === '}') max = -1;
    else {
      const b = parseInt10(t);
      if (!b) return null;
      max = b.n;
      t = b.rest;
      if (max < 0) min = -1;
    }
  }
  if (!t.startsWith('}')) return null;
  return { min, max, rest: t.slice(1) };
}

const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;
const C_ESCAPES: Readonly<Record<number, string>> = {
  7: '\\a',
  8: '\\b',
  12: '\\f',
  10: '\\n',
  13: '\\r',
  9: '\\t',
  11: '\\v',
};

/**
 * Go's `strconv.Quote` (the `%q` verb): double quotes, `"` and `\` escaped, printable runes kept,
 * others as `\a`…`\v`, `\xNN`, `\uNNNN` or `\UNNNNNNNN`.
 *
 * @param s - the text
 * @returns the quoted text
 * @example
 * goQuote('a\\d"\n');
 * // => "\"a\\\\d\\\"\\n\""
 */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (PRINTABLE.test(ch)) out += ch;
    else if (C_ESCAPES[cp] !== undefined) out += C_ESCAPES[cp];
    else if (cp < 0x20 || cp === 0x7f) out += `\\x${cp.toString(16).padStart(2, '0')}`;
    else if (cp < 0x10000) out += `\\u${cp.toString(16).padStart(4, '0')}`;
    else out += `\\U${cp.toString(16).padStart(8, '0')}`;
  }
  return `${out}"`;
}
