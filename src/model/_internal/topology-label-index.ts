/**
 * An inverted label index for `selectObjects`: per (group, kind), posting lists of
 * `key=value` → objects and `key` → objects, plus per-namespace lists. A query walks only the
 * smallest candidate list it can find, then checks each candidate fully.
 */
import { isValidLabelSelector, labelMatcher } from '../label-selector.js';
import type { Resource } from '../resource.js';
import type { LabelIndex, LabelIndexEntry, SelectorQuery } from '../topology-types.js';
import type { LabelSelector } from '../types.js';
import { GATEWAY_API_GROUP } from '../types.js';
import { asLabels } from './topology-read.js';

/** One indexed object while the index is built. */
interface Entry extends LabelIndexEntry {}

interface KindIndex {
  readonly all: Entry[];
  readonly byNamespace: Map<string, Entry[]>;
  readonly byPair: Map<string, Entry[]>;
  readonly byKey: Map<string, Entry[]>;
}

const SEP = '\u0000';

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

/** Builds the index over `entries` (each with the object's group), which must be in input order. */
export function buildLabelIndex(
  entries: readonly { readonly resource: Resource; readonly group: string }[],
): LabelIndex {
  const index = new Map<string, KindIndex>();
  for (const { resource, group } of entries) {
    const id = `${group}${SEP}${resource.kind}`;
    let idx = index.get(id);
    if (idx === undefined) {
      idx = { all: [], byNamespace: new Map(), byPair: new Map(), byKey: new Map() };
      index.set(id, idx);
    }
    const labels = asLabels(resource.object.metadata?.labels);
    const entry: Entry = { resource, labels, pos: idx.all.length };
    idx.all.push(entry);
    push(idx.byNamespace, resource.namespace, entry);
    for (const [k, v] of Object.entries(labels ?? {})) {
      push(idx.byPair, `${k}${SEP}${v}`, entry);
      push(idx.byKey, k, entry);
    }
  }
  return index;
}

/** Answers a selector query from the index (see `selectObjects`). */
export function selectFromIndex(
  index: LabelIndex,
  query: SelectorQuery,
  namespaces: ReadonlySet<string> | null,
): readonly Resource[] {
  const idx = index.get(`${query.group ?? GATEWAY_API_GROUP}${SEP}${query.kind}`);
  if (idx === undefined) return [];
  const selector: LabelSelector = {
    ...(query.matchLabels !== undefined ? { matchLabels: query.matchLabels } : {}),
    ...(query.matchExpressions !== undefined ? { matchExpressions: query.matchExpressions } : {}),
  };
  if (!isValidLabelSelector(selector)) return [];

  // Candidate sources: each is a list of posting lists whose union holds every match.
  const sources: (readonly (readonly LabelIndexEntry[])[])[] = [[idx.all]];
  if (namespaces !== null) {
    sources.push([...namespaces].map((ns) => idx.byNamespace.get(ns) ?? []));
  }
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) {
    sources.push([idx.byPair.get(`${k}${SEP}${v}`) ?? []]);
  }
  for (const e of selector.matchExpressions ?? []) {
    if (e.operator === 'In')
      sources.push((e.values ?? []).map((v) => idx.byPair.get(`${e.key}${SEP}${v}`) ?? []));
    else if (e.operator === 'Exists') sources.push([idx.byKey.get(e.key) ?? []]);
  }
  let best = sources[0] as readonly (readonly LabelIndexEntry[])[];
  let bestSize = idx.all.length;
  for (const s of sources) {
    const size = s.reduce((n, l) => n + l.length, 0);
    if (size < bestSize) {
      best = s;
      bestSize = size;
    }
  }

  const matches = labelMatcher(selector);
  const found: LabelIndexEntry[] = [];
  const seen = best.length > 1 ? new Set<LabelIndexEntry>() : null;
  for (const list of best) {
    for (const e of list) {
      if (seen !== null) {
        if (seen.has(e)) continue;
        seen.add(e);
      }
      if (namespaces !== null && !namespaces.has(e.resource.namespace)) continue;
      if (!matches(e.labels)) continue;
      found.push(e);
    }
  }
  if (best.length > 1) found.sort((a, b) => a.pos - b.pos);
  return found.map((e) => e.resource);
}
