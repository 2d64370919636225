/**
 * Go's unstable sort, exactly: the pattern-defeating quicksort of Go's `sort.Slice` and
 * `slices.SortFunc` as of Go 1.24 (pdqsort since Go 1.19; its xorshift constants 13/7/17 since
 * Go 1.24, golang/go#70144; Envoy Gateway v1.9 builds with Go 1.26). Envoy Gateway sorts with them where equal elements are
 * possible (selector targets by creation time, R2.4; ancestors before truncation, R8.10), and the
 * order it leaves equal elements in is part of its output. Up to 12 elements it is an insertion
 * sort (stable); beyond, equal elements move as Go moves them.
 *
 * Written after Go's `sort` package (BSD licence, The Go Authors): the same steps, in the same
 * order, with the same pivot choices and the same deterministic "random" swaps.
 *
 * @packageDocumentation
 */

/** Less-than on elements; must be a strict weak order, as Go requires. */
export type GoLess<T> = (a: T, b: T) => boolean;

/** `bits.Len`: the number of bits needed to write `n` (0 for 0). */
function bitLength(n: number): number {
  return n <= 0 ? 0 : 32 - Math.clz32(n);
}

const INCREASING = 1;
const DECREASING = 2;
const UNKNOWN = 0;

/** One sort run: the slice, its less, and a swap. */
class Sorter<T> {
  constructor(
    private readonly data: T[],
    private readonly lessFn: GoLess<T>,
  ) {}

  less(i: number, j: number): boolean {
    return this.lessFn(this.data[i] as T, this.data[j] as T);
  }

  swap(i: number, j: number): void {
    const d = this.data;
    const x = d[i] as T;
    d[i] = d[j] as T;
    d[j] = x;
  }

  insertionSort(a: number, b: number): void {
    for (let i = a + 1; i < b; i++) for (let j = i; j > a && this.less(j, j - 1); j--) this.swap(j, j - 1);
  }

  siftDown(lo: number, hi: number, first: number): void {
    let root = lo;
    for (;;) {
      let child = 2 * root + 1;
      if (child >= hi) return;
      if (child + 1 < hi && this.less(first + child, first + child + 1)) child++;
      if (!this.less(first + root, first + child)) return;
      this.swap(first + root, first + child);
      root = child;
    }
  }

  heapSort(a: number, b: number): void {
    const first = a;
    const hi = b - a;
    for (let i = Math.trunc((hi - 1) / 2); i >= 0; i--) this.siftDown(i, hi, first);
    for (let i = hi - 1; i >= 0; i--) {
      this.swap(first, first + i);
      this.siftDown(0, i, first);
    }
  }

  pdqsort(a0: number, b0: number, limit0: number): void {
    let a = a0;
    let b = b0;
    let limit = limit0;
    let wasBalanced = true;
    let wasPartitioned = true;
    for (;;) {
      const length = b - a;
      if (length <= 12) {
        this.insertionSort(a, b);
        return;
      }
      if (limit === 0) {
        this.heapSort(a, b);
        return;
      }
      if (!wasBalanced) {
        this.breakPatterns(a, b);
        limit--;
      }
      let [pivot, hint] = this.choosePivot(a, b);
      if (hint === DECREASING) {
        this.reverseRange(a, b);
        pivot = b - 1 - (pivot - a);
        hint = INCREASING;
      }
      if (wasBalanced && wasPartitioned && hint === INCREASING && this.partialInsertionSort(a, b)) return;
      // Many elements equal to the one before the range: put them first and skip them.
      if (a > 0 && !this.less(a - 1, pivot)) {
        a = this.partitionEqual(a, b, pivot);
        continue;
      }
      const [mid, alreadyPartitioned] = this.partition(a, b, pivot);
      wasPartitioned = alreadyPartitioned;
      const leftLen = mid - a;
      const rightLen = b - mid;
      const balanceThreshold = Math.trunc(length / 8);
      if (leftLen < rightLen) {
        wasBalanced = leftLen >= balanceThreshold;
        this.pdqsort(a, mid, limit);
        a = mid + 1;
      } else {
        wasBalanced = rightLen >= balanceThreshold;
        this.pdqsort(mid + 1, b, limit);
        b = mid;
      }
    }
  }

