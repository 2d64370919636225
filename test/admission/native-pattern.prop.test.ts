/**
 * Laws of `native-pattern.ts`: a pattern it translates answers as RE2 does (the shipped CRD
 * patterns and generated ones, on texts walked through the pattern's own automaton, near misses,
 * empty, long, non-ASCII and lone-surrogate texts); an accepted pattern gives a backtracking
 * matcher at most one way to read any prefix (counted by a matcher of this file, independent of
 * the module's automaton); a refused pattern is never run natively by the CRD set's cache.
 */
import { RE2JS } from '@bufbuild/re2';
import { fc, test } from '@fast-check/vitest';
import { describe, expect, test as plainTest } from 'vitest';
import {
  isDeterministic,
  nativePattern,
  type PortableNode,
  type PositionAutomaton,
  parsePortable,
  positionAutomaton,
} from '../../src/admission/_internal/native-pattern.js';
import {
  fullMatchBody,
  type NativeMatcher,
  RegexCache,
  type RegexEntry,
} from '../../src/admission/_internal/regex-cache.js';
import { CRD_DATA } from '../_support/crd-arbitrary.js';

const SHIPPED = [...new Set(CRD_DATA.nodes.flatMap((n) => (n.pt === undefined ? [] : [n.pt])))];
const TRANSLATED = SHIPPED.filter((p) => nativePattern(p) !== undefined);

/** The native `RegExp` a matcher of the cache runs, if any. */
const nativeOf = (entry: RegexEntry): RegExp | undefined =>
  'native' in entry ? (entry as NativeMatcher).native : undefined;

/** Patterns a backtracking matcher can read more than one way: all must be refused. */
const AMBIGUOUS = [
  '(a*)*b',
  '^(a*)*b$',
  '(a|a)*',
  '^(a|a)*$',
  '[a-z]*[a-z]',
  '^[a-z]*[a-z]$',
  '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$',
  '^(a+)+$',
  '^(a?)+$',
  '^(|a|)$',
  '^(ab|ac)$',
  '^a?a$',
  '^a{1,3}a$',
  '^(a{2})+a$',
  '^([0-9]{1,5}(h|m|s|ms)){1,4}$',
];

/**
 * Patterns a JavaScript backtracker reads one way (an iteration that reads nothing fails), refused
 * all the same: the subset refuses any repetition of what can match the empty text.
 */
const REFUSED_EMPTY_LOOPS = ['^(a|b?)*$', '^(a|)*$', '^(?:)*$', '^(a?){2}$'];

/** Atoms of the subset: literals, escapes, Perl classes, classes (RE2 syntax). */
const SUBSET_PIECES = [
  ...[
    'a',
    'b',
    'c',
    'x',
    '0',
    '9',
    '-',
    '/',
    '%',
    '_',
    ' ',
    '~',
    ']',
    '}',
    ',',
    '\t',
    '\n',
    '\f',
    '\r',
    '\v',
  ],
  ...[
    '\\.',
    '\\-',
    '\\/',
    '\\$',
    '\\^',
    '\\*',
    '\\+',
    '\\?',
    '\\(',
    '\\[',
    '\\{',
    '\\|',
    '\\\\',
    '\\]',
    '\\ ',
  ],
  ...[
    '\\d',
    '\\w',
    '\\s',
    '\\t',
    '\\n',
    '\\f',
    '\\r',
    '\\v',
    '\\a',
    '\\x41',
    '\\x{7e}',
    '\\x2D',
    '\\x{0061}',
    '\\x7F',
  ],
  ...[
    '[a-c]',
    '[abc]',
    '[x-z0-2]',
    '[-.]',
    '[a-]',
    '[]a]',
    '[\\d_]',
    '[\\w-]',
    '[%]',
    '[0-9a-f]',
    '[\\s\\d]',
  ],
  ...[
    '[\\x20-\\x2f]',
    '[\\s]',
    '[--/]',
    '[.-9]',
    '[[]',
    '[\\]\\\\]',
    '[\\d-z]',
    '[\\t-\\r]',
    '[]-a]',
    '[\\x00-\\x{7f}]',
  ],
];

