/**
 * `gwpolicy explain`: per point, which policy of each kind applies, with which values, which
 * policy supplied each value, and why the other candidates did not apply.
 */
import { type ExplainQuery, type ExplainResult, explain } from '../../explain/explain.js';
import { formatExplainText } from '../../explain/format-explain.js';
import { lint } from '../../explain/lint.js';
import { simulate } from '../../explain/simulate.js';
import type { Diagnostic } from '../../model/diagnostic.js';
import { POLICY_KINDS, type PolicyKind } from '../../model/types.js';
import {
  choiceOption,
  OUTPUT_OPTION,
  RESOLVE_OPTIONS,
  resolveOptionsOf,
  SWITCHES_HELP,
} from '../_internal/args.js';
import type { Command } from '../_internal/command.js';
import { usage } from '../_internal/command.js';
import { readInputs } from '../_internal/inputs.js';
import { diagnosticLine, exitStatusOf, toJson, toYaml, writeDiagnostics } from '../_internal/report.js';

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
  --gateway NS/NAME          only points of this Gateway
  --listener NAME            only points of this listener
  --route KIND/NS/NAME       only points of this route
  --rule NAME                only points of this rule (name, or index when unnamed)
  --policy KIND/NS/NAME      only points this policy reaches, with a summary of the policy
  --kind POLICYKIND          only this policy kind (ClientTrafficPolicy, BackendTrafficPolicy,
                             SecurityPolicy, EnvoyExtensionPolicy)
  --order cluster|input      policy order (default cluster)
  --admission reject|report  objects the API server would refuse (default reject)
${SWITCHES_HELP}  -o, --output text|json|yaml  output format (default text)
  -h, --help                 print this help

Exit status: 0 no error diagnostics, 1 error diagnostics (the explanation is still printed),
2 usage error.
`;

/** `gwpolicy explain`. */
export const explainCommand: Command = {
  name: 'explain',
  summary: 'which policy applies where, with which values, and why',
  help,
  options: {
    gateway: { type: 'string' },
    listener: { type: 'string' },
    route: { type: 'string' },
    rule: { type: 'string' },
    policy: { type: 'string' },
    kind: { type: 'string' },
    ...RESOLVE_OPTIONS,
    ...OUTPUT_OPTION,
  },
  run: async (args, { io }) => {
    const options = await resolveOptionsOf('explain', args);
    const output = choiceOption('explain', args, 'output', ['text', 'json', 'yaml'], 'text');
    const query = queryOf(args.values);
    const inputs = await readInputs('explain', args.positionals, io);
    const result = simulate(inputs.sources, options);
    const explained = explain(result.resolution, query);
    const diagnostics = [...inputs.diagnostics, ...result.diagnostics];
    const findings = lintShown(lint(result.resolution), explained, query);
    const document = { ...explained, diagnostics: [...diagnostics, ...findings] };
    if (output === 'json') io.stdout(toJson(document));
    else if (output === 'yaml') io.stdout(toYaml(document));
    else {
      // Wrapped to 100 columns, continuation lines indented, like the rest of the text output.
      const lines = findings.map((d) => `${wrap(diagnosticLine(d), 100, '    ')}\n`).join('');
      const text = formatExplainText({ ...explained, diagnostics: [] });
      io.stdout(findings.length === 0 ? text : `${text}\nlint: ${findings.length} finding(s)\n${lines}`);
    }
    // Lint findings are part of the explanation (standard output), not of standard error.
    writeDiagnostics(io, diagnostics);
    return exitStatusOf(diagnostics);
  },
};

/** Word-wraps one line to a width, indenting continuation lines. */
function wrap(text: string, width: number, indent: string): string {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      out.push(line);
      line = indent + word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') out.push(line);
  return out.join('\n');
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
    for (const [kind, k] of Object.entries(pt.policies)) {
      for (const c of k?.candidates ?? []) shown.add(`${kind}/${c.policy}`);
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

function queryOf(values: Readonly<Record<string, unknown>>): ExplainQuery {
  const q: { -readonly [K in keyof ExplainQuery]: ExplainQuery[K] } = {};
  const str = (k: string): string | undefined =>
    typeof values[k] === 'string' ? (values[k] as string) : undefined;
  const gateway = str('gateway');
  if (gateway !== undefined) {
    if (!/^[^/]+\/[^/]+$/.test(gateway)) usage(`explain: --gateway must be NS/NAME, got '${gateway}'`);
    q.gateway = gateway;
  }
  const route = str('route');
  if (route !== undefined) {
    if (!/^[A-Za-z]+Route\/[^/]+\/[^/]+$/.test(route))
      usage(`explain: --route must be KIND/NS/NAME (e.g. HTTPRoute/default/web), got '${route}'`);
    q.route = route;
  }
  const policy = str('policy');
  if (policy !== undefined) {
    const kind = policy.split('/')[0] ?? '';
    if (!/^[^/]+\/[^/]+\/[^/]+$/.test(policy) || !(POLICY_KINDS as readonly string[]).includes(kind)) {
      usage(
        `explain: --policy must be KIND/NS/NAME with KIND one of ${POLICY_KINDS.join(', ')}, got '${policy}'`,
      );
    }
    q.policy = policy;
  }
  const kind = str('kind');
  if (kind !== undefined) {
    if (!(POLICY_KINDS as readonly string[]).includes(kind))
      usage(`explain: --kind must be one of ${POLICY_KINDS.join(', ')}, got '${kind}'`);
    q.kind = kind as PolicyKind;
  }
  const listener = str('listener');
  if (listener !== undefined) q.listener = listener;
  const rule = str('rule');
  if (rule !== undefined) q.rule = rule;
  return q;
}
