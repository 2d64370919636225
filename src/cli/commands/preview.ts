/**
 * `gwpolicy preview`: what a change would do to effective policy and to policy status, before it
 * is applied.
 */

import { preview } from '../../explain/preview.js';
import type { ListenerFailure, PreviewResult } from '../../explain/preview-types.js';
import { simulate } from '../../explain/simulate.js';
import { locateDiagnostics } from '../../model/locate-diagnostics.js';
import { parseRef } from '../../model/object-ref.js';
import {
  choiceOption,
  outputOption,
  RESOLVE_OPTIONS,
  resolveOptionsOf,
  SWITCHES_HELP,
} from '../_internal/args.js';
import type { Command } from '../_internal/command.js';
import { usage } from '../_internal/command.js';
import { readCommandInputs, readInputs } from '../_internal/inputs.js';
import { type PreviewDocument, versioned } from '../_internal/json-documents.js';
import { exitStatusOf, toJson, toYaml, writeDiagnostics } from '../_internal/report.js';
import { TEXT_OPTIONS, TEXT_OPTIONS_HELP, textStyleOf, wrapText } from '../_internal/terminal.js';

const help = `Usage: gwpolicy preview BASE... --change FILE... [--delete KIND/NS/NAME]...
                        [--order cluster|input] [--admission reject|report]
                        [--enable-lua] [--enable-backend] [--now TIME] [-o text|json|yaml]

Show what a change would do before it is applied: every effective value that changes at every
attachment point (Gateway, listener, route, rule), with the policy that supplies it before and
after, every policy status that changes (per ancestor, the conditions before and after), and
every listener whose routes start or stop answering 500 (HTTP) or being dropped (TCP, UDP, TLS)
because a ClientTrafficPolicy's features fail there.

BASE is the current state: manifest files or folders (their *.yaml, *.yml and *.json files,
recursively), or - for standard input. --change files hold objects to add, or to replace when an
object with the same Kind/namespace/name exists in BASE. --delete removes an object.

Options:
  --change FILE              manifests to add or replace (repeatable; a file or a folder)
  --delete KIND/NS/NAME      an object to delete, e.g. BackendTrafficPolicy/shop/retries
                             (KIND/NAME for cluster-scoped kinds; repeatable)
  --order cluster|input      policy order (default cluster)
  --admission reject|report  objects the API server would refuse (default reject)
${SWITCHES_HELP}  -o, --output text|json|yaml  output format (default text)
${TEXT_OPTIONS_HELP}  -h, --help                 print this help

Exit status: 0 no error diagnostics, 1 error diagnostics (the preview is still printed),
2 usage error.
`;

/** `gwpolicy preview`. */
export const previewCommand: Command = {
  name: 'preview',
  summary: 'what a change would do to effective policy and status',
  help,
  options: {
    change: { type: 'string', multiple: true, values: 'file' },
    delete: { type: 'string', multiple: true },
    ...RESOLVE_OPTIONS,
    ...outputOption(['text', 'json', 'yaml']),
    ...TEXT_OPTIONS,
  },
  run: async (args, { io }) => {
    const options = await resolveOptionsOf('preview', args);
    const output = choiceOption('preview', args, 'output', ['text', 'json', 'yaml'], 'text');
    const changeFiles = strings(args.values.change);
    const deletes = strings(args.values.delete);
    if (changeFiles.length === 0 && deletes.length === 0)
      usage('preview: give at least one --change FILE or --delete KIND/NS/NAME');
    if (args.positionals.length === 0)
      usage('preview: give BASE... (the current manifests: files, folders or -)');
    for (const d of deletes) {
      const ref = parseRef(d);
      if (ref === null || ref.section !== undefined || !/^[A-Za-z]+$/.test(ref.kind))
        usage(`preview: --delete must be KIND/NS/NAME (or KIND/NAME), got '${d}'`);
    }
    const baseInputs = await readCommandInputs('preview', args, io);
    const changeInputs =
      changeFiles.length > 0
        ? await readInputs('preview', changeFiles, io)
        : { sources: [], diagnostics: [] };
    const base = simulate(baseInputs.sources, options);
    const result = preview(base, { sources: changeInputs.sources, delete: deletes }, options);
    const diagnostics = [
      ...baseInputs.diagnostics,
      ...changeInputs.diagnostics,
      // Each at its field, in the base's files or the change's.
      ...locateDiagnostics(result.diagnostics, result.after.load, [
        ...baseInputs.sources,
        ...changeInputs.sources,
      ]),
    ];
    const document: PreviewDocument = versioned('preview', {
      changes: result.changes,
      statusChanges: result.statusChanges,
      listenerChanges: result.listenerChanges,
      diagnostics,
    });
    if (output === 'json') io.stdout(toJson(document));
    else if (output === 'yaml') io.stdout(toYaml(document));
    else {
      const style = textStyleOf('preview', args, io);
      io.stdout(wrapText(formatText(result), style.width));
    }
    writeDiagnostics(io, diagnostics);
    return exitStatusOf(diagnostics);
  },
};

