/**
 * Where a YAML node's value ends, for the end of a diagnostic's range.
 *
 * @packageDocumentation
 */
import { isMap, isNode, isPair, isSeq, type Node } from 'yaml';

/**
 * Where a node's value ends: a block collection at the end of its last item (its own range runs
 * on over the line break and any comment after it), any other node at the end of its range
 * without trailing white space (a block scalar's range holds its last line break).
 *
 * @param node - a node of a document parsed from `text`
 * @param text - the text
 * @returns the offset just after the value's last character
 */
export function valueEnd(node: Node, text: string): number {
  if ((isMap(node) || isSeq(node)) && node.flow !== true && node.items.length > 0) {
    const last: unknown = node.items[node.items.length - 1];
    const tail = isPair(last) ? (isNode(last.value) ? last.value : last.key) : last;
    if (isNode(tail) && tail.range != null) return valueEnd(tail, text);
  }
  const start = node.range?.[0] ?? 0;
  let end = node.range?.[1] ?? start;
  while (end > start && /\s/.test(text[end - 1] ?? '')) end--;
  return end;
}
