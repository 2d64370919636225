import { describe, expect, test } from 'vitest';
import { compareBytes } from '../../src/go/string-order.js';

describe('compareBytes (Go string order: bytewise over UTF-8)', () => {
  test('orders ASCII as Go does, upper case before lower case', () => {
    expect(['b', 'B', 'a', 'ab', ''].sort(compareBytes)).toEqual(['', 'B', 'a', 'ab', 'b']);
  });

  test('a code point above U+FFFF sorts after U+FFFF, as its UTF-8 bytes do (UTF-16 order would not)', () => {
    const astral = '\u{10000}';
    const bmpHigh = '\uffff';
    expect(compareBytes(bmpHigh, astral)).toBeLessThan(0);
    // UTF-16 code units put the surrogate pair (0xD800…) before 0xFFFF.
    expect(bmpHigh < astral).toBe(false);
  });

  test('equal strings compare equal and a prefix sorts first', () => {
    expect(compareBytes('ns/a', 'ns/a')).toBe(0);
    expect(compareBytes('ns', 'ns/a')).toBeLessThan(0);
  });
});
