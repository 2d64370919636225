/**
 * Kubernetes `resource.Quantity` as Envoy Gateway reads it (apimachinery v0.36: `ParseQuantity`,
 * `AsInt64`, `String`). Pure functions over strings and bigints.
 *
 * Bounded: no number here grows beyond the digits written. Go computes `10^exponent` as a big
 * integer (`"1e99999999"` is 100 million digits; `"1e2147483648"` more than memory holds), so
 * exponents are kept apart from the digits: a value is `digits × 10^exponent`, and the answers
 * (int64 or not, the canonical text) are what Go's code computes, its int32 exponent arithmetic
 * wrapping included, without ever building `10^exponent`.
 *
 * @packageDocumentation
 */

/** The three suffix families a quantity remembers (`resource.Format`). */
export type QuantityFormat = 'DecimalExponent' | 'BinarySI' | 'DecimalSI';

/**
 * A parsed `resource.Quantity`. `int` is the `int64Amount` fast form (`value × 10^exp`, value within
 * int64, `exp` Go's int32 scale); `dec` is the `inf.Dec` form, exactly `±digits × 10^exp` once
 * rounded up to nano as Go rounds it (`exp ≥ -9`; `digits` no longer than what was written, kept
 * as text so that a million digits cost a million steps; `exp` may be any size). `cached` is the
 * string the parser kept because it was already canonical (`Quantity.s`), or null.
 */
export type GoQuantity =
  | {
      readonly form: 'int';
      readonly value: bigint;
      readonly exp: number;
      readonly format: QuantityFormat;
      readonly cached: string | null;
    }
  | {
      readonly form: 'dec';
      readonly negative: boolean;
      /** The decimal digits of the value's magnitude, without leading zeros (`'0'` for zero). */
      readonly digits: string;
      readonly exp: number;
      readonly format: QuantityFormat;
      readonly cached: null;
    };

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

/** Go's int32 arithmetic: the value modulo 2^32, as a signed 32-bit integer. */
function int32(n: number): number {
  return n | 0;
}

/** Digits without their trailing zeros, and how many there were (`'0'` stays `'0'`). */
function stripTens(digits: string): { amount: string; times: number } {
  if (digits === '0') return { amount: '0', times: 0 };
  let end = digits.length;
  while (digits.charCodeAt(end - 1) === 0x30) end--;
  return { amount: digits.slice(0, end), times: digits.length - end };
}

/** Decimal digits plus one. */
function incremented(digits: string): string {
  let i = digits.length - 1;
  while (i >= 0 && digits[i] === '9') i--;
  if (i < 0) return `1${'0'.repeat(digits.length)}`;
  return `${digits.slice(0, i)}${String.fromCharCode(digits.charCodeAt(i) + 1)}${'0'.repeat(digits.length - i - 1)}`;
}

/**
 * Compares digits×10^exp with other digits×10^exp (magnitudes, no leading zeros): by the place of
 * the leading digit, then digit by digit.
 */
function compareDigits(a: string, ae: number, b: string, be: number): number {
  if (a === '0' || b === '0') return a === b ? 0 : a === '0' ? -1 : 1;
  const lead = a.length + ae - (b.length + be);
  if (lead !== 0) return lead < 0 ? -1 : 1;
  const width = Math.max(a.length, b.length);
  const x = a.padEnd(width, '0');
  const y = b.padEnd(width, '0');
  return x < y ? -1 : x > y ? 1 : 0;
}

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
  // More than 19 significant digits is out of range: no bigint of a million digits is built.
  let first = s[0] === '+' || s[0] === '-' ? 1 : 0;
  while (first < s.length - 1 && s.charCodeAt(first) === 0x30) first++;
  if (s.length - first > 19) return null;
  const n = BigInt(s);
  return n > MAX_INT64 || n < MIN_INT64 ? null : n;
}

function pow10(n: number): bigint {
  return 10n ** BigInt(n);
}

/** `inf.Dec.SetString`: an optional sign, digits, an optional point and digits. */
function parseDecimal(s: string): { negative: boolean; digits: string; exp: number } | null {
  const m = /^([+-]?)([0-9]*)(?:\.([0-9]*))?$/.exec(s);
  if (!m) return null;
  const int = m[2] ?? '';
  const frac = m[3] ?? '';
  if (int === '' && frac === '') return null;
  const all = `${int}${frac}`;
  let start = 0;
  while (start < all.length - 1 && all.charCodeAt(start) === 0x30) start++;
  return { negative: m[1] === '-', digits: all.slice(start), exp: -frac.length };
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
    scale = int32(scale - denom.length);
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
  const { negative } = parsed;
  let digits = parsed.digits;
  let exp = parsed.exp;
  // `amount.SetScale(amount.Scale() + Scale(exponent).infScale())`, in int32 (-(-2^31) is -2^31).
  if (base === 10) exp = -int32(-exp + int32(-exponent));
  else if (digits.length + exp <= 40) digits = (BigInt(digits) << BigInt(exponent)).toString();
  else digits = `1${'0'.repeat(40)}`; // above 2^63 - 1 anyway: capped below
  // Rounded up to nano. Go multiplies out to scale 9 too, which changes no value: kept apart.
  if (digits !== '0' && exp < -9) {
    const shift = -9 - exp;
    if (shift >= digits.length) digits = '1';
    else {
      const kept = digits.slice(0, digits.length - shift);
      digits = /[1-9]/.test(digits.slice(digits.length - shift)) ? incremented(kept) : kept;
    }
    exp = -9;
  }
  if (format === 'BinarySI' && compareDigits(digits, exp, MAX_INT64.toString(), 0) > 0) {
    digits = MAX_INT64.toString();
    exp = 0;
  }
  if (format === 'BinarySI' && digits !== '0' && digits.length + exp <= 0) format = 'DecimalSI';
  return { form: 'dec', negative: negative && digits !== '0', digits, exp, format, cached: null };
}