/** Pieces outside the subset: a pattern with one is refused. All but the last two compile in RE2. */
const OUTSIDE_PIECES = [
  ...[
    '.',
    '[^a]',
    '[^a-c]',
    '\\b',
    '\\B',
    '\\A',
    '\\z',
    '(?i)a',
    '(?s).',
    '(?P<n>a)',
    '\\pN',
    '\\p{Greek}',
    '\\PL',
  ],
  ...['\\D', '\\W', '\\S', 'é', '[a-é]', '\\x80', '\\x{ff}', '\\x{1F600}', '[\\x00-\\x80]'],
  ...[
    '[[:alpha:]]',
    '[[:^digit:]]',
    '\\Qa*\\E',
    '\\0',
    '\\12',
    'a{01}',
    '{',
    'a{,2}',
    'a{1',
    'a*?',
    'a+?',
    'a??',
    'a{1,2}?',
  ],
  ...['a{65}', 'a{1,65}', 'a{0}', `${'('.repeat(33)}a${')'.repeat(33)}`],
  ...['\\C', '\\\u00e9'],
];

/** Characters outside the subset's reach, and boundary characters. */
const SPECIALS = ['é', '\u{1F600}', '\ud800', '\udfff', '\n', '\0', '\x7f', '\x80', ' ', 'ÿ'];

/** The characters of a set, as strings. */
function charsOf(set: bigint): string[] {
  const out: string[] = [];
  for (let c = 0; c < 128; c++) if (((set >> BigInt(c)) & 1n) === 1n) out.push(String.fromCharCode(c));
  return out;
}

/** The pattern's own characters and their neighbours (one code point either side). */
function alphabetOf(automaton: PositionAutomaton | undefined): string[] {
  const own = automaton === undefined ? ['a', '-', '.'] : charsOf(automaton.sets.reduce((a, s) => a | s, 0n));
  const near = own.flatMap((c) => [c.charCodeAt(0) - 1, c.charCodeAt(0) + 1]).filter((c) => c >= 0);
  return [...new Set([...own, ...near.map((c) => String.fromCharCode(c)), ...SPECIALS])];
}

/** A text read along the automaton (in its language or a prefix of it), steps chosen by `steps`. */
function walk(a: PositionAutomaton, steps: readonly [number, number][]): string {
  let out = '';
  let options = a.first;
  for (const [which, pick] of steps) {
    const i = which % (options.length + 1);
    if (i === options.length) break;
    const p = options[i] as number;
    const chars = charsOf(a.sets[p] as bigint);
    out += chars[pick % chars.length];
    options = a.follow[p] as readonly number[];
  }
  return out;
}

/** Texts for a pattern: walks, walks with one character changed, its alphabet, long texts. */
function textsFor(pattern: string): fc.Arbitrary<string> {
  const parsed = parsePortable(pattern);
  const automaton = parsed === undefined ? undefined : positionAutomaton(parsed);
  const alphabet = alphabetOf(automaton);
  const free = fc.array(fc.constantFrom(...alphabet), { maxLength: 16 }).map((cs) => cs.join(''));
  if (automaton === undefined) return fc.oneof(free, fc.constant(''));
  const walked = fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 40 }).map((s) => walk(automaton, s));
  const changed = fc
    .tuple(walked, fc.nat(), fc.constantFrom(...alphabet), fc.constantFrom('insert', 'replace', 'delete'))
    .map(([t, at, c, how]) => {
      const i = t.length === 0 ? 0 : at % t.length;
      if (how === 'insert') return t.slice(0, i) + c + t.slice(i);
      if (how === 'replace') return t.slice(0, i) + c + t.slice(i + 1);
      return t.slice(0, i) + t.slice(i + 1);
    });
  const long = fc
    .tuple(walked, fc.integer({ min: 20, max: 200 }), fc.constantFrom('', '!', '\ud800', '\u{1F600}'))
    .map(([t, n, tail]) => t.repeat(n) + tail);
  return fc.oneof(walked, changed, free, long, fc.constant(''));
}

