/**
 * ClientTrafficPolicy's own algorithm (R9): a section pass (R9.1), then
 * whole-ListenerSet and whole-Gateway passes (R9.2); listeners are the points; no merging.
 */
import type { Resource } from '../../../model/resource.js';
import type { Policy } from '../../../model/types.js';
import type { PointPolicy } from '../../resolution-types.js';
import type { RunContext } from '../run-context.js';
import type { KindRun } from '../status-recorder.js';
import { sectionPass } from './section-pass.js';
import { newCtpState } from './state.js';
import { widePasses } from './wide-pass.js';

/**
 * Runs the ClientTrafficPolicy passes.
 *
 * @param run - the resolution run
 * @param policies - ClientTrafficPolicies, ordered and admitted
 * @returns status operations, decisions, processing order, the policy applied per listener point,
 *   and the policy translated for each listener
 */
export function resolveClientTraffic(
  run: RunContext,
  policies: readonly Resource<Policy>[],
): KindRun & {
  readonly pointPolicies: ReadonlyMap<number, PointPolicy>;
  readonly translatedBy: ReadonlyMap<string, Resource<Policy>>;
} {
  const state = newCtpState(run);
  sectionPass(state, policies);
  widePasses(state, policies);
  const rec = state.status;
  return {
    processed: rec.processed,
    processedResources: rec.processedResources,
    ops: rec.ops,
    decisions: rec.decisions,
    pointPolicies: state.pointPolicies,
    translatedBy: state.translatedBy,
  };
}
