/**
 * The parse stack and tree of Go's `regexp/syntax` parser (Go 1.26, `src/regexp/syntax/parse.go`),
 * kept to what its errors and limits depend on: the operators, flags, runes of literals and
 * classes, counted repeats, and the node bookkeeping behind the limits (`checkLimits`: `maxRunes`,
 * `checkSize`/`calcSize` with `maxSize`, `checkHeight`/`calcHeight` with `maxHeight`), including
 * the reuse of freed nodes and the cached sizes and heights Go keeps per node.
 *
 * Trees are walked with explicit stacks, never by recursion on the user's nesting. The one
 * recursion Go has on user input (`factor` of alternations, through `collapse`) is bounded: past
 * {@link MAX_FACTOR_DEPTH} levels the parser gives up ({@link Unsupported}).
 *
 * @packageDocumentation
 */

/** Go's `Op` values: the order matters (class merges compare them). */
export const Op = {
  NoMatch: 1,
  EmptyMatch: 2,
  Literal: 3,
  CharClass: 4,
  AnyCharNotNL: 5,
  AnyChar: 6,
  BeginLine: 7,
  EndLine: 8,
  BeginText: 9,
  EndText: 10,
  WordBoundary: 11,
  NoWordBoundary: 12,
  Capture: 13,
  Star: 14,
  Plus: 15,
  Quest: 16,
  Repeat: 17,
  Concat: 18,
  Alternate: 19,
  LeftParen: 128,
  VerticalBar: 129,
} as const;
const PSEUDO = 128;

/** Go's parse `Flags` (bit values as declared in parse.go). */
export const Flag = {
  FoldCase: 1,
  ClassNL: 4,
  DotNL: 8,
  OneLine: 16,
  NonGreedy: 32,
  PerlX: 64,
  UnicodeGroups: 128,
  WasDollar: 256,
} as const;
/** `syntax.Perl`, the flags `regexp.Compile` parses with. */
export const PERL_FLAGS = Flag.ClassNL | Flag.OneLine | Flag.PerlX | Flag.UnicodeGroups;

const MAX_RUNE = 0x10ffff;
/** `maxHeight`. */
export const MAX_HEIGHT = 1000;
/** `maxSize` = 128 MiB / `instSize` (40 bytes), in instructions. */
export const MAX_SIZE = Math.floor((128 << 20) / 40);
/** `maxRunes` = 128 MiB / 4 bytes. */
export const MAX_RUNES = (128 << 20) / 4;
/** `maxRepeat`. */
export const MAX_REPEAT = 1000;
/** Levels of alternation factoring followed before giving up (Go recurses; 1,000 levels need ~500,000 characters). */
export const MAX_FACTOR_DEPTH = 1000;
/** The least and greatest runes case folding involves (`minFold`, `maxFold`). */
const MIN_FOLD = 0x41;
const MAX_FOLD = 0x1e943;

/** The empty rune and sub lists new nodes start with (frozen: a node gets its own list before adding). */
const NO_RUNES: number[] = Object.freeze([]) as unknown as number[];
const NO_SUBS: Node[] = Object.freeze([]) as unknown as Node[];

/** A node of the tree (Go's `Regexp`, the fields the parser reads). */
export interface Node {
  op: number;
  flags: number;
  runes: number[];
  /** Where a literal's runes start in `runes` (a factored prefix removed in O(1)); 0 for classes. */
  lo: number;
  subs: Node[];
  min: number;
  max: number;
  cap: number;
  /** The runes are as `cleanClass` leaves them (sorted, merged): cleaning again changes nothing. */
  clean: boolean;
}

/** Go's panics `ErrLarge` and `ErrNestingDepth`. */
export class LimitExceeded {
  constructor(readonly code: 'expression too large' | 'expression nests too deeply') {}
}

/** The expression uses what this model does not hold exactly; the caller reports nothing. */
export class Unsupported {}

/**
 * `unicode.SimpleFold` where it is known without Unicode tables: ASCII and the two non-ASCII
 * runes that fold to ASCII letters (U+017F ſ, U+212A Kelvin sign). Undefined for other runes in
 * the folding range.
 */
