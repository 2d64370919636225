/**
 * The part of `metav1` ObjectMeta validation that a custom resource's name and namespace meet on
 * create (`ValidateObjectMeta` with `NameIsDNSSubdomain`, apimachinery v0.36).
 *
 * @packageDocumentation
 */
import type { FieldError } from './field-error.js';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

const SUBDOMAIN_MESSAGE =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const LABEL_MESSAGE =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

/** `IsDNS1123Subdomain`. */
function subdomainErrors(s: string): string[] {
  const out: string[] = [];
  if (s.length > 253) out.push('must be no more than 253 characters');
  if (!DNS1123_SUBDOMAIN.test(s)) out.push(SUBDOMAIN_MESSAGE);
  return out;
}

/** `IsDNS1123Label`. */
function labelErrors(s: string): string[] {
  const out: string[] = [];
  if (s.length > 63) out.push('must be no more than 63 characters');
  if (!DNS1123_LABEL.test(s)) out.push(LABEL_MESSAGE);
  return out;
}

/**
 * Checks `metadata.name` (a DNS-1123 subdomain) and `metadata.namespace` (a DNS-1123 label).
 *
 * @param metadata - the object's metadata
 * @returns field errors
 */
export function validateObjectMeta(metadata: unknown): FieldError[] {
  if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) return [];
  const { name, namespace } = metadata as Record<string, unknown>;
  const out: FieldError[] = [];
  if (typeof name === 'string' && name !== '') {
    for (const detail of subdomainErrors(name)) {
      out.push({
        type: 'Invalid',
        field: 'metadata.name',
        value: name,
        detail,
        pointer: '/metadata/name',
        source: 'metadata',
      });
    }
  }
  if (typeof namespace === 'string' && namespace !== '') {
    for (const detail of labelErrors(namespace)) {
      out.push({
        type: 'Invalid',
        field: 'metadata.namespace',
        value: namespace,
        detail,
        pointer: '/metadata/namespace',
        source: 'metadata',
      });
    }
  }
  return out;
}
