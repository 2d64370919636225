/**
 * String formats the API server checks (kube-openapi `strfmt.Default`, after
 * `StripUnsupportedFormatsPostProcessor` of Kubernetes 1.36 drops the formats it does not support).
 *
 * @packageDocumentation
 */
import { parsesAsCIDR, parsesAsIP } from './ip.js';

/** Formats kept on string schemas (names without `-`, as go-openapi normalises them). */
const SUPPORTED_STRING_FORMATS: ReadonlySet<string> = new Set([
  'bsonobjectid',
  'uri',
  'email',
  'hostname',
  'ipv4',
  'ipv6',
  'cidr',
  'mac',
  'uuid',
  'uuid3',
  'uuid4',
  'uuid5',
  'isbn',
  'isbn10',
  'isbn13',
  'creditcard',
  'ssn',
  'hexcolor',
  'rgbcolor',
  'byte',
  'password',
  'date',
  'duration',
  'datetime',
  'k8sshortname',
  'k8slongname',
]);

/**
 * The format the API server keeps for a schema node: unsupported formats are dropped (integer
 * formats other than int32/int64, number formats other than float/double, any format on other
 * types).
 *
 * @param type - the node's `type` (`''` when unset)
 * @param format - the written format
 * @returns the normalised format, or `''`
 */
export function effectiveFormat(type: string, format: string | undefined): string {
  if (format === undefined || format === '') return '';
  switch (type) {
    case '':
    case 'string': {
      const normalised = format.replaceAll('-', '');
      return SUPPORTED_STRING_FORMATS.has(normalised) ? normalised : '';
    }
    case 'integer':
      return format === 'int32' || format === 'int64' ? format : '';
    case 'number':
      return format === 'float' || format === 'double' ? format : '';
    default:
      return '';
  }
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{4})$/;
const TIME = /^([0-9]{2}):([0-9]{2}):([0-9]{2})(.[0-9]+)?(z|([+-][0-9]{2}:[0-9]{2}))$/;
const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
const UUID3 = /^[0-9a-f]{8}-?[0-9a-f]{4}-?3[0-9a-f]{3}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
const UUID4 = /^[0-9a-f]{8}-?[0-9a-f]{4}-?4[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$/i;
const UUID5 = /^[0-9a-f]{8}-?[0-9a-f]{4}-?5[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$/i;
const MAC =
  /^(?:[0-9a-fA-F]{2}(?:[:-][0-9a-fA-F]{2}){5}|[0-9a-fA-F]{2}(?:[:-][0-9a-fA-F]{2}){7}|[0-9a-fA-F]{2}(?:[:-][0-9a-fA-F]{2}){19}|[0-9a-fA-F]{4}(?:\.[0-9a-fA-F]{4}){2}|[0-9a-fA-F]{4}(?:\.[0-9a-fA-F]{4}){3}|[0-9a-fA-F]{4}(?:\.[0-9a-fA-F]{4}){9})$/;
const K8S_SHORT_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const K8S_LONG_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Go's `time.Parse("2006-01-02", s)`. */
function isDate(s: string): boolean {
  const m = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/.exec(s);
  if (m === null) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
  return day <= days;
}

/** strfmt `IsDateTime`. */
function isDateTime(s: string): boolean {
  if (s.length < 4) return false;
  const parts = s.toLowerCase().split('t');
  if (parts.length < 2 || !isDate(parts[0] ?? '')) return false;
  const m = TIME.exec(parts[1] ?? '');
  if (m === null) return false;
  return (m[1] ?? '') <= '23' && (m[2] ?? '') <= '59' && (m[3] ?? '') <= '59';
}

/** strfmt `IsHostname` (its pattern written with Unicode classes, bounded repetition only). */
function isHostname(s: string): boolean {
  if (s.length > 255) return false;
  const labels = s.split('.');
  if (labels.some((l) => new TextEncoder().encode(l).length > 63)) return false;
  const ch = '[a-zA-Z0-9\\p{S}\\p{L}]';
  const single = new RegExp(`^${ch}(-?${ch}{0,62})?$`, 'u');
  if (labels.length === 1) return single.test(s);
  const tld = labels[labels.length - 1] ?? '';
  if (!/^[a-zA-Z\p{L}]{2,63}$/u.test(tld)) return false;
  const label = new RegExp(`^${ch}([a-zA-Z0-9\\-\\p{S}\\p{L}]{0,61}${ch})?$`, 'u');
  return labels.slice(0, -1).every((l) => label.test(l));
}

/** Go duration text as strfmt `ParseDuration` accepts it (Go units and a few long names). */
function isDuration(s: string): boolean {
  return /^[-+]?([0-9]*(\.[0-9]*)?[a-zµ]+)+$/i.test(s.replaceAll(' ', '')) || s === '0';
}

/**
 * Checks a string against a supported format, as `strfmt.Default.Validates` does.
 *
 * @param format - a format {@link effectiveFormat} kept
 * @param s - the string
 * @returns true or false, or null when the simulator does not check that format
 */
export function checkFormat(format: string, s: string): boolean | null {
  switch (format) {
    case 'byte':
      return BASE64.test(s);
    case 'datetime':
      return isDateTime(s);
    case 'date':
      return isDate(s);
    case 'ipv4':
      return parsesAsIP(s, true) && s.includes('.');
    case 'ipv6':
      return parsesAsIP(s, false) && s.includes(':');
    case 'cidr':
      return parsesAsCIDR(s, true);
    case 'hostname':
      return isHostname(s);
    case 'uuid':
      return UUID.test(s);
    case 'uuid3':
      return UUID3.test(s);
    case 'uuid4':
      return UUID4.test(s);
    case 'uuid5':
      return UUID5.test(s);
    case 'mac':
      return MAC.test(s);
    case 'password':
      return true;
    case 'duration':
      return isDuration(s);
    case 'k8sshortname':
      return s.length <= 63 && K8S_SHORT_NAME.test(s);
    case 'k8slongname':
      return s.length <= 253 && K8S_LONG_NAME.test(s);
    default:
      return null;
  }
}
