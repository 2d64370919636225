/**
 * `gwpolicy explain`: per point, which policy of each kind applies, with which values, which
 * policy supplied each value, and why the other candidates did not apply.
 */

import { type ExplainQuery, type ExplainResult, explain } from '../../explain/explain.js';
import { formatExplainText } from '../../explain/format-explain.js';
import { lint } from '../../explain/lint.js';
import { queryReferenceDiagnostics } from '../../explain/query-references.js';
import type { Diagnostic } from '../../model/diagnostic.js';
import { locateDiagnostics } from '../../model/locate-diagnostics.js';
import {
  choiceOption,
  outputOption,
  RESOLVE_OPTIONS,
  resolveOptionsOf,
  SWITCHES_HELP,
} from '../_internal/args.js';
import type { Command } from '../_internal/command.js';
import { type EmptyAnswer, whyEmpty } from '../_internal/empty-answer.js';
import { type ExplainDocument, versioned } from '../_internal/json-documents.js';
import { readAndSimulate } from '../_internal/progress.js';
import { QUERY_OPTIONS, queryOf } from '../_internal/query.js';
import { diagnosticLine, exitStatusOf, toJson, toYaml, writeDiagnostics } from '../_internal/report.js';
import {
  type Palette,
  TEXT_OPTIONS,
  TEXT_OPTIONS_HELP,
  type TextStyle,
  textStyleOf,
  wrapLine,
} from '../_internal/terminal.js';

const help = `Usage: gwpolicy explain [FILE...|-] [--gateway NS/NAME] [--listener NAME] [--route KIND/NS/NAME]
                        [--rule NAME] [--policy KIND/NS/NAME] [--kind POLICYKIND]
                        [--order cluster|input] [--admission reject|report]
                        [--enable-lua] [--enable-backend] [--now TIME] [-o text|json|yaml]

Explain, per attachment point (Gateway, listener, route, rule; listeners alone for
ClientTrafficPolicy), which policy of each kind applies there, how policies combine (replace,
StrategicMerge, JSONMerge, or per-field fallback on TCP/UDP routes), the effective values with
the policy that supplied each one, and every other candidate with its verdict (applied, merged,
overridden, conflicted, invalid) and the rule that decided it.

With --policy, the reverse question: every point the policy reaches, where it applies, and by
whom it is overridden or merged.

Lint findings (GWP-LINT-*: silent whole-policy replacement, merge values erased by Go nulls,
lists replaced by StrategicMerge, selectors that match nothing, self-conflicts, shadowed
policies, sectionNames and targetRefs that name nothing; see docs/lint.md) about the policies
shown follow the points in text output, one line each, and are in "diagnostics" in json and
yaml output. They never change the exit status.

FILE is a manifest file or a folder (its *.yaml, *.yml and *.json files, recursively, in path
order). - reads standard input; so does no FILE, unless standard input is a terminal.

Options:
  --gateway NS/NAME          only points of this Gateway (also written Gateway/NS/NAME)
  --listener NAME            only points of this listener
  --route KIND/NS/NAME       only points of this route
  --rule NAME                only points of this rule (name, or index when unnamed)
  --policy KIND/NS/NAME      only points this policy reaches, with a summary of the policy
  --kind POLICYKIND          only this policy kind (ClientTrafficPolicy, BackendTrafficPolicy,
                             SecurityPolicy, EnvoyExtensionPolicy)
  --order cluster|input      policy order (default cluster)
  --admission reject|report  objects the API server would refuse (default reject)
${SWITCHES_HELP}  -o, --output text|json|yaml  output format (default text)
${TEXT_OPTIONS_HELP}  -h, --help                 print this help

Exit status: 0 no error diagnostics, 1 error diagnostics (the explanation is still printed),
2 usage error.
`;

