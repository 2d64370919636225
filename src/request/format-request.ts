/**
 * A terminal rendering of `routeRequest`: what serves the request and why, what the policies
 * decide, the effective policies (as `gwpolicy explain` prints them), and what was not chosen.
 *
 * @packageDocumentation
 */
import { formatExplainText } from '../explain/format-explain.js';
import type { NotChosen, RequestAnswer, RequestDecision, RequestListener } from './request-types.js';

/** Options of {@link formatRequestText}. */
export interface FormatRequestOptions {
  /** Terminal width; lines are wrapped to it. Default 100. */
  readonly width?: number;
}

/**
 * Renders a request answer for a terminal.
 *
 * @param answer - from `routeRequest`
 * @param options - width
 * @returns text, ending with a newline
 * @example
 * formatRequestText(routeRequest(resolution, { method: 'GET', url: 'https://shop.acme.example/cart' }));
 * // => 'GET https://shop.acme.example/cart\n  → HTTPRoute/shop/cart rule 0 (view) match 0\n…'
 */
export function formatRequestText(answer: RequestAnswer, options: FormatRequestOptions = {}): string {
  const width = options.width ?? 100;
  const lines: string[] = [];
  const push = (text: string, indent = '    '): void => wrap(lines, text, width, indent);
  const req = answer.request;
  lines.push(req === null ? 'request' : `${req.method} ${req.url}`);
  if (answer.route !== null) {
    const rule =
      answer.rule === null ? `rule ${answer.ruleIndex}` : `rule ${answer.ruleIndex} (${answer.rule})`;
    lines.push(
      `  → ${answer.route}${answer.ruleIndex === null ? '' : ` ${rule}`}${answer.matchIndex === null ? '' : ` match ${answer.matchIndex}`}`,
    );
  } else lines.push('  → no route');
  if (answer.listener !== null) lines.push(`  listener      ${listenerWords(answer.listener)}`);
  if (answer.hostname !== null) lines.push(`  virtual host  ${answer.hostname}`);
  if (req !== null && req.path !== '') lines.push(`  path          ${req.path}`);
  push(`  why           ${answer.reason}`, '                ');
  const o = answer.outcome;
  push(`  outcome       ${o.status === null ? '' : `${o.status} `}${o.by}: ${o.detail}`, '                ');
  if (answer.decisions.length > 0) {
    lines.push('', 'decisions');
    for (const d of answer.decisions)
      for (const line of decisionLines(d)) push(line, '                     ');
  }
  if (Object.keys(answer.policies).length > 0 && answer.listener !== null) {
    lines.push('', 'policies');
    const text = formatExplainText(
      {
        points: [
          {
            gateway: answer.listener.gateway,
            listener: answer.listener.name,
            listenerSet: answer.listener.listenerSet,
            route: answer.route,
            rule: answer.rule ?? (answer.ruleIndex === null ? null : String(answer.ruleIndex)),
            policies: answer.policies,
          },
        ],
        diagnostics: [],
      },
      { width },
    );
    lines.push(...text.replace(/\n$/, '').split('\n').slice(1));
  }
  if (answer.notChosen.length > 0) {
    lines.push('', 'not chosen');
    for (const n of answer.notChosen) push(`  ✗ ${notChosenWords(n)}`);
  }
  for (const d of answer.diagnostics) push(`${d.severity}: ${d.code}: ${d.message}`, '  ');
  return `${lines.join('\n')}\n`;
}

function listenerWords(l: RequestListener): string {
  const owner = l.listenerSet === null ? l.gateway : `${l.gateway} (ListenerSet ${l.listenerSet})`;
  return `${owner} · ${l.name} (${l.protocol} :${l.port}${l.hostname === null ? '' : `, ${l.hostname}`})`;
}

function notChosenWords(n: NotChosen): string {
  switch (n.type) {
    case 'listener':
      return `listener ${listenerWords(n.listener)}: ${n.reason}`;
    case 'virtualHost':
      return `virtual host ${n.hostname} (listener ${n.listener.name}): ${n.reason}`;
    case 'route':
      return `${n.route} rule ${n.ruleIndex}${n.rule === null ? '' : ` (${n.rule})`}${n.matchIndex === null ? '' : ` match ${n.matchIndex}`} on ${n.hostname}: ${n.reason}`;
    case 'droppedRule':
      return `${n.route} rule ${n.ruleIndex}: ${n.reason}`;
  }
}

function decisionLines(d: RequestDecision): string[] {
  switch (d.type) {
    case 'routeAction':
      return [`  route action   ${d.action}${d.status === null ? '' : ` ${d.status}`}: ${d.reason}`];
    case 'pathNormalization':
      return [`  path           ${d.outcome}: ${d.reason}`];
    case 'cors':
      return [`  CORS           ${d.source}: ${d.reason}`];
    case 'jwt':
      return [`  JWT            ${d.policy}: ${d.reason}`];
    case 'authorization':
      return [
        `  authorization  ${d.policy}: ${d.action}${d.status === null ? '' : ` (${d.status})`} by ${d.rule === null ? 'defaultAction' : `rule ${d.rule}`}: ${d.reason}`,
        ...d.rules.map((r) => `                   ${r.matched ? '✓' : '✗'} ${r.name}: ${r.why}`),
      ];
    case 'rateLimit':
      return [
        `  rate limit     ${d.policy} (${d.mode}): ${d.reason}`,
        ...d.rules.map(
          (r) =>
            `                   ${r.matched ? '✓' : '✗'} rule ${r.index}: ${r.limit.requests}/${r.limit.unit}, ${r.bucket}${r.shared ? ', shared' : ''}: ${r.why}`,
        ),
      ];
    case 'requestTimeout':
      return [`  timeout        ${d.value ?? '15s (Envoy default)'} from ${d.source}: ${d.reason}`];
    case 'applies':
      return [`  applies        ${d.kind} ${d.field} = ${short(JSON.stringify(d.value))} (${d.policy})`];
  }
}

function short(s: string): string {
  return s.length > 60 ? `${s.slice(0, 59)}…` : s;
}

function wrap(lines: string[], text: string, width: number, indent: string): void {
  if (text.length <= width) {
    lines.push(text);
    return;
  }
  const lead = /^ */.exec(text)?.[0] ?? '';
  let line = lead;
  for (const word of text.slice(lead.length).split(' ')) {
    if (line.trim() !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = indent + word;
    } else line = line.trim() === '' ? line + word : `${line} ${word}`;
  }
  if (line.trim() !== '') lines.push(line);
}
