/**
 * The graph `gwpolicy graph` draws: Gateways → listeners (and ListenerSets) → routes → rules →
 * Services/Backends, and every policy as a node with one edge per target, marked winning or
 * losing from the resolution's decisions. Renderers (Mermaid, DOT) only format this.
 */
import { parseRef } from '../../model/object-ref.js';
import type { Resource } from '../../model/resource.js';
import type { Policy, PolicyKind } from '../../model/types.js';
import { POLICY_KINDS, ROUTE_KINDS } from '../../model/types.js';
import type { Resolution, TargetDecision, Verdict } from '../../precedence/resolution-types.js';
import { composeTargets, type TargetRef } from '../../precedence/resolve-targets.js';
import type { Scope } from '../../precedence/scope.js';

/** What a node stands for. `missing`: a target that is not in the input (or not in the graph). */
export type GraphNodeKind =
  | 'gateway'
  | 'listenerSet'
  | 'listener'
  | 'route'
  | 'rule'
  | 'backend'
  | 'policy'
  | 'missing';

export interface GraphNode {
  /** Stable id: a prefix per kind and the object's key, escaped to `[A-Za-z0-9_]`. */
  readonly id: string;
  readonly kind: GraphNodeKind;
  /** Label lines. */
  readonly lines: readonly string[];
}

/**
 * `contains`: structure (Gateway → listener → route → rule → backend). `winning`: a policy target
 * with an applied or merged decision. `losing`: only conflicted / targetNotFound / notFound /
 * invalid decisions. `undecided`: no decision (the policy was rejected by admission, or no pass
 * considered that target).
 */
export type GraphEdgeKind = 'contains' | 'winning' | 'losing' | 'undecided';

export interface GraphEdge {
  readonly from: string;
  readonly to: string;
  readonly kind: GraphEdgeKind;
  /** Label lines (empty for `contains`). */
  readonly lines: readonly string[];
}

export interface PolicyGraph {
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
}

const WINNING: ReadonlySet<Verdict> = new Set(['applied', 'merged']);
const ROUTE_KIND_SET: ReadonlySet<string> = new Set(ROUTE_KINDS);

/**
 * Escapes a key to an identifier that is valid in Mermaid and DOT without quoting: letters and
 * digits are kept, every other character becomes `_<hex code point>_`. Injective, so ids never
 * collide.
 *
 * @param prefix - a lower-case prefix per node kind (keeps ids away from keywords such as `end`)
 * @param key - the object's key
 * @returns the id
 */
export function nodeId(prefix: string, key: string): string {
  let out = `${prefix}_`;
  for (const ch of key) {
    out += /[A-Za-z0-9]/.test(ch) ? ch : `_${ch.codePointAt(0)!.toString(16)}_`;
  }
  return out;
}

/** Identity of a target as `Kind/ns/name#section`, shared by spec refs and decision scopes. */
function targetIdentity(kind: string, namespace: string, name: string, section: string): string {
  return `${kind}/${namespace}/${name}#${section}`;
}

interface TargetName {
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  readonly section: string;
}

/** The target a decision's scope stands for, named as a targetRef names it. */
function scopeTarget(s: Scope): TargetName {
  const { kind, namespace, name, section } = s.ref;
  return { kind, namespace, name, section: section ?? '' };
}

function refForm(ref: TargetRef): string {
  const base =
    ref.selectorIndex !== null
      ? `targetSelectors[${ref.selectorIndex}]`
      : ref.refIndex !== null
        ? `targetRefs[${ref.refIndex}]`
        : 'targetRef';
  return ref.sectionName === null ? base : `${base} sectionName=${ref.sectionName}`;
}

interface EdgeBuild {
  readonly from: string;
  readonly to: string;
  readonly forms: string[];
  readonly verdicts: Set<Verdict>;
}

/**
 * Builds the graph of a resolution. Deterministic: nodes and edges follow the topology's input
 * order, then policy kinds (CTP, BTP, SP, EEP) and each kind's policies in input order.
 *
 * @param resolution - from `resolvePolicies`
 * @returns nodes and edges; every edge endpoint is a node
 */
