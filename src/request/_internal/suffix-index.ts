/**
 * An index of wildcard suffixes (`.example.com` of `*.example.com`, or `-bar.example.com` of
 * Envoy's `*-bar.example.com`) that finds every suffix a host ends with, the host being longer
 * than the suffix, in time linear in the host's length: a trie of whole labels read from the end
 * of the host, and at each of its nodes a character trie of the partial first labels (`-bar`)
 * that precede those labels. A lookup reads each character of the host at most twice, however
 * many suffixes there are. `test/request/suffix-index.prop.test.ts` checks it against a scan of
 * every suffix.
 */

/** Suffixes whose first label is partial (`-bar` of `-bar.example.com`), by that label reversed. */
class PartialLabels<T> {
  readonly next = new Map<string, PartialLabels<T>>();
  value: T | undefined;
}

/** The suffixes that end with the labels on the path from the root to this node. */
class LabelNode<T> {
  readonly children = new Map<string, LabelNode<T>>();
  /** The suffix that is a dot and these labels (`.example.com`). */
  dotted: T | undefined;
  /** Suffixes that are a partial label, a dot and these labels (`-bar.example.com`). */
  partial: PartialLabels<T> | undefined;
}

/** The index. Build with {@link buildSuffixIndex}; it is not changed afterwards. */
export interface SuffixIndex<T> {
  /**
   * The values of every suffix the host ends with, when the host is longer than the suffix,
   * longest suffix first.
   *
   * @param host - the host, compared as given (lower-case it first for a case-blind lookup)
   */
  readonly matches: (host: string) => T[];
}

/**
 * Builds the index. A suffix given twice keeps its first value; an empty suffix is ignored.
 *
 * @param entries - suffix and value pairs
 * @returns the index
 */
export function buildSuffixIndex<T>(entries: Iterable<readonly [string, T]>): SuffixIndex<T> {
  const root = new LabelNode<T>();
  for (const [suffix, value] of entries) {
    if (suffix === '') continue;
    const parts = suffix.split('.');
    // `.a.b` is the labels a, b after a dot; `x.a.b` is the partial label x before them.
    const partial = parts[0]!;
    let node = root;
    for (let i = parts.length - 1; i >= 1; i--)
      node = childOf(node.children, parts[i]!, () => new LabelNode<T>());
    if (partial === '') {
      node.dotted ??= value;
      continue;
    }
    node.partial ??= new PartialLabels<T>();
    let p = node.partial;
    for (let i = partial.length - 1; i >= 0; i--)
      p = childOf(p.next, partial[i]!, () => new PartialLabels<T>());
    p.value ??= value;
  }
  return { matches: (host) => lookup(root, host) };
}

/** A trie node's child for a key, made when missing. */
function childOf<N>(children: Map<string, N>, key: string, make: () => N): N {
  let child = children.get(key);
  if (child === undefined) {
    child = make();
    children.set(key, child);
  }
  return child;
}

function lookup<T>(root: LabelNode<T>, host: string): T[] {
  // Found shortest suffix first; reversed at the end.
  const found: T[] = [];
  let node = root;
  let end = host.length;
  for (;;) {
    const dot = end === 0 ? -1 : host.lastIndexOf('.', end - 1);
    const start = dot + 1;
    // Partial labels: the label [start, end) ends with one; the host is longer when the label is
    // longer than it or a dot precedes the label.
    if (node.partial !== undefined) {
      let p: PartialLabels<T> | undefined = node.partial;
      for (let i = end - 1; i >= start && p !== undefined; i--) {
        p = p.next.get(host[i]!);
        if (p?.value !== undefined && (i > start || dot >= 0)) found.push(p.value);
      }
    }
    if (dot < 0) break;
    const child = node.children.get(host.slice(start, end));
    if (child === undefined) break;
    node = child;
    // The suffix from this dot on: the host is longer when anything precedes the dot.
    if (node.dotted !== undefined && dot > 0) found.push(node.dotted);
    end = dot;
  }
  return found.reverse();
}
