/**
 * Iterative walks over the `yaml` package's CST (concrete syntax tree). The CST is built without
 * recursion, but composing it into a document is recursive: a document nested deeply enough
 * exhausts the stack, and V8 can then abort the whole process (a fatal "RegExpCompiler
 * Allocation failed" when a regular expression is compiled near the stack limit) instead of
 * throwing. So nesting is measured here, without recursion, before composing.
 *
 * @packageDocumentation
 */
import type { CST } from 'yaml';

/**
 * Deepest collection nesting a document may have. Real manifests stay far below (Gateway API
 * objects nest about 10 levels); the `yaml` composer overflows the stack around 400 levels when
 * called from a deep stack.
 */
export const MAX_NESTING = 128;

/**
 * Visits every token of a CST subtree, parents before children, without recursion.
 *
 * @param root - a CST token (e.g. a document's `value`)
 * @param visit - called with each token and its collection depth (1 inside the outermost
 *   collection); return `false` to stop the walk
 */
export function walkCst(
  root: CST.Token | undefined,
  visit: (token: CST.Token, depth: number) => boolean | undefined,
): void {
  if (root === undefined) return;
  const stack: [CST.Token, number][] = [[root, 0]];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const [token, depth] = next;
    if (visit(token, depth) === false) return;
    if (token.type === 'block-map' || token.type === 'block-seq' || token.type === 'flow-collection') {
      for (let i = token.items.length - 1; i >= 0; i -= 1) {
        const item: CST.CollectionItem | undefined = token.items[i];
        if (item?.value) stack.push([item.value, depth + 1]);
        if (item?.key) stack.push([item.key, depth + 1]);
      }
    }
  }
}

/** Whether a CST token is a collection (the only tokens that hold others). */
function isCollection(token: CST.Token): token is CST.BlockMap | CST.BlockSequence | CST.FlowCollection {
  return token.type === 'block-map' || token.type === 'block-seq' || token.type === 'flow-collection';
}

/**
 * Whether a document's collections nest deeper than {@link MAX_NESTING}.
 *
 * @param value - a CST document's `value`
 * @returns the offset of the first collection beyond the limit (parents before children, keys
 *   before values), or -1
 */
export function tooDeepAt(value: CST.Token | undefined): number {
  if (value === undefined || !isCollection(value)) return -1;
  // Only collections are visited: scalars cannot be too deep. Two stacks, no pair per token.
  const tokens: (CST.BlockMap | CST.BlockSequence | CST.FlowCollection)[] = [value];
  const depths: number[] = [0];
  for (let token = tokens.pop(); token !== undefined; token = tokens.pop()) {
    const depth = depths.pop() as number;
    if (depth >= MAX_NESTING) return token.offset;
    const { items } = token;
    for (let i = items.length - 1; i >= 0; i -= 1) {
      const item: CST.CollectionItem | undefined = items[i];
      if (item?.value !== undefined && isCollection(item.value)) {
        tokens.push(item.value);
        depths.push(depth + 1);
      }
      if (item?.key !== undefined && item.key !== null && isCollection(item.key)) {
        tokens.push(item.key);
        depths.push(depth + 1);
      }
    }
  }
  return -1;
}
