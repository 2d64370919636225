/**
 * Defensive readers for user objects: manifests are not schema-checked before the topology is
 * built, so every field is read through these and a wrong shape reads as "absent".
 */

/** A plain (non-array) object, or undefined. */
export function asRecord(x: unknown): Readonly<Record<string, unknown>> | undefined {
  return typeof x === 'object' && x !== null && !Array.isArray(x)
    ? (x as Record<string, unknown>)
    : undefined;
}

/** An array, or an empty one. */
export function asArray(x: unknown): readonly unknown[] {
  return Array.isArray(x) ? x : [];
}

/** A string, or undefined. */
export function asString(x: unknown): string | undefined {
  return typeof x === 'string' ? x : undefined;
}

/**
 * Any decoded value as text, never throwing: strings as they are, numbers and booleans printed,
 * anything else as JSON (`String(v)` throws on an object whose own `toString` is not a function).
 */
export function asText(x: unknown): string {
  if (typeof x === 'string') return x;
  if (typeof x === 'number' || typeof x === 'boolean' || typeof x === 'bigint') return String(x);
  if (x === null || x === undefined) return '';
  try {
    return JSON.stringify(x) ?? '';
  } catch {
    return '';
  }
}

/** A finite number, or undefined. */
export function asNumber(x: unknown): number | undefined {
  return typeof x === 'number' && Number.isFinite(x) ? x : undefined;
}

/** String-valued entries of a labels map (non-string values are ignored); once per map object. */
export function asLabels(x: unknown): Readonly<Record<string, string>> | undefined {
  const r = asRecord(x);
  if (r === undefined) return undefined;
  const hit = LABELS.get(r);
  if (hit) return hit;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(r)) {
    // Defined, not assigned: a `__proto__` key is a label like any other.
    if (typeof v === 'string')
      Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
  }
  LABELS.set(r, out);
  return out;
}

/** Label maps of input objects (never mutated), read once. */
const LABELS = new WeakMap<object, Readonly<Record<string, string>>>();

/** The API group of an object: from its apiVersion (`group/version`, or `v1` = core), else the fallback. */
export function groupOf(apiVersion: unknown, fallback: string): string {
  if (typeof apiVersion !== 'string' || apiVersion === '') return fallback;
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/** Escapes one JSON-pointer segment (RFC 6901). */
export function pointerSegment(s: string | number): string {
  return String(s).replaceAll('~', '~0').replaceAll('/', '~1');
}
