/**
 * Lint of merges (R7.5, R7.6, R7.8): Go-marshal nulls and zero values of the route policy that
 * erase a value the parent sets, and lists that StrategicMerge replaces although both policies
 * set them.
 */

import { goMarshal } from '../../merge/go-marshal.js';
import { type MergeSchema, mergeSchemaForKind } from '../../merge/merge-schema.js';
import { jsonEqual } from '../../model/_internal/json-equal.js';
import type { Resource } from '../../model/resource.js';
import type { Policy, PolicyKind } from '../../model/types.js';
import type { Point } from '../../precedence/resolution-types.js';
import {
  describePoints,
  dotted,
  type Finding,
  isPlainObject,
  type LintIndex,
  lintFinding,
  pointerOf,
  show,
  TARGETING_FIELDS,
} from './lint-index.js';

/** Code: a Go-marshal null or zero value of the route policy erases a parent value. */
export const GO_NULL_ERASE = 'GWP-LINT-GO-NULL-ERASE';
/** Code: StrategicMerge replaces a list both policies set. */
export const LIST_REPLACED = 'GWP-LINT-LIST-REPLACED';

type Path = (string | number)[];

interface Erasure {
  readonly path: Path;
  readonly parentValue: unknown;
  readonly routeValue: unknown;
}

interface ReplacedList {
  readonly path: Path;
  readonly lost: readonly unknown[];
  readonly parentItems: number;
}

interface MergePair {
  readonly kind: PolicyKind;
  readonly route: Resource<Policy>;
  readonly parent: Resource<Policy>;
  readonly mode: 'StrategicMerge' | 'JSONMerge';
  readonly points: Point[];
}

/**
 * Inspects every merge the resolution made, once per (route policy, parent, mergeType).
 *
 * @param index - the shared indexes
 * @param codes - which of the two codes to report
 * @param maxPoints - point groups named in a message
 * @returns findings about the route policies
 */
export function lintMerges(index: LintIndex, codes: ReadonlySet<string>, maxPoints: number): Finding[] {
  const pairs = new Map<string, MergePair>();
  for (const pt of index.resolution.points) {
    for (const kind of ['BackendTrafficPolicy', 'SecurityPolicy', 'EnvoyExtensionPolicy'] as const) {
      const pp = pt.policies[kind];
      if (!pp?.parent || (pp.mode !== 'StrategicMerge' && pp.mode !== 'JSONMerge')) continue;
      const ki = index.kinds.get(kind)!;
      const routeId = pp.applied[0]!;
      const k = `${kind}|${routeId}|${pp.parent.policy}|${pp.mode}`;
      let pair = pairs.get(k);
      if (!pair) {
        const route = ki.byId.get(routeId);
        const parent = ki.byId.get(pp.parent.policy);
        if (!route || !parent) continue;
        pair = { kind, route, parent, mode: pp.mode, points: [] };
        pairs.set(k, pair);
      }
      pair.points.push(pt);
    }
  }

  // A parent is shared by many route policies: marshal each object once.
  const marshalled = new Map<Resource<Policy>, unknown>();
  const specOfGo = (r: Resource<Policy>, kind: PolicyKind): unknown => {
    if (!marshalled.has(r)) marshalled.set(r, specOf(goMarshal(r.object, kind).value));
    return marshalled.get(r);
  };
  const out: Finding[] = [];
  for (const pair of pairs.values()) {
    const routeId = `${pair.route.namespace}/${pair.route.name}`;
    const parentId = `${pair.parent.namespace}/${pair.parent.name}`;
    const g = specOfGo(pair.route, pair.kind);
    const p = specOfGo(pair.parent, pair.kind);
    const r = pair.route.object.spec;
    const schema = pair.mode === 'StrategicMerge' ? mergeSchemaForKind(pair.kind)?.fields?.spec : undefined;
    const erasures: Erasure[] = [];
    const lists: ReplacedList[] = [];
    walk(g, r, p, [], schema, pair, erasures, lists);
    const where = describePoints(pair.points, maxPoints);
    if (codes.has(GO_NULL_ERASE) && erasures.length > 0) {
      const items = erasures
        .map(
          (e) =>
            `${dotted(e.path)} (${parentId} sets ${show(e.parentValue)}; the merge patch carries ${show(e.routeValue)})`,
        )
        .join(', ');
      const first = erasures[0]!.path;
      out.push(
        lintFinding(
          GO_NULL_ERASE,
          'warning',
          `${pair.kind} ${routeId} merges (${pair.mode}) onto ${parentId} at ${where}, but Envoy Gateway merges the Go serialisation of ${routeId}, ` +
            `where fields it leaves unset and that have no omitempty are null or zero values, and they erase the parent's values (R7.6): ${items}. ` +
            'Set these fields in the route policy to keep the intended values.',
          pair.route,
          // The closest object the route policy could set the field in.
          `/spec${pointerOf(first.slice(0, -1))}`,
        ),
      );
    }
    if (codes.has(LIST_REPLACED)) {
      for (const l of lists) {
        out.push(
          lintFinding(
            LIST_REPLACED,
            'warning',
            `${pair.kind} ${routeId} merges (StrategicMerge) onto ${parentId} at ${where}; both set the list ${dotted(l.path)}, which StrategicMerge replaces ` +
              `instead of merging (no patchStrategy merge for it, R7.5), so ${l.lost.length} of the ${l.parentItems} item(s) of ${parentId} are dropped: ${l.lost.map(describeItem).join(', ')}. ` +
              'Repeat them in the route policy if they should stay.',
            pair.route,
            `/spec${pointerOf(l.path)}`,
          ),
        );
      }
    }
  }
  return out;
}