export function policyGraph(resolution: Resolution): PolicyGraph {
  const { topology } = resolution;
  const nodes: GraphNode[] = [];
  const nodeIds = new Set<string>();
  const edges: GraphEdge[] = [];
  const addNode = (prefix: string, key: string, kind: GraphNodeKind, lines: readonly string[]): string => {
    const id = nodeId(prefix, key);
    if (!nodeIds.has(id)) {
      nodeIds.add(id);
      nodes.push({ id, kind, lines });
    }
    return id;
  };
  const contains = (from: string, to: string): void => {
    edges.push({ from, to, kind: 'contains', lines: [] });
  };

  // ---- structure ---------------------------------------------------------------------------
  const listenerNode = (key: string): string | undefined => {
    const l = topology.listeners.get(key);
    if (l === undefined) return undefined;
    const where = `${l.protocol} :${l.port}${l.hostname === null ? '' : ` ${l.hostname}`}`;
    return addNode('li', key, 'listener', [`listener ${l.name}`, where]);
  };
  const listenerSetNode = (key: string): string | undefined => {
    const ls = topology.listenerSets.get(key);
    if (ls === undefined) return undefined;
    return addNode('ls', key, 'listenerSet', ['ListenerSet', key, ...(ls.accepted ? [] : ['not accepted'])]);
  };
  for (const gw of topology.gateways.values()) {
    const g = addNode('gw', gw.key, 'gateway', [
      'Gateway',
      gw.key,
      ...(gw.accepted ? [] : [gw.managed ? 'not accepted' : 'not managed']),
    ]);
    for (const key of gw.directListeners) {
      const l = listenerNode(key);
      if (l !== undefined) contains(g, l);
    }
    for (const lsKey of gw.listenerSets) {
      const ls = listenerSetNode(lsKey);
      if (ls === undefined) continue;
      contains(g, ls);
      for (const key of topology.listenerSets.get(lsKey)?.listeners ?? []) {
        const l = listenerNode(key);
        if (l !== undefined) contains(ls, l);
      }
    }
  }
  for (const lsKey of topology.listenerSets.keys()) listenerSetNode(lsKey);

  const ruleIds = new Map<string, string>();
  for (const route of topology.routes.values()) {
    const r = addNode('rt', route.key, 'route', [route.kind, `${route.namespace}/${route.name}`]);
    for (const rule of route.rules) {
      const id = addNode('ru', `${route.key}#${rule.index}`, 'rule', [
        rule.name === null ? `rules[${rule.index}] (unnamed)` : `rule ${rule.name}`,
      ]);
      ruleIds.set(`${route.key}#${rule.index}`, id);
      contains(r, id);
      for (const backendKey of rule.backends) {
        const b = topology.backends.get(backendKey);
        const ref = parseRef(backendKey);
        const lines = [
          ref?.kind ?? backendKey,
          ref === null ? '' : ref.namespace === '' ? ref.name : `${ref.namespace}/${ref.name}`,
          ...(b !== undefined && b.resource === null ? ['not in input'] : []),
        ];
        contains(id, addNode('be', backendKey, 'backend', lines));
      }
    }
  }
  const routeEdges = new Set<string>();
  for (const [listenerKey, attached] of topology.routesOnListener) {
    const l = nodeId('li', listenerKey);
    if (!nodeIds.has(l)) continue;
    for (const { route } of attached) {
      const r = nodeId('rt', route);
      const k = `${l}>${r}`;
      if (!nodeIds.has(r) || routeEdges.has(k)) continue;
      routeEdges.add(k);
      contains(l, r);
    }
  }

  // ---- targets ------------------------------------------------------------------------------
  const targetNode = (kind: string, namespace: string, name: string, section: string): string => {
    const key = `${namespace}/${name}`;
    let id: string | undefined;
    if (kind === 'Gateway') {
      if (section === '') id = topology.gateways.has(key) ? nodeId('gw', key) : undefined;
      else {
        const l = topology.listeners.get(`${key}/${section}`);
        id = l !== undefined && l.listenerSet === null ? nodeId('li', l.key) : undefined;
      }
    } else if (kind === 'ListenerSet') {
      const ls = topology.listenerSets.get(key);
      if (ls !== undefined && section === '') id = nodeId('ls', key);
      else if (ls !== undefined) {
        const l = ls.listeners.find((k) => topology.listeners.get(k)?.name === section);
        id = l === undefined ? undefined : nodeId('li', l);
      }
    } else if (ROUTE_KIND_SET.has(kind)) {
      const route = topology.routes.get(`${kind}/${key}`);
      if (route !== undefined && section === '') id = nodeId('rt', route.key);
      else if (route !== undefined) {
        const rule = route.ruleByName.get(section);
        id = rule === undefined ? undefined : ruleIds.get(`${route.key}#${rule.index}`);
      }
    }
    if (id !== undefined && nodeIds.has(id)) return id;
    const label = section === '' ? key : `${key}/${section}`;
    return addNode('mi', targetIdentity(kind, namespace, name, section), 'missing', [
      kind === '' ? '(no kind)' : kind,
      label,
      'not found',
    ]);
  };

  for (const kind of POLICY_KINDS) {
    const policies = topology.policies.get(kind) ?? [];
    if (policies.length === 0) continue;
    const admitted = new Set(resolution.ordered[kind]);
    const decisions = decisionsByPolicy(resolution.kinds[kind].decisions);
    for (const policy of policies) {
      const id = policy.key;
      const rejected = !admitted.has(id);
      const p = addNode('po', id, 'policy', [
        kind,
        `${policy.namespace}/${policy.name}`,
        ...(rejected ? ['rejected by admission'] : []),
      ]);
      const byTarget = new Map<string, EdgeBuild>();
      const edgeTo = (to: string): EdgeBuild => {
        let e = byTarget.get(to);
        if (e === undefined) {
          e = { from: p, to, forms: [], verdicts: new Set() };
          byTarget.set(to, e);
        }
        return e;
      };
      for (const ref of targetsOf(resolution, kind, policy)) {
        const e = edgeTo(targetNode(ref.kind, ref.namespace, ref.name, ref.sectionName ?? ''));
        const form = refForm(ref);
        if (!e.forms.includes(form)) e.forms.push(form);
      }
      for (const d of decisions.get(id) ?? []) {
        const t = scopeTarget(d.scope);
        const e = edgeTo(targetNode(t.kind, t.namespace, t.name, t.section));
        e.verdicts.add(d.verdict);
        if (e.forms.length === 0) e.forms.push(d.fromSelector ? 'targetSelectors' : 'target');
      }
      for (const e of byTarget.values()) edges.push(policyEdge(e, rejected));
    }
  }
  return { nodes, edges };
}

