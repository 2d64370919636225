/**
 * Reading a value at a JSON pointer (RFC 6901).
 */

/**
 * The value at a JSON pointer, or undefined when the path does not exist.
 *
 * @param root - the document
 * @param pointer - `''` for the root, else `/a/b/0`
 * @returns the value
 */
export function valueAt(root: unknown, pointer: string): unknown {
  if (pointer === '') return root;
  let cur: unknown = root;
  for (const raw of pointer.slice(1).split('/')) {
    const tok = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[tok];
  }
  return cur;
}