/** `gwpolicy explain`. */
export const explainCommand: Command = {
  name: 'explain',
  summary: 'which policy applies where, with which values, and why',
  help,
  options: {
    ...QUERY_OPTIONS,
    ...RESOLVE_OPTIONS,
    ...outputOption(['text', 'json', 'yaml']),
    ...TEXT_OPTIONS,
  },
  run: async (args, { io }) => {
    const options = await resolveOptionsOf('explain', args);
    const output = choiceOption('explain', args, 'output', ['text', 'json', 'yaml'], 'text');
    const query = queryOf('explain', args.values);
    const { inputs, result, progress } = await readAndSimulate('explain', args, io, options);
    const explained = explain(result.resolution, query);
    const diagnostics = [
      ...inputs.diagnostics,
      ...result.diagnostics,
      ...queryReferenceDiagnostics(result.resolution, query, (f) => `explain --${f}`),
    ];
    progress.step('linting');
    const findings = locateDiagnostics(
      lintShown(lint(result.resolution), explained, query),
      result.load,
      inputs.sources,
    );
    progress.done();
    const empty = explained.points.length === 0 ? whyEmpty(query, result.resolution) : undefined;
    const document: ExplainDocument = versioned('explain', {
      ...explained,
      ...(empty ? { empty } : {}),
      diagnostics: [...diagnostics, ...findings],
    });
    if (output === 'json') io.stdout(toJson(document));
    else if (output === 'yaml') io.stdout(toYaml(document));
    else io.stdout(explainText(explained, findings, empty, textStyleOf('explain', args, io)));
    // Lint findings are part of the explanation (standard output), not of standard error.
    writeDiagnostics(io, diagnostics);
    return exitStatusOf(diagnostics);
  },
};

/** The text of an explanation: the points (or why there are none), then the lint findings. */
function explainText(
  explained: ExplainResult,
  findings: readonly Diagnostic[],
  empty: EmptyAnswer | undefined,
  style: TextStyle,
): string {
  const width = style.width ?? Number.POSITIVE_INFINITY;
  let text = formatExplainText({ ...explained, diagnostics: [] }, { width });
  if (empty) text = text.replace(/^no point matches the query$/m, wrapLine(empty.message, style.width));
  text = colourExplain(text, style.palette);
  if (findings.length === 0) return text;
  const lines = findings.map((d) => `${wrapLine(diagnosticLine(d), style.width, '    ')}\n`).join('');
  return `${text}\n${style.palette.strong(`lint: ${findings.length} finding(s)`)}\n${lines}`;
}

/** Colours the verdict marks and the point titles of explain's text (nothing when colour is off). */
function colourExplain(text: string, p: Palette): string {
  if (!p.enabled) return text;
  return text
    .split('\n')
    .map((line) => {
      if (line !== '' && !line.startsWith(' ')) return p.strong(line);
      const m = /^( {4})([✓⊕✗!?]) /.exec(line);
      if (!m) return line;
      const mark = m[2]!;
      const paint = mark === '✓' || mark === '⊕' ? p.ok : mark === '✗' ? p.dim : p.error;
      return `${m[1]}${paint(mark)}${line.slice(m[0].length - 1)}`;
    })
    .join('\n');
}

/** The lint findings about the policies a query shows (all of them without a query). */
function lintShown(
  findings: readonly Diagnostic[],
  explained: ExplainResult,
  query: ExplainQuery,
): Diagnostic[] {
  if (Object.keys(query).length === 0) return [...findings];
  const shown = new Set<string>();
  for (const pt of explained.points) {
    for (const k of Object.values(pt.policies)) {
      for (const c of k?.candidates ?? []) shown.add(c.policy);
    }
  }
  if (query.policy !== undefined) shown.add(query.policy);
  return findings.filter(
    (d) =>
      d.resource !== undefined &&
      shown.has(d.resource) &&
      (query.policy === undefined || d.resource === query.policy) &&
      (query.kind === undefined || d.resource.startsWith(`${query.kind}/`)),
  );
}
