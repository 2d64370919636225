/**
 * Findings read from the policy status Envoy Gateway would write: policies not accepted on some
 * ancestor (Invalid, Conflicted, TargetNotFound), Warning conditions (deprecated fields), and
 * admitted policies that reach nothing, so Envoy Gateway writes no status for them at all.
 */
import type { Diagnostic, Severity } from '../../model/diagnostic.js';
import { formatRef } from '../../model/object-ref.js';
import type { Resource } from '../../model/resource.js';
import type { Policy } from '../../model/types.js';
import { POLICY_KINDS } from '../../model/types.js';
import type { AncestorRef, Resolution } from '../../precedence/resolution-types.js';
import type { PolicyStatusDocument } from '../../status/policy-status.js';
import { findingField } from './finding-field.js';

/** Code: `Accepted=False`, reason `Invalid` (a feature failed to translate). */
export const STATUS_INVALID = 'GWP-STATUS-INVALID';
/** Code: `Accepted=False`, reason `Conflicted` (another policy holds the scope). */
export const STATUS_CONFLICTED = 'GWP-STATUS-CONFLICTED';
/** Code: `Accepted=False`, reason `TargetNotFound` (a sectionName or rule that is not there). */
export const STATUS_TARGET_NOT_FOUND = 'GWP-STATUS-TARGET-NOT-FOUND';
/** Code: `Accepted=False` with any other reason. */
export const STATUS_NOT_ACCEPTED = 'GWP-STATUS-NOT-ACCEPTED';
/** Code: a `Warning` condition (e.g. `DeprecatedField`). */
export const STATUS_WARNING = 'GWP-STATUS-WARNING';
/** Code: an admitted policy that reaches nothing: no status ancestors. */
export const STATUS_TARGETS_NOTHING = 'GWP-STATUS-TARGETS-NOTHING';

const BY_REASON: Readonly<Record<string, readonly [string, Severity]>> = {
  Invalid: [STATUS_INVALID, 'error'],
  Conflicted: [STATUS_CONFLICTED, 'warning'],
  TargetNotFound: [STATUS_TARGET_NOT_FOUND, 'warning'],
};

/** `Gateway/ns/name[/section]`: the identity format of the CLI. */
export function ancestorName(a: AncestorRef): string {
  return formatRef({
    kind: a.kind,
    namespace: a.namespace,
    name: a.name,
    ...(a.sectionName === undefined ? {} : { section: a.sectionName }),
  });
}

/** At most `max` names, then `and N more`. */
export function nameList(names: readonly string[], max: number): string {
  const shown = names.slice(0, max).join(', ');
  return names.length > max ? `${shown} and ${names.length - max} more` : shown;
}

/**
 * The status findings of every policy, kinds in the order CTP, BTP, SP, EEP, policies in Envoy
 * Gateway's output order; for one policy, one finding per (code, message) with the ancestors it
 * holds on.
 *
 * @param resolution - the resolution
 * @param status - `policyStatus(resolution)`
 * @param max - ancestors named in a message
 * @returns the findings
 */
export function statusFindings(
  resolution: Resolution,
  status: PolicyStatusDocument,
  max: number,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const kind of POLICY_KINDS) {
    const kr = resolution.kinds[kind];
    const written = status[kind] ?? [];
    const withAncestors = new Set<string>();
    written.forEach((p, i) => {
      const id = kr.processed[i]!;
      const policy = kr.policies[i]!;
      const ancestors = p.status.ancestors ?? [];
      if (ancestors.length > 0) withAncestors.add(id);
      // (code, reason, message) → ancestors, in first-seen order.
      const groups = new Map<
        string,
        {
          code: string;
          severity: Severity;
          reason: string;
          message: string;
          on: string[];
          ancestors: AncestorRef[];
        }
      >();
      for (const a of ancestors) {
        for (const c of a.conditions) {
          let code: string;
          let severity: Severity;
          if (c.type === 'Accepted' && c.status === 'False') {
            [code, severity] = BY_REASON[c.reason] ?? [STATUS_NOT_ACCEPTED, 'error'];
          } else if (c.type === 'Warning' && c.status === 'True') {
            [code, severity] = [STATUS_WARNING, 'warning'];
          } else continue;
          const key = `${code}\u0000${c.reason}\u0000${c.message}`;
          let g = groups.get(key);
          if (!g) {
            g = { code, severity, reason: c.reason, message: c.message, on: [], ancestors: [] };
            groups.set(key, g);
          }
          g.on.push(ancestorName(a.ancestorRef));
          g.ancestors.push(a.ancestorRef);
        }
      }
      for (const g of groups.values()) {
        const verb =
          g.code === STATUS_WARNING ? `has a Warning (${g.reason})` : `is not accepted (${g.reason})`;
        out.push(
          finding(
            g.code,
            g.severity,
            `${kind} ${policy.namespace}/${policy.name} ${verb} on ${nameList(g.on, max)}: ${g.message}`,
            policy,
            findingField(policy, g),
          ),
        );
      }
    });
    // Admitted policies without ancestors: processed with none, or never processed (selected by nothing).
    const byId = new Map<string, Resource<Policy>>();
    for (const p of resolution.topology.policies.get(kind) ?? []) {
      if (!byId.has(p.key)) byId.set(p.key, p);
    }
    kr.processed.forEach((id, i) => {
      byId.set(id, kr.policies[i]!);
    });
    const seen = new Set<string>();
    for (const id of resolution.ordered[kind]) {
      if (seen.has(id) || withAncestors.has(id)) continue;
      seen.add(id);
      const policy = byId.get(id);
      if (!policy) continue;
      out.push(
        finding(
          STATUS_TARGETS_NOTHING,
          'warning',
          `${kind} ${policy.namespace}/${policy.name} reaches no Gateway, listener or route that Envoy Gateway manages: it takes effect nowhere and gets no status (R3.5; the GWP-LINT-* findings of its targets say why)`,
          policy,
          findingField(policy, { reason: '', message: '', ancestors: [] }),
        ),
      );
    }
  }
  return out;
}

function finding(
  code: string,
  severity: Severity,
  message: string,
  policy: Resource<Policy>,
  fieldPointer: string,
): Diagnostic {
  const source = policy.source;
  return {
    code,
    severity,
    message,
    resource: policy.key,
    location: { ...source, pointer: `${source.pointer ?? ''}${fieldPointer}` },
  };
}
