import { describe, expect, test } from 'vitest';
import { goQuote, timeQuote } from '../../src/go/quote.js';

describe('Go quoting', () => {
  test('goQuote quotes like strconv.Quote', () => {
    expect(goQuote('a\\d"\n\u0007é')).toBe('"a\\\\d\\"\\n\\aé"');
  });
  test('timeQuote escapes quotes, backslashes and control bytes', () => {
    expect(timeQuote('a"b\\c\n')).toBe('"a\\"b\\\\c\\x0a"');
  });

  test('goQuote writes non-printable runes as Go does: \\x, \\u and \\U escapes', () => {
    expect(goQuote('\u0000\u007f')).toBe('"\\x00\\x7f"');
    expect(goQuote('\u200b')).toBe('"\\u200b"');
    expect(goQuote('\u{e0001}')).toBe('"\\U000e0001"');
  });

  test('timeQuote writes every non-ASCII byte as \\xNN', () => {
    expect(timeQuote('é')).toBe('"\\xc3\\xa9"');
  });
});
