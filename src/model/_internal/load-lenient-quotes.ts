/**
 * go-yaml compatibility for quoted scalars whose continuation lines are under-indented.
 *
 * YAML 1.2 (and the `yaml` package) require the continuation lines of a multi-line quoted scalar
 * in block context to be indented deeper than their parent; go-yaml, which Kubernetes tooling and
 * Envoy Gateway use, does not check this, and some of Envoy Gateway's own test data relies on it:
 *
 * ```yaml
 *     - type: Inline
 *       inline: "function envoy_on_request(request_handle)
 *       request_handle:logInfo('Goodbye.')
 *       end"
 * ```
 *
 * Leading white space of a continuation line is not part of a quoted scalar's value (it is folded
 * away), so adding spaces there changes nothing but makes the text valid YAML 1.2. Only line
 * starts are padded: line numbers stay the same.
 *
 * @packageDocumentation
 */
import { Parser } from 'yaml';
import { walkCst } from './load-cst.js';

/** Index just past the closing quote of the quoted scalar opening at `start`, or -1 when absent. */
function closingQuoteEnd(text: string, start: number, quote: string): number {
  for (let i = start + 1; i < text.length; i += 1) {
    const ch = text[i];
    if (quote === '"' && ch === '\\') {
      // An escaped line break is still a line break: let the caller see the next line start.
      if (text[i + 1] !== '\n' && text[i + 1] !== '\r') i += 1;
    } else if (ch === quote) {
      if (quote === "'" && text[i + 1] === "'") i += 1;
      else return i + 1;
    }
  }
  return -1;
}

/** Whether a quoted scalar token's source lacks its closing quote. */
function isUnterminated(source: string, quote: string): boolean {
  return closingQuoteEnd(source, 0, quote) !== source.length;
}

/** A document marker line (`---` or `...`) ends any scalar, in go-yaml as in YAML 1.2. */
function isDocumentMarker(text: string, lineStart: number): boolean {
  const marker = text.slice(lineStart, lineStart + 3);
  if (marker !== '---' && marker !== '...') return false;
  const next = text[lineStart + 3];
  return next === undefined || next === ' ' || next === '\t' || next === '\n' || next === '\r';
}

/** Offsets of quoted scalars the YAML lexer cut off at a line end. */
function unterminatedQuotedScalars(text: string): { offset: number; quote: string }[] {
  const found: { offset: number; quote: string }[] = [];
  for (const token of new Parser().parse(text)) {
    if (token.type !== 'document') continue;
    walkCst(token.value, (t) => {
      if (t.type !== 'double-quoted-scalar' && t.type !== 'single-quoted-scalar') return;
      const quote = t.type === 'double-quoted-scalar' ? '"' : "'";
      if (isUnterminated(t.source, quote)) found.push({ offset: t.offset, quote });
    });
  }
  return found.sort((a, b) => a.offset - b.offset);
}

/**
 * Pads the under-indented continuation lines of multi-line quoted scalars.
 *
 * @param text - YAML text in which the `yaml` package found an unterminated quoted scalar
 * @returns the padded text, or `undefined` when nothing could be repaired
 */
export function indentQuotedContinuations(text: string): string | undefined {
  const inserts: { at: number; spaces: number }[] = [];
  let coveredUntil = 0;
  for (const { offset, quote } of unterminatedQuotedScalars(text)) {
    if (offset < coveredUntil) continue;
    const end = closingQuoteEnd(text, offset, quote);
    if (end === -1) continue;
    const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
    const need = offset - lineStart + 1;
    const pending: { at: number; spaces: number }[] = [];
    let ok = true;
    for (let nl = text.indexOf('\n', offset); nl !== -1 && nl < end; nl = text.indexOf('\n', nl + 1)) {
      const start = nl + 1;
      if (isDocumentMarker(text, start)) {
        ok = false;
        break;
      }
      let indent = 0;
      while (text[start + indent] === ' ') indent += 1;
      const rest = text[start + indent];
      const blank = rest === '\n' || rest === '\r' || rest === undefined;
      if (!blank && indent < need) pending.push({ at: start, spaces: need - indent });
    }
    if (!ok || pending.length === 0) continue;
    inserts.push(...pending);
    coveredUntil = end;
  }
  if (inserts.length === 0) return undefined;
  let out = '';
  let from = 0;
  for (const { at, spaces } of inserts) {
    out += text.slice(from, at) + ' '.repeat(spaces);
    from = at;
  }
  return out + text.slice(from);
}
