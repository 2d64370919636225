/**
 * The limits of Go's `regexp/syntax` parser (Go 1.26, `src/regexp/syntax/parse.go`:
 * `checkLimits`, `checkSize`/`calcSize`, `checkHeight`/`calcHeight`): the counts they read
 * (nodes allocated, runes pushed, the product of repeats) and the sizes and heights Go caches per
 * node, stale entries included. Trees are walked with explicit stacks.
 *
 * @packageDocumentation
 */

import type { Node, OpCodes } from './regexp-node.js';
import type { GoLimitChecks } from './regexp-tree.js';

type LimitCode = 'expression too large' | 'expression nests too deeply';

/** Go's panic inside the checks; {@link GoLimits.check} turns it into its answer. */
class Panic {
  constructor(readonly code: LimitCode) {}
}

/** `maxHeight`. */
export const MAX_HEIGHT = 1000;
/** `maxSize` = 128 MiB / `instSize` (40 bytes), in instructions. */
export const MAX_SIZE: number = Math.floor((128 << 20) / 40);
/** `maxRunes` = 128 MiB / 4 bytes. */
export const MAX_RUNES: number = (128 << 20) / 4;

/** How many of a node's subs `calcSize` reads. */
function sizedSubCount(op: OpCodes, re: Node): number {
  switch (re.op) {
    case op.Capture:
    case op.Star:
    case op.Plus:
    case op.Quest:
    case op.Repeat:
      return 1;
    case op.Concat:
    case op.Alternate:
      return re.subs.length;
    default:
      return 0;
  }
}

/** A node whose `calcSize` is always 1: no subs read, not a literal. */
function isUnitSized(op: OpCodes, re: Node): boolean {
  return re.op !== op.Literal && sizedSubCount(op, re) === 0;
}

/** `calcSize` of one node from its subs' sizes (before `max(1, …)`). */
function ownSize(op: OpCodes, re: Node, of: (n: Node) => number): number {
  switch (re.op) {
    case op.Literal:
      return re.runes.length - re.lo; // runeCount
    case op.Capture:
    case op.Star:
      return 2 + of(re.subs[0] as Node);
    case op.Plus:
    case op.Quest:
      return 1 + of(re.subs[0] as Node);
    case op.Concat:
      return re.subs.reduce((s, n) => s + of(n), 0);
    case op.Alternate:
      return re.subs.reduce((s, n) => s + of(n), 0) + (re.subs.length > 1 ? re.subs.length - 1 : 0);
    case op.Repeat: {
      const sub = of(re.subs[0] as Node);
      if (re.max === -1) return re.min === 0 ? 2 + sub : 1 + re.min * sub;
      return re.max * sub + (re.max - re.min);
    }
    default:
      return 0;
  }
}

/** Go's `parser` fields behind its limits. */
export class GoLimits implements GoLimitChecks {
  /** `numRegexp`: nodes allocated (reused ones not counted again). */
  numRegexp = 0;
  /** `numRunes`: runes of the nodes pushed, counted at each push. */
  numRunes = 0;
  private repeats = 0;
  private height: Map<Node, number> | null = null;
  private size: Map<Node, number> | null = null;

  /**
   * @param op - the parser's op codes (`Op` of `regexp-node.ts`), handed over so that the checks,
   *   loaded apart in the browser build, share no module with the parser
   */
  constructor(private readonly op: OpCodes) {}

  /** `reuse` forgets a freed node's height (not its size, as Go). */
  forget(re: Node): void {
    this.height?.delete(re);
  }

  /** `checkLimits`: the limit Go panics on (`ErrLarge`, `ErrNestingDepth`), or null. */
  check(stack: readonly Node[], re: Node): LimitCode | null {
    try {
      if (this.numRunes > MAX_RUNES) throw new Panic('expression too large');
      this.checkSize(stack, re);
      this.checkHeight(stack, re);
      return null;
    } catch (e) {
      if (e instanceof Panic) return e.code;
      throw e;
    }
  }