function strings(v: unknown): string[] {
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string');
  return typeof v === 'string' ? [v] : [];
}

function show(v: unknown): string {
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return s.length > 40 ? `${s.slice(0, 39)}…` : s;
}

/** One block per point and kind, one line per changed value; then status changes. */
function formatText(r: PreviewResult): string {
  const lines: string[] = [];
  if (r.changes.length === 0 && r.statusChanges.length === 0 && r.listenerChanges.length === 0)
    return 'no change to effective policy or to policy status\n';
  let current = '';
  for (const c of r.changes) {
    const title = [
      c.gateway,
      c.listenerSet ? `${c.listenerSet} ${c.listener}` : c.listener,
      ...(c.route ? [c.route, `rule ${c.rule}`] : []),
      c.kind,
    ].join(' · ');
    if (title !== current) {
      lines.push(title);
      current = title;
    }
    const before = 'before' in c ? `${show(c.before)} (${c.sourceBefore})` : '(unset)';
    const after = 'after' in c ? `${show(c.after)} (${c.sourceAfter})` : '(unset)';
    lines.push(`  ${c.path}: ${before} → ${after}`);
  }
  if (r.statusChanges.length > 0) {
    if (lines.length > 0) lines.push('');
    lines.push('status');
    for (const s of r.statusChanges) {
      const a = s.ancestor;
      const where = `${a.kind} ${a.namespace}/${a.name}${a.sectionName === undefined ? '' : `/${a.sectionName}`}`;
      const conds = (cs: readonly { type: string; status: string; reason: string }[] | undefined): string =>
        cs === undefined ? '(none)' : cs.map((c) => `${c.type}=${c.status}/${c.reason}`).join(', ');
      lines.push(`  ${s.policy} @ ${where}: ${conds(s.before)} → ${conds(s.after)}`);
    }
  }
  if (r.listenerChanges.length > 0) {
    if (lines.length > 0) lines.push('');
    lines.push(
      "listeners (a ClientTrafficPolicy's features failed there: the routes' own policies do not matter)",
    );
    const fate = (f: ListenerFailure | undefined, presence: boolean): string =>
      f === undefined
        ? presence
          ? 'no listener'
          : 'routes served'
        : `routes ${f.routes === 'answer500' ? 'answer 500' : 'dropped'} (${f.policy} failed)`;
    const list = (what: string, routes: readonly string[]): void => {
      if (routes.length === 0) return;
      const shown = routes.slice(0, 5).join(', ');
      const more = routes.length > 5 ? `, … ${routes.length - 5} more` : '';
      lines.push(`    ${what}: ${routes.length} route${routes.length === 1 ? '' : 's'}: ${shown}${more}`);
    };
    for (const c of r.listenerChanges) {
      const where = [c.gateway, c.listenerSet ? `${c.listenerSet} ${c.listener}` : c.listener].join(' · ');
      lines.push(
        `  ${where}: ${fate(c.before, c.presence === 'added')} → ${fate(c.after, c.presence === 'removed')}`,
      );
      list('now answered by the failure', c.nowFailing);
      list('no longer answered by it', c.noLongerFailing);
    }
  }
  return `${lines.join('\n')}\n`;
}
