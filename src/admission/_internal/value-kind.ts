/**
 * The kind of a decoded JSON value as kube-openapi's reflection sees it (the schema validators and
 * the clean check dispatch on it).
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