function knownSimpleFold(r: number): number | undefined {
  if (r < MIN_FOLD || r > MAX_FOLD) return r;
  if (r === 0x17f) return 0x53; // ſ → S
  if (r === 0x212a) return 0x4b; // K → K
  if (r >= 0x80) return undefined;
  if (r === 0x4b) return 0x6b; // K → k
  if (r === 0x6b) return 0x212a; // k → K
  if (r === 0x53) return 0x73; // S → s
  if (r === 0x73) return 0x17f; // s → ſ
  if (r >= 0x41 && r <= 0x5a) return r + 0x20;
  if (r >= 0x61 && r <= 0x7a) return r - 0x20;
  return r;
}

/** The parser's state (Go's `parser`). */
export class GoParseTree {
  flags = PERL_FLAGS;
  readonly stack: Node[] = [];
  private readonly free: Node[] = [];
  private numRegexp = 0;
  private numRunes = 0;
  private repeats = 0;
  private height: Map<Node, number> | null = null;
  private size: Map<Node, number> | null = null;
  private factorDepth = 0;
  /** Set when a rune's case folding was needed beyond what {@link knownSimpleFold} knows. */
  inexact = false;

  private simpleFold(r: number): number {
    const f = knownSimpleFold(r);
    if (f !== undefined) return f;
    this.inexact = true;
    return r;
  }

  newNode(op: number): Node {
    let re = this.free.pop();
    if (re === undefined) {
      re = { op, flags: 0, runes: NO_RUNES, lo: 0, subs: NO_SUBS, min: 0, max: 0, cap: 0, clean: false };
      this.numRegexp += 1;
    } else {
      re.flags = 0;
      re.runes = NO_RUNES;
      re.lo = 0;
      re.subs = NO_SUBS;
      re.min = 0;
      re.max = 0;
      re.cap = 0;
      re.clean = false;
    }
    re.op = op;
    return re;
  }

  reuse(re: Node): void {
    this.height?.delete(re);
    this.free.push(re);
  }

  private checkLimits(re: Node): void {
    if (this.numRunes > MAX_RUNES) throw new LimitExceeded('expression too large');
    this.checkSize(re);
    this.checkHeight(re);
  }

  private checkSize(re: Node): void {
    if (this.size === null) {
      if (this.repeats === 0) this.repeats = 1;
      if (re.op === Op.Repeat) {
        let n = re.max === -1 ? re.min : re.max;
        if (n <= 0) n = 1;
        if (n > Math.floor(MAX_SIZE / this.repeats)) this.repeats = MAX_SIZE;
        else this.repeats *= n;
      }
      if (this.numRegexp < Math.floor(MAX_SIZE / this.repeats)) return;
      this.size = new Map();
      for (const el of this.stack) this.checkSize(el);
    }
    if (this.calcSize(re) > MAX_SIZE) throw new LimitExceeded('expression too large');
  }

  /**
   * `calcSize(re, true)`: sizes of the nodes below from the cache, computed (and cached) when
   * missing. Nodes whose size is always 1 (no subs, not a literal) are not kept in the cache: a
   * missing entry reads as 1, which is what Go would compute and cache, and an entry kept from
   * before (Go's stale sizes) still reads as it does in Go.
   */
  private calcSize(root: Node): number {
    const size = this.size as Map<Node, number>;
    const sized = (n: Node): boolean => n !== root && (size.has(n) || isUnitSized(n));
    const read = (n: Node): number => size.get(n) ?? 1;
    const store = (n: Node, v: number): void => {
      if (isUnitSized(n)) size.delete(n);
      else size.set(n, v);
    };
    let allSized = true;
    for (let i = 0; i < sizedSubCount(root) && allSized; i++) allSized = sized(root.subs[i] as Node);
    if (allSized) {
      // The common case: a node pushed over subs already sized.
      const v = Math.max(1, ownSize(root, read));
      store(root, v);
      return v;
    }
    const todo: { node: Node; open: boolean }[] = [{ node: root, open: false }];
    let v = 0;
    while (todo.length > 0) {
      const top = todo[todo.length - 1] as { node: Node; open: boolean };
      if (!top.open) {
        top.open = true;
        for (let i = 0; i < sizedSubCount(top.node); i++) {
          const sub = top.node.subs[i] as Node;
          if (!sized(sub)) todo.push({ node: sub, open: false });
        }
        continue;
      }
      todo.pop();
      v = Math.max(1, ownSize(top.node, read));
      store(top.node, v);
    }
    return v;
  }

