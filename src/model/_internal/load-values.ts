/**
 * The loader's view of the values it meets: which are objects (not arrays, not null), and how a
 * message names a value found where another was expected.
 */

/** An object as the loader reads it. */
export type Obj = Readonly<Record<string, unknown>>;

/**
 * Whether a value is an object that is neither an array nor null.
 *
 * @param value - any value
 * @returns the type guard
 */
export function isObject(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** How a value is described in messages. */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}