  private checkSize(stack: readonly Node[], re: Node): void {
    if (this.size === null) {
      if (this.repeats === 0) this.repeats = 1;
      if (re.op === this.op.Repeat) {
        let n = re.max === -1 ? re.min : re.max;
        if (n <= 0) n = 1;
        if (n > Math.floor(MAX_SIZE / this.repeats)) this.repeats = MAX_SIZE;
        else this.repeats *= n;
      }
      if (this.numRegexp < Math.floor(MAX_SIZE / this.repeats)) return;
      this.size = new Map();
      for (const el of stack) this.checkSize(stack, el);
    }
    if (this.calcSize(re) > MAX_SIZE) throw new Panic('expression too large');
  }

  /**
   * `calcSize(re, true)`: sizes of the nodes below from the cache, computed (and cached) when
   * missing. Nodes whose size is always 1 (no subs, not a literal) are not kept in the cache: a
   * missing entry reads as 1, which is what Go would compute and cache, and an entry kept from
   * before (Go's stale sizes) still reads as it does in Go.
   */
  private calcSize(root: Node): number {
    const size = this.size as Map<Node, number>;
    const sized = (n: Node): boolean => n !== root && (size.has(n) || isUnitSized(this.op, n));
    const read = (n: Node): number => size.get(n) ?? 1;
    const store = (n: Node, v: number): void => {
      if (isUnitSized(this.op, n)) size.delete(n);
      else size.set(n, v);
    };
    let allSized = true;
    for (let i = 0; i < sizedSubCount(this.op, root) && allSized; i++) allSized = sized(root.subs[i] as Node);
    if (allSized) {
      // The common case: a node pushed over subs already sized.
      const v = Math.max(1, ownSize(this.op, root, read));
      store(root, v);
      return v;
    }
    const todo: { node: Node; open: boolean }[] = [{ node: root, open: false }];
    let v = 0;
    while (todo.length > 0) {
      const top = todo[todo.length - 1] as { node: Node; open: boolean };
      if (!top.open) {
        top.open = true;
        for (let i = 0; i < sizedSubCount(this.op, top.node); i++) {
          const sub = top.node.subs[i] as Node;
          if (!sized(sub)) todo.push({ node: sub, open: false });
        }
        continue;
      }
      todo.pop();
      v = Math.max(1, ownSize(this.op, top.node, read));
      store(top.node, v);
    }
    return v;
  }

  private checkHeight(stack: readonly Node[], re: Node): void {
    if (this.numRegexp < MAX_HEIGHT) return;
    if (this.height === null) {
      this.height = new Map();
      for (const el of stack) this.checkHeight(stack, el);
    }
    if (this.calcHeight(re) > MAX_HEIGHT) throw new Panic('expression nests too deeply');
  }

  /** `calcHeight(re, true)`, like {@link calcSize}; nodes without subs (height 1) are not kept. */
  private calcHeight(root: Node): number {
    const height = this.height as Map<Node, number>;
    const known = (n: Node): boolean => n !== root && (height.has(n) || n.subs.length === 0);
    const own = (n: Node): number => {
      let h = 1;
      for (const sub of n.subs) h = Math.max(h, 1 + (height.get(sub) ?? 1));
      if (n.subs.length === 0) height.delete(n);
      else height.set(n, h);
      return h;
    };
    if (root.subs.every(known)) return own(root); // the common case
    const todo: { node: Node; open: boolean }[] = [{ node: root, open: false }];
    let h = 0;
    while (todo.length > 0) {
      const top = todo[todo.length - 1] as { node: Node; open: boolean };
      if (!top.open) {
        top.open = true;
        for (const sub of top.node.subs) if (!known(sub)) todo.push({ node: sub, open: false });
        continue;
      }
      todo.pop();
      h = own(top.node);
    }
    return h;
  }
}
