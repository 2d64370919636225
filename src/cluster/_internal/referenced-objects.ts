/**
 * The Secrets and ConfigMaps the objects of a cluster name, so that only those are read: object
 * references with `kind: Secret` or `kind: ConfigMap` (core group), and references without a kind
 * in the fields whose kind defaults to Secret (certificate and CA references, OIDC client secrets,
 * basic-auth users, API-key credentials, image pull secrets).
 */

/** Fields whose references are Secrets when they give no kind. */
const SECRET_BY_DEFAULT: ReadonlySet<string> = new Set([
  'certificateRefs',
  'caCertificateRefs',
  'clientSecret',
  'users',
  'credentialRefs',
  'pullSecretRef',
  'secretRef',
]);

/** A Secret or ConfigMap some objects name, and who names it. */
export interface ReferencedObject {
  readonly kind: 'Secret' | 'ConfigMap';
  readonly namespace: string;
  readonly name: string;
  /** `Kind/namespace/name` of the objects that name it. */
  readonly by: string[];
}

interface Named {
  readonly kind?: unknown;
  readonly metadata?: { readonly name?: unknown; readonly namespace?: unknown };
  readonly spec?: unknown;
}

/**
 * Collects the Secrets and ConfigMaps the objects' `spec`s reference.
 *
 * @param objects - the objects read from the cluster
 * @returns the references, keyed `Kind/namespace/name`
 */
export function referencedObjects(objects: readonly Named[]): Map<string, ReferencedObject> {
  const out = new Map<string, ReferencedObject>();
  for (const o of objects) {
    const namespace = typeof o.metadata?.namespace === 'string' ? o.metadata.namespace : '';
    const owner = `${String(o.kind)}/${namespace === '' ? '' : `${namespace}/`}${String(o.metadata?.name)}`;
    walk(o.spec, '', (kind, node) => {
      const ns = typeof node.namespace === 'string' && node.namespace !== '' ? node.namespace : namespace;
      if (ns === '' || typeof node.name !== 'string' || node.name === '') return;
      const key = `${kind}/${ns}/${node.name}`;
      const found = out.get(key);
      if (found) {
        if (!found.by.includes(owner)) found.by.push(owner);
      } else out.set(key, { kind, namespace: ns, name: node.name, by: [owner] });
    });
  }
  return out;
}

function walk(
  v: unknown,
  key: string,
  visit: (kind: 'Secret' | 'ConfigMap', node: Record<string, unknown>) => void,
  depth = 0,
): void {
  if (depth > 64) return;
  if (Array.isArray(v)) {
    for (const item of v) walk(item, key, visit, depth + 1);
    return;
  }
  if (typeof v !== 'object' || v === null) return;
  const node = v as Record<string, unknown>;
  const group = node.group;
  const coreGroup = group === undefined || group === null || group === '';
  if (typeof node.name === 'string' && coreGroup) {
    if (node.kind === 'Secret' || node.kind === 'ConfigMap') visit(node.kind, node);
    else if ((node.kind === undefined || node.kind === null) && SECRET_BY_DEFAULT.has(key))
      visit('Secret', node);
  }
  for (const [k, child] of Object.entries(node)) walk(child, k, visit, depth + 1);
}
