/**
 * `gwpolicy status`: the policy status Envoy Gateway would write.
 */
import { policyStatus } from '../../status/policy-status.js';
import {
  choiceOption,
  outputOption,
  RESOLVE_OPTIONS,
  resolveOptionsOf,
  SWITCHES_HELP,
} from '../_internal/args.js';
import type { Command } from '../_internal/command.js';
import { type StatusDocument, versioned } from '../_internal/json-documents.js';
import { readAndSimulate } from '../_internal/progress.js';
import { exitStatusOf, toJson, toYaml, writeDiagnostics } from '../_internal/report.js';

const help = `Usage: gwpolicy status [FILE...|-] [--order cluster|input] [--admission reject|report]
                       [--enable-lua] [--enable-backend] [--now TIME] [-o yaml|json]

Print the policy status Envoy Gateway would write: a document with the keys
ClientTrafficPolicy, BackendTrafficPolicy, SecurityPolicy and EnvoyExtensionPolicy (a key
only when non-empty), each holding the policies as the API server stores them (with their CRD
defaults, in cluster order) with status.ancestors as Envoy Gateway writes it, in its processing
order. Errors and warnings go to standard error, one line each.

FILE is a manifest file or a folder (its *.yaml, *.yml and *.json files, recursively, in path
order). - reads standard input; so does no FILE, unless standard input is a terminal.

Options:
  --order cluster|input      policy order: cluster (default) = creationTimestamp, then namespace,
                             then name, as in a cluster; input = as given, as in Envoy Gateway's
                             translator tests
  --admission reject|report  objects the API server would refuse: reject (default) = reported
                             and left out; report = reported as warnings and simulated
${SWITCHES_HELP}  -o, --output yaml|json     output format (default yaml)
  -h, --help                 print this help

With --order input --admission report, the output for an Envoy Gateway translator test case
X.in.yaml matches the policy sections of X.out.yaml.

Exit status: 0 no error diagnostics, 1 error diagnostics (the status is still printed),
2 usage error.
`;

/** `gwpolicy status`. */
export const statusCommand: Command = {
  name: 'status',
  summary: 'print the policy status Envoy Gateway would write',
  help,
  options: { ...RESOLVE_OPTIONS, ...outputOption(['yaml', 'json']) },
  run: async (args, { io }) => {
    const options = await resolveOptionsOf('status', args);
    const output = choiceOption('status', args, 'output', ['yaml', 'json'], 'yaml');
    const { inputs, result, progress } = await readAndSimulate('status', args, io, options);
    progress.done();
    const diagnostics = [...inputs.diagnostics, ...result.diagnostics];
    const document = policyStatus(result.resolution);
    // JSON is the versioned contract; YAML keeps Envoy Gateway's layout (its translator's output).
    io.stdout(
      output === 'json' ? toJson(versioned('status', document) satisfies StatusDocument) : toYaml(document),
    );
    writeDiagnostics(io, diagnostics);
    return exitStatusOf(diagnostics);
  },
};
