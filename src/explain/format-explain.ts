/**
 * A terminal rendering of `explain`: one compact block per point, each value beside its source,
 * then the candidates with their verdicts.
 *
 * @packageDocumentation
 */

import { parseRef, withoutKind } from '../model/object-ref.js';
import { valueAt } from './_internal/json-pointer.js';
import type { ExplainKind, ExplainPoint, ExplainResult } from './explain.js';

/** Options of {@link formatExplainText}. */
export interface FormatExplainOptions {
  /** Terminal width; lines are wrapped to it. Default 100. */
  readonly width?: number;
  /** Longest value shown before it is shortened with `…`. Default 40. */
  readonly maxValue?: number;
}

const MARK: Readonly<Record<string, string>> = {
  applied: '✓',
  merged: '⊕',
  overridden: '✗',
  conflicted: '!',
  targetNotFound: '?',
  invalid: '!',
};

/**
 * Renders an explain result for a terminal.
 *
 * @param result - from `explain`
 * @param options - width and value length
 * @returns text, ending with a newline
 * @example
 * formatExplainText(explain(resolution, { route: 'HTTPRoute/shop/cart' }));
 * // => 'infra/public-gw · https · HTTPRoute/shop/cart · rule view\n  BackendTrafficPolicy …'
 */
export function formatExplainText(result: ExplainResult, options: FormatExplainOptions = {}): string {
  const width = options.width ?? 100;
  const maxValue = options.maxValue ?? 40;
  const lines: string[] = [];
  if (result.policy) {
    const p = result.policy;
    lines.push(`${p.policy}${p.found ? '' : '  (not found)'}`);
    for (const t of p.targets)
      pushWrapped(lines, `  target ${t.scope}: ${t.verdict} — ${t.reason}`, width, '    ');
    lines.push(`  applies at ${p.applied} point(s), overridden at ${p.overridden}`);
    for (const [by, n] of Object.entries(p.overriddenBy))
      lines.push(`    overridden by ${by} at ${n} point(s)`);
    for (const [by, n] of Object.entries(p.mergedBy)) lines.push(`    merged into by ${by} at ${n} point(s)`);
    lines.push('');
  }
  if (result.points.length === 0) lines.push('no point matches the query');
  for (const pt of result.points) {
    pushWrapped(lines, pointTitle(pt), width, '    ');
    if (pt.listenerFailed) {
      const what =
        pt.listenerFailed.routes === 'answer500'
          ? 'Envoy Gateway answers every request here with 500'
          : 'Envoy Gateway drops this route';
      pushWrapped(
        lines,
        `  ! the listener's ClientTrafficPolicy ${underKind(pt.listenerFailed.policy, 'ClientTrafficPolicy')} failed there: ${what}, whatever the policies below say`,
        width,
        '    ',
      );
    }
    for (const [kind, k] of Object.entries(pt.policies) as [string, ExplainKind][]) {
      pushWrapped(
        lines,
        `  ${kind}  ${k.mode}${k.applied.length > 0 ? `  ← ${k.applied.map((id) => underKind(id, kind)).join(' + ')}` : '  (nothing applies)'}`,
        width,
        '      ',
      );
      if (k.failed) {
        const kept =
          k.failed.kept.length > 0 ? `only its ${k.failed.kept.join(', ')}` : 'none of its settings';
        const routes =
          k.failed.routes === 'answer500'
            ? 'every route of the listener answers 500'
            : "the listener's routes are dropped";
        pushWrapped(
          lines,
          `    features failed here: Envoy Gateway applies ${kept}; ${routes}`,
          width,
          '      ',
        );
      }
      const entries = Object.entries(k.provenance).map(([ptr, src]) => [ptr, underKind(src, kind)] as const);
      const w0 = Math.min(48, Math.max(0, ...entries.map(([ptr]) => ptr.length)));
      const wSrc = Math.max(0, ...entries.map(([, src]) => src.length));
      // Values get what is left of the width, at least 12 columns.
      const room = Math.max(12, Math.min(maxValue, width - 8 - w0 - wSrc));
      const rows = entries.map(([ptr, src]) => [ptr, show(valueAt(k.effective, ptr), room), src] as const);
      const w1 = Math.max(0, ...rows.map((r) => r[1].length));
      for (const [ptr, val, src] of rows) {
        const row = `    ${ptr.padEnd(w0)}  ${val.padEnd(w1)}  ${src}`.trimEnd();
        // A row wider than the width puts its source on the next line.
        if (row.length <= width) lines.push(row);
        else pushWrapped(lines, `    ${ptr}  ${val}  ← ${src}`, width, '        ');
      }
      for (const c of k.candidates) {
        pushWrapped(
          lines,
          `    ${MARK[c.verdict] ?? '·'} ${underKind(c.policy, kind)} (${c.scope}) ${c.verdict}: ${c.reason}`,
          width,
          '        ',
        );
      }
    }
    lines.push('');
  }
  for (const d of result.diagnostics) {
    if (d.severity !== 'info')
      pushWrapped(
        lines,
        `${d.severity}: ${d.code}: ${d.message}${d.resource ? ` (${d.resource})` : ''}`,
        width,
        '  ',
      );
  }
  // Trailing line breaks off, in one pass from the end (`replace(/\n+$/, '')` retries from every
  // line break of a run that does not end the text: quadratic).
  const text = lines.join('\n');
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 0x0a) end -= 1;
  return `${text.slice(0, end)}\n`;
}

/** A policy under its kind's heading: `ns/name` (the heading says the kind; JSON keeps `Kind/ns/name`). */
function underKind(id: string, kind: string): string {
  return parseRef(id)?.kind === kind ? withoutKind(id) : id;
}

function pointTitle(pt: ExplainPoint): string {
  const parts = [pt.gateway, pt.listenerSet ? `${pt.listenerSet} ${pt.listener}` : pt.listener];
  if (pt.route) parts.push(pt.route, `rule ${pt.rule}`);
  return parts.join(' · ');
}

function show(v: unknown, max: number): string {
  const s = typeof v === 'string' ? v : (JSON.stringify(v) ?? 'undefined');
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

function pushWrapped(lines: string[], text: string, width: number, indent: string): void {
  if (text.length <= width) {
    lines.push(text);
    return;
  }
  const lead = /^ */.exec(text)?.[0] ?? '';
  const words = text.slice(lead.length).split(' ');
  let line = lead;
  for (const w of words) {
    if (line.trim() !== '' && line.length + 1 + w.length > width) {
      lines.push(line);
      line = indent + w;
    } else {
      line = line.trim() === '' ? line + w : `${line} ${w}`;
    }
  }
  if (line.trim() !== '') lines.push(line);
}
