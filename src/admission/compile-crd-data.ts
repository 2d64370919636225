/**
 * `compileCrdData`: CustomResourceDefinitions (parsed YAML) to the compact form of a CRD set
 * (`crd-data.ts`). Descriptions and everything else validation, pruning and defaulting do not read
 * are dropped; identical schema nodes are stored once. `scripts/compile-crds.mjs` runs it at build
 * time for the shipped sets; `compileCrds` runs it for a caller's own CRDs.
 *
 * @packageDocumentation
 */
import { encodeRuleAsts } from './_internal/cel/rule-asts.js';
import type { CrdData, CrdSetData, RuleData, SchemaNodeData } from './crd-data.js';

type Rec = Record<string, unknown>;

/** Scalar keywords kept, by their short name. */
const SCALARS: Readonly<Record<string, string>> = {
  type: 't',
  pattern: 'pt',
  format: 'f',
  minimum: 'mn',
  maximum: 'mx',
  minLength: 'ml',
  maxLength: 'xl',
  minItems: 'mi',
  maxItems: 'xi',
  minProperties: 'mp',
  maxProperties: 'xp',
  multipleOf: 'mo',
  'x-kubernetes-list-type': 'lt',
  'x-kubernetes-map-type': 'mt',
};
/** Boolean keywords kept (only when true), by their short name. */
const FLAGS: Readonly<Record<string, string>> = {
  exclusiveMinimum: 'xn',
  exclusiveMaximum: 'xx',
  uniqueItems: 'u',
  nullable: 'n',
  'x-kubernetes-int-or-string': 'is',
  'x-kubernetes-preserve-unknown-fields': 'pu',
  'x-kubernetes-embedded-resource': 'er',
};
/** Keywords dropped on purpose: documentation only. */
const IGNORED: ReadonlySet<string> = new Set([
  'description',
  'example',
  'externalDocs',
  'title',
  '$schema',
  'id',
]);
const COMBINERS: Readonly<Record<string, 'al' | 'an' | 'on'>> = { allOf: 'al', anyOf: 'an', oneOf: 'on' };

function isRecord(v: unknown): v is Rec {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Compiles CRD documents; documents that are not CRDs are skipped. Throws on a schema keyword it
 * does not know, so that nothing a CRD says is silently ignored.
 *
 * @param name - the set's name, e.g. `envoy-gateway-v1.9`
 * @param documents - parsed YAML/JSON documents
 * @param options - `asts`: store each rule's parsed form (the shipped sets do; a set compiled at
 *   run time would parse every rule only to store it)
 * @returns the compact data
 * @example
 * compileCrdData('mine', [crd]).crds.map((c) => c.kind); // => ['Widget']
 */
