/**
 * A table from small non-negative integer ids (point ids) to values, backed by an array sized up
 * front: points are filled in visit order, not id order, and a sparse array would turn into a
 * dictionary. Reads and writes like a `Map<number, T>` (its reference in the tests).
 */
export class DenseTable<T> {
  private readonly items: (T | undefined)[];

  /** @param size - the number of ids (0 … size-1) */
  constructor(size = 0) {
    this.items = new Array<T | undefined>(size).fill(undefined);
  }

  get(id: number): T | undefined {
    return this.items[id];
  }

  set(id: number, value: T): void {
    this.items[id] = value;
  }

  delete(id: number): void {
    this.items[id] = undefined;
  }
}
