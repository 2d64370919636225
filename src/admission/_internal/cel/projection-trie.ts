/**
 * A set of projections (`projection-key.ts` token sequences), as a trie of `Map`s: a look-up
 * follows the tokens one `Map.get` at a time, so a projection seen before is found without
 * building or hashing any text (a string token's hash is computed once and kept by the engine).
 * Tokens are compared as `Map` keys compare them (SameValueZero); the projection never holds `-0`
 * (it has its own marker), so that is the tokens' identity. The plain reference is a `Set` of
 * `tokensText` (`test/admission/projection-trie.prop.test.ts`).
 *
 * @packageDocumentation
 */

/** Marks the end of a kept sequence in the trie node reached by its last token. */
const END = Symbol('end');

type TrieNode = Map<unknown, TrieNode | true>;

/** The sequences kept, bounded: the set is emptied when it holds `limit` of them. */
export class ProjectionTrie {
  #root: TrieNode = new Map();
  #size = 0;
  readonly #limit: number;

  /** @param limit - how many sequences are kept before the set is emptied */
  constructor(limit: number) {
    this.#limit = limit;
  }

  /** How many sequences are kept. */
  get size(): number {
    return this.#size;
  }

  /**
   * Whether the first `n` tokens are a sequence kept.
   *
   * @param tokens - the tokens
   * @param n - how many of them make the sequence
   * @returns true when it was added (and not emptied since)
   */
  has(tokens: readonly unknown[], n: number): boolean {
    let node: TrieNode = this.#root;
    for (let i = 0; i < n; i++) {
      const next = node.get(tokens[i]);
      if (next === undefined || next === true) return false;
      node = next;
    }
    return node.get(END) === true;
  }

  /**
   * Keeps the first `n` tokens as a sequence (the set is emptied first when it is full).
   *
   * @param tokens - the tokens
   * @param n - how many of them make the sequence
   */
  add(tokens: readonly unknown[], n: number): void {
    if (this.#size >= this.#limit) this.clear();
    let node: TrieNode = this.#root;
    for (let i = 0; i < n; i++) {
      const token = tokens[i];
      let next = node.get(token);
      if (next === undefined || next === true) {
        next = new Map();
        node.set(token, next);
      }
      node = next;
    }
    if (node.get(END) !== true) {
      node.set(END, true);
      this.#size++;
    }
  }

  /** Empties the set. */
  clear(): void {
    this.#root = new Map();
    this.#size = 0;
  }
}
