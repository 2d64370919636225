/**
 * The part of a policy graph a query asks about (`gwpolicy graph` with explain's filters): the
 * objects the filters name, what contains them and what they contain, and the policies that
 * target any of these (of `--kind` only; only `--policy` itself when given).
 */
import type { ExplainQuery } from '../../explain/explain.js';
import type { Topology } from '../../model/topology-types.js';
import { type GraphEdge, type GraphNode, nodeId, type PolicyGraph } from './graph-model.js';

const STRUCTURE: ReadonlySet<GraphNode['kind']> = new Set([
  'gateway',
  'listenerSet',
  'listener',
  'route',
  'rule',
  'backend',
]);

/**
 * Filters a graph by a query. Every filter narrows (they combine like explain's): `--gateway`
 * keeps the Gateway and what it contains; `--listener`, `--route`, `--rule` and `--policy` keep
 * the listeners, route, rules or targets they name with what contains them and what they contain.
 * Policies are kept when they target a kept node; `missing` targets of kept policies are kept.
 *
 * @param graph - the whole graph
 * @param query - the filters
 * @param topology - the topology the graph was drawn from (listener and rule names)
 * @returns the subgraph (the graph itself when the query is empty)
 */
export function filterGraph(graph: PolicyGraph, query: ExplainQuery, topology: Topology): PolicyGraph {
  if (Object.keys(query).length === 0) return graph;
  const children = new Map<string, string[]>();
  const parents = new Map<string, string[]>();
  const targets = new Map<string, string[]>();
  for (const e of graph.edges) {
    if (e.kind === 'contains') {
      push(children, e.from, e.to);
      push(parents, e.to, e.from);
    } else push(targets, e.from, e.to);
  }
  const walk = (seeds: Iterable<string>, next: Map<string, string[]>): Set<string> => {
    const seen = new Set<string>();
    const stack = [...seeds];
    while (stack.length > 0) {
      const id = stack.pop()!;
      if (seen.has(id)) continue;
      seen.add(id);
      for (const n of next.get(id) ?? []) stack.push(n);
    }
    return seen;
  };
  /** Seeds, what contains them and what they contain. */
  const around = (seeds: readonly string[]): Set<string> =>
    new Set([...walk(seeds, children), ...walk(seeds, parents)]);

  let kept: Set<string> | null = null;
  const narrow = (set: Set<string>): void => {
    kept = kept === null ? set : new Set([...kept].filter((id) => set.has(id)));
  };
  if (query.gateway !== undefined) narrow(walk([nodeId('gw', query.gateway)], children));
  if (query.listener !== undefined) {
    const ids = [...topology.listeners.values()]
      .filter(
        (l) => l.name === query.listener && (query.gateway === undefined || l.gateway === query.gateway),
      )
      .map((l) => nodeId('li', l.key));
    narrow(around(ids));
  }
  if (query.route !== undefined) narrow(around([nodeId('rt', query.route)]));
  if (query.rule !== undefined) {
    const ids: string[] = [];
    for (const route of topology.routes.values()) {
      if (query.route !== undefined && route.key !== query.route) continue;
      for (const rule of route.rules)
        if (rule.name === query.rule || String(rule.index) === query.rule)
          ids.push(nodeId('ru', `${route.key}#${rule.index}`));
    }
    narrow(around(ids));
  }
  if (query.policy !== undefined) narrow(around(targets.get(nodeId('po', query.policy)) ?? []));

  const structural = new Set(graph.nodes.filter((n) => STRUCTURE.has(n.kind)).map((n) => n.id));
  const keptStructure: Set<string> =
    kept === null ? structural : new Set([...(kept as Set<string>)].filter((id) => structural.has(id)));
  const onlyPolicy = query.policy === undefined ? undefined : nodeId('po', query.policy);
  const keep = new Set(keptStructure);
  const missing = new Set(graph.nodes.filter((n) => n.kind === 'missing').map((n) => n.id));
  for (const n of graph.nodes) {
    if (n.kind !== 'policy') continue;
    if (onlyPolicy !== undefined && n.id !== onlyPolicy) continue;
    if (query.kind !== undefined && n.lines[0] !== query.kind) continue;
    const to = targets.get(n.id) ?? [];
    if (kept !== null && !to.some((t) => keptStructure.has(t))) continue;
    keep.add(n.id);
    for (const t of to) if (missing.has(t)) keep.add(t);
  }
  const nodes = graph.nodes.filter((n) => keep.has(n.id));
  const edges: GraphEdge[] = graph.edges.filter((e) => keep.has(e.from) && keep.has(e.to));
  return { nodes, edges };
}

function push(m: Map<string, string[]>, k: string, v: string): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}
