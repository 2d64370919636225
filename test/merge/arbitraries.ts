/** Shared fast-check arbitraries for the merge laws. */
import fc from 'fast-check';

export const PROTO_KEYS = ['__proto__', 'constructor', 'prototype'] as const;
const keys = fc.constantFrom('a', 'b', 'c', 'name', 'type', ...PROTO_KEYS);
const scalar = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer({ min: -3, max: 3 }),
  fc.constantFrom('x', 'y', ''),
);
const toObject = (entries: [string, unknown][]): Record<string, unknown> => Object.fromEntries(entries);

/** JSON values (objects built with own `__proto__` members, as JSON.parse does). */
export const { value: jsonValue, object: jsonObject } = fc.letrec<{
  value: unknown;
  object: Record<string, unknown>;
}>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    tie('object'),
    fc.array(tie('value'), { maxLength: 3 }),
  ),
  object: fc.array(fc.tuple(keys, tie('value')), { maxLength: 4 }).map(toObject),
}));

/** JSON values whose arrays hold no null anywhere inside them. */
export const { value: noNullArrayValue, object: noNullArrayObject } = fc.letrec<{
  value: unknown;
  object: Record<string, unknown>;
  nonNull: unknown;
  nonNullObject: Record<string, unknown>;
}>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    tie('object'),
    fc.array(tie('nonNull'), { maxLength: 3 }),
  ),
  object: fc.array(fc.tuple(keys, tie('value')), { maxLength: 4 }).map(toObject),
  nonNull: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.oneof(fc.boolean(), fc.integer({ min: -3, max: 3 }), fc.constantFrom('x', 'y')),
    tie('nonNullObject'),
    fc.array(tie('nonNull'), { maxLength: 3 }),
  ),
  nonNullObject: fc.array(fc.tuple(keys, tie('nonNull')), { maxLength: 3 }).map(toObject),
}));

/**
 * [path, value] of every value a merge patch sets: members that are not objects (an object
 * member merges, and an empty one sets nothing).
 */
export function leafPaths(o: unknown, prefix: string[] = []): [string[], unknown][] {
  if (typeof o !== 'object' || o === null || Array.isArray(o)) return [[prefix, o]];
  const ks = Object.keys(o);
  return ks.flatMap((k) => leafPaths((o as Record<string, unknown>)[k], [...prefix, k]));
}

/** A canonical text of a JSON value (own keys sorted), so that objects with a `constructor` key compare as data. */
export function canonical(v: unknown): string {
  const walk = (x: unknown): unknown => {
    if (Array.isArray(x)) return x.map(walk);
    if (typeof x === 'object' && x !== null) {
      return Object.keys(x)
        .sort()
        .map((k) => [k, walk((x as Record<string, unknown>)[k])]);
    }
    return x;
  };
  return JSON.stringify(walk(v)) ?? 'undefined';
}
