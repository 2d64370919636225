/**
 * `gwpolicy validate`: a CI gate. Loads manifests, builds the topology, checks admission,
 * resolves, reads the status Envoy Gateway would write and lints the result; reports every finding
 * with its severity, as text, JSON, SARIF or GitHub workflow commands, and exits 1 on errors (and
 * on warnings with `--strict`).
 */
import { lint } from '../../explain/lint.js';
import { policyFindings } from '../../explain/policy-findings.js';
import type { Severity } from '../../model/diagnostic.js';
import { locateDiagnostics } from '../../model/locate-diagnostics.js';
import {
  choiceOption,
  outputOption,
  RESOLVE_OPTIONS,
  resolveOptionsOf,
  SWITCHES_HELP,
} from '../_internal/args.js';
import type { Command } from '../_internal/command.js';
import { usage } from '../_internal/command.js';
import { toGithubCommands } from '../_internal/format-github.js';
import { toSarif } from '../_internal/format-sarif.js';
import { type ValidateDocument, versioned } from '../_internal/json-documents.js';
import { readAndSimulate } from '../_internal/progress.js';
import { toJson } from '../_internal/report.js';
import { settingsInForce, settingsSection } from '../_internal/settings-report.js';
import { SEVERITIES } from '../_internal/severity.js';
import { TEXT_OPTIONS, TEXT_OPTIONS_HELP, textStyleOf } from '../_internal/terminal.js';
import { formatValidateText, validateReport, verdictLine } from '../_internal/validate-report.js';
import { packageVersion } from '../_internal/version.js';

const help = `Usage: gwpolicy validate [FILE...|-] [--strict] [--severity error|warning|info] [--quiet]
                         [--order cluster|input] [--admission reject|report]
                         [--enable-lua] [--enable-backend] [--now TIME]
                         [-o text|json|sarif|github] [--width N] [--color|--no-color]

A gate for CI: report everything Envoy Gateway would do with these manifests that their author
probably did not intend, and fail when it matters. The findings, each with a severity:
  error    the input does not load, or the API server would refuse an object (its CRD: served
           version, unknown fields, schema and CEL rules, in the API server's words); a policy is Invalid (GWP-STATUS-INVALID); route rules answer every
           request with 500 or routes are dropped because a policy failed (GWP-ROUTE-*)
  warning  a policy is Conflicted or TargetNotFound on some ancestor, carries a Warning condition
           (deprecated fields), or reaches nothing (GWP-STATUS-*); topology problems (GWP-TOPO-*);
           the lint's surprises: silent whole-policy replacement, merge values erased by Go
           nulls, lists replaced by StrategicMerge, selectors that match nothing, self-conflicts,
           sectionNames and targetRefs that name nothing (GWP-LINT-*, docs/lint.md)
  info     policies shadowed everywhere, kinds the simulator does not model, and the like
Codes are listed in docs/diagnostics.md. After the summary line (not with --quiet), the
settings in force: Envoy
Gateway's configuration (a kind: EnvoyGateway document or the envoy-gateway-config ConfigMap of
the input, else Envoy Gateway's defaults; --enable-lua and --enable-backend over it) and each
managed GatewayClass's EnvoyProxy and mergeGateways.

FILE is a manifest file or a folder (its *.yaml, *.yml and *.json files, recursively, in path
order). - reads standard input; so does no FILE, unless standard input is a terminal.

Options:
  --strict                   fail on warnings too (default: only errors fail)
  --severity LEVEL           report (and judge) only findings of LEVEL or more serious: error,
                             warning or info (default info: everything)
  --quiet                    text output: the summary, one line per code with its count, and
                             the verdict, without the findings themselves
  --order cluster|input      policy order for the resolution: cluster (default) =
                             creationTimestamp, then namespace, then name, as in a cluster;
                             input = as given, as in Envoy Gateway's translator tests
  --admission reject|report  objects the API server would refuse: reject (default) = errors,
                             left out of the resolution; report = warnings, resolved and linted
${SWITCHES_HELP}  -o, --output FORMAT        text (default): a summary line, the findings grouped by code
                             (errors first) with their counts, and the verdict (PASSED or
                             FAILED); json: {"summary", "gate", "codes", "diagnostics",
                             "settings"};
                             sarif: a SARIF 2.1.0 log for code-scanning upload; github:
                             GitHub Actions workflow commands (::error file=…,line=…,col=…::…)
                             that annotate the pull request, then the verdict line
${TEXT_OPTIONS_HELP}  -h, --help                 print this help

Exit status: 0 the gate passed (no error; with --strict, no warning either), 1 it failed,
2 usage error. docs/ci.md shows a GitHub Actions job and a GitLab CI job.
`;

/** `gwpolicy validate`. */
export const validateCommand: Command = {
  name: 'validate',
  summary: 'a CI gate: report every finding with its severity, fail on errors (--strict: warnings)',
  help,
  options: {
    strict: { type: 'boolean' },
    severity: { type: 'string', values: SEVERITIES },
    quiet: { type: 'boolean', short: 'q' },
    ...RESOLVE_OPTIONS,
    ...outputOption(['text', 'json', 'sarif', 'github']),
    ...TEXT_OPTIONS,
  },
  run: async (args, { io }) => {
    const options = await resolveOptionsOf('validate', args);
    const output = choiceOption('validate', args, 'output', ['text', 'json', 'sarif', 'github'], 'text');
    const severity = choiceOption<Severity>('validate', args, 'severity', SEVERITIES, 'info');
    const quiet = args.values.quiet === true;
    if (quiet && output !== 'text') usage(`validate: --quiet applies to text output only, not -o ${output}`);
    const style = textStyleOf('validate', args, io);
    const { inputs, result, progress } = await readAndSimulate('validate', args, io, options);
    // Loader, topology and admission (simulate's order), what the status says, then the lint.
    progress.step('reading the status Envoy Gateway would write');
    const findings = policyFindings(result.resolution);
    progress.step('linting');
    const diagnostics = [
      ...inputs.diagnostics,
      ...result.diagnostics,
      ...locateDiagnostics([...findings, ...lint(result.resolution)], result.load, inputs.sources),
    ];
    progress.done();
    const report = validateReport(inputs.sources.length, result.load, diagnostics, {
      strict: args.values.strict === true,
      severity,
    });
    const settings = settingsInForce(result.topology);
    if (output === 'json')
      io.stdout(toJson(versioned('validate', { ...report, settings }) satisfies ValidateDocument));
    else if (output === 'sarif')
      io.stdout(
        toJson(
          toSarif(report.diagnostics, { version: await packageVersion(), exitCode: report.gate.exitCode }),
        ),
      );
    else if (output === 'github') {
      io.stdout(`${toGithubCommands(report.diagnostics)}${verdictLine(report, style)}\n`);
    } else
      io.stdout(
        // --quiet keeps to the summary, the counts per code and the verdict.
        formatValidateText(report, style, { quiet, sections: quiet ? [] : [settingsSection(settings)] }),
      );
    return report.gate.exitCode;
  },
};
