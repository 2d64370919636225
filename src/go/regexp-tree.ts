/**
 * The parse stack and tree of Go's `regexp/syntax` parser (Go 1.26, `src/regexp/syntax/parse.go`),
 * the release Envoy Gateway v1.9 builds with: `push`, `maybeConcat`, `repeat`, `concat`,
 * `alternate`, `collapse`, `factor`, `swapVerticalBar`, `parseRightParen`, class merges, and the
 * reuse of freed nodes, kept to what its errors and limits (`regexp-limits.ts`) depend on.
 *
 * The one recursion Go has on user input (`factor` of alternations, through `collapse`) is
 * bounded: past {@link MAX_FACTOR_DEPTH} levels the parser gives up ({@link Unsupported}).
 *
 * @packageDocumentation
 */

import {
  appendClass,
  appendRange,
  cleanAlt,
  equalShallow,
  Flag,
  firstRune,
  isCharClass,
  knownSimpleFold,
  LimitExceeded,
  leadingRegexp,
  leadingString,
  MAX_FACTOR_DEPTH,
  MAX_FOLD,
  MAX_REPEAT,
  MIN_FOLD,
  matchRune,
  NO_RUNES,
  NO_SUBS,
  type Node,
  Op,
  PERL_FLAGS,
  PSEUDO,
  repeatIsValid,
  runeCount,
  Unsupported,
} from './regexp-node.js';

/**
 * What the tree reports to Go's limits (`regexp-limits.ts`): the counts Go keeps (`numRegexp`,
 * `numRunes`), a freed node, and each push (`checkLimits`: the limit Go panics on, or null; the
 * tree throws it as {@link LimitExceeded}).
 */
export interface GoLimitChecks {
  numRegexp: number;
  numRunes: number;
  forget(re: Node): void;
  check(stack: readonly Node[], re: Node): LimitExceeded['code'] | null;
}

/**
 * The counts alone, no check: for an expression too short to reach a limit (see
 * `SHORT_ENOUGH` in `regexp-scanner.ts`), parsed without the limit checks loaded.
 */
export class CountsOnly implements GoLimitChecks {
  numRegexp = 0;
  numRunes = 0;
  forget(): void {}
  check(): null {
    return null;
  }
}

export class GoParseTree {
  flags: number = PERL_FLAGS;
  readonly stack: Node[] = [];
  private readonly free: Node[] = [];
  private factorDepth = 0;
  /** Set when a rune's case folding was needed beyond what {@link knownSimpleFold} knows. */
  inexact = false;

  /** @param limits - Go's counts and caches behind its limits */
  constructor(private readonly limits: GoLimitChecks) {}

  /** `checkLimits` after a push: Go's panic as {@link LimitExceeded}. */
  private checkLimits(re: Node): void {
    const code = this.limits.check(this.stack, re);
    if (code !== null) throw new LimitExceeded(code);
  }

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
      this.limits.numRegexp += 1;
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
    this.limits.forget(re);
    this.free.push(re);
  }

  /** `push`: the node, or null when it was merged into the literal below. */
  push(re: Node): Node | null {
    this.limits.numRunes += runeCount(re);
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
        const n = strLen;
        out.push(this.factored(sub, start, i, prefix, (re) => this.removeLeadingString(re, n)));
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
        // The prefix is sub[start]'s leading class; the others' are freed.
        out.push(
          this.factored(sub, start, i, first as Node, (re, j) => this.removeLeadingRegexp(re, j !== start)),
        );
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

  /** `prefix(suffix1|suffix2|…)` for `sub[start:end]`, each stripped of the prefix by `strip`. */
  private factored(
    sub: Node[],
    start: number,
    end: number,
    prefix: Node,
    strip: (re: Node, j: number) => Node,
  ): Node {
    for (let j = start; j < end; j++) {
      sub[j] = strip(sub[j] as Node, j);
      this.checkLimits(sub[j] as Node);
    }
    const suffix = this.collapse(sub.slice(start, end), Op.Alternate);
    const re = this.newNode(Op.Concat);
    re.subs = [prefix, suffix];
    return re;
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
