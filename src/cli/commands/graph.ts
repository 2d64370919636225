/**
 * `gwpolicy graph`: the topology and the policies targeting it, as Mermaid or DOT.
 */
import { simulate } from '../../explain/simulate.js';
import { choiceOption, RESOLVE_OPTIONS, resolveOptionsOf, SWITCHES_HELP } from '../_internal/args.js';
import type { Command } from '../_internal/command.js';
import { policyGraph } from '../_internal/graph-model.js';
import { toDot, toMermaid } from '../_internal/graph-render.js';
import { readInputs } from '../_internal/inputs.js';
import { exitStatusOf, writeDiagnostics } from '../_internal/report.js';

const help = `Usage: gwpolicy graph [FILE...|-] [--format mermaid|dot] [--order cluster|input] [--admission reject|report]
                      [--enable-lua] [--enable-backend] [--now TIME]

Draw Gateways -> listeners (and ListenerSets) -> routes -> rules -> Services/Backends, and every
policy as a node with one edge per target, labelled with how the policy names it (targetRef,
targetRefs[i], targetSelectors[i], sectionName=...) and the verdict of the resolution:
  thick / bold     applied or merged (the policy takes effect there)
  dashed, red      conflicted, targetNotFound, notFound or invalid only
  dotted           no decision (e.g. the policy was rejected by admission)
Targets that are not in the input are drawn as dashed "not found" nodes. Node ids are stable
(derived from the object keys). Errors and warnings go to standard error, one line each.

FILE is a manifest file or a folder (its *.yaml, *.yml and *.json files, recursively, in path
order). - reads standard input; so does no FILE, unless standard input is a terminal.

Options:
  --format mermaid|dot       mermaid (default): a Mermaid flowchart; dot: a Graphviz digraph
  --order cluster|input      policy order (default cluster; see gwpolicy status --help)
  --admission reject|report  objects the API server would refuse (default reject)
${SWITCHES_HELP}  -h, --help                 print this help

Exit status: 0 no error diagnostics, 1 error diagnostics (the graph is still printed), 2 usage
error.
`;

/** `gwpolicy graph`. */
export const graphCommand: Command = {
  name: 'graph',
  summary: 'draw the topology and the policies targeting it (Mermaid or DOT)',
  help,
  options: { format: { type: 'string' }, ...RESOLVE_OPTIONS },
  run: async (args, { io }) => {
    const format = choiceOption('graph', args, 'format', ['mermaid', 'dot'], 'mermaid');
    const options = await resolveOptionsOf('graph', args);
    const inputs = await readInputs('graph', args.positionals, io);
    const result = simulate(inputs.sources, options);
    const diagnostics = [...inputs.diagnostics, ...result.diagnostics];
    const graph = policyGraph(result.resolution);
    io.stdout(format === 'dot' ? toDot(graph) : toMermaid(graph));
    writeDiagnostics(io, diagnostics);
    return exitStatusOf(diagnostics);
  },
};
