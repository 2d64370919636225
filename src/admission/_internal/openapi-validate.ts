/**
 * OpenAPI schema validation as the API server runs it on a custom resource: kube-openapi's
 * `validate.SchemaValidator` (type, allOf/anyOf/oneOf/not, string, format, number, slice, enum,
 * object validators, in that order at every node), its errors turned into field errors as
 * `kubeOpenAPIResultToFieldErrors` does (apiextensions-apiserver v0.36).
 *
 * @packageDocumentation
 */

import { goQuote } from '../../go/quote.js';
import { type FieldError, type FieldErrorType, OMIT } from './field-error.js';
import { checkFormat, effectiveFormat } from './formats.js';
import { goFloat, goJson, goNumber } from './go-text.js';
import { type Loc, ROOT } from './location.js';
import type { SchemaNode } from './schema-node.js';
import { fitsFormat, type Kind, kindOf } from './value-kind.js';

/** A compiled regular expression (RE2 semantics) or the reason it does not compile. */
export type RegexLookup = (pattern: string) => { test(s: string): boolean } | { error: string };

/** What the walk needs besides the schema. */
export interface OpenApiContext {
  readonly regex: RegexLookup;
  /** A format the simulator does not check was met (reported once per format by the caller). */
  readonly unchecked: (format: string, pointer: string) => void;
}

const IN = 'body';

/** The JSON-schema type name and Go-derived format of a value (`schemaInfoForType`). */
function schemaInfo(kind: Kind): [string, string] {
  switch (kind) {
    case 'boolean':
      return ['boolean', ''];
    case 'string':
      return ['string', ''];
    case 'int':
      return ['integer', 'int64'];
    case 'float':
      return ['number', 'float64'];
    case 'array':
      return ['array', ''];
    default:
      return ['object', ''];
  }
}

/** An error of the walk, before conversion (kube-openapi's `errors.Validation` or a plain error). */
interface RawError {
  /** Field error type after `kubeOpenAPIResultToFieldErrors`. */
  readonly type: FieldErrorType;
  /** `err.Name` (the kube-openapi path), or null for a plain (non-Validation) error. */
  readonly name: string | null;
  readonly value: unknown;
  readonly detail: string;
  readonly loc: Loc;
  /** The message, used to drop repeats as `Result.AddErrors` does. */
  readonly message: string;
}

/**
 * A list of raw errors that ignores a message already reported (`Result.AddErrors`). Lists are
 * short, so a scan finds repeats; most nodes add nothing.
 */
class Result {
  readonly errors: RawError[] = [];
  add(e: RawError): void {
    for (const x of this.errors) if (x.message === e.message) return;
    this.errors.push(e);
  }
  merge(other: Result): void {
    for (const e of other.errors) this.add(e);
  }
  get valid(): boolean {
    return this.errors.length === 0;
  }
}

/** `errors.Validation` with a message and the field error it becomes. */
function validation(
  type: FieldErrorType,
  name: string,
  message: string,
  value: unknown,
  loc: Loc,
  detail = message,
): RawError {
  return { type, name, value, detail, loc, message };
}

/** A plain error (`errors.New`, `fmt.Errorf`): it becomes `<nil>: Invalid value: "": <message>`. */
function plain(message: string, loc: Loc): RawError {
  return { type: 'Invalid', name: null, value: '', detail: message, loc, message };
}

/** `errors.InvalidType`: with the value quoted when it is a string. */
function invalidType(loc: Loc, typeName: string, value: unknown): RawError {
  const path = loc.openApiPath();
  const message =
    typeof value === 'string'
      ? `${path} in ${IN} must be of type ${typeName}: ${goQuote(value)}`
      : `${path} in ${IN} must be of type ${typeName}`;
  return validation('TypeInvalid', path, message, value ?? '', loc);
}

/**
 * Validates a value against a schema node.
 *
 * @param node - the schema
 * @param data - the value
 * @param loc - where the value is
 * @param ctx - the regex cache and the unchecked-format hook
 * @returns the field errors, in the API server's words
 */
