/**
 * Renders a {@link PolicyGraph} as Mermaid (`flowchart LR`) or Graphviz DOT. Node ids are already
 * safe identifiers; labels are escaped for each language.
 */
import type { GraphEdgeKind, GraphNode, GraphNodeKind, PolicyGraph } from './graph-model.js';

/** Mermaid label text: quotes, markup and entity characters as Mermaid entity codes. */
function mermaidText(line: string): string {
  return line
    .replace(/[\r\n]+/g, ' ')
    .replace(/#/g, '#35;')
    .replace(/&/g, '#amp;')
    .replace(/"/g, '#quot;')
    .replace(/</g, '#lt;')
    .replace(/>/g, '#gt;')
    .replace(/`/g, '#96;');
}

function mermaidLabel(lines: readonly string[]): string {
  return `"${lines.map(mermaidText).join('<br/>')}"`;
}

const MERMAID_SHAPE: Readonly<Record<GraphNodeKind, readonly [string, string]>> = {
  gateway: ['[', ']'],
  listenerSet: ['[', ']'],
  listener: ['[', ']'],
  route: ['(', ')'],
  rule: ['(', ')'],
  backend: ['[(', ')]'],
  policy: ['{{', '}}'],
  missing: ['[', ']'],
};

const MERMAID_CLASS: Readonly<Record<GraphNodeKind, string>> = {
  gateway: 'fill:#dbe9ff,stroke:#2b5fad',
  listenerSet: 'fill:#e6f0ff,stroke:#2b5fad,stroke-dasharray:2 2',
  listener: 'fill:#eef5ff,stroke:#2b5fad',
  route: 'fill:#e8f7e8,stroke:#2e7d32',
  rule: 'fill:#f3fbf3,stroke:#2e7d32',
  backend: 'fill:#f5f5f5,stroke:#666',
  policy: 'fill:#fff4dd,stroke:#b26a00',
  missing: 'fill:#fff,stroke:#c62828,stroke-dasharray:4 3',
};

const MERMAID_ARROW: Readonly<Record<GraphEdgeKind, string>> = {
  contains: '-->',
  winning: '==>',
  losing: '-.->',
  undecided: '-.->',
};

/**
 * The graph as a Mermaid flowchart.
 *
 * @param graph - the graph
 * @returns Mermaid text starting with `flowchart LR`, ending with a newline
 */
export function toMermaid(graph: PolicyGraph): string {
  const out: string[] = ['flowchart LR'];
  for (const n of graph.nodes) {
    const [open, close] = MERMAID_SHAPE[n.kind];
    out.push(`  ${n.id}${open}${mermaidLabel(n.lines)}${close}`);
  }
  const losing: number[] = [];
  graph.edges.forEach((e, i) => {
    const label = e.lines.length === 0 ? '' : `|${mermaidLabel(e.lines)}|`;
    out.push(`  ${e.from} ${MERMAID_ARROW[e.kind]}${label} ${e.to}`);
    if (e.kind === 'losing') losing.push(i);
  });
  const byKind = new Map<GraphNodeKind, string[]>();
  for (const n of graph.nodes) byKind.set(n.kind, [...(byKind.get(n.kind) ?? []), n.id]);
  for (const [kind, ids] of byKind) {
    out.push(`  classDef ${kind} ${MERMAID_CLASS[kind]}`);
    out.push(`  class ${ids.join(',')} ${kind}`);
  }
  if (losing.length > 0) out.push(`  linkStyle ${losing.join(',')} stroke:#c62828`);
  return `${out.join('\n')}\n`;
}

/** A DOT double-quoted string. */
function dotString(lines: readonly string[]): string {
  const text = lines
    .map((l) =>
      l
        .replace(/[\r\n]+/g, ' ')
        .replace(/\\/g, '\\\\')
        .replace(/"/g, '\\"'),
    )
    .join('\\n');
  return `"${text}"`;
}

const DOT_NODE: Readonly<Record<GraphNodeKind, string>> = {
  gateway: 'shape=box, style="filled,bold", fillcolor="#dbe9ff"',
  listenerSet: 'shape=box, style="filled,dashed", fillcolor="#e6f0ff"',
  listener: 'shape=box, style=filled, fillcolor="#eef5ff"',
  route: 'shape=box, style="filled,rounded", fillcolor="#e8f7e8"',
  rule: 'shape=box, style="filled,rounded", fillcolor="#f3fbf3"',
  backend: 'shape=cylinder, style=filled, fillcolor="#f5f5f5"',
  policy: 'shape=hexagon, style=filled, fillcolor="#fff4dd"',
  missing: 'shape=box, style=dashed, color="#c62828"',
};

const DOT_EDGE: Readonly<Record<GraphEdgeKind, string>> = {
  contains: '',
  winning: 'style=bold, color="#2e7d32"',
  losing: 'style=dashed, color="#c62828"',
  undecided: 'style=dotted, color="#666666"',
};

function dotNode(n: GraphNode): string {
  return `  ${n.id} [label=${dotString(n.lines)}, ${DOT_NODE[n.kind]}];`;
}

/**
 * The graph as a Graphviz DOT digraph.
 *
 * @param graph - the graph
 * @returns DOT text (`digraph gwpolicy { … }`), ending with a newline
 */
export function toDot(graph: PolicyGraph): string {
  const out: string[] = [
    'digraph gwpolicy {',
    '  rankdir=LR;',
    '  node [fontname="Helvetica", fontsize=10];',
    '  edge [fontname="Helvetica", fontsize=9];',
  ];
  for (const n of graph.nodes) out.push(dotNode(n));
  for (const e of graph.edges) {
    const attrs = [e.lines.length === 0 ? '' : `label=${dotString(e.lines)}`, DOT_EDGE[e.kind]].filter(
      (a) => a !== '',
    );
    out.push(`  ${e.from} -> ${e.to}${attrs.length === 0 ? '' : ` [${attrs.join(', ')}]`};`);
  }
  out.push('}');
  return `${out.join('\n')}\n`;
}
