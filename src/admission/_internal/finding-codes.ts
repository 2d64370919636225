/**
 * Which diagnostic code an API server error gets. The CRD rules that are the targeting rules of
 * Envoy Gateway's policies (eg-semantics R1.2-R1.5) keep the codes the simulator has always given
 * them, with the location moved to the offending target where the API server names only `spec`;
 * every other schema error is `GWP-ADMIT-SCHEMA` and every other rule `GWP-ADMIT-FIELD-RULE`.
 *
 * @packageDocumentation
 */
import type { FieldError } from './field-error.js';

type Rec = Record<string, unknown>;

function rec(v: unknown): Rec | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Rec) : undefined;
}

/** A code and, when more precise than the API server's field, a pointer. */
export interface Classified {
  readonly code: string;
  readonly pointer: string;
}

/** The kinds a rule allows: the first list literal of its expression (`ref.kind in ['A', 'B']`). */
function allowedKinds(rule: string): string[] {
  const m = /\bkind\s+in\s+\[([^\]]*)\]/.exec(rule);
  if (m === null) return [];
  return [...(m[1] ?? '').matchAll(/'([^']*)'/g)].map((x) => x[1] ?? '');
}

/** The first target entry (ref or selector) whose field fails a test, as a pointer. */
function firstTarget(
  spec: Rec,
  lists: readonly ('targetRef' | 'targetRefs' | 'targetSelectors')[],
  fails: (ref: Rec) => boolean,
  field: string,
): string | null {
  for (const list of lists) {
    const v = spec[list];
    if (list === 'targetRef') {
      const ref = rec(v);
      if (ref && fails(ref)) return `/spec/targetRef/${field}`;
      continue;
    }
    if (!Array.isArray(v)) continue;
    for (let i = 0; i < v.length; i++) {
      const ref = rec(v[i]);
      if (ref && fails(ref)) return `/spec/${list}/${i}/${field}`;
    }
  }
  return null;
}

const SELECTOR_PATH = /^spec\.targetSelectors\[\d+\]/;
const TARGET_PATH = /^spec\.(targetRef|targetRefs\[\d+\]|targetSelectors\[\d+\])\./;

/**
 * Classifies one field error of an object.
 *
 * @param e - the error
 * @param object - the validated object (pruned and defaulted)
 * @returns the code and the pointer to locate it at
 */
export function classify(e: FieldError, object: Rec): Classified {
  const spec = rec(object.spec) ?? {};
  const field = e.field ?? '';
  if (e.source === 'rule' && e.rule !== undefined && field === 'spec') {
    const { message, rule } = e.rule;
    if (message === 'either targetRef or targetRefs must be used') {
      const both = spec.targetRef !== undefined && spec.targetRefs !== undefined;
      return both
        ? { code: 'GWP-ADMIT-TARGETREF-AND-TARGETREFS', pointer: '/spec/targetRefs' }
        : { code: 'GWP-ADMIT-NO-TARGET', pointer: '/spec' };
    }
    if (/^this policy can only have a targetRefs?(\[\*\])?\.group of /.test(message)) {
      const at = firstTarget(
        spec,
        ['targetRef', 'targetRefs'],
        (r) => r.group !== 'gateway.networking.k8s.io',
        'group',
      );
      return { code: 'GWP-ADMIT-TARGET-GROUP', pointer: at ?? e.pointer };
    }
    if (/^this policy can only have a targetRefs?(\[\*\])?\.kind of /.test(message)) {
      const kinds = allowedKinds(rule);
      const at = firstTarget(
        spec,
        ['targetRef', 'targetRefs'],
        (r) => !kinds.includes(String(r.kind)),
        'kind',
      );
      return { code: 'GWP-ADMIT-TARGET-KIND', pointer: at ?? e.pointer };
    }
    if (message === 'mergeType can only be used with xRoute targets') {
      const kinds = allowedKinds(rule);
      const at = firstTarget(
        spec,
        ['targetRef', 'targetRefs', 'targetSelectors'],
        (r) => !kinds.includes(String(r.kind)),
        'kind',
      );
      return { code: 'GWP-ADMIT-MERGETYPE-TARGETS', pointer: at ?? e.pointer };
    }
  }
  if (e.source === 'rule' && e.rule !== undefined) {
    if (field === 'spec.mergeType' && /^Replace is not a valid MergeType/.test(e.rule.message)) {
      return { code: 'GWP-ADMIT-MERGETYPE-REPLACE', pointer: e.pointer };
    }
    if (SELECTOR_PATH.test(field) && e.rule.message === 'group must be gateway.networking.k8s.io') {
      return { code: 'GWP-ADMIT-SELECTOR-GROUP', pointer: `${e.pointer}/group` };
    }
    if (/^spec\.targetSelectors\[\d+\]\.namespaces$/.test(field)) {
      return { code: 'GWP-ADMIT-SELECTOR-NAMESPACES', pointer: e.pointer };
    }
    return { code: 'GWP-ADMIT-FIELD-RULE', pointer: e.pointer };
  }
  if (e.source === 'schema' && e.type === 'Required' && TARGET_PATH.test(field)) {
    return { code: 'GWP-ADMIT-REQUIRED-FIELD', pointer: e.pointer };
  }
  if (e.source === 'schema' && /^spec\.targetSelectors\[\d+\]\.namespaces\.from$/.test(field)) {
    return { code: 'GWP-ADMIT-SELECTOR-NAMESPACES', pointer: e.pointer };
  }
  if (e.source === 'rules-skipped') return { code: 'GWP-ADMIT-RULES-SKIPPED', pointer: e.pointer };
  return { code: 'GWP-ADMIT-SCHEMA', pointer: e.pointer };
}
