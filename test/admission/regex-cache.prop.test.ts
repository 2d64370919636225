/**
 * Laws of the CRD set's regular expressions (`regex-cache.ts`): for every pattern of the shipped
 * CRDs and for generated patterns, the fast matcher (a full match of the body of a pattern
 * anchored at both ends, answers kept where texts recur) answers as RE2 running the pattern as
 * written; and which patterns are rewritten.
 */
import { RE2JS } from '@bufbuild/re2';
import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { fullMatchBody, RegexCache } from '../../src/admission/_internal/regex-cache.js';
import { CRD_DATA } from '../_support/crd-arbitrary.js';

const PATTERNS = [...new Set(CRD_DATA.nodes.flatMap((n) => (n.pt === undefined ? [] : [n.pt])))];

/** Texts near what the patterns expect: pieces of names, hostnames, paths, units, addresses. */
const text = fc
  .array(
    fc.constantFrom(
      'a',
      'Z',
      '0',
      '9',
      '-',
      '.',
      '/',
      '*',
      ':',
      '%2f',
      '%',
      '_',
      'ms',
      's',
      '10',
      'http',
      '://',
      '\n',
      ' ',
      '^',
      '$',
      'é',
      '\u{1F600}',
      '\ud800',
      'Ki',
      '@',
    ),
    { maxLength: 12 },
  )
  .map((parts) => parts.join(''));

describe('the fast matcher answers as RE2 on the pattern as written', () => {
  test.prop([fc.constantFrom(...PATTERNS), fc.array(text, { minLength: 1, maxLength: 30 })], {
    numRuns: 300,
  })('for every pattern of the shipped CRDs', (pattern, texts) => {
    const re = RE2JS.compile(pattern);
    const fast = new RegexCache(false).lookup(pattern);
    if ('error' in fast) throw new Error(fast.error);
    for (const t of [...texts, ...texts])
      expect(fast.test(t), `${pattern} on ${JSON.stringify(t)}`).toBe(re.test(t));
  });

  const piece = fc.constantFrom(
    'a',
    '[a-z]',
    '[^/]',
    '(b|c)',
    '(?:d)',
    'x*',
    'y+',
    'z?',
    '\\.',
    '[$^]',
    '\\$',
    '|',
    '\\b',
    '.',
  );
  test.prop([fc.array(piece, { minLength: 1, maxLength: 5 }), fc.array(text, { maxLength: 20 })], {
    numRuns: 300,
  })('for generated patterns anchored at both ends', (pieces, texts) => {
    const pattern = `^${pieces.join('')}$`;
    let re: RE2JS;
    try {
      re = RE2JS.compile(pattern);
    } catch {
      return;
    }
    const fast = new RegexCache(false).lookup(pattern);
    if ('error' in fast) return;
    for (const t of [...texts, 'a', 'abc', ''])
      expect(fast.test(t), `${pattern} on ${JSON.stringify(t)}`).toBe(re.test(t));
  });
});

describe('which patterns run as a full match of their body', () => {
  test.each([
    ['^[a-z0-9]([-a-z0-9]*[a-z0-9])?$', '[a-z0-9]([-a-z0-9]*[a-z0-9])?'],
    [
      "^(?:[-A-Za-z0-9/._~!$&'()*+,;=:@]|[%][0-9a-fA-F]{2})+$",
      "(?:[-A-Za-z0-9/._~!$&'()*+,;=:@]|[%][0-9a-fA-F]{2})+",
    ],
    ['^[]a]$', '[]a]'],
    ['^a|b$', undefined],
    ['^$|^a$', undefined],
    ['^a\\$', undefined],
    ['^a\\b$', undefined],
    ['^(?m)a$', undefined],
    ['^(a$)$', undefined],
    ['a$', undefined],
  ])('%s', (pattern, body) => {
    expect(fullMatchBody(pattern)).toBe(body);
  });
});
