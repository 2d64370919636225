/**
 * `gwpolicy graph`: the topology and the policies targeting it, as Mermaid, DOT or JSON,
 * narrowed by explain's filters.
 */

import { queryReferenceDiagnostics } from '../../explain/query-references.js';
import type { Diagnostic } from '../../model/diagnostic.js';
import { choiceOption, RESOLVE_OPTIONS, resolveOptionsOf, SWITCHES_HELP } from '../_internal/args.js';
import type { Command } from '../_internal/command.js';
import { usage } from '../_internal/command.js';
import { whyEmpty } from '../_internal/empty-answer.js';
import { filterGraph } from '../_internal/graph-filter.js';
import { policyGraph } from '../_internal/graph-model.js';
import { toDot, toMermaid } from '../_internal/graph-render.js';
import { type GraphDocument, versioned } from '../_internal/json-documents.js';
import { readAndSimulate } from '../_internal/progress.js';
import { QUERY_OPTIONS, queryOf } from '../_internal/query.js';
import { exitStatusOf, toJson, writeDiagnostics } from '../_internal/report.js';

const help = `Usage: gwpolicy graph [FILE...|-] [-o mermaid|dot|json] [--gateway NS/NAME] [--listener NAME]
                      [--route KIND/NS/NAME] [--rule NAME] [--policy KIND/NS/NAME] [--kind POLICYKIND]
                      [--order cluster|input] [--admission reject|report]
                      [--enable-lua] [--enable-backend] [--now TIME]

Draw Gateways -> listeners (and ListenerSets) -> routes -> rules -> Services/Backends, and every
policy as a node with one edge per target, labelled with how the policy names it (targetRef,
targetRefs[i], targetSelectors[i], sectionName=...) and the verdict of the resolution:
  thick / bold     applied or merged (the policy takes effect there)
  dashed, red      conflicted, targetNotFound, notFound or invalid only
  dotted           no decision (e.g. the policy was rejected by admission)
Targets that are not in the input are drawn as dashed "not found" nodes. Node ids are stable
(derived from the object keys). Errors and warnings go to standard error, one line each.

The filters are explain's and narrow the drawing: the objects they name, what contains them and
what they contain, and the policies that target any of these (--kind: of that kind only;
--policy: that policy and its targets). A filter that selects nothing draws nothing and says
why on standard error (no such object, with the closest names; no policy applies; this kind
does not apply here).

FILE is a manifest file or a folder (its *.yaml, *.yml and *.json files, recursively, in path
order). - reads standard input; so does no FILE, unless standard input is a terminal.

Options:
  -o, --output mermaid|dot|json  mermaid (default): a Mermaid flowchart; dot: a Graphviz digraph;
                             json: {"nodes": [{"id", "kind", "lines"}], "edges": [{"from", "to",
                             "kind", "lines"}], "empty"?}
  --format mermaid|dot|json  the same as -o
  --gateway NS/NAME          only this Gateway and what it contains
  --listener NAME            only listeners of this name
  --route KIND/NS/NAME       only this route
  --rule NAME                only this rule (name, or index when unnamed)
  --policy KIND/NS/NAME      only this policy and its targets
  --kind POLICYKIND          only policies of this kind
  --order cluster|input      policy order (default cluster; see gwpolicy status --help)
  --admission reject|report  objects the API server would refuse (default reject)
${SWITCHES_HELP}  -h, --help                 print this help

Exit status: 0 no error diagnostics, 1 error diagnostics (the graph is still printed), 2 usage
error.
`;

const FORMATS = ['mermaid', 'dot', 'json'] as const;

/** `gwpolicy graph`. */
export const graphCommand: Command = {
  name: 'graph',
  summary: 'draw the topology and the policies targeting it (Mermaid, DOT or JSON)',
  help,
  options: {
    output: { type: 'string', short: 'o', values: FORMATS },
    format: { type: 'string', values: FORMATS },
    ...QUERY_OPTIONS,
    ...RESOLVE_OPTIONS,
  },
  run: async (args, { io }) => {
    if (
      args.values.output !== undefined &&
      args.values.format !== undefined &&
      args.values.output !== args.values.format
    )
      usage('graph: give -o or --format, not both');
    const name = args.values.output !== undefined ? 'output' : 'format';
    const format = choiceOption('graph', args, name, FORMATS, 'mermaid');
    const options = await resolveOptionsOf('graph', args);
    const query = queryOf('graph', args.values);
    const { inputs, result, progress } = await readAndSimulate('graph', args, io, options);
    progress.done();
    const diagnostics: Diagnostic[] = [
      ...inputs.diagnostics,
      ...result.diagnostics,
      ...queryReferenceDiagnostics(result.resolution, query, (f) => `graph --${f}`),
    ];
    const graph = filterGraph(policyGraph(result.resolution), query, result.resolution.topology);
    const empty =
      graph.nodes.length === 0 && Object.keys(query).length > 0
        ? whyEmpty(query, result.resolution)
        : undefined;
    if (format === 'json')
      io.stdout(
        toJson(versioned('graph', { ...graph, ...(empty ? { empty } : {}) }) satisfies GraphDocument),
      );
    else io.stdout(format === 'dot' ? toDot(graph) : toMermaid(graph));
    if (empty && format !== 'json') io.stderr(`gwpolicy: graph: ${empty.message}\n`);
    writeDiagnostics(io, diagnostics);
    return exitStatusOf(diagnostics);
  },
};