export function validateOpenApi(
  node: SchemaNode,
  data: unknown,
  loc: Loc,
  ctx: OpenApiContext,
): FieldError[] {
  const result = validateNode(node, data, loc, ctx);
  return result.errors.map(toFieldError);
}

function toFieldError(e: RawError): FieldError {
  const field = e.name === null || e.name === '' || e.name === '.' ? null : e.name.replace(/^\./, '');
  return {
    type: e.type,
    field,
    value: e.value,
    detail: e.detail,
    pointer: e.loc.pointer(),
    source: 'schema',
  };
}

function validateNode(node: SchemaNode, data: unknown, loc: Loc, ctx: OpenApiContext): Result {
  const result = new Result();
  validateInto(node, data, loc, ctx, result);
  return result;
}

/** Validates a value into a result shared with its parent (children add to the same list). */
function validateInto(node: SchemaNode, data: unknown, loc: Loc, ctx: OpenApiContext, result: Result): void {
  const format = effectiveFormat(node.type, node.data.f);
  const kind = kindOf(data);
  if (kind === 'null') {
    typeValidator(node, format, kind, data, loc, result);
    enumValidator(node, data, loc, result);
    return;
  }
  typeValidator(node, format, kind, data, loc, result);
  schemaPropsValidator(node, data, loc, ctx, result);
  if (kind === 'string') {
    stringValidator(node, data as string, loc, ctx, result);
    // The format validator applies to strings whose format strfmt knows (not number formats).
    if (
      format !== '' &&
      format !== 'int32' &&
      format !== 'int64' &&
      format !== 'float' &&
      format !== 'double'
    ) {
      formatValidator(format, data as string, loc, ctx, result);
    }
  }
  if (kind === 'int' || kind === 'float') numberValidator(node, format, data as number, kind, loc, result);
  if (kind === 'array') sliceValidator(node, data as unknown[], loc, ctx, result);
  enumValidator(node, data, loc, result);
  if (kind === 'object') objectValidator(node, data as Record<string, unknown>, loc, ctx, result);
}

/**
 * Whether the type validator accepts a value of a node (it depends on the value only through its
 * kind and whether it is an integral number): for checks compiled from the schema.
 *
 * @param node - the schema
 * @param data - a value
 * @returns true when the type validator reports nothing
 */
export function typeAccepts(node: SchemaNode, data: unknown): boolean {
  const result = new Result();
  typeValidator(node, effectiveFormat(node.type, node.data.f), kindOf(data), data, ROOT, result);
  return result.valid;
}

function typeValidator(
  node: SchemaNode,
  format: string,
  kind: Kind,
  data: unknown,
  loc: Loc,
  result: Result,
): void {
  if (node.types.length === 0 && format === '') return;
  if (kind === 'null') {
    if (node.types.length > 0 && !node.types.includes('null') && !node.nullable) {
      result.add(invalidType(loc, node.types.join(','), 'null'));
    }
    return;
  }
  const [schType, valueFormat] = schemaInfo(kind);
  const has = (t: string): boolean => node.types.includes(t);
  const isFloatInt = schType === 'number' && Number.isInteger(data) && has('integer');
  const isIntFloat = schType === 'integer' && has('number');
  const isLowerInt = format === 'int64' && valueFormat === 'int32';
  const isLowerFloat = format === 'float64' && valueFormat === 'float32';
  if (
    kind !== 'string' &&
    kind !== 'array' &&
    format !== '' &&
    !(has(schType) || valueFormat === format || isFloatInt || isIntFloat || isLowerInt || isLowerFloat)
  ) {
    result.add(invalidType(loc, format, valueFormat));
    return;
  }
  if (!(has('number') || has('integer')) && format !== '' && (kind === 'string' || kind === 'array')) return;
  if (!(has(schType) || isFloatInt || isIntFloat))
    result.add(invalidType(loc, node.types.join(','), schType));
}

