/**
 * The context of one resolution run, shared by every kind: the graph in processing order, the
 * attachment points, the merge function, and what the ClientTrafficPolicy run leaves for the
 * kinds after it (R2.5). Passed explicitly; nothing about a run is kept anywhere else.
 */
import type { Resource } from '../../model/resource.js';
import type { Topology } from '../../model/topology-types.js';
import type { Policy } from '../../model/types.js';
import type { SemanticsProfile } from '../profile.js';
import type { MergeHook, OrderMode } from '../resolution-types.js';
import { type GraphOrder, graphOrder } from './graph-order.js';
import { type LinkCache, newLinkCache } from './links.js';
import { buildPoints, type PointIndex } from './points.js';

/** One resolution run. */
export interface RunContext {
  /** The graph (a change to one kind's policies swaps in the same graph with the new policies). */
  topology: Topology;
  readonly profile: SemanticsProfile;
  readonly order: OrderMode;
  /** R2.1: the graph in processing order. */
  readonly graph: GraphOrder;
  readonly points: PointIndex;
  /** R7.5: the merge function where a route policy with `mergeType` meets its parent. */
  readonly merge: MergeHook;
  /** Route frames and listener links, per node. */
  readonly links: LinkCache;
  /**
   * Listener key → the ClientTrafficPolicy translated for it (R2.5: they are resolved first).
   * Its `clientIPDetection` is in the listener IR, which SecurityPolicy GeoIP authorization reads.
   */
  translatedBy: ReadonlyMap<string, Resource<Policy>>;
}

/**
 * A run's context.
 *
 * @param topology - the graph
 * @param profile - the semantics profile
 * @param order - the ordering mode
 * @param merge - the merge function
 * @returns the context (no ClientTrafficPolicy translated yet)
 */
export function newRunContext(
  topology: Topology,
  profile: SemanticsProfile,
  order: OrderMode,
  merge: MergeHook,
): RunContext {
  const graph = graphOrder(topology, order, profile);
  return {
    topology,
    profile,
    order,
    graph,
    points: buildPoints(topology, graph),
    merge,
    links: newLinkCache(),
    translatedBy: new Map(),
  };
}

/**
 * The `clientIPDetection` the ClientTrafficPolicy translated for a listener wrote, or null.
 *
 * @param run - the run
 * @param listenerKey - the listener
 * @returns the setting, or null
 */
export function clientIPDetection(run: RunContext, listenerKey: string): unknown {
  const spec = run.translatedBy.get(listenerKey)?.object.spec as Record<string, unknown> | undefined;
  return spec?.clientIPDetection ?? null;
}
