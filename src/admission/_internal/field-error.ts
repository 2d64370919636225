/**
 * Field errors as the Kubernetes API server words them (`k8s.io/apimachinery`
 * `util/validation/field`, v0.36): `<field>: <Type>[: <value>][: <detail>]`.
 *
 * @packageDocumentation
 */
import { goQuote } from '../../go/quote.js';
import { goJson, goNumber } from './go-text.js';

/** The error types of `field.Error`. */
export type FieldErrorType =
  | 'Required'
  | 'Invalid'
  | 'TypeInvalid'
  | 'NotSupported'
  | 'Duplicate'
  | 'Forbidden'
  | 'TooLong'
  | 'TooMany'
  | 'Internal';

/** A value the error omits (`field.OmitValueType`). */
export const OMIT: unique symbol = Symbol('omit');

/** Where an admission finding comes from. */
export type FindingSource = 'schema' | 'rule' | 'list' | 'metadata' | 'rules-skipped';

/** One `field.Error` with where it points. */
export interface FieldError {
  readonly type: FieldErrorType;
  /** `field.Path` text, or null for a nil path (printed `<nil>`). */
  readonly field: string | null;
  /** The bad value (a decoded JSON value, or {@link OMIT}). */
  readonly value: unknown;
  readonly detail: string;
  /** JSON pointer of the offending value inside the object (for its line and column). */
  readonly pointer: string;
  readonly source: FindingSource;
  /** For a rule failure: the rule's index on its schema node and its message (to map codes). */
  readonly rule?: { readonly message: string; readonly rule: string };
}

const TYPE_TEXT: Readonly<Record<FieldErrorType, string>> = {
  Required: 'Required value',
  Invalid: 'Invalid value',
  TypeInvalid: 'Invalid value',
  NotSupported: 'Unsupported value',
  Duplicate: 'Duplicate value',
  Forbidden: 'Forbidden',
  TooLong: 'Too long',
  TooMany: 'Too many',
  Internal: 'Internal error',
};

/** `%v`-style rendering of a bad value, as `field.Error.ErrorBody` does it. */
function renderValue(value: unknown): string {
  if (typeof value === 'string') return goQuote(value);
  if (typeof value === 'number') return goNumber(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return goJson(value);
}

/**
 * The error's text, as the API server prints it.
 *
 * @param e - the error
 * @returns `<field>: <body>`
 */
export function formatFieldError(e: FieldError): string {
  let body: string;
  switch (e.type) {
    case 'Required':
    case 'Forbidden':
    case 'TooLong':
    case 'Internal':
      body = TYPE_TEXT[e.type];
      break;
    default:
      body = e.value === OMIT ? TYPE_TEXT[e.type] : `${TYPE_TEXT[e.type]}: ${renderValue(e.value)}`;
  }
  if (e.detail !== '') body += `: ${e.detail}`;
  return `${e.field ?? '<nil>'}: ${body}`;
}

/**
 * Whether an error stops the CEL rules from running (`hasBlockingErr` in the CRD strategy):
 * unsupported values, required values, too long, too many and type errors.
 *
 * @param e - the error
 * @returns true when blocking
 */
export function isBlocking(e: FieldError): boolean {
  return (
    e.type === 'NotSupported' ||
    e.type === 'Required' ||
    e.type === 'TooLong' ||
    e.type === 'TooMany' ||
    e.type === 'TypeInvalid'
  );
}
