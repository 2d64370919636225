/**
 * `gwpolicy drift`: the status the simulation predicts against the status present on the policy
 * objects (or in `--status FILE`), ancestor by ancestor and condition by condition; exit 1 on any
 * difference.
 */
import { type DriftResult, policyDrift } from '../../explain/policy-drift.js';
import { loadManifests } from '../../model/load-manifests.js';
import {
  choiceOption,
  outputOption,
  RESOLVE_OPTIONS,
  resolveOptionsOf,
  SWITCHES_HELP,
} from '../_internal/args.js';
import type { Command } from '../_internal/command.js';
import { readInputs } from '../_internal/inputs.js';
import { type DriftDocument, versioned } from '../_internal/json-documents.js';
import { readAndSimulate } from '../_internal/progress.js';
import { exitStatusOf, toJson, writeDiagnostics } from '../_internal/report.js';
import {
  TEXT_OPTIONS,
  TEXT_OPTIONS_HELP,
  type TextStyle,
  textStyleOf,
  wrapLine,
} from '../_internal/terminal.js';
import { EXIT_ERRORS, EXIT_OK } from '../exit-codes.js';

const help = `Usage: gwpolicy drift [FILE...|-] [--status FILE]... [--order cluster|input]
                      [--admission reject|report] [--enable-lua] [--enable-backend] [--now TIME]
                      [-o text|json] [--width N] [--color|--no-color]

Compare the status Envoy Gateway would write on every policy with the status the policy objects
carry (kubectl get ... -o yaml output, or a live cluster), ancestor by ancestor and condition by
condition: an ancestor or a condition on one side only, or a condition whose status, reason or
message differs. lastTransitionTime and observedGeneration are ignored, and so is the order of
ancestors and conditions; ancestors written by another controller are left alone. For an
operator it finds a controller that is behind or a cluster that changed; for a controller
author it is the oracle from the command line.

FILE is a manifest file or a folder (its *.yaml, *.yml and *.json files, recursively, in path
order). - reads standard input; so does no FILE, unless standard input is a terminal.

Options:
  --status FILE              read the present status from FILE (repeatable; a file or a folder)
                             instead of from the input's own policies, e.g. a translator test's
                             X.out.yaml beside X.in.yaml
  --order cluster|input      policy order (default cluster; input for translator test data)
  --admission reject|report  policies the API server would refuse (default reject)
${SWITCHES_HELP}  -o, --output text|json     text (default): per policy that differs, one line per difference;
                             json: {"compared", "drifted": [{"policy", "location", "differences":
                             [{"what", "ancestor", "condition", "expected", "actual"}]}]}
${TEXT_OPTIONS_HELP}  -h, --help                 print this help

Exit status: 0 no difference, 1 a difference (or error diagnostics in the input), 2 usage error.
`;

/** `gwpolicy drift`. */
export const driftCommand: Command = {
  name: 'drift',
  summary: 'compare the predicted policy status with the status present on the objects',
  help,
  options: {
    status: { type: 'string', multiple: true, values: 'file' },
    ...RESOLVE_OPTIONS,
    ...outputOption(['text', 'json']),
    ...TEXT_OPTIONS,
  },
  run: async (args, { io }) => {
    const options = await resolveOptionsOf('drift', args);
    const output = choiceOption('drift', args, 'output', ['text', 'json'], 'text');
    const style = textStyleOf('drift', args, io);
    const statusFiles = Array.isArray(args.values.status)
      ? args.values.status.filter((x): x is string => typeof x === 'string')
      : [];
    const { inputs, result, progress } = await readAndSimulate('drift', args, io, options);
    progress.done();
    let present = result.load.resources;
    const diagnostics = [...inputs.diagnostics, ...result.diagnostics];
    if (statusFiles.length > 0) {
      const status = await readInputs('drift', statusFiles, io);
      const loaded = loadManifests(status.sources);
      present = loaded.resources;
      // Only problems that hide a status matter here (the status file may hold anything else).
      diagnostics.push(...status.diagnostics, ...loaded.diagnostics.filter((d) => d.severity === 'error'));
    }
    const drift = policyDrift(result.resolution, present);
    if (output === 'json') io.stdout(toJson(versioned('drift', drift) satisfies DriftDocument));
    else io.stdout(formatDrift(drift, style));
    writeDiagnostics(io, diagnostics);
    return drift.drifted.length > 0
      ? EXIT_ERRORS
      : exitStatusOf(diagnostics) === EXIT_OK
        ? EXIT_OK
        : EXIT_ERRORS;
  },
};

function formatDrift(drift: DriftResult, style: TextStyle): string {
  const p = style.palette;
  if (drift.drifted.length === 0) {
    return `${p.ok('no drift')}: the status of the ${drift.compared} polic${drift.compared === 1 ? 'y' : 'ies'} compared is what Envoy Gateway would write\n`;
  }
  const out: string[] = [
    `${p.error('drift')}: ${drift.drifted.length} of ${drift.compared} policies differ from what Envoy Gateway would write`,
  ];
  for (const d of drift.drifted) {
    const at = d.location?.file === undefined ? '' : ` (${d.location.file}:${d.location.line ?? 0})`;
    out.push('', `${p.strong(d.policy)}${at}`);
    for (const x of d.differences) {
      const subject =
        x.what === 'policy'
          ? 'the policy'
          : x.what === 'ancestor'
            ? `ancestor ${x.ancestor}`
            : x.what === 'condition'
              ? `${x.ancestor}: condition ${x.condition}`
              : `${x.ancestor}: ${x.condition}.${x.what}`;
      const line = `  ${subject}: expected ${x.expected === null ? '(absent)' : JSON.stringify(x.expected)}, found ${x.actual === null ? '(absent)' : JSON.stringify(x.actual)}`;
      out.push(wrapLine(line, style.width, '      '));
    }
  }
  return `${out.join('\n')}\n`;
}