/** RE2's answers as the cache runs the pattern: a search, and a full match of `^body$`'s body. */
function re2Answers(pattern: string): ((s: string) => boolean)[] {
  const search = RE2JS.compile(pattern);
  const out = [(s: string) => search.test(s)];
  const body = fullMatchBody(pattern);
  if (body !== undefined) {
    const whole = RE2JS.compile(body);
    out.push((s) => whole.testExact(s));
  }
  return out;
}

/** Checks that the native `RegExp`, with and without `u`, answers as RE2 on every text. */
function expectAgreement(pattern: string, native: RegExp, texts: readonly string[]): void {
  const unicode = new RegExp(native.source, 'u');
  const answers = re2Answers(pattern);
  for (const t of texts) {
    const want = (answers[0] as (s: string) => boolean)(t);
    const at = `${pattern} (${native.source}) on ${JSON.stringify(t)}`;
    for (const a of answers) expect(a(t), at).toBe(want);
    expect(native.test(t), at).toBe(want);
    expect(unicode.test(t), `${at} with u`).toBe(want);
  }
}

/**
 * For each index of the text, how many ways a backtracking matcher starting at `from` reads the
 * text up to it (every derivation through the tree is followed, as the engine would on failure),
 * and how many ways it reaches the end of the pattern at each index.
 */
function waysToRead(tree: PortableNode, s: string, from: number): { read: number[]; ends: number[] } {
  const read = new Array<number>(s.length + 1).fill(0);
  const ends = new Array<number>(s.length + 1).fill(0);
  const match = (node: PortableNode, i: number, k: (j: number) => void): void => {
    switch (node.type) {
      case 'chars': {
        const c = s.charCodeAt(i);
        if (i < s.length && c < 128 && ((node.set >> BigInt(c)) & 1n) === 1n) {
          read[i + 1] = (read[i + 1] as number) + 1;
          k(i + 1);
        }
        return;
      }
      case 'seq': {
        const from = (n: number, j: number): void => {
          const item = node.items[n];
          if (item === undefined) k(j);
          else match(item, j, (j2) => from(n + 1, j2));
        };
        from(0, i);
        return;
      }
      case 'alt':
        for (const b of node.branches) match(b, i, k);
        return;
      case 'repeat': {
        const { body, min, max } = node;
        const again = (n: number, j: number): void => {
          if (n >= min) k(j);
          // An iteration past the minimum that reads nothing ends the loop, as in JavaScript.
          if (max === undefined || n < max)
            match(body, j, (j2) => (j2 > j || n < min ? again(n + 1, j2) : undefined));
        };
        again(0, i);
        return;
      }
    }
  };
  match(tree, from, (j) => {
    ends[j] = (ends[j] as number) + 1;
  });
  return { read, ends };
}

/** The most ways any prefix of the text (from any start) is read or ends the pattern. */
function mostWays(pattern: string, s: string): number {
  const parsed = parsePortable(pattern);
  if (parsed === undefined) throw new Error(`${pattern} is not of the subset`);
  let most = 0;
  for (let from = 0; from <= (parsed.start ? 0 : s.length); from++) {
    const { read, ends } = waysToRead(parsed.tree, s, from);
    most = Math.max(most, ...read, ...ends);
  }
  return most;
}