function walk(
  g: unknown,
  r: unknown,
  p: unknown,
  path: Path,
  schema: MergeSchema | undefined,
  pair: MergePair,
  erasures: Erasure[],
  lists: ReplacedList[],
): void {
  if (!isPlainObject(g) || !isPlainObject(p)) return;
  for (const [k, gv] of Object.entries(g)) {
    if (path.length === 0 && TARGETING_FIELDS.has(k)) continue;
    const pv = p[k];
    if (pv === undefined || pv === null) continue;
    const rv = member(r, k);
    const childSchema = schema?.fields?.[k];
    const here = [...path, k];
    if (rv === undefined) {
      // Not written by the user: Go writes it anyway when it has no omitempty (R7.6).
      if (isZero(gv) && !jsonEqual(gv, pv)) erasures.push({ path: here, parentValue: pv, routeValue: gv });
      else if (isPlainObject(gv)) walk(gv, undefined, pv, here, childSchema, pair, erasures, lists);
      continue;
    }
    if (isPlainObject(gv)) {
      walk(gv, rv, pv, here, childSchema, pair, erasures, lists);
      continue;
    }
    if (!Array.isArray(gv) || !Array.isArray(pv) || pv.length === 0) continue;
    if (childSchema?.patchStrategy === 'merge' && childSchema.patchMergeKey !== undefined) {
      // A keyed list merges item by item: look inside matched items.
      const key = childSchema.patchMergeKey;
      const rItems = Array.isArray(rv) ? rv : [];
      gv.forEach((item, i) => {
        if (!isPlainObject(item)) return;
        const j = pv.findIndex((x) => isPlainObject(x) && x[key] !== undefined && x[key] === item[key]);
        if (j >= 0) walk(item, rItems[i], pv[j], [...here, i], childSchema.items, pair, erasures, lists);
      });
      continue;
    }
    if (pair.mode !== 'StrategicMerge') continue;
    // R7.8: BackendTrafficPolicy rate-limit rules are merged at IR level, not replaced.
    if (
      pair.kind === 'BackendTrafficPolicy' &&
      here.length === 3 &&
      here[0] === 'rateLimit' &&
      here[2] === 'rules'
    )
      continue;
    const lost = pv.filter((x) => !gv.some((y) => jsonEqual(x, y)));
    if (lost.length > 0) lists.push({ path: here, lost, parentItems: pv.length });
  }
}

/** A member of a user-written object: exact name, else case-insensitively (Go's decoder). */
function member(o: unknown, k: string): unknown {
  if (!isPlainObject(o)) return undefined;
  if (Object.hasOwn(o, k)) return o[k];
  const lower = k.toLowerCase();
  for (const [name, v] of Object.entries(o)) if (name.toLowerCase() === lower) return v;
  return undefined;
}

function isZero(v: unknown): boolean {
  return v === null || v === '' || v === 0 || v === false;
}

function specOf(o: unknown): unknown {
  return isPlainObject(o) ? o.spec : undefined;
}

function describeItem(item: unknown): string {
  if (isPlainObject(item)) {
    for (const k of ['name', 'type'])
      if (typeof item[k] === 'string') return `${k} ${JSON.stringify(item[k])}`;
  }
  return show(item);
}
