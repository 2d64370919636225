/**
 * A visit's status operations: the kind's recorder, writing to that visit's own list.
 */
import { NONE } from '../compact/small-lists.js';
import type { StatusRecorder } from '../status-recorder.js';
import type { KindContext } from './kind-context.js';
import type { Visit } from './visit.js';

/**
 * The recorder, with its status operations going to one visit's list.
 *
 * @param ctx - the kind's state
 * @param v - the visit
 * @returns the recorder
 */
export function statusOf(ctx: KindContext, v: Visit): StatusRecorder {
  // The shared empty list is never written to: a visit's list is made on its first operation.
  if (v.ops === NONE) v.ops = [];
  ctx.status.sink = v.ops;
  return ctx.status;
}