function schemaPropsValidator(
  node: SchemaNode,
  data: unknown,
  loc: Loc,
  ctx: OpenApiContext,
  result: Result,
): void {
  if (node.anyOf.length > 0) {
    // Every branch is tried until one passes; when none does, the first failing branch's errors
    // stand for "the best failure" (kube-openapi weighs branches by match counts; see docs/admission.md).
    let firstFailure: Result | null = null;
    let passed = false;
    for (const branch of node.anyOf) {
      const r = validateNode(branch, data, loc, ctx);
      if (r.valid) {
        passed = true;
        break;
      }
      firstFailure ??= r;
    }
    if (!passed) {
      result.add(plain(`${goQuote(loc.openApiPath())} must validate at least one schema (anyOf)`, loc));
      if (firstFailure) result.merge(firstFailure);
    }
  }
  if (node.oneOf.length > 0) {
    let validated = 0;
    let firstFailure: Result | null = null;
    for (const branch of node.oneOf) {
      const r = validateNode(branch, data, loc, ctx);
      if (r.valid) validated++;
      else if (validated === 0) firstFailure ??= r;
    }
    if (validated !== 1) {
      const extra = validated === 0 ? 'Found none valid' : `Found ${validated} valid alternatives`;
      result.add(
        plain(`${goQuote(loc.openApiPath())} must validate one and only one schema (oneOf). ${extra}`, loc),
      );
      if (validated === 0 && firstFailure) result.merge(firstFailure);
    }
  }
  if (node.allOf.length > 0) {
    let validated = 0;
    for (const branch of node.allOf) {
      const r = validateNode(branch, data, loc, ctx);
      if (r.valid) validated++;
      result.merge(r);
    }
    if (validated !== node.allOf.length) {
      const extra = validated === 0 ? '. None validated' : '';
      result.add(plain(`${goQuote(loc.openApiPath())} must validate all the schemas (allOf)${extra}`, loc));
    }
  }
  if (node.not !== undefined && validateNode(node.not, data, loc, ctx).valid) {
    result.add(plain(`${goQuote(loc.openApiPath())} must not validate the schema (not)`, loc));
  }
}

function stringValidator(
  node: SchemaNode,
  data: string,
  loc: Loc,
  ctx: OpenApiContext,
  result: Result,
): void {
  const d = node.data;
  if (d.xl === undefined && d.ml === undefined && d.pt === undefined) return;
  const runes = d.xl !== undefined || d.ml !== undefined ? [...data].length : 0;
  if (d.xl !== undefined && runes > d.xl) {
    result.add(
      validation(
        'TooLong',
        loc.openApiPath(),
        `${loc.openApiPath()} in ${IN} should be at most ${d.xl} chars long`,
        data,
        loc,
        tooLongDetail(d.xl),
      ),
    );
    return;
  }
  if (d.ml !== undefined && runes < d.ml) {
    result.add(
      validation(
        'Invalid',
        loc.openApiPath(),
        `${loc.openApiPath()} in ${IN} should be at least ${d.ml} chars long`,
        data,
        loc,
      ),
    );
    return;
  }
  if (d.pt !== undefined && d.pt !== '') {
    const re = ctx.regex(d.pt);
    if ('error' in re) {
      const message = `${loc.openApiPath()} in ${IN} should match '${d.pt}, but pattern is invalid: ${re.error}'`;
      result.add(validation('Invalid', loc.openApiPath(), message, data, loc));
    } else if (!re.test(data)) {
      result.add(
        validation(
          'Invalid',
          loc.openApiPath(),
          `${loc.openApiPath()} in ${IN} should match '${d.pt}'`,
          data,
          loc,
        ),
      );
    }
  }
}

/** `field.TooLong`'s detail. */
function tooLongDetail(max: number): string {
  return `may not be more than ${max} ${max === 1 ? 'byte' : 'bytes'}`;
}

function formatValidator(format: string, data: string, loc: Loc, ctx: OpenApiContext, result: Result): void {
  const ok = checkFormat(format, data);
  if (ok === null) {
    ctx.unchecked(format, loc.pointer());
    return;
  }
  if (!ok) result.add(invalidType(loc, format, data));
}