/** RE2 patterns of the subset (and, with `wide`, a few pieces outside it). */
function patternArbitrary(wide: boolean): fc.Arbitrary<string> {
  const pieces = wide ? [...SUBSET_PIECES, ...OUTSIDE_PIECES] : SUBSET_PIECES;
  const quantifiers = [
    '',
    '',
    '',
    '*',
    '+',
    '?',
    '{2}',
    '{1,3}',
    '{2,}',
    '{0,2}',
    '{1}',
    ...(wide ? ['*?', '{0}'] : []),
  ];
  const { alternation } = fc.letrec<{ atom: string; item: string; sequence: string; alternation: string }>(
    (tie) => ({
      atom: fc.oneof(
        { weight: 6, arbitrary: fc.constantFrom(...pieces) },
        {
          weight: 1,
          arbitrary: fc
            .tuple(fc.constantFrom('(', '(?:'), tie('alternation'))
            .map(([open, inner]) => `${open}${inner})`),
        },
      ),
      item: fc.tuple(tie('atom'), fc.constantFrom(...quantifiers)).map(([a, q]) => a + q),
      sequence: fc.array(tie('item'), { maxLength: 4, depthIdentifier: 'pattern' }).map((xs) => xs.join('')),
      alternation: fc
        .array(tie('sequence'), { minLength: 1, maxLength: 3, depthIdentifier: 'pattern' })
        .map((xs) => xs.join('|')),
    }),
  );
  return fc
    .tuple(fc.constantFrom('^…$', '^…$', '^…', '…', '…$'), alternation)
    .map(([shape, body]) => shape.replace('…', body))
    .filter((p) => {
      try {
        RE2JS.compile(p);
        return true;
      } catch {
        return false;
      }
    });
}

describe('a translated pattern answers as RE2 does', () => {
  const oneCharacter = [...Array.from({ length: 128 }, (_, c) => String.fromCharCode(c)), ...SPECIALS];
  plainTest.each(SUBSET_PIECES)('the atom %s reads the same characters as RE2', (piece) => {
    const pattern = `^${piece}$`;
    const native = nativePattern(pattern);
    expect(native, pattern).toBeDefined();
    expectAgreement(pattern, native as RegExp, [...oneCharacter, '', 'aa', '--', '\\\\']);
  });

  plainTest.each(OUTSIDE_PIECES)('a pattern with %s, outside the subset, is refused', (piece) => {
    for (const pattern of [`^${piece}$`, `^(?:x|${piece})y$`]) {
      let compiles = true;
      try {
        RE2JS.compile(pattern);
      } catch {
        compiles = false;
      }
      expect(nativePattern(pattern), pattern).toBeUndefined();
      expect(compiles, pattern).toBe(OUTSIDE_PIECES.indexOf(piece) < OUTSIDE_PIECES.length - 2);
    }
  });

  plainTest('the shipped patterns that translate are counted', () => {
    console.log(`native CRD patterns: ${TRANSLATED.length} of ${SHIPPED.length}`);
    expect(TRANSLATED).toContain("^(?:[-A-Za-z0-9/._~!$&'()*+,;=:@]|[%][0-9a-fA-F]{2})+$");
  });

  test.prop(
    [
      fc
        .constantFrom(...TRANSLATED)
        .chain((p) => fc.tuple(fc.constant(p), fc.array(textsFor(p), { maxLength: 20 }))),
    ],
    {
      numRuns: 200,
    },
  )(
    'for every shipped pattern that translates, on texts from its own characters and beyond',
    ([pattern, texts]) => {
      expectAgreement(pattern, nativePattern(pattern) as RegExp, texts);
    },
  );

  test.prop(
    [
      patternArbitrary(false).chain((p) =>
        fc.tuple(fc.constant(p), fc.array(textsFor(p), { maxLength: 12 })),
      ),
    ],
    {
      numRuns: 400,
    },
  )('for every generated pattern of the subset that translates', ([pattern, texts]) => {
    const native = nativePattern(pattern);
    if (native !== undefined) expectAgreement(pattern, native, texts);
  });

  plainTest('generated patterns of the subset translate often enough for the law to bite', () => {
    const sample = fc.sample(patternArbitrary(false), { numRuns: 500, seed: 12 });
    const translated = sample.filter((p) => nativePattern(p) !== undefined).length;
    expect(translated).toBeGreaterThan(sample.length / 5);
  });
});

