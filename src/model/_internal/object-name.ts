/**
 * The name rules every object passes on the API server whatever its kind: a name is a path
 * segment of the API (apimachinery `ValidatePathSegmentName`), a namespace an RFC 1123 label. The
 * loader refuses what breaks the first, so every identity `Kind/namespace/name` it keys can be
 * read back; the kind-specific name rules are the CRD admission layer's.
 *
 * @packageDocumentation
 */

/** The API server's message for a namespace that is not an RFC 1123 label (apimachinery `IsDNS1123Label`). */
const RFC1123_LABEL_MESSAGE =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

/** Why a name is not a path segment (`.`, `..`, or holding `/` or `%`), or null. */
function pathSegmentProblem(name: string): string | null {
  if (name === '.') return "may not be '.'";
  if (name === '..') return "may not be '..'";
  if (name.includes('/')) return "may not contain '/'";
  if (name.includes('%')) return "may not contain '%'";
  return null;
}

/**
 * The API server's error for `metadata.name`, or null when the name is a path segment.
 *
 * @param name - a non-empty name
 * @returns the message, e.g. `metadata.name: Invalid value: "a/b": may not contain '/'`
 */
export function nameError(name: string): string | null {
  const problem = pathSegmentProblem(name);
  return problem === null ? null : `metadata.name: Invalid value: ${JSON.stringify(name)}: ${problem}`;
}

/**
 * The API server's error for a `metadata.namespace` that is not a path segment (any such
 * namespace fails its RFC 1123 label check, in these words), or null.
 *
 * @param namespace - a non-empty namespace
 * @returns the message
 */
export function namespaceError(namespace: string): string | null {
  return pathSegmentProblem(namespace) === null
    ? null
    : `metadata.namespace: Invalid value: ${JSON.stringify(namespace)}: ${RFC1123_LABEL_MESSAGE}`;
}
