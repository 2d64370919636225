/**
 * Admission: with a CRD set, every object the set has a CRD for is checked as the API server
 * checks it (schema, defaults, CEL rules; `admitManifests`). Without one (a profile that carries
 * no CRDs), the targeting rules of the four Envoy Gateway policy kinds (eg-semantics R1.2-R1.5)
 * are checked from a table per policy kind, as before CRD admission existed.
 *
 * @packageDocumentation
 */

import { diagnosticOf, recordedAdmission } from './_internal/admission-record.js';
import { diagnosticAt } from './_internal/topology-diagnostics.js';
import { asArray, asRecord } from './_internal/topology-read.js';
import type { CrdSet } from './admission-types.js';
import type { Diagnostic, Severity } from './diagnostic.js';
import { isValidLabelSelector } from './label-selector.js';
import type { LoadResult } from './load-types.js';
import type { Resource } from './resource.js';
import type { LabelSelector, PolicyKind } from './types.js';
import { GATEWAY_API_GROUP, POLICY_KINDS } from './types.js';

/** A policy spec as an open record. */
export type PolicySpecRecord = Readonly<Record<string, unknown>>;

/** A field-level CEL rule beyond targeting (e.g. two fields that exclude each other). */
export interface AdmissionCheck {
  /** Diagnostic code when violated. */
  readonly code: string;
  /** Returns the offending field (JSON pointer) and a message, or null when the spec passes. */
  readonly check: (
    spec: PolicySpecRecord,
    targetKinds: readonly string[],
  ) => { readonly pointer: string; readonly message: string } | null;
}

/** Admission rules of one policy kind. */
export interface PolicyAdmissionRules {
  /** Kinds `targetRef` / `targetRefs[]` may name (CEL). */
  readonly targetKinds: readonly string[];
  /**
   * Target kinds that allow `mergeType` (every targetRef, targetRefs entry and targetSelector kind
   * must be one), or null when the kind has no `mergeType` field at all.
   */
  readonly mergeTypeKinds: readonly string[] | null;
  /** `mergeType` values CEL rejects. */
  readonly forbiddenMergeTypes: readonly string[];
  /** Further CEL rules of the spec. */
  readonly checks: readonly AdmissionCheck[];
}

/** Admission rules per policy kind: one profile per Envoy Gateway release. */
export type AdmissionProfile = Readonly<Record<PolicyKind, PolicyAdmissionRules>>;

/** Options of {@link validate}. */
export interface ValidateOptions {
  /**
   * The targeting rules applied without a CRD set, and the target kinds the hints of both paths
   * read. Default {@link DEFAULT_ADMISSION_PROFILE} (Envoy Gateway v1.9).
   */
  readonly profile?: AdmissionProfile;
  /**
   * A CRD set: every object it has a CRD for is admitted as the API server does it (strict field
   * validation, defaults applied before validation). Objects that went through `admitManifests`
   * with this set report what was found then.
   */
  readonly crds?: CrdSet;
}

const X_ROUTES = ['HTTPRoute', 'GRPCRoute', 'UDPRoute', 'TCPRoute', 'TLSRoute'] as const;
const has = (spec: PolicySpecRecord, field: string): boolean =>
  spec[field] !== undefined && spec[field] !== null;

/** `a` and `b` exclude each other; with `emptyListIsUnset`, an empty list `b` counts as unset. */
function exclusive(a: string, b: string, emptyListIsUnset = false): AdmissionCheck {
  return {
    code: 'GWP-ADMIT-FIELD-RULE',
    check: (spec) => {
      const bValue = spec[b];
      const bSet = has(spec, b) && !(emptyListIsUnset && Array.isArray(bValue) && bValue.length === 0);
      return has(spec, a) && bSet
        ? { pointer: `/spec/${b}`, message: `spec.${a} and spec.${b} cannot be used together` }
        : null;
    },
  };
}

