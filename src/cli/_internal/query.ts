/**
 * The filters `explain` and `graph` share: `--gateway`, `--listener`, `--route`, `--rule`,
 * `--policy`, `--kind`, read into an {@link ExplainQuery}.
 */
import type { ExplainQuery } from '../../explain/explain.js';
import { parseRef } from '../../model/object-ref.js';
import { POLICY_KINDS, type PolicyKind } from '../../model/types.js';
import type { OptionSpec } from './command.js';
import { usage } from './command.js';

/** The filter options. */
export const QUERY_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  gateway: { type: 'string' },
  listener: { type: 'string' },
  route: { type: 'string' },
  rule: { type: 'string' },
  policy: { type: 'string' },
  kind: { type: 'string', values: POLICY_KINDS },
};

/**
 * The query of the filter options, checked (a malformed value is a usage error).
 *
 * @param command - the command name, for messages
 * @param values - parsed option values
 * @returns the query
 */
export function queryOf(command: string, values: Readonly<Record<string, unknown>>): ExplainQuery {
  const q: { -readonly [K in keyof ExplainQuery]: ExplainQuery[K] } = {};
  const str = (k: string): string | undefined =>
    typeof values[k] === 'string' ? (values[k] as string) : undefined;
  const gateway = str('gateway');
  if (gateway !== undefined) {
    // `Gateway/NS/NAME` as explain prints it, or `NS/NAME`.
    const ref = parseRef(gateway.startsWith('Gateway/') ? gateway : `Gateway/${gateway}`);
    if (ref === null || ref.namespace === '' || ref.section !== undefined)
      usage(`${command}: --gateway must be NS/NAME (or Gateway/NS/NAME), got '${gateway}'`);
    // The Gateway's key in the topology (explain matches both forms).
    q.gateway = `${ref.namespace}/${ref.name}`;
  }
  const route = str('route');
  if (route !== undefined) {
    const ref = parseRef(route);
    if (
      ref === null ||
      !/^[A-Za-z]+Route$/.test(ref.kind) ||
      ref.namespace === '' ||
      ref.section !== undefined
    )
      usage(`${command}: --route must be KIND/NS/NAME (e.g. HTTPRoute/default/web), got '${route}'`);
    q.route = route;
  }
  const policy = str('policy');
  if (policy !== undefined) {
    const ref = parseRef(policy);
    if (
      ref === null ||
      !(POLICY_KINDS as readonly string[]).includes(ref.kind) ||
      ref.namespace === '' ||
      ref.section !== undefined
    ) {
      usage(
        `${command}: --policy must be KIND/NS/NAME with KIND one of ${POLICY_KINDS.join(', ')}, got '${policy}'`,
      );
    }
    q.policy = policy;
  }
  const kind = str('kind');
  if (kind !== undefined) {
    if (!(POLICY_KINDS as readonly string[]).includes(kind))
      usage(`${command}: --kind must be one of ${POLICY_KINDS.join(', ')}, got '${kind}'`);
    q.kind = kind as PolicyKind;
  }
  const listener = str('listener');
  if (listener !== undefined) q.listener = listener;
  const rule = str('rule');
  if (rule !== undefined) q.rule = rule;
  return q;
}
