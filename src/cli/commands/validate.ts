/**
 * `gwpolicy validate`: load manifests, build the topology, check admission, resolve, lint, report
 * everything.
 */
import { lint } from '../../explain/lint.js';
import { simulate } from '../../explain/simulate.js';
import type { Diagnostic } from '../../model/diagnostic.js';
import type { LoadResult } from '../../model/load-types.js';
import { KNOWN_KINDS } from '../../model/resource.js';
import {
  choiceOption,
  OUTPUT_OPTION,
  RESOLVE_OPTIONS,
  resolveOptionsOf,
  SWITCHES_HELP,
} from '../_internal/args.js';
import type { Command } from '../_internal/command.js';
import { readInputs } from '../_internal/inputs.js';
import { diagnosticLine, exitStatusOf, toJson } from '../_internal/report.js';

const help = `Usage: gwpolicy validate [FILE...|-] [--order cluster|input] [--admission reject|report]
                         [--enable-lua] [--enable-backend] [--now TIME] [-o text|json]

Load manifests, admit every object as the API server would (its CRD: served version, unknown
fields, defaults, schema and CEL rules, in the API server's words), build the topology, resolve
policy attachment and lint the result: silent
whole-policy replacement, merge values erased by Go nulls, lists replaced by StrategicMerge,
selectors that match nothing, self-conflicts, policies shadowed everywhere, sectionNames and
targetRefs that name nothing (GWP-LINT-*, warnings and info, see docs/lint.md). Prints, to
standard output, a summary line, then every diagnostic (errors, warnings and info) as one line
each: file:line:col: code: message (resource).

FILE is a manifest file or a folder (its *.yaml, *.yml and *.json files, recursively, in path
order). - reads standard input; so does no FILE, unless standard input is a terminal.

Options:
  --order cluster|input      policy order for the resolution the lint reads: cluster (default) =
                             creationTimestamp, then namespace, then name, as in a cluster;
                             input = as given, as in Envoy Gateway's translator tests
  --admission reject|report  objects the API server would refuse: reject (default) = errors,
                             left out of the resolution; report = warnings, resolved and linted
${SWITCHES_HELP}  -o, --output text|json     text (default): the summary line and the diagnostic lines;
                             json: {"summary": {...}, "diagnostics": [...]}
  -h, --help                 print this help

Exit status: 0 no error diagnostics (lint findings are never errors), 1 error diagnostics,
2 usage error.
`;

/** The summary of `gwpolicy validate`. */
interface ValidateSummary {
  readonly files: number;
  readonly documents: number;
  readonly resources: number;
  readonly diagnosed: number;
  readonly unknownKinds: number;
  /** Resources per kind, in `KNOWN_KINDS` order, kinds with none left out. */
  readonly kinds: Readonly<Record<string, number>>;
  readonly errors: number;
  readonly warnings: number;
  readonly infos: number;
}

function summaryOf(files: number, load: LoadResult, diagnostics: readonly Diagnostic[]): ValidateSummary {
  const counts = new Map<string, number>();
  for (const r of load.resources) counts.set(r.kind, (counts.get(r.kind) ?? 0) + 1);
  const kinds: Record<string, number> = {};
  for (const { kind } of KNOWN_KINDS) {
    const n = counts.get(kind);
    if (n !== undefined) kinds[kind] = n;
  }
  // Kinds the loader keeps beyond KNOWN_KINDS (none today), in name order.
  for (const kind of [...counts.keys()].sort()) if (!(kind in kinds)) kinds[kind] = counts.get(kind) ?? 0;
  const count = (s: Diagnostic['severity']): number => diagnostics.filter((d) => d.severity === s).length;
  return {
    files,
    documents: load.summary.documents,
    resources: load.summary.resources,
    diagnosed: load.summary.diagnosed,
    unknownKinds: load.summary.unknownKinds,
    kinds,
    errors: count('error'),
    warnings: count('warning'),
    infos: count('info'),
  };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function summaryLine(s: ValidateSummary): string {
  const kinds = Object.entries(s.kinds)
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');
  return (
    `${plural(s.files, 'file')}, ${plural(s.documents, 'document')}, ${plural(s.resources, 'resource')}` +
    `${kinds === '' ? '' : ` (${kinds})`}, ${s.diagnosed} diagnosed, ${plural(s.unknownKinds, 'unknown kind')}; ` +
    `${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')}, ${s.infos} info`
  );
}

/** `gwpolicy validate`. */
export const validateCommand: Command = {
  name: 'validate',
  summary: 'load manifests and report every problem (load, topology, admission, lint)',
  help,
  options: { ...RESOLVE_OPTIONS, ...OUTPUT_OPTION },
  run: async (args, { io }) => {
    const options = await resolveOptionsOf('validate', args);
    const output = choiceOption('validate', args, 'output', ['text', 'json'], 'text');
    const inputs = await readInputs('validate', args.positionals, io);
    // Loader, then topology and admission (simulate's order), then the lint of the resolution.
    const result = simulate(inputs.sources, options);
    const diagnostics = [...inputs.diagnostics, ...result.diagnostics, ...lint(result.resolution)];
    const summary = summaryOf(inputs.sources.length, result.load, diagnostics);
    if (output === 'json') io.stdout(toJson({ summary, diagnostics }));
    else io.stdout([summaryLine(summary), ...diagnostics.map(diagnosticLine)].map((l) => `${l}\n`).join(''));
    return exitStatusOf(diagnostics);
  },
};