  private checkHeight(re: Node): void {
    if (this.numRegexp < MAX_HEIGHT) return;
    if (this.height === null) {
      this.height = new Map();
      for (const el of this.stack) this.checkHeight(el);
    }
    if (this.calcHeight(re) > MAX_HEIGHT) throw new LimitExceeded('expression nests too deeply');
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

  /** `push`: the node, or null when it was merged into the literal below. */
  push(re: Node): Node | null {
    this.numRunes += runeCount(re);
    const r = re.runes;
    if (re.op === Op.CharClass && r.length === 2 && r[0] === r[1]) {
      if (this.maybeConcat(r[0] as number, this.flags & ~Flag.FoldCase)) return null;
      re.op = Op.Literal;
      re.runes = [r[0] as number];
      re.flags = this.flags & ~Flag.FoldCase;
    } else if (
      (re.op === Op.CharClass &&
        r.length === 4 &&
        r[0] === r[1] &&
        r[2] === r[3] &&
        this.simpleFold(r[0] as number) === r[2] &&
        this.simpleFold(r[2] as number) === r[0]) ||
      (re.op === Op.CharClass &&
        r.length === 2 &&
        (r[0] as number) + 1 === r[1] &&
        this.simpleFold(r[0] as number) === r[1] &&
        this.simpleFold(r[1] as number) === r[0])
    ) {
      if (this.maybeConcat(r[0] as number, this.flags | Flag.FoldCase)) return null;
      re.op = Op.Literal;
      re.runes = [r[0] as number];
      re.flags = this.flags | Flag.FoldCase;
    } else {
      this.maybeConcat(-1, 0);
    }
    this.stack.push(re);
    this.checkLimits(re);
    return re;
  }

  /** `maybeConcat`: merges the two literals on top; pushes `r` into the freed one when r ≥ 0. */
  private maybeConcat(r: number, flags: number): boolean {
    const n = this.stack.length;
    if (n < 2) return false;
    const re1 = this.stack[n - 1] as Node;
    const re2 = this.stack[n - 2] as Node;
    if (
      re1.op !== Op.Literal ||
      re2.op !== Op.Literal ||
      (re1.flags & Flag.FoldCase) !== (re2.flags & Flag.FoldCase)
    )
      return false;
    if (re2.lo > 0) {
      re2.runes = re2.runes.slice(re2.lo);
      re2.lo = 0;
    }
    for (let k = re1.lo; k < re1.runes.length; k++) re2.runes.push(re1.runes[k] as number);
    if (r >= 0) {
      re1.runes = [r];
      re1.lo = 0;
      re1.flags = flags;
      return true;
    }
    this.stack.pop();
    this.reuse(re1);
    return false;
  }

  /** `literal`. */
  literal(r: number): void {
    const re = this.newNode(Op.Literal);
    re.flags = this.flags;
    re.runes = [(this.flags & Flag.FoldCase) !== 0 ? this.minFoldRune(r) : r];
    this.push(re);
  }

  private minFoldRune(r: number): number {
    if (r < MIN_FOLD || r > MAX_FOLD) return r;
    let m = r;
    for (let f = this.simpleFold(r); f !== r; f = this.simpleFold(f)) m = Math.min(m, f);
    return m;
  }

  /** `op`: pushes a node of `op` with the current flags. */
  op(op: number): Node | null {
    const re = this.newNode(op);
    re.flags = this.flags;
    return this.push(re);
  }

  /**
   * `repeat`: the top of the stack repeated (`nonGreedy`: a `?` followed the operator;
   * `afterRepeat`: the operator follows another). Returns which error Go reports, or null.
   */
  repeat(
    op: number,
    min: number,
    max: number,
    nonGreedy: boolean,
    afterRepeat: boolean,
  ):
    | 'invalid nested repetition operator'
    | 'missing argument to repetition operator'
    | 'invalid repeat count'
    | null {
    const flags = nonGreedy ? this.flags ^ Flag.NonGreedy : this.flags;
    if (afterRepeat) return 'invalid nested repetition operator';
    const n = this.stack.length;
    const sub = this.stack[n - 1];
    if (sub === undefined || sub.op >= PSEUDO) return 'missing argument to repetition operator';
    const re = this.newNode(op);
    re.min = min;
    re.max = max;
    re.flags = flags;
    re.subs = [sub];
    this.stack[n - 1] = re;
    this.checkLimits(re);
    if (op === Op.Repeat && (min >= 2 || max >= 2) && !repeatIsValid(re, MAX_REPEAT))
      return 'invalid repeat count';
    return null;
  }

  private topPseudoIndex(): number {
    let i = this.stack.length;
    while (i > 0 && (this.stack[i - 1] as Node).op < PSEUDO) i -= 1;
    return i;
  }

  /** `concat`. */
  concat(): void {
    this.maybeConcat(-1, 0);
    const i = this.topPseudoIndex();
    const subs = this.stack.splice(i);
    if (subs.length === 0) this.push(this.newNode(Op.EmptyMatch));
    else this.push(this.collapse(subs, Op.Concat));
  }

  /** `alternate`. */
  alternate(): void {
    const i = this.topPseudoIndex();
    const subs = this.stack.splice(i);
    if (subs.length > 0) cleanAlt(subs[subs.length - 1] as Node);
    if (subs.length === 0) this.push(this.newNode(Op.NoMatch));
    else this.push(this.collapse(subs, Op.Alternate));
  }

  private collapse(subs: Node[], op: number): Node {
    if (subs.length === 1) return subs[0] as Node;
    let re = this.newNode(op);
    re.subs = [];
    for (const sub of subs) {
      if (sub.op === op) {
        for (const s of sub.subs) re.subs.push(s);
        this.reuse(sub);
      } else re.subs.push(sub);
    }
    if (op === Op.Alternate) {
      this.factorDepth += 1;
      if (this.factorDepth > MAX_FACTOR_DEPTH) throw new Unsupported();
      re.subs = this.factor(re.subs);
      this.factorDepth -= 1;
      if (re.subs.length === 1) {
        const old = re;
        re = re.subs[0] as Node;
        this.reuse(old);
      }
    }
    return re;
  }

  /** `factor`: common literal prefixes, common leading classes, runs of classes, empty matches. */
  private factor(sub: Node[]): Node[] {
    if (sub.length < 2) return sub;
    // Round 1: common literal prefixes.
    let out: Node[] = [];
    let str: number[] = [];
    let strLo = 0;
    let strLen = 0;
    let strFlags = 0;
    let start = 0;
    for (let i = 0; i <= sub.length; i++) {
      let istr: number[] = [];
      let ilo = 0;
      let ilen = 0;
      let iflags = 0;
      if (i < sub.length) {
        [istr, ilo, iflags] = leadingString(sub[i] as Node);
        ilen = istr.length - ilo;
        if (iflags === strFlags) {
          let same = 0;
          while (same < strLen && same < ilen && str[strLo + same] === istr[ilo + same]) same++;
          if (same > 0) {
            strLen = same;
            continue;
          }
        }
      }
      if (i === start + 1) out.push(sub[start] as Node);
      else if (i > start + 1) {
        const prefix = this.newNode(Op.Literal);
        prefix.flags = strFlags;
        prefix.runes = str.slice(strLo, strLo + strLen);
        for (let j = start; j < i; j++) {
          sub[j] = this.removeLeadingString(sub[j] as Node, strLen);
          this.checkLimits(sub[j] as Node);
        }
        const suffix = this.collapse(sub.slice(start, i), Op.Alternate);
        const re = this.newNode(Op.Concat);
        re.subs = [prefix, suffix];
        out.push(re);
      }
      start = i;
      str = istr;
      strLo = ilo;
      strLen = ilen;
      strFlags = iflags;
    }
    sub = out;

    // Round 2: common leading classes (or fixed repeats of classes).
    out = [];
    start = 0;
    let first: Node | null = null;
    for (let i = 0; i <= sub.length; i++) {
      let ifirst: Node | null = null;
      if (i < sub.length) {
        ifirst = leadingRegexp(sub[i] as Node);
        if (
          first !== null &&
          ifirst !== null &&
          (isCharClass(first) ||
            (first.op === Op.Repeat && first.min === first.max && isCharClass(first.subs[0] as Node))) &&
          equalShallow(first, ifirst)
        )
          continue;
      }
      if (i === start + 1) out.push(sub[start] as Node);
      else if (i > start + 1) {
        const prefix = first as Node;
        for (let j = start; j < i; j++) {
          sub[j] = this.removeLeadingRegexp(sub[j] as Node, j !== start);
          this.checkLimits(sub[j] as Node);
        }
        const suffix = this.collapse(sub.slice(start, i), Op.Alternate);
        const re = this.newNode(Op.Concat);
        re.subs = [prefix, suffix];
        out.push(re);
      }
      start = i;
      first = ifirst;
    }
    sub = out;

    // Round 3: runs of single literals and classes become one class.
    out = [];
    start = 0;
    for (let i = 0; i <= sub.length; i++) {
      if (i < sub.length && isCharClass(sub[i] as Node)) continue;
      if (i === start + 1) out.push(sub[start] as Node);
      else if (i > start + 1) {
        let max = start;
        for (let j = start + 1; j < i; j++) {
          const a = sub[max] as Node;
          const b = sub[j] as Node;
          if (a.op < b.op || (a.op === b.op && runeCount(a) < runeCount(b))) max = j;
        }
        [sub[start], sub[max]] = [sub[max] as Node, sub[start] as Node];
        for (let j = start + 1; j < i; j++) {
          this.mergeCharClass(sub[start] as Node, sub[j] as Node);
          this.reuse(sub[j] as Node);
        }
        cleanAlt(sub[start] as Node);
        out.push(sub[start] as Node);
      }
      if (i < sub.length) out.push(sub[i] as Node);
      start = i + 1;
    }
    sub = out;

    // Round 4: runs of empty matches become one.
    out = [];
    for (let i = 0; i < sub.length; i++) {
      if (
        i + 1 < sub.length &&
        (sub[i] as Node).op === Op.EmptyMatch &&
        (sub[i + 1] as Node).op === Op.EmptyMatch
      )
        continue;
      out.push(sub[i] as Node);
    }
    return out;
  }

  private removeLeadingString(re: Node, n: number): Node {
    // A concatenation's first element is a literal here (leadingString), so one level suffices.
    if (re.op === Op.Concat && re.subs.length > 0) {
      const sub = this.removeLeadingString(re.subs[0] as Node, n);
      re.subs[0] = sub;
      if (sub.op === Op.EmptyMatch) {
        this.reuse(sub);
        if (re.subs.length <= 1) {
          re.op = Op.EmptyMatch;
          re.subs = [];
        } else if (re.subs.length === 2) {
          const old = re;
          re = re.subs[1] as Node;
          this.reuse(old);
        } else re.subs.splice(0, 1);
      }
      return re;
    }
    if (re.op === Op.Literal) {
      re.lo += n;
      if (runeCount(re) === 0) re.op = Op.EmptyMatch;
    }
    return re;
  }

  private removeLeadingRegexp(re: Node, reuse: boolean): Node {
    if (re.op === Op.Concat && re.subs.length > 0) {
      if (reuse) this.reuse(re.subs[0] as Node);
      re.subs.splice(0, 1);
      if (re.subs.length === 0) {
        re.op = Op.EmptyMatch;
        re.subs = [];
      } else if (re.subs.length === 1) {
        const old = re;
        re = re.subs[0] as Node;
        this.reuse(old);
      }
      return re;
    }
    if (reuse) this.reuse(re);
    return this.newNode(Op.EmptyMatch);
  }

  /** `mergeCharClass`: dst = dst|src (dst.op ≥ src.op). */
  mergeCharClass(dst: Node, src: Node): void {
    dst.clean = false;
    switch (dst.op) {
      case Op.AnyChar:
        break;
      case Op.AnyCharNotNL:
        if (matchRune(src, 0x0a)) dst.op = Op.AnyChar;
        break;
      case Op.CharClass:
        if (src.op === Op.Literal) dst.runes = this.appendLiteral(dst.runes, firstRune(src), src.flags);
        else dst.runes = appendClass(dst.runes, src.runes);
        break;
      case Op.Literal:
        if (firstRune(src) === firstRune(dst) && src.flags === dst.flags) break;
        dst.op = Op.CharClass;
        dst.runes = this.appendLiteral([], firstRune(dst), dst.flags);
        dst.lo = 0;
        dst.runes = this.appendLiteral(dst.runes, firstRune(src), src.flags);
        break;
    }
  }

  /** `swapVerticalBar`. */
  swapVerticalBar(): boolean {
    const s = this.stack;
    const n = s.length;
    if (
      n >= 3 &&
      (s[n - 2] as Node).op === Op.VerticalBar &&
      isCharClass(s[n - 1] as Node) &&
      isCharClass(s[n - 3] as Node)
    ) {
      let re1 = s[n - 1] as Node;
      let re3 = s[n - 3] as Node;
      if (re1.op > re3.op) {
        [re1, re3] = [re3, re1];
        s[n - 3] = re3;
      }
      this.mergeCharClass(re3, re1);
      this.reuse(re1);
      s.pop();
      return true;
    }
    if (n >= 2) {
      const re1 = s[n - 1] as Node;
      const re2 = s[n - 2] as Node;
      if (re2.op === Op.VerticalBar) {
        if (n >= 3) cleanAlt(s[n - 3] as Node);
        s[n - 2] = re1;
        s[n - 1] = re2;
        return true;
      }
    }
    return false;
  }

  /** `parseVerticalBar`. */
  verticalBar(): void {
    this.concat();
    if (!this.swapVerticalBar()) this.op(Op.VerticalBar);
  }

  /** `parseRightParen`: false when the `)` is unexpected. */
  rightParen(): boolean {
    this.concat();
    if (this.swapVerticalBar()) this.stack.pop();
    this.alternate();
    const n = this.stack.length;
    if (n < 2) return false;
    const re1 = this.stack[n - 1] as Node;
    const re2 = this.stack[n - 2] as Node;
    this.stack.length = n - 2;
    if (re2.op !== Op.LeftParen) return false;
    this.flags = re2.flags;
    if (re2.cap === 0) this.push(re1);
    else {
      re2.op = Op.Capture;
      re2.subs = [re1];
      this.push(re2);
    }
    return true;
  }

  /** The end of the expression: true when one node is left (else Go's `missing closing )`). */
  finish(): boolean {
    this.concat();
    if (this.swapVerticalBar()) this.stack.pop();
    this.alternate();
    return this.stack.length === 1;
  }

  // Character classes (rune pairs lo, hi).

  /** `appendLiteral`. */
  appendLiteral(r: number[], x: number, flags: number): number[] {
    return (flags & Flag.FoldCase) !== 0 ? this.appendFoldedRange(r, x, x) : appendRange(r, x, x);
  }

  /** `appendFoldedRange`. */
  appendFoldedRange(r: number[], lo: number, hi: number): number[] {
    if ((lo <= MIN_FOLD && hi >= MAX_FOLD) || hi < MIN_FOLD || lo > MAX_FOLD) return appendRange(r, lo, hi);
    if (lo < MIN_FOLD) {
      r = appendRange(r, lo, MIN_FOLD - 1);
      lo = MIN_FOLD;
    }
    if (hi > MAX_FOLD) {
      r = appendRange(r, MAX_FOLD + 1, hi);
      hi = MAX_FOLD;
    }
    if (hi >= 0x80 && !(lo === hi && (lo === 0x17f || lo === 0x212a))) {
      // Folding of non-ASCII runes needs Unicode's tables: not modelled.
      this.inexact = true;
      return appendRange(r, lo, hi);
    }
    for (let c = lo; c <= hi; c++) {
      r = appendRange(r, c, c);
      for (let f = this.simpleFold(c); f !== c; f = this.simpleFold(f)) r = appendRange(r, f, f);
    }
    return r;
  }

  /** `appendFoldedClass`. */
  appendFoldedClass(r: number[], x: readonly number[]): number[] {
    for (let i = 0; i < x.length; i += 2) r = this.appendFoldedRange(r, x[i] as number, x[i + 1] as number);
    return r;
  }
}

/** How many of a node's subs `calcSize` reads. */
function sizedSubCount(re: Node): number {
  switch (re.op) {
    case Op.Capture:
    case Op.Star:
    case Op.Plus:
    case Op.Quest:
    case Op.Repeat:
      return 1;
    case Op.Concat:
    case Op.Alternate:
      return re.subs.length;
    default:
      return 0;
  }
}

/** A node whose `calcSize` is always 1: no subs read, not a literal. */
function isUnitSized(re: Node): boolean {
  return re.op !== Op.Literal && sizedSubCount(re) === 0;
}

/** `calcSize` of one node from its subs' sizes (before `max(1, …)`). */
function ownSize(re: Node, of: (n: Node) => number): number {
  switch (re.op) {
    case Op.Literal:
      return runeCount(re);
    case Op.Capture:
    case Op.Star:
      return 2 + of(re.subs[0] as Node);
    case Op.Plus:
    case Op.Quest:
      return 1 + of(re.subs[0] as Node);
    case Op.Concat:
      return re.subs.reduce((s, n) => s + of(n), 0);
    case Op.Alternate:
      return re.subs.reduce((s, n) => s + of(n), 0) + (re.subs.length > 1 ? re.subs.length - 1 : 0);
    case Op.Repeat: {
      const sub = of(re.subs[0] as Node);
      if (re.max === -1) return re.min === 0 ? 2 + sub : 1 + re.min * sub;
      return re.max * sub + (re.max - re.min);
    }
    default:
      return 0;
  }
}

/** `repeatIsValid`, walking the tree with a stack. */
function repeatIsValid(root: Node, limit: number): boolean {
  const todo: [Node, number][] = [[root, limit]];
  while (todo.length > 0) {
    const [re, n0] = todo.pop() as [Node, number];
    let n = n0;
    if (re.op === Op.Repeat) {
      let m = re.max;
      if (m === 0) continue;
      if (m < 0) m = re.min;
      if (m > n) return false;
      if (m > 0) n = Math.trunc(n / m);
    }
    for (const sub of re.subs) todo.push([sub, n]);
  }
  return true;
}

/** `isCharClass`. */
export function isCharClass(re: Node): boolean {
  return (
    (re.op === Op.Literal && runeCount(re) === 1) ||
    re.op === Op.CharClass ||
    re.op === Op.AnyCharNotNL ||
    re.op === Op.AnyChar
  );
}

function matchRune(re: Node, r: number): boolean {
  switch (re.op) {
    case Op.Literal:
      return runeCount(re) === 1 && firstRune(re) === r;
    case Op.CharClass:
      for (let i = 0; i < re.runes.length; i += 2)
        if ((re.runes[i] as number) <= r && r <= (re.runes[i + 1] as number)) return true;
      return false;
    case Op.AnyCharNotNL:
      return r !== 0x0a;
    case Op.AnyChar:
      return true;
    default:
      return false;
  }
}

/** `Regexp.Equal` for a leading class (or fixed repeat of one) and another node: no deep walk needed. */
function equalShallow(x: Node, y: Node): boolean {
  if (x.op !== y.op) return false;
  if (x.op === Op.Repeat) {
    return (
      (x.flags & Flag.NonGreedy) === (y.flags & Flag.NonGreedy) &&
      x.min === y.min &&
      x.max === y.max &&
      equalShallow(x.subs[0] as Node, y.subs[0] as Node)
    );
  }
  if (x.op === Op.Literal || x.op === Op.CharClass) {
    const n = runeCount(x);
    if (n !== runeCount(y)) return false;
    for (let i = 0; i < n; i++) if (x.runes[x.lo + i] !== y.runes[y.lo + i]) return false;
    return true;
  }
  return true;
}

/** `leadingString`: the runes (from the offset) and fold flag a node starts with. */
function leadingString(re: Node): [number[], number, number] {
  const r = re.op === Op.Concat && re.subs.length > 0 ? (re.subs[0] as Node) : re;
  if (r.op !== Op.Literal) return [[], 0, 0];
  return [r.runes, r.lo, r.flags & Flag.FoldCase];
}

/** `len(re.Rune)`. */
function runeCount(re: Node): number {
  return re.runes.length - re.lo;
}

/** `re.Rune[0]` of a literal. */
function firstRune(re: Node): number {
  return re.runes[re.lo] as number;
}

function leadingRegexp(re: Node): Node | null {
  if (re.op === Op.EmptyMatch) return null;
  if (re.op === Op.Concat && re.subs.length > 0) {
    const sub = re.subs[0] as Node;
    return sub.op === Op.EmptyMatch ? null : sub;
  }
  return re;
}

/** `cleanAlt`. */
function cleanAlt(re: Node): void {
  if (re.op !== Op.CharClass) return;
  if (!re.clean) re.runes = cleanClass(re.runes);
  re.clean = true;
  const r = re.runes;
  if (r.length === 2 && r[0] === 0 && r[1] === MAX_RUNE) {
    re.runes = [];
    re.op = Op.AnyChar;
  } else if (r.length === 4 && r[0] === 0 && r[1] === 0x09 && r[2] === 0x0b && r[3] === MAX_RUNE) {
    re.runes = [];
    re.op = Op.AnyCharNotNL;
  }
}

/** `cleanClass`: sorted by lo (hi descending on ties), overlapping and abutting ranges merged. */
export function cleanClass(r: number[]): number[] {
  const pairs: [number, number][] = [];
  for (let i = 0; i < r.length; i += 2) pairs.push([r[i] as number, r[i + 1] as number]);
  pairs.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  if (pairs.length < 1) return [];
  const out: number[] = [pairs[0]![0], pairs[0]![1]];
  for (let i = 1; i < pairs.length; i++) {
    const [lo, hi] = pairs[i] as [number, number];
    const w = out.length;
    if (lo <= (out[w - 1] as number) + 1) {
      if (hi > (out[w - 1] as number)) out[w - 1] = hi;
      continue;
    }
    out.push(lo, hi);
  }
  return out;
}

/** `appendRange`: extends one of the last two ranges when lo–hi overlaps or abuts it. */
export function appendRange(r: number[], lo: number, hi: number): number[] {
  const n = r.length;
  for (let i = 2; i <= 4; i += 2) {
    if (n >= i) {
      const rlo = r[n - i] as number;
      const rhi = r[n - i + 1] as number;
      if (lo <= rhi + 1 && rlo <= hi + 1) {
        if (lo < rlo) r[n - i] = lo;
        if (hi > rhi) r[n - i + 1] = hi;
        return r;
      }
    }
  }
  r.push(lo, hi);
  return r;
}

/** `appendClass`. */
export function appendClass(r: number[], x: readonly number[]): number[] {
  for (let i = 0; i < x.length; i += 2) r = appendRange(r, x[i] as number, x[i + 1] as number);
  return r;
}

/** `appendNegatedClass`. */
export function appendNegatedClass(r: number[], x: readonly number[]): number[] {
  let nextLo = 0;
  for (let i = 0; i < x.length; i += 2) {
    const lo = x[i] as number;
    const hi = x[i + 1] as number;
    if (nextLo <= lo - 1) r = appendRange(r, nextLo, lo - 1);
    nextLo = hi + 1;
  }
  if (nextLo <= MAX_RUNE) r = appendRange(r, nextLo, MAX_RUNE);
  return r;
}

/** `negateClass` of a clean class. */
export function negateClass(r: readonly number[]): number[] {
  const out: number[] = [];
  let nextLo = 0;
  for (let i = 0; i < r.length; i += 2) {
    const lo = r[i] as number;
    const hi = r[i + 1] as number;
    if (nextLo <= lo - 1) out.push(nextLo, lo - 1);
    nextLo = hi + 1;
  }
  if (nextLo <= MAX_RUNE) out.push(nextLo, MAX_RUNE);
  return out;
}
