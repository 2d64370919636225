/**
 * The JSON Schemas shipped in `schemas/`, compiled with ajv (draft 2020-12, strict), and the rule
 * ids of docs/rules.md, for the suites that check the CLI's JSON documents.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The documents with a schema: `schemas/<name>.schema.json`. */
export const SCHEMA_NAMES: readonly string[] = readdirSync(path.join(root, 'schemas'))
  .filter((f) => f.endsWith('.schema.json'))
  .map((f) => f.slice(0, -'.schema.json'.length))
  .sort();

const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
const compiled = new Map<string, ValidateFunction>();

/**
 * The validator of one document's schema.
 *
 * @param name - `explain`, `status`, …
 * @returns ajv's validate function
 */
export function schemaValidator(name: string): ValidateFunction {
  let v = compiled.get(name);
  if (v === undefined) {
    const schema = JSON.parse(
      readFileSync(path.join(root, 'schemas', `${name}.schema.json`), 'utf8'),
    ) as object;
    v = ajv.compile(schema);
    compiled.set(name, v);
  }
  return v;
}

/**
 * The schema errors of a document (empty when it is valid), as short lines.
 *
 * @param name - the schema
 * @param document - the parsed JSON
 * @returns `instancePath message` lines
 */
export function schemaErrors(name: string, document: unknown): string[] {
  const v = schemaValidator(name);
  if (v(document)) return [];
  return (v.errors ?? [])
    .slice(0, 10)
    .map((e) => `${e.instancePath} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
}

/** The rule ids docs/rules.md defines (`R1.2`), and its chapters (`R9`). */
export function documentedRules(): ReadonlySet<string> {
  const text = readFileSync(path.join(root, 'docs/rules.md'), 'utf8');
  const ids = new Set<string>();
  for (const m of text.matchAll(/^### (R\d+\.\d+)\b/gm)) ids.add(m[1]!);
  for (const m of text.matchAll(/^## (\d+)\. /gm)) ids.add(`R${m[1]}`);
  return ids;
}

/** Keys whose strings are explanations for people: where rules are cited. */
const PROSE_KEYS = new Set(['reason', 'message', 'detail', 'why', 'note', 'explanation']);

/**
 * Every rule id (`R6.1`, or a chapter `R9`) cited in the prose of a JSON value: the strings under
 * `reason`, `message`, `detail`, `why`, `note` (user values such as a policy's headers
 * are not prose).
 */
export function citedRules(value: unknown, out: Set<string> = new Set(), prose = false): Set<string> {
  if (typeof value === 'string') {
    if (prose) {
      for (const m of value.matchAll(/\bR(\d+)(?:\.(\d+))?\b/g))
        out.add(m[2] === undefined ? `R${m[1]}` : `R${m[1]}.${m[2]}`);
    }
  } else if (Array.isArray(value)) for (const v of value) citedRules(v, out, prose);
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) citedRules(v, out, PROSE_KEYS.has(k));
  }
  return out;
}
