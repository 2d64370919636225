/**
 * How Go quotes strings in the messages Envoy Gateway writes: `strconv.Quote` (the `%q` verb) and
 * the `time` package's own quoting in its parse errors.
 *
 * @packageDocumentation
 */

const encoder = new TextEncoder();

const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;
const C_ESCAPES: Readonly<Record<number, string>> = {
  7: '\\a',
  8: '\\b',
  12: '\\f',
  10: '\\n',
  13: '\\r',
  9: '\\t',
  11: '\\v',
};

/**
 * Go's `strconv.Quote` (the `%q` verb): double quotes, `"` and `\` escaped, printable runes kept,
 * others as `\a`…`\v`, `\xNN`, `\uNNNN` or `\UNNNNNNNN`.
 *
 * @param s - the text
 * @returns the quoted text
 * @example
 * goQuote('a\\d"\n');
 * // => "\"a\\\\d\\\"\\n\""
 */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (PRINTABLE.test(ch)) out += ch;
    else if (C_ESCAPES[cp] !== undefined) out += C_ESCAPES[cp];
    else if (cp < 0x20 || cp === 0x7f) out += `\\x${cp.toString(16).padStart(2, '0')}`;
    else if (cp < 0x10000) out += `\\u${cp.toString(16).padStart(4, '0')}`;
    else out += `\\U${cp.toString(16).padStart(8, '0')}`;
  }
  return `${out}"`;
}

/**
 * Go's `time` package quoting of a string in its error messages: double quotes, `"` and `\`
 * escaped, control and non-ASCII bytes as `\xNN`.
 *
 * @param s - the text
 * @returns the quoted text
 * @example
 * timeQuote('10sec');
 * // => "\"10sec\""
 */
export function timeQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    if (c >= 0x80 || c < 0x20) {
      for (const b of encoder.encode(ch)) out += `\\x${b.toString(16).padStart(2, '0')}`;
    } else {
      if (ch === '"' || ch === '\\') out += '\\';
      out += ch;
    }
  }
  return `${out}"`;
}
