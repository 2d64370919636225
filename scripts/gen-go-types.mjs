#!/usr/bin/env node
// Generates src/merge/_internal/go-type-table.ts: for every Go struct reachable from the four
// Envoy Gateway policy kinds, the JSON name, Go kind, omitempty/omitzero, patch strategy and
// kubebuilder default of each field. It reads the Go sources from local git directories (the
// snapshots the `fetch` tool brings) and emits only facts (field names, kinds, tags, defaults),
// never source text.
//
// Usage:
//   node scripts/gen-go-types.mjs EG_GIT_DIR GATEWAY_API_GIT_DIR APIMACHINERY_GIT_DIR > src/merge/_internal/go-type-table.ts
//   npx biome format --write src/merge/_internal/go-type-table.ts
// Refs: EG at HEAD (v1.9.0 attachment code), gateway-api v1.6.1, apimachinery v0.36.3 (EG's go.mod).
import { execFileSync } from 'node:child_process';
import { parseDefault, parseFile, tagValue } from './go-decls.mjs';

const [egDir, gwDir, amDir] = process.argv.slice(2);
if (!egDir || !gwDir || !amDir) {
  console.error('usage: gen-go-types.mjs EG_GIT_DIR GATEWAY_API_GIT_DIR APIMACHINERY_GIT_DIR');
  process.exit(2);
}
const git = (dir, ...args) =>
  execFileSync('git', [`--git-dir=${dir}`, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });

/** Packages: import path → { dir, ref, folder }. */
const PACKAGES = {
  'github.com/envoyproxy/gateway/api/v1alpha1': {
    dir: egDir,
    ref: 'HEAD',
    folder: 'api/v1alpha1',
    prefix: '',
  },
  'sigs.k8s.io/gateway-api/apis/v1': { dir: gwDir, ref: 'v1.6.1', folder: 'apis/v1', prefix: 'gwapiv1.' },
  'k8s.io/apimachinery/pkg/apis/meta/v1': {
    dir: amDir,
    ref: 'v0.36.3',
    folder: 'pkg/apis/meta/v1',
    prefix: 'metav1.',
  },
};
/** Types with their own JSON (un)marshalling, mapped to a kind the normaliser knows. */
const SPECIAL = {
  'k8s.io/apimachinery/pkg/apis/meta/v1.Time': 'time',
  'k8s.io/apimachinery/pkg/apis/meta/v1.MicroTime': 'time',
  'k8s.io/apimachinery/pkg/apis/meta/v1.Duration': 'duration',
  'k8s.io/apimachinery/pkg/api/resource.Quantity': 'quantity',
  'k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1.JSON': 'raw',
  'k8s.io/apimachinery/pkg/runtime.RawExtension': 'raw',
  'k8s.io/apimachinery/pkg/util/intstr.IntOrString': 'intorstring',
  'k8s.io/apimachinery/pkg/types.UID': 'string',
};
const BASIC = {
  string: 'string',
  bool: 'bool',
  byte: 'uint',
  int: 'int',
  int8: 'int',
  int16: 'int',
  int32: 'int',
  int64: 'int',
  uint: 'uint',
  uint8: 'uint',
  uint16: 'uint',
  uint32: 'uint',
  uint64: 'uint',
  float32: 'float',
  float64: 'float',
};

/** Parsed declarations per package: name → { kind: 'struct', fields } | { kind: 'named', expr }. */
const decls = new Map();

function loadPackage(path) {
  if (decls.has(path)) return decls.get(path);
  const pkg = PACKAGES[path];
  const out = new Map();
  decls.set(path, out);
  if (!pkg) return out;
  const files = git(pkg.dir, 'ls-tree', '--name-only', `${pkg.ref}`, `${pkg.folder}/`)
    .split('\n')
    .filter((f) => f.endsWith('.go') && !f.endsWith('_test.go') && !f.includes('zz_generated'));
  for (const f of files) parseFile(git(pkg.dir, 'show', `${pkg.ref}:${f}`), out, f);
  return out;
}

const structs = new Map(); // qualified name → fields
const queue = [];