/** Envoy Gateway v1.9 admission rules (api/v1alpha1 CEL markers; see docs/topology.md). */
export const DEFAULT_ADMISSION_PROFILE: AdmissionProfile = {
  BackendTrafficPolicy: {
    targetKinds: ['Gateway', 'ListenerSet', ...X_ROUTES],
    mergeTypeKinds: X_ROUTES,
    forbiddenMergeTypes: ['Replace'],
    checks: [
      {
        code: 'GWP-ADMIT-FIELD-RULE',
        check: (spec, kinds) => {
          const allowed = ['Gateway', 'ListenerSet', 'HTTPRoute', 'GRPCRoute'];
          const bad = kinds.find((k) => !allowed.includes(k));
          return has(spec, 'admissionControl') && bad !== undefined
            ? {
                pointer: '/spec/admissionControl',
                message: `spec.admissionControl needs Gateway, ListenerSet, HTTPRoute or GRPCRoute targets, not ${bad}`,
              }
            : null;
        },
      },
      exclusive('compression', 'compressor'),
      exclusive('requestBuffer', 'httpUpgrade', true),
    ],
  },
  SecurityPolicy: {
    targetKinds: ['Gateway', 'ListenerSet', 'HTTPRoute', 'GRPCRoute', 'TCPRoute'],
    mergeTypeKinds: ['HTTPRoute', 'GRPCRoute', 'TCPRoute'],
    forbiddenMergeTypes: ['Replace'],
    checks: [
      {
        code: 'GWP-ADMIT-FIELD-RULE',
        check: (spec) => {
          const rules = asArray(asRecord(spec.authorization)?.rules);
          const usesJwt = rules.some((r) => {
            const jwt = asRecord(asRecord(r)?.principal)?.jwt;
            return jwt !== undefined && jwt !== null;
          });
          return usesJwt && !has(spec, 'jwt')
            ? {
                pointer: '/spec/authorization/rules',
                message: 'authorization rules use principal.jwt, so spec.jwt must be set',
              }
            : null;
        },
      },
    ],
  },
  EnvoyExtensionPolicy: {
    targetKinds: ['Gateway', 'ListenerSet', ...X_ROUTES],
    mergeTypeKinds: X_ROUTES,
    forbiddenMergeTypes: ['Replace'],
    checks: [],
  },
  ClientTrafficPolicy: {
    targetKinds: ['Gateway', 'ListenerSet'],
    mergeTypeKinds: null,
    forbiddenMergeTypes: [],
    checks: [],
  },
};

const KNOWN_MERGE_TYPES: ReadonlySet<string> = new Set(['StrategicMerge', 'JSONMerge', 'Replace']);
const NAMESPACES_FROM: ReadonlySet<string> = new Set(['Same', 'All', 'Selector']);
const REF_FIELDS = ['group', 'kind', 'name'] as const;

/**
 * Checks resources against the admission rules the API server enforces. With a CRD set
 * (`options.crds`): every object of a kind the set has a CRD for, against its OpenAPI schema and
 * CEL rules, in the API server's words; the targeting rules keep their codes (R1.2-R1.5). Without:
 * the rules that matter for attachment, from the profile's table: `targetRef` together with
 * `targetRefs` (allowed only beside a non-empty `targetSelectors`), a policy with no target,
 * required target fields, target groups and kinds per policy kind, `mergeType` (only with xRoute
 * targets, never `Replace`, absent from ClientTrafficPolicy), targetSelector group and
 * `namespaces`, plus the field rules of the profile. Both paths add the same warnings about
 * policies that are admitted but target nothing useful. Errors are what the API server would
 * refuse. Never throws on user input.
 *
 * @param input - resources or a {@link LoadResult}
 * @param options - the CRD set, or the table of the targeting rules
 * @returns diagnostics (`GWP-ADMIT-*`), each naming the resource and the field as a JSON pointer
 * @example
 * validate(loadManifests(btpWithTargetRefAndTargetRefs).resources)[0]?.code;
 * // => 'GWP-ADMIT-TARGETREF-AND-TARGETREFS'
 */
export function validate(
  input: readonly Resource[] | LoadResult,
  options: ValidateOptions = {},
): readonly Diagnostic[] {
  const resources = Array.isArray(input) ? (input as readonly Resource[]) : (input as LoadResult).resources;
  const profile = options.profile ?? DEFAULT_ADMISSION_PROFILE;
  if (options.crds !== undefined) return validateWithCrds(resources, options.crds, profile);
  const out: Diagnostic[] = [];
  // A resource's findings depend only on it and the rules: computed once per (resource, rules).
  for (const r of resources) {
    if (!(POLICY_KINDS as readonly string[]).includes(r.kind)) continue;
    const rules = profile[r.kind as PolicyKind];
    if (rules === undefined) continue;
    let hit = FINDINGS.get(r);
    if (hit?.rules !== rules) {
      const list: Diagnostic[] = [];
      validatePolicy(r, rules, list);
      hit = { rules, found: list };
      FINDINGS.set(r, hit);
    }
    for (const d of hit.found) out.push(d);
  }
  return out;
}