/**
 * Compares a×10^ae with b×10^be, whatever the exponents: by the place of the leading digit first,
 * so that a power of ten is only built for numbers whose leading digits line up (then its
 * exponent is at most the digits of the other number).
 */
function compare(a: bigint, ae: number, b: bigint, be: number): number {
  const sa = a < 0n ? -1 : a > 0n ? 1 : 0;
  const sb = b < 0n ? -1 : b > 0n ? 1 : 0;
  if (sa !== sb || sa === 0) return sa < sb ? -1 : sa > sb ? 1 : 0;
  const x = sa < 0 ? -a : a;
  const y = sb < 0 ? -b : b;
  const lead = x.toString().length + ae - (y.toString().length + be);
  let order: number;
  if (lead !== 0) order = lead < 0 ? -1 : 1;
  else {
    const e = Math.min(ae, be);
    const xs = x * pow10(ae - e);
    const ys = y * pow10(be - e);
    order = xs < ys ? -1 : xs > ys ? 1 : 0;
  }
  return sa < 0 ? -order : order;
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
  // positiveScaleInt64: 0 stays 0 at any scale; anything else overflows past 10^18.
  if (q.value === 0n) return 0n;
  if (q.exp > 19) return null;
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
  if (q.form === 'int' ? q.value === 0n : q.digits === '0') return '0';
  let format = q.format;
  if (format === 'BinarySI') {
    // Binary values are capped at 2^63 - 1: small enough for bigints.
    const value = q.form === 'int' ? q.value : q.negative ? -BigInt(q.digits) : BigInt(q.digits);
    let rounded = 0n;
    if (compare(value, q.exp, -1024n, 0) > 0 && compare(value, q.exp, 1024n, 0) < 0) format = 'DecimalSI';
    else if (q.exp >= 0) rounded = value * pow10(q.exp);
    else {
      const abs = value < 0n ? -value : value;
      const d = pow10(-q.exp);
      if (abs % d !== 0n) format = 'DecimalSI';
      else rounded = value / d;
    }
    if (format === 'BinarySI') {
      const { amount, times } = removeFactors(rounded, 1024n);
      return `${amount}${BIN_SUFFIX_BY_EXP.get(times * 10) ?? ''}`;
    }
  }
  const { amount, exponent } =
    q.form === 'int' ? intCanonical(q.value, q.exp) : decCanonical(q.negative, q.digits, q.exp);
  // `constructBytes`: DecimalSI has a suffix only for its own exponents (-9 … 18, by threes); Go
  // writes none for any other (1000E prints as "1").
  if (format === 'DecimalSI') return `${amount}${DEC_SUFFIX_BY_EXP.get(exponent) ?? ''}`;
  return `${amount}${exponent === 0 ? '' : `e${exponent}`}`;
}

/**
 * `infDecAmount.AsCanonicalBytes` of `±digits × 10^exp`: the factors of ten moved into the
 * exponent, then the exponent lowered to a multiple of three, in Go's int32 arithmetic.
 */
function decCanonical(negative: boolean, digits: string, exp: number): { amount: string; exponent: number } {
  const stripped = stripTens(digits);
  let amount = stripped.amount;
  let exponent = int32(exp + stripped.times);
  for (let i = 0; i < 3 && exponent % 3 !== 0; i++) {
    amount += '0';
    exponent = int32(exponent - 1);
  }
  return { amount: negative ? `-${amount}` : amount, exponent };
}

/** `int64Amount.AsCanonicalBytes`: within int64, else through the dec form (`AsDec`). */
function intCanonical(value: bigint, scale: number): { amount: bigint | string; exponent: number } {
  let { amount, times } = removeFactors(value, 10n);
  let exponent = int32(scale + times);
  const steps = exponent % 3 === 1 || exponent % 3 === -2 ? 1 : exponent % 3 === 0 ? 0 : 2;
  if (steps > 0) {
    const scaled = amount * (steps === 1 ? 10n : 100n);
    // int64MultiplyScale10/100: an overflow (or the most negative int64) falls back to inf.Dec.
    if (amount === MIN_INT64 || scaled > MAX_INT64 || scaled < MIN_INT64) {
      return decCanonical(value < 0n, (value < 0n ? -value : value).toString(), int32(-int32(-scale)));
    }
    amount = scaled;
    exponent = int32(exponent - steps);
  }
  return { amount, exponent };
}
