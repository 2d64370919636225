/**
 * What a run of one kind hands to the resolution: R4.4 processing order (the order of first
 * classification) with the object handled under each identity, the status operations and the
 * decisions in visit order, and the point policies.
 */
import type { Resource } from '../../../model/resource.js';
import type { Policy } from '../../../model/types.js';
import type { PointPolicy } from '../../resolution-types.js';
import type { KindRun } from '../status-recorder.js';
import type { Visit } from './visit.js';

/** Point id → policy at that point (absent: none). */
export interface PointTable {
  get(id: number): PointPolicy | undefined;
}

/** A run's result. */
export interface EngineResult extends KindRun {
  /**
   * Point id → policy: every point after a full run, only the points an update touched after an
   * incremental one.
   */
  readonly pointPolicies: PointTable;
}

/**
 * The result lists, from every visit in processing order.
 *
 * @param all - every visit, in processing order
 * @param pointPolicies - the point policies to hand over
 * @returns the result
 */
export function engineResult(all: readonly Visit[], pointPolicies: PointTable): EngineResult {
  const processed: string[] = [];
  const processedResources: Resource<Policy>[] = [];
  const seen = new Set<string>();
  const ops: EngineResult['ops'] = [];
  const decisions: EngineResult['decisions'] = [];
  for (const v of all) {
    // R4.4: output order is the order of first classification.
    if (!seen.has(v.entry.id)) {
      seen.add(v.entry.id);
      processed.push(v.entry.id);
      processedResources.push(v.obj);
    }
    for (const op of v.ops) ops.push(op);
    if (v.decision) decisions.push(v.decision);
  }
  return { processed, processedResources, ops, decisions, pointPolicies };
}
