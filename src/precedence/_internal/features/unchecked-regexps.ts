/**
 * The regular expressions of BackendTrafficPolicy rate limits (`clientSelectors` headers, path and
 * query parameters of type `RegularExpression`) that could not be checked as Go checks them,
 * because Go's regexp machinery was not loaded (`preloadGoRegexp`): one warning each, at its field.
 */

import { checkGoRegexp } from '../../../go/regexp-preload.js';
import type { Diagnostic } from '../../../model/diagnostic.js';
import type { Resource } from '../../../model/resource.js';
import type { Topology } from '../../../model/topology-types.js';
import type { Policy } from '../../../model/types.js';
import { rec } from './feature-check.js';

/** A regular expression of a rate limit rule: where it is and its text. */
interface RegexpField {
  readonly pointer: string;
  readonly value: string;
}

const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** The `RegularExpression` values of a BackendTrafficPolicy's rate limit rules, local and global. */
export function rateLimitRegexps(spec: Readonly<Record<string, unknown>>): RegexpField[] {
  const out: RegexpField[] = [];
  const rl = rec(spec.rateLimit);
  // The sections Envoy Gateway builds: the one `type` names (none for another type), else each one set.
  const type = rl?.type ?? null;
  const modes =
    type === null ? ['local', 'global'] : type === 'Local' ? ['local'] : type === 'Global' ? ['global'] : [];
  for (const mode of modes) {
    list(rec(rl?.[mode])?.rules).forEach((rule, r) => {
      list(rec(rule)?.clientSelectors).forEach((selector, s) => {
        const at = `/spec/rateLimit/${mode}/rules/${r}/clientSelectors/${s}`;
        const match = rec(selector) ?? {};
        list(match.headers).forEach((h, i) => {
          const header = rec(h);
          if (header?.type === 'RegularExpression' && typeof header.value === 'string')
            out.push({ pointer: `${at}/headers/${i}/value`, value: header.value });
        });
        const path = rec(match.path);
        if (path?.type === 'RegularExpression')
          out.push({ pointer: `${at}/path/value`, value: typeof path.value === 'string' ? path.value : '' });
        list(match.queryParams).forEach((q, i) => {
          const param = rec(q);
          if (param?.type === 'RegularExpression' && typeof param.value === 'string')
            out.push({ pointer: `${at}/queryParams/${i}/value`, value: param.value });
        });
      });
    });
  }
  return out;
}

/**
 * A warning for every rate limit expression of the graph's BackendTrafficPolicies that needs Go's
 * regexp machinery while it is not loaded.
 *
 * @param topology - the graph
 * @returns the diagnostics, in policy input order, then field order
 */
export function uncheckedRegexpDiagnostics(topology: Topology): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const p of (topology.policies.get('BackendTrafficPolicy') ?? []) as readonly Resource<Policy>[]) {
    for (const f of rateLimitRegexps((rec(p.object.spec) ?? {}) as Record<string, unknown>)) {
      if (checkGoRegexp(f.value) !== 'needs-machinery') continue;
      out.push({
        code: 'GWP-RESOLVE-REGEXP-UNCHECKED',
        severity: 'warning',
        message: `regex ${JSON.stringify(f.value.length > 60 ? `${f.value.slice(0, 60)}…` : f.value)} not checked: Go's regexp tables are not loaded (preloadGoRegexp); treated as compiling`,
        resource: p.key,
        location: { ...p.source, pointer: `${p.source.pointer ?? ''}${f.pointer}` },
      });
    }
  }
  return out;
}