function numberValidator(
  node: SchemaNode,
  format: string,
  data: number,
  kind: Kind,
  loc: Loc,
  result: Result,
): void {
  const d = node.data;
  const type = node.types.length === 1 ? (node.types[0] ?? '') : '';
  const numType = type === 'integer' || type === 'number' ? type : '';
  const numFormat =
    numType === 'integer' && (format === 'int32' || format === 'int64')
      ? format
      : numType === 'number' && (format === 'float' || format === 'double')
        ? format
        : '';
  const rangeError = (prefix: string, v: number): RawError | null => {
    if (fitsFormat(v, numType, numFormat)) return null;
    return plain(
      numFormat !== ''
        ? `${prefix} value must be of type ${numType} with format ${numFormat} in ${loc.openApiPath()}`
        : `${prefix} value must be of type ${numType} (default format) in ${loc.openApiPath()}`,
      loc,
    );
  };
  const checked = rangeError('Checked', data);
  if (checked) result.add(checked);
  const intData = kind === 'int';
  const show = (v: number, asInt: boolean): string => (asInt ? goNumber(Math.trunc(v)) : goFloat(v));
  const errors: RawError[] = [];
  if (d.mo !== undefined) {
    const bad = rangeError('MultipleOf', d.mo);
    if (bad) errors.push(bad);
    const factor = d.mo;
    const asInt = intData && bad === null;
    let fails: boolean;
    if (factor <= 0) fails = true;
    else if (asInt) fails = data % Math.trunc(factor) !== 0;
    else {
      const mult = factor < 1 ? (1 / factor) * data : data / factor;
      fails = !Number.isInteger(mult);
    }
    if (fails) {
      errors.push(
        factor <= 0
          ? validation(
              'Invalid',
              loc.openApiPath(),
              `factor MultipleOf declared for ${loc.openApiPath()} must be positive: ${show(factor, asInt)}`,
              '',
              loc,
            )
          : validation(
              'Invalid',
              loc.openApiPath(),
              `${loc.openApiPath()} in ${IN} should be a multiple of ${show(factor, asInt)}`,
              data,
              loc,
            ),
      );
    }
  }
  if (d.mn !== undefined) {
    const bad = rangeError('Minimum boundary', d.mn);
    if (bad) errors.push(bad);
    const asInt = intData && bad === null;
    const min = asInt ? Math.trunc(d.mn) : d.mn;
    const exclusive = d.xn === true;
    if ((!exclusive && data < min) || (exclusive && data <= min)) {
      const op = exclusive ? 'greater than' : 'greater than or equal to';
      errors.push(
        validation(
          'Invalid',
          loc.openApiPath(),
          `${loc.openApiPath()} in ${IN} should be ${op} ${show(min, asInt)}`,
          data,
          loc,
        ),
      );
    }
  }
  if (d.mx !== undefined) {
    const bad = rangeError('Maximum boundary', d.mx);
    if (bad) errors.push(bad);
    const asInt = intData && bad === null;
    const max = asInt ? Math.trunc(d.mx) : d.mx;
    const exclusive = d.xx === true;
    if ((!exclusive && data > max) || (exclusive && data >= max)) {
      const op = exclusive ? 'less than' : 'less than or equal to';
      errors.push(
        validation(
          'Invalid',
          loc.openApiPath(),
          `${loc.openApiPath()} in ${IN} should be ${op} ${show(max, asInt)}`,
          data,
          loc,
        ),
      );
    }
  }
  for (const e of errors) result.add(e);
}

