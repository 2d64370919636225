/**
 * `gwpolicy merge`: merge a route policy onto its parent policy as Envoy Gateway does.
 */
import { mergeDocuments } from '../../merge/merge-documents.js';
import { choiceOption, outputOption } from '../_internal/args.js';
import type { Command } from '../_internal/command.js';
import { usage } from '../_internal/command.js';
import { readInputs } from '../_internal/inputs.js';
import { exitStatusOf, toJson, toYaml, writeDiagnostics } from '../_internal/report.js';
import { EXIT_ERRORS } from '../exit-codes.js';

const help = `Usage: gwpolicy merge --type StrategicMerge|JSONMerge PARENT_FILE PATCH_FILE [-o yaml|json]

Merge a route policy (PATCH_FILE) onto its parent policy (PARENT_FILE) exactly as Envoy
Gateway's mergeType does: both are normalised as Go reads and writes them for their kind (taken
from the objects' kind; a kind without a Go type merges as plain JSON, with no schema), the patch
is applied, and the result is normalised again. Each file holds one YAML or JSON object; - reads
it from standard input (for one of the two).

Options:
  --type StrategicMerge|JSONMerge  the merge type (required)
  -o, --output yaml|json           output format (default yaml)
  -h, --help                       print this help

Exit status: 0 merged, 1 a file cannot be read or parsed or the patch is refused (errors on
standard error, one line each), 2 usage error.
`;

/** `gwpolicy merge`. */
export const mergeCommand: Command = {
  name: 'merge',
  summary: 'merge a route policy onto its parent policy as Envoy Gateway does',
  help,
  options: {
    type: { type: 'string', values: ['StrategicMerge', 'JSONMerge'] },
    ...outputOption(['yaml', 'json']),
  },
  run: async (args, { io }) => {
    const type = choiceOption('merge', args, 'type', ['StrategicMerge', 'JSONMerge']);
    const output = choiceOption('merge', args, 'output', ['yaml', 'json'], 'yaml');
    const [parentFile, patchFile, ...extra] = args.positionals;
    if (parentFile === undefined || patchFile === undefined || extra.length > 0) {
      usage(`merge: expected PARENT_FILE and PATCH_FILE, got ${args.positionals.length} file argument(s)`);
    }
    if (parentFile === '-' && patchFile === '-')
      usage('merge: standard input (-) can hold only one of the two files');

    const texts: string[] = [];
    for (const file of [parentFile, patchFile]) {
      const read = await readInputs('merge', [file], io);
      const folder =
        read.sources.some((s) => s.file !== file) ||
        read.diagnostics.some((d) => d.code === 'GWP-LOAD-NO-MANIFESTS');
      if (folder) usage(`merge: ${file} is a folder; give a file`);
      if (read.diagnostics.length > 0 || read.sources[0] === undefined) {
        writeDiagnostics(io, read.diagnostics);
        return EXIT_ERRORS;
      }
      texts.push(read.sources[0].text);
    }

    const result = mergeDocuments(texts[0], texts[1], type, { parentFile, patchFile });
    if (result.ok) io.stdout(output === 'json' ? toJson(result.merged) : toYaml(result.merged));
    writeDiagnostics(io, result.diagnostics);
    return result.ok ? exitStatusOf(result.diagnostics) : EXIT_ERRORS;
  },
};