function policyEdge(e: EdgeBuild, rejected: boolean): GraphEdge {
  const verdicts = [...e.verdicts];
  const winning = verdicts.filter((v) => WINNING.has(v));
  const losing = verdicts.filter((v) => !WINNING.has(v));
  const form = e.forms.join(', ');
  if (winning.length > 0)
    return { from: e.from, to: e.to, kind: 'winning', lines: [form, winning.join(', ')] };
  if (losing.length > 0) return { from: e.from, to: e.to, kind: 'losing', lines: [form, losing.join(', ')] };
  return {
    from: e.from,
    to: e.to,
    kind: 'undecided',
    lines: [form, rejected ? 'rejected by admission' : 'no decision'],
  };
}

/** Decisions per policy id (`Kind/ns/name`), in decision order. */
function decisionsByPolicy(decisions: readonly TargetDecision[]): Map<string, TargetDecision[]> {
  const out = new Map<string, TargetDecision[]>();
  for (const d of decisions) {
    const list = out.get(d.policy);
    if (list === undefined) out.set(d.policy, [d]);
    else list.push(d);
  }
  return out;
}

/** Every target a policy names: plain refs, and what its selectors select among the kinds it may target. */
function targetsOf(resolution: Resolution, kind: PolicyKind, policy: Resource<Policy>): TargetRef[] {
  const { topology } = resolution;
  const out: TargetRef[] = [];
  const seen = new Set<string>();
  const passes =
    kind === 'ClientTrafficPolicy'
      ? (['GatewayOrListenerSet'] as const)
      : (['routes', 'GatewayOrListenerSet'] as const);
  for (const candidates of passes) {
    for (const ref of composeTargets(topology, policy, candidates)) {
      const k = `${targetIdentity(ref.kind, ref.namespace, ref.name, ref.sectionName ?? '')}|${refForm(ref)}`;
      if (seen.has(k)) continue;
      seen.add(k);
      out.push(ref);
    }
  }
  return out;
}
