/**
 * Backend references: route backendRefs (rules[].backendRefs) and Backend references anywhere in
 * a policy spec.
 */
import { ENVOY_GATEWAY_GROUP } from '../types.js';
import { asArray, asRecord, asString, pointerSegment } from './topology-read.js';

/** One backendRef of a route rule, with defaults applied. */
export interface RouteBackendRef {
  readonly key: string;
  readonly kind: string;
  readonly group: string;
  readonly namespace: string;
  readonly name: string;
  /** JSON pointer of the ref inside the route object. */
  readonly pointer: string;
}

/** The backendRefs of rule `ruleIndex` (kind default `Service`, group default core, namespace default the route's). */
export function ruleBackendRefs(
  rule: unknown,
  ruleIndex: number,
  routeNamespace: string,
): readonly RouteBackendRef[] {
  const out: RouteBackendRef[] = [];
  asArray(asRecord(rule)?.backendRefs).forEach((raw, j) => {
    const ref = asRecord(raw);
    const name = asString(ref?.name);
    if (ref === undefined || name === undefined || name === '') return;
    const kind = asString(ref.kind) || 'Service';
    const group = asString(ref.group) ?? '';
    const namespace = asString(ref.namespace) || routeNamespace;
    out.push({
      key: `${kind}/${namespace}/${name}`,
      kind,
      group,
      namespace,
      name,
      pointer: `/spec/rules/${ruleIndex}/backendRefs/${j}`,
    });
  });
  return out;
}

/** Spec fields that name targets, not backends. */
const TARGET_FIELDS: ReadonlySet<string> = new Set(['targetRef', 'targetRefs', 'targetSelectors']);

/**
 * Every object in a policy spec that references a `Backend` (kind `Backend`, a name, group unset
 * or `gateway.envoyproxy.io`), with its JSON pointer. Iterative, linear in the spec size.
 */
export function policyBackendRefs(
  spec: unknown,
): readonly { readonly name: string; readonly pointer: string }[] {
  const out: { name: string; pointer: string }[] = [];
  const stack: { value: unknown; pointer: string }[] = [{ value: spec, pointer: '/spec' }];
  while (stack.length > 0) {
    const { value, pointer } = stack.pop() as { value: unknown; pointer: string };
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], pointer: `${pointer}/${i}` });
      continue;
    }
    const rec = asRecord(value);
    if (rec === undefined) continue;
    const name = asString(rec.name);
    const group = rec.group;
    if (
      rec.kind === 'Backend' &&
      name !== undefined &&
      (group === undefined || group === null || group === ENVOY_GATEWAY_GROUP)
    ) {
      out.push({ name, pointer });
    }
    const entries = Object.entries(rec);
    for (let i = entries.length - 1; i >= 0; i--) {
      const [k, v] = entries[i] as [string, unknown];
      if (pointer === '/spec' && TARGET_FIELDS.has(k)) continue;
      if (typeof v === 'object' && v !== null)
        stack.push({ value: v, pointer: `${pointer}/${pointerSegment(k)}` });
    }
  }
  return out;
}