export function compileCrdData(
  name: string,
  documents: readonly unknown[],
  options: { readonly asts?: boolean } = {},
): CrdSetData {
  const nodes: SchemaNodeData[] = [];
  const ids = new Map<string, number>();
  const intern = (node: SchemaNodeData): number => {
    const key = JSON.stringify(node);
    let id = ids.get(key);
    if (id === undefined) {
      id = nodes.length;
      nodes.push(node);
      ids.set(key, id);
    }
    return id;
  };
  const compile = (schema: unknown, where: string): number => {
    if (!isRecord(schema)) throw new Error(`${where}: a schema must be an object`);
    const out: Rec = {};
    for (const [key, value] of Object.entries(schema)) {
      if (IGNORED.has(key)) continue;
      const scalar = SCALARS[key];
      const flag = FLAGS[key];
      const combiner = COMBINERS[key];
      if (scalar !== undefined) out[scalar] = value;
      else if (flag !== undefined) {
        if (value === true) out[flag] = true;
      } else if (combiner !== undefined) {
        if (!Array.isArray(value)) throw new Error(`${where}: ${key} must be a list`);
        out[combiner] = value.map((s, i) => compile(s, `${where}.${key}[${i}]`));
      } else {
        switch (key) {
          case 'properties': {
            if (!isRecord(value)) throw new Error(`${where}: properties must be an object`);
            const props: Record<string, number> = {};
            for (const [prop, sub] of Object.entries(value)) props[prop] = compile(sub, `${where}.${prop}`);
            out.p = props;
            break;
          }
          case 'required':
            out.r = value;
            break;
          case 'enum':
            out.e = value;
            break;
          case 'default':
            out.d = value;
            break;
          case 'items':
            if (Array.isArray(value)) throw new Error(`${where}: tuple items are not structural`);
            out.i = compile(value, `${where}[*]`);
            break;
          case 'additionalProperties':
            out.a = typeof value === 'boolean' ? value : compile(value, `${where}.*`);
            break;
          case 'not':
            out.no = compile(value, `${where}.not`);
            break;
          case 'x-kubernetes-list-map-keys':
            out.lk = value;
            break;
          case 'x-kubernetes-validations':
            if (!Array.isArray(value)) throw new Error(`${where}: x-kubernetes-validations must be a list`);
            out.v = value.map((rule) => compileRule(rule, where));
            break;
          default:
            throw new Error(`${where}: schema keyword ${key} is not supported by the compiler`);
        }
      }
    }
    return intern(out as SchemaNodeData);
  };

  const crds: CrdData[] = [];
  for (const doc of documents) {
    if (!isRecord(doc) || doc.kind !== 'CustomResourceDefinition' || !isRecord(doc.spec)) continue;
    const spec = doc.spec;
    const names = isRecord(spec.names) ? spec.names : {};
    const kind = String(names.kind ?? '');
    const versions = (Array.isArray(spec.versions) ? spec.versions : []).filter(isRecord).map((v) => {
      const schema = isRecord(v.schema) ? v.schema.openAPIV3Schema : undefined;
      const subresources = isRecord(v.subresources) ? v.subresources : {};
      return {
        name: String(v.name ?? ''),
        served: v.served === true,
        storage: v.storage === true,
        status: subresources.status !== undefined,
        schema: compile(schema ?? {}, `${kind}.${String(v.name ?? '')}`),
      };
    });
    crds.push({
      group: String(spec.group ?? ''),
      kind,
      plural: String(names.plural ?? ''),
      namespaced: spec.scope === 'Namespaced',
      preserveUnknownFields: spec.preserveUnknownFields === true,
      versions,
    });
  }
  crds.sort((a, b) =>
    a.group + a.kind < b.group + b.kind ? -1 : a.group + a.kind > b.group + b.kind ? 1 : 0,
  );
  if (options.asts !== true) return { name, crds, nodes };
  const texts = nodes.flatMap((n) => (n.v ?? []).flatMap((r) => (r.me === undefined ? [r.r] : [r.r, r.me])));
  return { name, crds, nodes, asts: encodeRuleAsts(texts) };
}

function compileRule(rule: unknown, where: string): RuleData {
  if (!isRecord(rule) || typeof rule.rule !== 'string')
    throw new Error(`${where}: a validation rule without rule`);
  return {
    r: rule.rule,
    ...(typeof rule.message === 'string' ? { m: rule.message } : {}),
    ...(typeof rule.messageExpression === 'string' ? { me: rule.messageExpression } : {}),
    ...(typeof rule.reason === 'string' ? { re: rule.reason } : {}),
    ...(typeof rule.fieldPath === 'string' ? { fp: rule.fieldPath } : {}),
    ...(rule.optionalOldSelf === true ? { oo: true } : {}),
  };
}

/**
 * The TypeScript module that ships a compiled set: its JSON text in one string constant.
 *
 * @param data - the compiled set
 * @returns the module text
 * @example
 * crdDataModule(compileCrdData('mine', docs)); // => '// Generated by …\nexport const MINE_CRD_DATA: string = …'
 */
export function crdDataModule(data: CrdSetData): string {
  const json = JSON.stringify(data);
  const exportName = `${data.name.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}_CRD_DATA`;
  return `${[
    `// Generated by scripts/compile-crds.mjs (${data.crds.length} CRDs, ${data.nodes.length} schema nodes). Do not edit.`,
    '// Compiled from Envoy Gateway v1.9.0 CRDs (copyright Envoy Gateway Authors) and the Gateway API',
    '// v1.6.1 CRDs (copyright The Kubernetes Authors), both under the Apache License 2.0: see NOTICE.',
    '',
    `/** The compact form of the \`${data.name}\` CRD set (src/admission/crd-data.ts), as JSON text. */`,
    `export const ${exportName}: string = '${json.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}';`,
  ].join('\n')}\n`;
}