/** Resolves a Go type expression in a package to a table type string. */
function resolve(expr, pkgPath, imports) {
  if (expr.startsWith('*')) return `*${resolve(expr.slice(1), pkgPath, imports)}`;
  if (expr.startsWith('[]')) {
    if (expr === '[]byte') return 'string'; // base64 string
    return `[]${resolve(expr.slice(2), pkgPath, imports)}`;
  }
  const mm = /^map\[(\w+)\](.+)$/.exec(expr);
  if (mm) return `map[${resolve(mm[2], pkgPath, imports)}]`;
  if (BASIC[expr]) return BASIC[expr];
  if (expr === 'interface{}' || expr === 'any') return 'raw';
  let target = pkgPath;
  let name = expr;
  const q = /^(\w+)\.(\w+)$/.exec(expr);
  if (q) {
    target = imports.get(q[1]);
    if (!target) throw new Error(`unknown import alias in ${expr} (${pkgPath})`);
    name = q[2];
  }
  const special = SPECIAL[`${target}.${name}`];
  if (special) return special;
  const d = loadPackage(target).get(name);
  if (!d) throw new Error(`unresolved type ${target}.${name}`);
  if (d.kind === 'named') return resolve(d.expr, target, d.imports);
  const qname = `${PACKAGES[target].prefix}${name}`;
  if (!structs.has(qname)) {
    structs.set(qname, null);
    queue.push({ qname, d, target });
  }
  return qname;
}

function buildStruct({ qname, d, target }) {
  const fields = [];
  for (const f of d.fields) {
    const json = tagValue(f.tag, 'json');
    const [jname = '', ...opts] = (json ?? '').split(',');
    if (jname === '-' && opts.length === 0) continue;
    if (f.names.length > 0 && !/^[A-Z]/.test(f.names[0])) continue; // unexported
    const type = resolve(f.expr, target, d.imports);
    let flags = '';
    if (opts.includes('omitempty')) flags += 'o';
    if (opts.includes('omitzero')) flags += 'z';
    const embedded = f.names.length === 0;
    if (embedded && jname === '') flags += 'i';
    const strategy = tagValue(f.tag, 'patchStrategy');
    const mergeKey = tagValue(f.tag, 'patchMergeKey');
    const extra = {};
    if (strategy?.split(',').includes('merge')) extra.s = 'merge';
    if (strategy?.split(',').includes('retainKeys')) extra.r = true;
    if (mergeKey) extra.k = mergeKey;
    if (f.def !== undefined) extra.d = parseDefault(f.def);
    const names = embedded ? [jname || ''] : f.names.map((n) => jname || n);
    for (const n of names) {
      const entry = [n, type];
      if (flags || Object.keys(extra).length) entry.push(flags);
      if (Object.keys(extra).length) entry.push(extra);
      fields.push(entry);
    }
  }
  structs.set(qname, fields);
}

const EG = 'github.com/envoyproxy/gateway/api/v1alpha1';
const roots = ['BackendTrafficPolicy', 'SecurityPolicy', 'EnvoyExtensionPolicy', 'ClientTrafficPolicy'];
for (const r of roots) resolve(r, EG, new Map());
while (queue.length) buildStruct(queue.shift());

const egRef = git(egDir, 'rev-parse', 'HEAD').trim();
const names = [...structs.keys()].sort();
let out = '';
out += '// GENERATED by scripts/gen-go-types.mjs: do not edit by hand.\n';
out += `// Facts about Go struct fields reachable from the four Envoy Gateway policy kinds\n`;
out += `// (envoyproxy/gateway ${egRef}, gateway-api v1.6.1, apimachinery v0.36.3).\n`;
out +=
  '// Field entry: [jsonName, type, flags?, extra?]. Types: string|int|uint|float|bool|raw|time|duration|quantity|\n';
out +=
  '// intorstring, *T (pointer), []T (slice), map[T] (string-keyed map), or a struct name in this table.\n';
out +=
  "// Flags: 'o' omitempty, 'z' omitzero, 'i' embedded (fields promoted). Extra: s patchStrategy, k patchMergeKey,\n";
out += '// r retainKeys, d kubebuilder default.\n';
out += "import type { GoStructTable } from './go-type.js';\n\n";
out += '/** Go struct fields by struct name (generated). */\n';
out += 'export const GO_STRUCTS: GoStructTable = {\n';
for (const n of names) {
  out += `  ${JSON.stringify(n)}: [\n`;
  for (const f of structs.get(n)) out += `    ${JSON.stringify(f)},\n`;
  out += '  ],\n';
}
out += '};\n';
process.stdout.write(out);
