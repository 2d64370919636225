/**
 * Kubernetes `resource.Quantity` as Envoy Gateway reads it (apimachinery v0.36: `ParseQuantity`,
 * `AsInt64`, `String`). Pure functions over strings and bigints.
 *
 * @packageDocumentation
 */

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