/** Codes of the table path that are hints about admitted policies (warnings), kept with CRDs. */
const HINT_CODES: ReadonlySet<string> = new Set([
  'GWP-ADMIT-EMPTY-TARGETS',
  'GWP-ADMIT-SELECTOR-KIND',
  'GWP-ADMIT-SELECTOR-INVALID',
  'GWP-ADMIT-MERGETYPE-UNKNOWN',
]);

function validateWithCrds(
  resources: readonly Resource[],
  crds: CrdSet,
  profile: AdmissionProfile,
): readonly Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const r of resources) {
    let found = recordedAdmission(r, crds);
    if (found === undefined) {
      const outcome = crds.admit(r.object, { fieldValidation: 'strict', defaults: true, prune: true });
      found = outcome === undefined ? [] : outcome.findings.map((f) => diagnosticOf(r, f, undefined));
    }
    for (const d of found) out.push(d);
    const rules = (POLICY_KINDS as readonly string[]).includes(r.kind)
      ? profile[r.kind as PolicyKind]
      : undefined;
    if (rules === undefined) continue;
    const hints: Diagnostic[] = [];
    validatePolicy(r, rules, hints);
    for (const d of hints) if (HINT_CODES.has(d.code)) out.push(d);
  }
  return out;
}

/**
 * Findings per resource, for the last rule set it was checked with (resources and rule tables
 * are never mutated; one rule set per kind is the common case).
 */
const FINDINGS = new WeakMap<
  Resource,
  { readonly rules: PolicyAdmissionRules; readonly found: readonly Diagnostic[] }
>();

