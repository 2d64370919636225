/**
 * The kind of a decoded JSON value as kube-openapi's reflection sees it, and whether a number fits
 * an OpenAPI number format: what the schema validators and the clean check both decide on.
 *
 * @packageDocumentation
 */

/** The value's kind as kube-openapi's reflection sees a decoded JSON value. */
export type Kind = 'null' | 'boolean' | 'string' | 'int' | 'float' | 'array' | 'object';

/**
 * The kind of a decoded JSON value (an integral number below 2^63 is an `int`).
 *
 * @param v - the value
 * @returns its kind
 */
export function kindOf(v: unknown): Kind {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'boolean') return 'boolean';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number') return Number.isInteger(v) && Math.abs(v) < 2 ** 63 ? 'int' : 'float';
  if (Array.isArray(v)) return 'array';
  return 'object';
}

/**
 * Whether a number fits an OpenAPI integer/number format (`IsValueValidAgainstRange`).
 *
 * @param value - the number
 * @param type - `integer`, `number` or `''`
 * @param format - `int32`, `int64`, `float`, `double` or `''`
 * @returns false when the format cannot hold it
 */
export function fitsFormat(value: number, type: string, format: string): boolean {
  if (type === 'integer') {
    if (!Number.isInteger(value)) return false;
    if (format === 'int32') return value >= -(2 ** 31) && value <= 2 ** 31 - 1;
    return value >= -(2 ** 63) && value < 2 ** 63;
  }
  if (format === 'float') return Math.abs(value) <= 3.4028234663852886e38;
  return true;
}
