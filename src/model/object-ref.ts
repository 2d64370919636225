/**
 * The one way the simulator names an object or a part of one: `Kind/namespace/name`, with
 * `/section` for a listener of a Gateway or ListenerSet or a rule of a route, and `Kind/name` for
 * a cluster-scoped kind. Resource keys, attachment scopes, the engine's bookkeeping, explain,
 * preview, status lookups and the CLI all use this format, through {@link formatRef} and
 * {@link parseRef}.
 *
 * @packageDocumentation
 */
/** A typed reference to an object, or to a section of one (a listener, a route rule). */
export interface ObjectRef {
  /** The object's kind (`Gateway`, `ListenerSet`, `HTTPRoute`, `BackendTrafficPolicy`, …). */
  readonly kind: string;
  /** The namespace; `''` for a cluster-scoped kind. */
  readonly namespace: string;
  readonly name: string;
  /**
   * A listener (Gateway, ListenerSet) or a rule (route) name; absent for the whole object. An
   * empty section (`sectionName: ''`) is a section, not its absence (R8.1).
   */
  readonly section?: string;
}

/**
 * Writes a reference: `Kind/namespace/name[/section]`, `Kind/name[/section]` when cluster-scoped.
 *
 * @param ref - the reference
 * @returns its text
 * @example
 * formatRef({ kind: 'Gateway', namespace: 'eg', name: 'gw', section: 'http' }); // => 'Gateway/eg/gw/http'
 */
export function formatRef(ref: ObjectRef): string {
  return refText(ref.kind, ref.namespace, ref.name, ref.section);
}

/**
 * {@link formatRef} from the parts of a reference, for callers that hold them apart (no object
 * is built).
 *
 * @param kind - the kind
 * @param namespace - the namespace (`''` for a cluster-scoped kind)
 * @param name - the name
 * @param section - the section, if any
 * @returns the reference's text
 * @example
 * refText('Gateway', 'eg', 'gw', 'http'); // => 'Gateway/eg/gw/http'
 */
export function refText(kind: string, namespace: string, name: string, section?: string): string {
  const base = namespace === '' ? `${kind}/${name}` : `${kind}/${namespace}/${name}`;
  return section === undefined ? base : `${base}/${section}`;
}

/**
 * Reads a reference written by {@link formatRef}: `Kind/name` (cluster-scoped),
 * `Kind/namespace/name` or `Kind/namespace/name/section`. No kind the simulator knows is both
 * cluster-scoped and sectioned, so the number of parts decides.
 *
 * @param text - the reference, e.g. `HTTPRoute/shop/web/checkout`
 * @returns the reference, or null when the text is not one (fewer than two or more than four
 *   parts, an empty kind, namespace or name)
 * @example
 * parseRef('HTTPRoute/shop/web'); // => { kind: 'HTTPRoute', namespace: 'shop', name: 'web' }
 * parseRef('GatewayClass/eg'); // => { kind: 'GatewayClass', namespace: '', name: 'eg' }
 */
export function parseRef(text: string): ObjectRef | null {
  const parts = text.split('/');
  if (parts.length < 2 || parts.length > 4 || parts[0] === '') return null;
  const kind = parts[0] as string;
  if (parts.length === 2) return parts[1] === '' ? null : { kind, namespace: '', name: parts[1] as string };
  const namespace = parts[1] as string;
  const name = parts[2] as string;
  if (namespace === '' || name === '') return null;
  return parts.length === 3
    ? { kind, namespace, name }
    : { kind, namespace, name, section: parts[3] as string };
}

/**
 * A reference without its kind, for text that names the kind already ("SecurityPolicy
 * `shop/auth`"): `namespace/name[/section]`, or `name` when cluster-scoped. Text that is not a
 * reference comes back as it is.
 *
 * @param text - a reference written by {@link formatRef}
 * @returns the reference without its kind
 * @example
 * withoutKind('SecurityPolicy/shop/auth'); // => 'shop/auth'
 */
export function withoutKind(text: string): string {
  const ref = parseRef(text);
  if (ref === null) return text;
  return formatRef(ref).slice(ref.kind.length + 1);
}