function validatePolicy(r: Resource, rules: PolicyAdmissionRules, out: Diagnostic[]): void {
  const spec = asRecord(r.object.spec) ?? {};
  const report = (code: string, severity: Severity, message: string, pointer: string): void => {
    out.push(diagnosticAt(code, severity, `${r.kind} ${r.namespace}/${r.name}: ${message}`, r, pointer));
  };

  // Which targets are there (R1.2).
  const hasRef = has(spec, 'targetRef');
  const hasRefs = has(spec, 'targetRefs');
  const selectors = asArray(spec.targetSelectors);
  if (!(hasRef !== hasRefs || selectors.length > 0)) {
    if (hasRef) {
      report(
        'GWP-ADMIT-TARGETREF-AND-TARGETREFS',
        'error',
        'targetRef and targetRefs cannot both be set (only beside a non-empty targetSelectors)',
        '/spec/targetRefs',
      );
    } else {
      report(
        'GWP-ADMIT-NO-TARGET',
        'error',
        'the policy has no targetRef, targetRefs or targetSelectors',
        '/spec',
      );
    }
  } else if (!hasRef && selectors.length === 0 && asArray(spec.targetRefs).length === 0) {
    report(
      'GWP-ADMIT-EMPTY-TARGETS',
      'warning',
      'targetRefs is empty: the policy targets nothing',
      '/spec/targetRefs',
    );
  }

  // Every target kind, with where its kind field is (pointers are built only for a finding), for
  // the mergeType and field rules: `at` -1 is targetRef, else the targetRefs index; `sel` marks
  // a targetSelector.
  const kinds: { kind: string; at: number; sel: boolean }[] = [];
  const refPointer = (at: number): string => (at < 0 ? '/spec/targetRef' : `/spec/targetRefs/${at}`);
  const checkRef = (ref: unknown, at: number): void => {
    const rec = asRecord(ref);
    if (rec === undefined) {
      report(
        'GWP-ADMIT-REQUIRED-FIELD',
        'error',
        'a target reference must be an object with group, kind and name',
        refPointer(at),
      );
      return;
    }
    for (const field of REF_FIELDS) {
      if (typeof rec[field] !== 'string' || (field !== 'group' && rec[field] === '')) {
        report(
          'GWP-ADMIT-REQUIRED-FIELD',
          'error',
          `${field} is required in a target reference`,
          `${refPointer(at)}/${field}`,
        );
      }
    }
    if (typeof rec.group === 'string' && rec.group !== GATEWAY_API_GROUP) {
      report(
        'GWP-ADMIT-TARGET-GROUP',
        'error',
        `target group must be ${GATEWAY_API_GROUP}, not '${rec.group}'`,
        `${refPointer(at)}/group`,
      );
    }
    if (typeof rec.kind === 'string' && rec.kind !== '') {
      kinds.push({ kind: rec.kind, at, sel: false });
      if (!rules.targetKinds.includes(rec.kind)) {
        report(
          'GWP-ADMIT-TARGET-KIND',
          'error',
          `${r.kind} cannot target kind ${rec.kind} (allowed: ${rules.targetKinds.join(', ')})`,
          `${refPointer(at)}/kind`,
        );
      }
    }
  };
  if (hasRef) checkRef(spec.targetRef, -1);
  const refList = asArray(spec.targetRefs);
  for (let i = 0; i < refList.length; i++) checkRef(refList[i], i);

  selectors.forEach((raw, i) => {
    const pointer = `/spec/targetSelectors/${i}`;
    const sel = asRecord(raw);
    if (sel === undefined || typeof sel.kind !== 'string' || sel.kind === '') {
      report('GWP-ADMIT-REQUIRED-FIELD', 'error', 'kind is required in a targetSelector', `${pointer}/kind`);
    } else {
      kinds.push({ kind: sel.kind, at: i, sel: true });
      if (!rules.targetKinds.includes(sel.kind)) {
        report(
          'GWP-ADMIT-SELECTOR-KIND',
          'warning',
          `a targetSelector of kind ${sel.kind} selects nothing ${r.kind} can target (${rules.targetKinds.join(', ')})`,
          `${pointer}/kind`,
        );
      }
    }
    if (sel === undefined) return;
    if (sel.group !== undefined && sel.group !== null && sel.group !== GATEWAY_API_GROUP) {
      report(
        'GWP-ADMIT-SELECTOR-GROUP',
        'error',
        `targetSelector group must be ${GATEWAY_API_GROUP}`,
        `${pointer}/group`,
      );
    }
    const labelSelector = {
      matchLabels: sel.matchLabels ?? {},
      matchExpressions: sel.matchExpressions ?? [],
    };
    if (!isValidLabelSelector(labelSelector as LabelSelector)) {
      report(
        'GWP-ADMIT-SELECTOR-INVALID',
        'warning',
        'malformed label selector: it matches nothing',
        pointer,
      );
    }
    const namespaces = sel.namespaces;
    if (namespaces === undefined || namespaces === null) return;
    const ns = asRecord(namespaces);
    const from = ns?.from ?? 'Same';
    if (ns === undefined || typeof from !== 'string' || !NAMESPACES_FROM.has(from)) {
      report(
        'GWP-ADMIT-SELECTOR-NAMESPACES',
        'error',
        `namespaces.from must be Same, All or Selector, not ${JSON.stringify(from)}`,
        `${pointer}/namespaces/from`,
      );
    } else if (from === 'Selector') {
      if (ns.selector === undefined || ns.selector === null) {
        report(
          'GWP-ADMIT-SELECTOR-NAMESPACES',
          'error',
          'namespaces.selector is required when from is Selector',
          `${pointer}/namespaces`,
        );
      } else if (!isValidLabelSelector(ns.selector as LabelSelector)) {
        report(
          'GWP-ADMIT-SELECTOR-INVALID',
          'warning',
          'malformed namespaces.selector: it matches no namespace',
          `${pointer}/namespaces/selector`,
        );
      }
    }
  });

  // mergeType (R1.5).
  if (has(spec, 'mergeType')) {
    const mergeType = spec.mergeType;
    if (rules.mergeTypeKinds === null) {
      report(
        'GWP-ADMIT-MERGETYPE-UNSUPPORTED',
        'error',
        `${r.kind} has no mergeType field`,
        '/spec/mergeType',
      );
    } else {
      if (typeof mergeType === 'string' && rules.forbiddenMergeTypes.includes(mergeType)) {
        report(
          'GWP-ADMIT-MERGETYPE-REPLACE',
          'error',
          `${mergeType} is not a valid mergeType for ${r.kind}`,
          '/spec/mergeType',
        );
      } else if (typeof mergeType !== 'string' || !KNOWN_MERGE_TYPES.has(mergeType)) {
        report(
          'GWP-ADMIT-MERGETYPE-UNKNOWN',
          'warning',
          `mergeType ${JSON.stringify(mergeType)} is neither StrategicMerge nor JSONMerge`,
          '/spec/mergeType',
        );
      }
      for (const { kind, at, sel } of kinds) {
        if (!rules.mergeTypeKinds.includes(kind)) {
          report(
            'GWP-ADMIT-MERGETYPE-TARGETS',
            'error',
            `mergeType can only be used with xRoute targets (${rules.mergeTypeKinds.join(', ')}), not ${kind}`,
            sel ? `/spec/targetSelectors/${at}/kind` : `${refPointer(at)}/kind`,
          );
        }
      }
    }
  }

  const targetKinds = kinds.map((k) => k.kind);
  for (const c of rules.checks) {
    const v = c.check(spec, targetKinds);
    if (v !== null) report(c.code, 'error', v.message, v.pointer);
  }
}
