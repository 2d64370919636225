/**
 * The wildcard suffix index (a trie of whole labels from the end of the host, with the partial
 * first labels of Envoy's `*-bar.example.com` form at its nodes) finds exactly what a scan of
 * every suffix finds, in the same order.
 */
import { fc, test } from '@fast-check/vitest';
import { expect } from 'vitest';
import { buildSuffixIndex } from '../../src/request/_internal/suffix-index.js';

/** Every suffix the host ends with and is longer than, longest first (first value of a repeated one). */
function reference(suffixes: readonly string[], host: string): string[] {
  const unique = [...new Set(suffixes)].filter((s) => s !== '');
  return unique.filter((s) => host.length > s.length && host.endsWith(s)).sort((a, b) => b.length - a.length);
}

// Few letters, dots and dashes: hosts and suffixes share labels, partial labels and empty labels.
const text = fc.string({ unit: fc.constantFrom('a', 'b', '.', '-'), maxLength: 9 });
const labelled = fc
  .array(fc.constantFrom('a', 'ab', 'b', 'x-a', ''), { minLength: 1, maxLength: 4 })
  .map((l) => l.join('.'));
const suffix = fc.oneof(
  text,
  labelled.map((l) => `.${l}`),
  fc.tuple(fc.constantFrom('a', '-a', 'ba', 'x-'), labelled).map(([p, l]) => `${p}.${l}`),
);
const host = fc.oneof(
  text,
  labelled,
  labelled.map((l) => `x.${l}`),
);

test.prop([fc.array(suffix, { maxLength: 12 }), host], { numRuns: 500 })(
  'the suffix index finds exactly the suffixes a scan of every suffix finds, longest first',
  (suffixes, h) => {
    const index = buildSuffixIndex(suffixes.map((s) => [s, s] as const));
    expect(index.matches(h)).toEqual(reference(suffixes, h));
  },
);

test.prop([fc.array(suffix, { maxLength: 12 }), host], { numRuns: 200 })(
  'a suffix matches a host only when the host is longer, and never the host itself',
  (suffixes, h) => {
    const index = buildSuffixIndex([...suffixes, h].map((s) => [s, s] as const));
    expect(index.matches(h)).not.toContain(h);
  },
);
