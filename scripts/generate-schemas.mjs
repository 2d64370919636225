#!/usr/bin/env node
// Writes schemas/<document>.schema.json (JSON Schema draft 2020-12) from the TypeScript types of
// the CLI's JSON documents (src/cli/_internal/json-documents.ts), with ts-json-schema-generator.
// Interfaces are closed (additionalProperties: false); index signatures (policy specs, effective
// values) stay open. `--check` compares instead of writing, and fails on a difference.
//
//   node scripts/generate-schemas.mjs          # write
//   node scripts/generate-schemas.mjs --check  # CI: the shipped schemas are the types'
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createGenerator } from 'ts-json-schema-generator';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const source = path.join(root, 'src/cli/_internal/json-documents.ts');

/** Document name → its type, and what the schema says it is. */
const DOCUMENTS = [
  ['explain', 'ExplainDocument', 'gwpolicy explain -o json: which policy applies where, with which values, and why'],
  ['status', 'StatusDocument', 'gwpolicy status -o json: the policy status Envoy Gateway would write'],
  ['preview', 'PreviewDocument', 'gwpolicy preview -o json: what a change would do to effective policy and status'],
  ['validate', 'ValidateDocument', 'gwpolicy validate -o json: every finding, the gate and the settings in force'],
  ['graph', 'GraphDocument', 'gwpolicy graph -o json: the topology and the policies targeting it'],
  ['request', 'RequestDocument', 'gwpolicy request -o json: which listener, route and policies serve a request'],
  ['drift', 'DriftDocument', 'gwpolicy drift -o json: policies whose present status differs from the predicted'],
  ['merge', 'MergeDocument', 'gwpolicy merge -o json: the merged policy (a Kubernetes object; its apiVersion and kind are its version)'],
];

/** draft-07 output of the generator → draft 2020-12 (`definitions` → `$defs`). */
function to2020(value) {
  if (Array.isArray(value)) return value.map(to2020);
  if (value === null || typeof value !== 'object') return value;
  const out = {};
  for (const [k, v] of Object.entries(value)) {
    if (k === '$ref' && typeof v === 'string') out[k] = v.replace('#/definitions/', '#/$defs/');
    else if (k === 'definitions') out.$defs = to2020(v);
    else if (k === '$schema') continue;
    else out[k] = to2020(v);
  }
  return out;
}

const generator = createGenerator({
  path: source,
  tsconfig: path.join(root, 'tsconfig.json'),
  skipTypeCheck: true,
  additionalProperties: false,
  jsDoc: 'extended',
  sortProps: true,
  strictTuples: true,
  encodeRefs: false,
});

const check = process.argv.includes('--check');
let differ = 0;
for (const [name, type, title] of DOCUMENTS) {
  const schema = to2020(generator.createSchema(type));
  const text = `${JSON.stringify(
    {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      $id: `https://gateway-policy-sim.dev/schemas/${name}.schema.json`,
      title,
      ...schema,
    },
    null,
    2,
  )}\n`;
  const file = path.join(root, 'schemas', `${name}.schema.json`);
  if (!check) writeFileSync(file, text);
  else {
    let was = '';
    try {
      was = readFileSync(file, 'utf8');
    } catch {}
    if (was !== text) {
      differ += 1;
      console.error(`schemas/${name}.schema.json differs from the types: run node scripts/generate-schemas.mjs`);
    }
  }
}
if (differ > 0) process.exit(1);