describe('an accepted pattern is read one way', () => {
  test.prop([fc.oneof(fc.constantFrom(...TRANSLATED), patternArbitrary(false))], { numRuns: 300 })(
    'every accepted pattern has a deterministic position automaton',
    (pattern) => {
      const parsed = parsePortable(pattern);
      if (nativePattern(pattern) === undefined || parsed === undefined) return;
      const automaton = positionAutomaton(parsed);
      expect(automaton).toBeDefined();
      expect(isDeterministic(automaton as PositionAutomaton)).toBe(true);
    },
  );

  test.prop(
    [
      fc
        .oneof(fc.constantFrom(...TRANSLATED), patternArbitrary(false))
        .filter((p) => nativePattern(p) !== undefined)
        .chain((p) =>
          fc.tuple(
            fc.constant(p),
            fc.array(
              textsFor(p).map((t) => t.slice(0, 24)),
              { minLength: 1, maxLength: 6 },
            ),
          ),
        ),
    ],
    { numRuns: 200 },
  )('a backtracking matcher reads every prefix of any text at most one way', ([pattern, texts]) => {
    for (const t of texts)
      expect(mostWays(pattern, t), `${pattern} on ${JSON.stringify(t)}`).toBeLessThanOrEqual(1);
  });

  plainTest.each(AMBIGUOUS)('the ambiguous pattern %s is refused, and its ambiguity is seen', (pattern) => {
    expect(nativePattern(pattern)).toBeUndefined();
    // The counter has teeth: some short text over the pattern's characters is read two ways.
    const texts = fc.sample(
      textsFor(pattern).map((t) => t.slice(0, 8)),
      { numRuns: 300, seed: 1 },
    );
    expect(Math.max(...texts.map((t) => mostWays(pattern, t)))).toBeGreaterThan(1);
  });

  plainTest.each(REFUSED_EMPTY_LOOPS)('the repetition of an empty match %s is refused', (pattern) => {
    expect(RE2JS.compile(pattern)).toBeDefined();
    expect(nativePattern(pattern)).toBeUndefined();
  });
});

describe('a refused pattern is never run natively', () => {
  test.prop(
    [fc.oneof(fc.constantFrom(...SHIPPED, ...AMBIGUOUS, ...REFUSED_EMPTY_LOOPS), patternArbitrary(true))],
    { numRuns: 300 },
  )("the CRD set's cache runs a pattern as a native RegExp exactly when it translates", (pattern) => {
    const entry = new RegexCache(false).lookup(pattern);
    expect(nativeOf(entry)?.source, pattern).toBe(nativePattern(pattern)?.source);
    expect(nativeOf(new RegexCache(true).lookup(pattern))).toBeUndefined();
  });

  plainTest("a text that overflows the engine's backtracking stack is answered by RE2", () => {
    const pattern = "^(?:[-A-Za-z0-9/._~!$&'()*+,;=:@]|[%][0-9a-fA-F]{2})+$";
    const matcher = new RegexCache(false).lookup(pattern) as NativeMatcher;
    const long = `${'/a'.repeat(4_500_000)}%`;
    expect(() => matcher.native.test(long)).toThrow(RangeError);
    expect(matcher.test(long)).toBe(false);
    expect(matcher.test(long.slice(0, -1))).toBe(true);
  });

  test.prop([patternArbitrary(true)], { numRuns: 300 })(
    'an emitted RegExp has no flag, no capturing group, and no escape but \\xHH',
    (pattern) => {
      const native = nativePattern(pattern);
      if (native === undefined) return;
      expect(native.flags).toBe('');
      expect(native.source).not.toMatch(/\\(?!x[0-9a-f]{2})/);
      expect(native.source).not.toMatch(/\((?!\?:)/);
    },
  );

  test.prop([patternArbitrary(false)], { numRuns: 300 })(
    'a search without ^ is accepted only when its matches have a bounded length',
    (pattern) => {
      const parsed = parsePortable(pattern);
      if (nativePattern(pattern) === undefined || parsed === undefined || parsed.start) return;
      expect(positionAutomaton(parsed)?.unbounded).toBe(false);
    },
  );
});