function sliceValidator(
  node: SchemaNode,
  data: unknown[],
  loc: Loc,
  ctx: OpenApiContext,
  result: Result,
): void {
  const items = node.items;
  if (items !== undefined) {
    for (let i = 0; i < data.length; i++) {
      validateInto(items, data[i], loc.index(i), ctx, result);
    }
  }
  const d = node.data;
  if (d.mi !== undefined && data.length < d.mi) {
    result.add(
      validation(
        'Invalid',
        loc.openApiPath(),
        `${loc.openApiPath()} in ${IN} should have at least ${d.mi} items`,
        data.length,
        loc,
      ),
    );
  }
  if (d.xi !== undefined && data.length > d.xi) {
    const message = `${loc.openApiPath()} in ${IN} should have at most ${d.xi} items`;
    const detail = `must have at most ${d.xi} ${d.xi === 1 ? 'item' : 'items'}`;
    result.add(validation('TooMany', loc.openApiPath(), message, data.length, loc, detail));
  }
  if (d.u === true) {
    const seen = new Set<string>();
    for (const v of data) {
      const key = goJson(v);
      if (seen.has(key)) {
        result.add(
          validation(
            'Invalid',
            loc.openApiPath(),
            `${loc.openApiPath()} in ${IN} shouldn't contain duplicates`,
            '',
            loc,
          ),
        );
        break;
      }
      seen.add(key);
    }
  }
}

/** Enum values as `kubeOpenAPIResultToFieldErrors` lists them: strings as is, others as JSON. */
function supportedValues(values: readonly unknown[]): string {
  return values.map((v) => goQuote(typeof v === 'string' ? v : goJson(v))).join(', ');
}

function enumEquals(data: unknown, enumValue: unknown): boolean {
  if (enumValue === null || enumValue === undefined) return false;
  if (typeof data === 'number' && typeof enumValue === 'number') return data === enumValue;
  if (typeof data !== typeof enumValue) return false;
  return goJson(data) === goJson(enumValue);
}

function enumValidator(node: SchemaNode, data: unknown, loc: Loc, result: Result): void {
  const values = node.data.e;
  if (values === undefined || values.length === 0) return;
  if (data !== null && data !== undefined && values.some((v) => enumEquals(data, v))) return;
  const message = `${loc.openApiPath()} in ${IN} should be one of ${goEnumList(values)}`;
  const detail = `supported values: ${supportedValues(values)}`;
  result.add(validation('NotSupported', loc.openApiPath(), message, data ?? null, loc, detail));
}

/** Go's `%v` of a `[]interface{}`: `[a b 1]`. */
function goEnumList(values: readonly unknown[]): string {
  return `[${values.map((v) => (typeof v === 'string' ? v : typeof v === 'number' ? goNumber(v) : v === null ? '<nil>' : goJson(v))).join(' ')}]`;
}

function objectValidator(
  node: SchemaNode,
  data: Record<string, unknown>,
  loc: Loc,
  ctx: OpenApiContext,
  result: Result,
): void {
  const d = node.data;
  const keys = Object.keys(data);
  if (d.mp !== undefined && keys.length < d.mp) {
    result.add(
      validation(
        'Invalid',
        loc.openApiPath(),
        `${loc.openApiPath()} in ${IN} should have at least ${d.mp} properties`,
        keys.length,
        loc,
      ),
    );
  }
  if (d.xp !== undefined && keys.length > d.xp) {
    const message = `${loc.openApiPath()} in ${IN} should have at most ${d.xp} properties`;
    const detail = `must have at most ${d.xp} ${d.xp === 1 ? 'item' : 'items'}`;
    result.add(validation('TooMany', loc.openApiPath(), message, keys.length, loc, detail));
  }
  const props = node.properties;
  if (node.additional === false) {
    for (const k of keys) {
      if (!props?.has(k)) {
        const path = loc.openApiPath();
        result.add(
          validation('Invalid', path, `${path}.${k} in ${IN} is a forbidden property`, '', loc.key(k)),
        );
      }
    }
  } else if (node.additional !== undefined) {
    for (const k of keys) {
      if (props?.has(k)) continue;
      validateInto(node.additional, data[k], loc.key(k), ctx, result);
    }
  }
  if (props !== undefined) {
    for (const [name, sub] of props) {
      if (!Object.hasOwn(data, name)) continue;
      validateInto(sub, data[name], loc.property(name), ctx, result);
    }
  }
  for (const k of node.required) {
    if (Object.hasOwn(data, k)) continue;
    const name = `${loc.openApiPath()}.${k}`;
    result.add({
      type: 'Required',
      name,
      value: OMIT,
      detail: '',
      loc: loc.property(k),
      message: `${name} in ${IN} is required`,
    });
  }
}
