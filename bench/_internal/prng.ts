/**
 * A small seeded pseudo-random source for the benchmark generator: mulberry32 plus the few
 * helpers the generator needs. Deterministic for a seed; no global state.
 *
 * @packageDocumentation
 */

/** A seeded random source. */
export interface Rng {
  /** A float in [0, 1). */
  readonly next: () => number;
  /** An integer in [0, n). */
  readonly int: (n: number) => number;
  /** True with probability p. */
  readonly chance: (p: number) => boolean;
  /** One element of a non-empty list. */
  readonly pick: <T>(items: readonly T[]) => T;
}

/**
 * Creates a mulberry32 generator (32-bit state, period 2^32), good enough for synthetic data.
 *
 * @param seed - any number; only its low 32 bits are used
 * @returns a seeded {@link Rng}
 * @example
 * const rng = createRng(42);
 * rng.int(10); // => the same integer in [0, 10) on every run
 */
export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number): number => Math.floor(next() * n);
  return {
    next,
    int,
    chance: (p) => next() < p,
    pick: <T>(items: readonly T[]): T => {
      if (items.length === 0) throw new RangeError('pick() needs a non-empty list');
      return items[int(items.length)] as T;
    },
  };
}

function gcd(a: number, b: number): number {
  let x = a;
  let y = b;
  while (y !== 0) [x, y] = [y, x % y];
  return x;
}

/**
 * A cursor that visits 0..n-1 in a scrambled order, each index once per lap: index k of the walk
 * is `(offset + k * stride) mod n` with a stride coprime to n. O(1) per step.
 *
 * @param n - the size of the range (> 0)
 * @param rng - picks the offset and stride
 * @returns a function giving the next index on each call
 * @example
 * const next = permutationCursor(5, createRng(1));
 * [next(), next(), next(), next(), next()].sort(); // => [0, 1, 2, 3, 4]
 */
export function permutationCursor(n: number, rng: Rng): () => number {
  if (n <= 0) throw new RangeError('permutationCursor() needs n > 0');
  let stride = Math.max(1, Math.floor(n * 0.618) + rng.int(Math.max(1, Math.floor(n / 7))));
  while (gcd(stride, n) !== 1) stride++;
  const offset = rng.int(n);
  let k = 0;
  return () => (offset + (k++ % n) * stride) % n;
}
