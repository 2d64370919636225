/**
 * `lint`: the surprises of policy attachment, as diagnostics: silent whole-policy replacement,
 * Go-marshal nulls that erase parent values in a merge, lists StrategicMerge replaces, selectors
 * that match nothing, policies that conflict with themselves, policies shadowed everywhere,
 * sectionNames and plain refs that name nothing.
 *
 * @packageDocumentation
 */
import type { Diagnostic } from '../model/diagnostic.js';
import { fail } from '../model/errors.js';
import { POLICY_KINDS } from '../model/types.js';
import type { Resolution } from '../precedence/resolution-types.js';
import { buildLintIndex, type Finding } from './_internal/lint-index.js';
import { GO_NULL_ERASE, LIST_REPLACED, lintMerges } from './_internal/lint-merge.js';
import { lintSilentReplace, SILENT_REPLACE } from './_internal/lint-replace.js';
import { lintShadowed, SHADOWED } from './_internal/lint-shadow.js';
import {
  lintTargets,
  SECTION_NOT_FOUND,
  SELECTOR_MATCHES_NOTHING,
  SELF_CONFLICT,
  TARGET_NOT_FOUND,
} from './_internal/lint-targets.js';

/**
 * Every lint code, in the order findings of one policy are listed. Each has a row in
 * docs/diagnostics.md and a section in docs/lint.md.
 *
 * @example
 * LINT_CODES[0]; // => 'GWP-LINT-SILENT-REPLACE'
 */
export const LINT_CODES = [
  'GWP-LINT-SILENT-REPLACE',
  'GWP-LINT-GO-NULL-ERASE',
  'GWP-LINT-LIST-REPLACED',
  'GWP-LINT-SELECTOR-MATCHES-NOTHING',
  'GWP-LINT-SELF-CONFLICT',
  'GWP-LINT-SHADOWED',
  'GWP-LINT-SECTION-NOT-FOUND',
  'GWP-LINT-TARGET-NOT-FOUND',
] as const;

/** One lint code. */
export type LintCode = (typeof LINT_CODES)[number];

/** Options of {@link lint}. */
export interface LintOptions {
  /** Report only these codes. Default: every code of {@link LINT_CODES}. */
  readonly codes?: readonly LintCode[];
  /** How many points (route on listener) a message names before `and N more`. Default 3. */
  readonly maxPointsInMessage?: number;
}

/**
 * Lints a resolution: finds what Envoy Gateway does silently and people rarely expect. Findings
 * are diagnostics coded `GWP-LINT-*` with severity `warning` (`info` for a policy shadowed
 * everywhere, which may be a deliberate default), a message that names the policy, the points and
 * the rule (R-number), `resource` = the policy, and its source location with a JSON pointer to
 * the field concerned. Never throws on user input; cost is linear in points and decisions.
 *
 * @param resolution - from `resolvePolicies` (or `simulate(...).resolution`)
 * @param options - {@link LintOptions}
 * @returns the findings, by policy kind, then policy order, then code order
 * @throws {@link GatewayPolicySimError} on an unknown code in `options.codes`
 * @example
 * lint(simulate(text).resolution).map((d) => `${d.code} ${d.resource}`);
 * // => ['GWP-LINT-SILENT-REPLACE BackendTrafficPolicy/shop/catalog-rate-limit']
 */
export function lint(resolution: Resolution, options: LintOptions = {}): readonly Diagnostic[] {
  const codes = new Set<string>(options.codes ?? LINT_CODES);
  for (const c of codes) {
    if (!(LINT_CODES as readonly string[]).includes(c)) {
      fail('GWP-API-BAD-OPTION', `unknown lint code ${String(c)}; known: ${LINT_CODES.join(', ')}`);
    }
  }
  const maxPoints = options.maxPointsInMessage ?? 3;
  if (!Number.isInteger(maxPoints) || maxPoints < 1) {
    fail('GWP-API-BAD-OPTION', `maxPointsInMessage must be a positive integer, got ${String(maxPoints)}`);
  }
  const index = buildLintIndex(resolution);
  const findings: Finding[] = [];
  if (codes.has(SILENT_REPLACE)) findings.push(...lintSilentReplace(index, maxPoints));
  if (codes.has(GO_NULL_ERASE) || codes.has(LIST_REPLACED))
    findings.push(...lintMerges(index, codes, maxPoints));
  if (
    [SELECTOR_MATCHES_NOTHING, SELF_CONFLICT, SECTION_NOT_FOUND, TARGET_NOT_FOUND].some((c) => codes.has(c))
  ) {
    findings.push(...lintTargets(index, codes));
  }
  if (codes.has(SHADOWED)) findings.push(...lintShadowed(index, maxPoints));

  const kindRank = new Map<string, number>(POLICY_KINDS.map((k, i) => [k, i]));
  const codeRank = new Map<string, number>(LINT_CODES.map((c, i) => [c, i]));
  const decorated = findings.map((f, seq) => ({
    f,
    seq,
    kind: kindRank.get(f.kind) ?? 0,
    policy: index.kinds.get(f.kind)?.order.get(f.policy) ?? Number.MAX_SAFE_INTEGER,
    code: codeRank.get(f.code) ?? 0,
  }));
  decorated.sort((a, b) => a.kind - b.kind || a.policy - b.policy || a.code - b.code || a.seq - b.seq);
  return decorated.map((d) => d.f.diagnostic);
}