  partition(a: number, b: number, pivot: number): [number, boolean] {
    this.swap(a, pivot);
    let i = a + 1;
    let j = b - 1;
    while (i <= j && this.less(i, a)) i++;
    while (i <= j && !this.less(j, a)) j--;
    if (i > j) {
      this.swap(j, a);
      return [j, true];
    }
    this.swap(i, j);
    i++;
    j--;
    for (;;) {
      while (i <= j && this.less(i, a)) i++;
      while (i <= j && !this.less(j, a)) j--;
      if (i > j) break;
      this.swap(i, j);
      i++;
      j--;
    }
    this.swap(j, a);
    return [j, false];
  }

  partitionEqual(a: number, b: number, pivot: number): number {
    this.swap(a, pivot);
    let i = a + 1;
    let j = b - 1;
    for (;;) {
      while (i <= j && !this.less(a, i)) i++;
      while (i <= j && this.less(a, j)) j--;
      if (i > j) break;
      this.swap(i, j);
      i++;
      j--;
    }
    return i;
  }

  partialInsertionSort(a: number, b: number): boolean {
    const maxSteps = 5;
    const shortestShifting = 50;
    let i = a + 1;
    for (let step = 0; step < maxSteps; step++) {
      while (i < b && !this.less(i, i - 1)) i++;
      if (i === b) return true;
      if (b - a < shortestShifting) return false;
      this.swap(i, i - 1);
      // The smaller one moves left, the greater one right (Go's bound is index 1, not a + 1).
      if (i - a >= 2) {
        for (let j = i - 1; j >= 1; j--) {
          if (!this.less(j, j - 1)) break;
          this.swap(j, j - 1);
        }
      }
      if (b - i >= 2) {
        for (let j = i + 1; j < b; j++) {
          if (!this.less(j, j - 1)) break;
          this.swap(j, j - 1);
        }
      }
    }
    return false;
  }

  breakPatterns(a: number, b: number): void {
    const length = b - a;
    if (length < 8) return;
    // Go's xorshift (13, 7, 17) on a uint64 seeded with the length.
    let random = BigInt(length);
    const mask64 = (1n << 64n) - 1n;
    const next = (): bigint => {
      random ^= (random << 13n) & mask64;
      random ^= random >> 7n;
      random ^= (random << 17n) & mask64;
      return random;
    };
    const modulus = 2 ** bitLength(length);
    const from = a + Math.trunc(length / 4) * 2 - 1;
    for (let idx = from; idx <= from + 2; idx++) {
      let other = Number(next() & BigInt(modulus - 1));
      if (other >= length) other -= length;
      this.swap(idx, a + other);
    }
  }

  choosePivot(a: number, b: number): [number, number] {
    const shortestNinther = 50;
    const maxSwaps = 4 * 3;
    const l = b - a;
    const swaps = { n: 0 };
    const q = Math.trunc(l / 4);
    let i = a + q;
    let j = a + q * 2;
    let k = a + q * 3;
    if (l >= 8) {
      if (l >= shortestNinther) {
        i = this.median(i - 1, i, i + 1, swaps);
        j = this.median(j - 1, j, j + 1, swaps);
        k = this.median(k - 1, k, k + 1, swaps);
      }
      j = this.median(i, j, k, swaps);
    }
    if (swaps.n === 0) return [j, INCREASING];
    if (swaps.n === maxSwaps) return [j, DECREASING];
    return [j, UNKNOWN];
  }

  /** The index of the median of three, counting the swaps `order2` makes. */
  median(a0: number, b0: number, c0: number, swaps: { n: number }): number {
    let a = a0;
    let b = b0;
    let c = c0;
    if (this.less(b, a)) {
      swaps.n++;
      [a, b] = [b, a];
    }
    if (this.less(c, b)) {
      swaps.n++;
      [b, c] = [c, b];
    }
    if (this.less(b, a)) {
      swaps.n++;
      [a, b] = [b, a];
    }
    void c;
    return b;
  }

  reverseRange(a: number, b: number): void {
    for (let i = a, j = b - 1; i < j; i++, j--) this.swap(i, j);
  }
}

/**
 * Sorts `data` in place exactly as Go's `sort.Slice(data, less)` and
 * `slices.SortFunc(data, cmp)` (with `less(a, b)` = `cmp(a, b) < 0`) do, equal elements
 * included.
 *
 * @param data - the slice, sorted in place
 * @param less - a strict weak order
 * @returns `data`
 * @example
 * goSort([3, 1, 2], (a, b) => a < b); // => [1, 2, 3]
 */
export function goSort<T>(data: T[], less: GoLess<T>): T[] {
  const n = data.length;
  if (n > 1) new Sorter(data, less).pdqsort(0, n, bitLength(n));
  return data;
}
