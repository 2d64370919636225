/**
 * Reading untyped manifest JSON: a value as an object, a list or a string, or nothing.
 *
 * @packageDocumentation
 */

/** The value as an object, or undefined. */
export function rec(v: unknown): Readonly<Record<string, unknown>> | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
    ? (v as Record<string, unknown>)
    : undefined;
}

/** The value as a list (empty when it is not one). */
export function list(v: unknown): readonly unknown[] {
  return Array.isArray(v) ? v : [];
}

/** The value as a string, or undefined. */
export function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}
