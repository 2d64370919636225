#!/usr/bin/env node
// Turns Envoy Gateway's CEL admission tests (test/cel-validation/*_test.go at v1.9.0) into our
// own fixtures: for every case, the object the test sends to the API server (as the Go client
// marshals it: json tags, omitempty, zero values of required fields) and the error texts it
// expects. It evaluates the tests' Go composite literals and the few statements around them with
// the field types read from the API sources; it writes facts (objects, expected texts), no code.
//
// Usage:
//   node scripts/gen-cel-fixtures.mjs CEL_TEST_DIR EG_GIT_DIR GATEWAY_API_GIT_DIR APIMACHINERY_GIT_DIR OUT_DIR
// writes OUT_DIR/<test file>.yaml (test/admission/cel-cases/ in this repository): a YAML list of
// cases, each { test, desc, wantErrors, object }.
// Refs: EG v1.9.0, gateway-api v1.6.1, apimachinery v0.36.3 (EG v1.9.0's go.mod).
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import { parseFile, tagValue } from './go-decls.mjs';
import { importSource } from './import-source.mjs';

const { parseQuantity, quantityString } = await importSource('go/quantity.ts');

const [testDir, egDir, gwDir, amDir, outDir] = process.argv.slice(2);
if (!testDir || !egDir || !gwDir || !amDir || !outDir) {
  console.error(
    'usage: gen-cel-fixtures.mjs CEL_TEST_DIR EG_GIT_DIR GATEWAY_API_GIT_DIR APIMACHINERY_GIT_DIR OUT_DIR',
  );
  process.exit(2);
}
const git = (dir, ...args) =>
  execFileSync('git', [`--git-dir=${dir}`, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });

// ---------------------------------------------------------------------------------------------
// Types

const PACKAGES = {
  'github.com/envoyproxy/gateway/api/v1alpha1': { dir: egDir, ref: 'v1.9.0', folder: 'api/v1alpha1' },
  'sigs.k8s.io/gateway-api/apis/v1': { dir: gwDir, ref: 'v1.6.1', folder: 'apis/v1' },
  'sigs.k8s.io/gateway-api/apis/v1alpha2': { dir: gwDir, ref: 'v1.6.1', folder: 'apis/v1alpha2' },
  'sigs.k8s.io/gateway-api/apis/v1alpha3': { dir: gwDir, ref: 'v1.6.1', folder: 'apis/v1alpha3' },
  'sigs.k8s.io/gateway-api/apis/v1beta1': { dir: gwDir, ref: 'v1.6.1', folder: 'apis/v1beta1' },
  'k8s.io/apimachinery/pkg/apis/meta/v1': { dir: amDir, ref: 'v0.36.3', folder: 'pkg/apis/meta/v1' },
};
/** Types with their own JSON form. */
const SPECIAL = {
  'k8s.io/apimachinery/pkg/apis/meta/v1.Duration': 'duration',
  'k8s.io/apimachinery/pkg/apis/meta/v1.Time': 'time',
  'k8s.io/apimachinery/pkg/api/resource.Quantity': 'quantity',
  'k8s.io/apimachinery/pkg/util/intstr.IntOrString': 'intorstring',
  'k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1.JSON': 'raw',
  'k8s.io/apimachinery/pkg/types.UID': 'string',
  'time.Duration': 'int',
};
const BASIC = new Set([
  'string',
  'bool',
  'byte',
  'rune',
  'int',
  'int8',
  'int16',
  'int32',
  'int64',
  'uint',
  'uint8',
  'uint16',
  'uint32',
  'uint64',
  'float32',
  'float64',
  'any',
]);

const decls = new Map();
const consts = new Map();
function loadPackage(p) {
  if (decls.has(p)) return decls.get(p);
  const pkg = PACKAGES[p];
  const out = new Map();
  decls.set(p, out);
  if (!pkg) return out;
  const files = git(pkg.dir, 'ls-tree', '--name-only', pkg.ref, `${pkg.folder}/`)
    .split('\n')
    .filter((f) => f.endsWith('.go') && !f.endsWith('_test.go') && !f.includes('zz_generated'));
  for (const f of files) {
    const src = git(pkg.dir, 'show', `${pkg.ref}:${f}`);
    parseFile(src, out, f);
    parseConsts(src, p);
  }
  return out;
}

/** `const ( Name Type = "value" )` and single-line constants: string, number and bool values. */
function parseConsts(src, p) {
  const take = (line) => {
    const m = /^\s*(\w+)\s+(?:[\w.]+\s+)?=\s*(.+?)\s*(?:\/\/.*)?$/.exec(line);
    if (!m) return;
    const [, name, raw] = m;
    let v;
    if (/^"(?:[^"\\]|\\.)*"$/.test(raw)) v = JSON.parse(raw);
    else if (/^-?\d+$/.test(raw)) v = Number(raw);
    else if (raw === 'true' || raw === 'false') v = raw === 'true';
    else return;
    consts.set(`${p}.${name}`, v);
  };
  for (const block of src.matchAll(/^const \(([\s\S]*?)^\)/gm)) for (const l of block[1].split('\n')) take(l);
  for (const m of src.matchAll(/^const (\w+.*)$/gm)) take(m[1]);
}

/** Parses a Go type expression into a type object. */
function parseType(text, pkgPath, imports) {
  const t = text.trim();
  if (t.startsWith('*')) return { k: 'ptr', elem: parseType(t.slice(1), pkgPath, imports) };
  if (t.startsWith('[]')) return { k: 'slice', elem: parseType(t.slice(2), pkgPath, imports) };
  const m = /^map\[([^\]]+)\](.+)$/.exec(t);
  if (m) return { k: 'map', key: parseType(m[1], pkgPath, imports), elem: parseType(m[2], pkgPath, imports) };
  if (BASIC.has(t) || t === 'interface{}') return { k: 'basic', name: t };
  const dot = t.indexOf('.');
  if (dot !== -1) {
    const alias = t.slice(0, dot);
    const full = imports.get(alias);
    if (full === undefined) throw new Error(`unknown package ${alias} in ${t}`);
    return named(full, t.slice(dot + 1));
  }
  return named(pkgPath, t);
}

function named(pkgPath, name) {
  const q = `${pkgPath}.${name}`;
  if (SPECIAL[q]) return { k: 'special', name: SPECIAL[q], q };
  return { k: 'named', pkg: pkgPath, name, q };
}

/** The declaration behind a named type. */
function declOf(t) {
  const d = loadPackage(t.pkg).get(t.name);
  if (d === undefined) throw new Error(`type ${t.q} not found`);
  return d;
}

/** The underlying type of a type (named types followed to their definition). */
function underlying(t) {
  if (t.k !== 'named') return t;
  const d = declOf(t);
  if (d.kind === 'struct') return { k: 'struct', named: t, fields: structFields(t, d) };
  return underlying(parseType(d.expr, t.pkg, d.imports));
}

/** A struct's fields: Go name, type, JSON name, options; embedded fields marked. */
function structFields(t, d) {
  const out = [];
  for (const f of d.fields) {
    const tag = tagValue(f.tag, 'json');
    const [jsonName = '', ...opts] = (tag ?? '').split(',');
    const type = parseType(f.expr, t.pkg, d.imports);
    const embedded = f.names.length === 0;
    const goName = embedded ? f.expr.replace(/^\*/, '').split('.').pop() : f.names[0];
    for (const n of embedded ? [goName] : f.names) {
      out.push({
        goName: n,
        type,
        json: jsonName,
        omitempty: opts.includes('omitempty'),
        omitzero: opts.includes('omitzero'),
        skip: jsonName === '-',
        embedded,
      });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Go values: structs as { $struct: true, type, fields: Map }, pointers as { $ptr: value } or null,
// slices as arrays (null when nil), maps as Map (null when nil), basic values as JS values.

const isStruct = (v) => v !== null && typeof v === 'object' && v.$struct === true;
const isPtr = (v) => v !== null && typeof v === 'object' && Object.hasOwn(v, '$ptr');

function zero(t) {
  switch (t.k) {
    case 'ptr':
    case 'slice':
    case 'map':
      return null;
    case 'special':
      return t.name === 'duration' ? newStruct(t, new Map([['Duration', 0]])) : t.name === 'int' ? 0 : null;
    case 'basic':
      return t.name === 'string'
        ? ''
        : t.name === 'bool'
          ? false
          : t.name === 'any' || t.name === 'interface{}'
            ? null
            : 0;
    default: {
      const u = underlying(t);
      if (u.k === 'struct') return newStruct(t, new Map());
      return zero(u);
    }
  }
}

function newStruct(type, fields) {
  return { $struct: true, type, fields };
}

function fieldOf(structType, goName) {
  const u = underlying(structType);
  if (u.k !== 'struct') throw new Error(`${structType.q} is not a struct`);
  return u.fields.find((f) => f.goName === goName);
}

/** Finds a field, promoted through embedded structs; returns the chain of struct fields. */
function findField(structType, goName) {
  const direct = fieldOf(structType, goName);
  if (direct) return [direct];
  const u = underlying(structType);
  for (const f of u.fields) {
    if (!f.embedded) continue;
    const inner = f.type.k === 'ptr' ? f.type.elem : f.type;
    if (underlying(inner).k !== 'struct') continue;
    const chain = findField(inner, goName);
    if (chain) return [f, ...chain];
  }
  return null;
}

function structGet(v, goName) {
  const chain = findField(v.type, goName);
  if (!chain) throw new Error(`no field ${goName} in ${v.type.q}`);
  let cur = v;
  for (const f of chain) {
    if (!cur.fields.has(f.goName)) cur.fields.set(f.goName, zero(f.type));
    const next = cur.fields.get(f.goName);
    if (f === chain[chain.length - 1]) return { value: next, type: f.type, holder: cur, field: f };
    cur = isPtr(next) ? next.$ptr : next;
    if (cur === null) {
      const inner = f.type.k === 'ptr' ? f.type.elem : f.type;
      cur = zero(inner);
      cur.fields ??= new Map();
      v.fields.set(f.goName, f.type.k === 'ptr' ? { $ptr: cur } : cur);
    }
  }
  throw new Error('unreachable');
}

// ---------------------------------------------------------------------------------------------
// JSON of a Go value (encoding/json with the types' tags)

function isEmptyValue(v, t) {
  if (v === null || v === undefined) return true;
  if (t.k === 'special' && t.name === 'duration') return false;
  if (Array.isArray(v)) return v.length === 0;
  if (v instanceof Map) return v.size === 0;
  if (isStruct(v) || isPtr(v)) return false;
  return v === '' || v === 0 || v === false;
}

function isZeroValue(v, t) {
  if (isStruct(v)) return [...v.fields].every(([k, x]) => isZeroValue(x, fieldOf(v.type, k)?.type ?? t));
  return isEmptyValue(v, t) && !Array.isArray(v) && !(v instanceof Map);
}

function goDurationString(ns) {
  if (ns === 0) return '0s';
  const neg = ns < 0;
  let n = Math.abs(ns);
  if (n < 1e9) {
    const units = [
      ['ms', 1e6],
      ['µs', 1e3],
      ['ns', 1],
    ];
    for (const [u, d] of units) if (n >= d) return `${neg ? '-' : ''}${trimFloat(n / d)}${u}`;
  }
  const h = Math.floor(n / 3.6e12);
  n -= h * 3.6e12;
  const m = Math.floor(n / 6e10);
  n -= m * 6e10;
  const s = trimFloat(n / 1e9);
  let out = '';
  if (h > 0) out += `${h}h`;
  if (h > 0 || m > 0) out += `${m}m`;
  return `${neg ? '-' : ''}${out}${s}s`;
}

function trimFloat(x) {
  return Number.isInteger(x) ? String(x) : String(Number(x.toFixed(9)));
}

function marshal(v, t) {
  if (t.k === 'ptr') {
    if (v === null || v === undefined) return null;
    return marshal(isPtr(v) ? v.$ptr : v, t.elem);
  }
  if (t.k === 'special') {
    switch (t.name) {
      case 'duration':
        return goDurationString(isStruct(v) ? (v.fields.get('Duration') ?? 0) : v);
      case 'quantity': {
        if (v === null) return '0';
        const q = parseQuantity(v);
        return q === null ? v : quantityString(q);
      }
      case 'intorstring':
        return v;
      case 'raw':
        return v === null ? null : JSON.parse(v);
      default:
        return v;
    }
  }
  if (t.k === 'slice') return v === null || v === undefined ? null : v.map((x) => marshal(x, t.elem));
  if (t.k === 'map') {
    if (v === null || v === undefined) return null;
    const out = {};
    for (const [k, x] of v) out[k] = marshal(x, t.elem);
    return out;
  }
  if (t.k === 'basic') return v ?? zero(t);
  const u = underlying(t);
  if (u.k !== 'struct') return marshal(v, u);
  const out = {};
  writeStruct(v, u, out);
  return out;
}

function writeStruct(v, u, out) {
  for (const f of u.fields) {
    if (f.skip) continue;
    const x = v?.fields?.has(f.goName) ? v.fields.get(f.goName) : zero(f.type);
    if (f.embedded && f.json === '') {
      const inner = f.type.k === 'ptr' ? f.type.elem : f.type;
      const iu = underlying(inner);
      if (iu.k === 'struct') {
        const target = isPtr(x) ? x.$ptr : x;
        if (target !== null) writeStruct(target, iu, out);
        continue;
      }
    }
    if (f.omitempty && isEmptyValue(x, f.type)) continue;
    if (f.omitzero && isZeroValue(x, f.type)) continue;
    out[f.json === '' ? f.goName : f.json] = marshal(x, f.type);
  }
}

// ---------------------------------------------------------------------------------------------
// Go tokens and expressions

function tokenize(src) {
  const out = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (c === '\n') {
      out.push({ t: 'nl' });
      i++;
    } else if (/\s/.test(c)) i++;
    else if (src.startsWith('//', i)) i = src.indexOf('\n', i) === -1 ? src.length : src.indexOf('\n', i);
    else if (src.startsWith('/*', i)) i = src.indexOf('*/', i) + 2;
    else if (c === '"') {
      let j = i + 1;
      while (src[j] !== '"') j += src[j] === '\\' ? 2 : 1;
      out.push({ t: 'str', v: goUnquote(src.slice(i + 1, j)) });
      i = j + 1;
    } else if (c === '`') {
      const j = src.indexOf('`', i + 1);
      out.push({ t: 'str', v: src.slice(i + 1, j) });
      i = j + 1;
    } else if (c === "'") {
      const j = src.indexOf("'", i + 1);
      out.push({ t: 'num', v: src.slice(i + 1, j).codePointAt(0) });
      i = j + 1;
    } else if (/[0-9]/.test(c)) {
      const m = /^(0x[0-9a-fA-F_]+|[0-9_]+(\.[0-9]+)?([eE][-+]?[0-9]+)?)/.exec(src.slice(i));
      out.push({ t: 'num', v: Number(m[1].replaceAll('_', '')) });
      i += m[1].length;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i));
      out.push({ t: 'id', v: m[0] });
      i += m[0].length;
    } else {
      const ops = [':=', '...', '&&', '||', '==', '!=', '<=', '>=', '++', '--', '+=', '-='];
      const op = ops.find((o) => src.startsWith(o, i)) ?? c;
      out.push({ t: 'op', v: op });
      i += op.length;
    }
  }
  return out;
}

/** The value of a Go interpreted string literal's body. */
function goUnquote(body) {
  const simple = {
    n: '\n',
    r: '\r',
    t: '\t',
    '\\': '\\',
    '"': '"',
    "'": "'",
    a: '\x07',
    b: '\b',
    f: '\f',
    v: '\v',
  };
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c !== '\\') {
      out += c;
      continue;
    }
    const e = body[++i];
    if (simple[e] !== undefined) out += simple[e];
    else if (e === 'x') out += String.fromCharCode(Number.parseInt(body.slice(i + 1, (i += 2) + 1), 16));
    else if (e === 'u') out += String.fromCodePoint(Number.parseInt(body.slice(i + 1, (i += 4) + 1), 16));
    else if (e === 'U') out += String.fromCodePoint(Number.parseInt(body.slice(i + 1, (i += 8) + 1), 16));
    else if (/[0-7]/.test(e)) out += String.fromCharCode(Number.parseInt(body.slice(i, (i += 2) + 1), 8));
    else throw new Error(`unknown escape \\${e}`);
  }
  return out;
}

class Parser {
  constructor(tokens) {
    this.toks = tokens;
    this.i = 0;
    /** In if/for/switch headers a `{` opens the block, not a composite literal (as in Go). */
    this.noLit = false;
  }
  header(f) {
    const saved = this.noLit;
    this.noLit = true;
    try {
      return f();
    } finally {
      this.noLit = saved;
    }
  }
  peek(skipNl = true) {
    let j = this.i;
    if (skipNl) while (this.toks[j]?.t === 'nl') j++;
    return this.toks[j];
  }
  next(skipNl = true) {
    if (skipNl) while (this.toks[this.i]?.t === 'nl') this.i++;
    return this.toks[this.i++];
  }
  is(v) {
    const t = this.peek();
    return t !== undefined && (t.t === 'op' || t.t === 'id') && t.v === v;
  }
  expect(v) {
    const t = this.next();
    if (!t || t.v !== v) throw new Error(`expected ${v}, got ${t ? t.v : 'end'}`);
  }
  /** A type expression: name, pkg.Name, *T, []T, map[K]V, struct{...}, func(...) ... */
  type() {
    if (this.is('*')) return (this.next(), { e: 'tptr', elem: this.type() });
    if (this.is('[')) {
      this.next();
      if (this.is(']')) return (this.next(), { e: 'tslice', elem: this.type() });
      const n = this.expr();
      this.expect(']');
      return { e: 'tarray', n, elem: this.type() };
    }
    if (this.is('map')) {
      this.next();
      this.expect('[');
      const key = this.type();
      this.expect(']');
      return { e: 'tmap', key, elem: this.type() };
    }
    if (this.is('struct')) {
      this.next();
      this.expect('{');
      const fields = [];
      while (!this.is('}')) {
        const name = this.next().v;
        const type = this.type();
        fields.push({ name, type });
      }
      this.expect('}');
      return { e: 'tstruct', fields };
    }
    if (this.is('func')) {
      this.next();
      this.params();
      if (!this.is('{') && !this.is(',') && !this.is('}') && this.peek(false)?.t !== 'nl') this.type();
      return { e: 'tfunc' };
    }
    const a = this.next().v;
    if (this.is('.')) {
      this.next();
      return { e: 'tname', pkg: a, name: this.next().v };
    }
    return { e: 'tname', pkg: null, name: a };
  }
  params() {
    this.expect('(');
    const out = [];
    while (!this.is(')')) {
      const name = this.next().v;
      const type = this.is(',') || this.is(')') ? null : this.type();
      out.push({ name, type });
      if (this.is(',')) this.next();
    }
    this.expect(')');
    return out;
  }
  expr(prec = 0) {
    let left = this.unary();
    const precs = {
      '||': 1,
      '&&': 2,
      '==': 3,
      '!=': 3,
      '<': 3,
      '>': 3,
      '<=': 3,
      '>=': 3,
      '+': 4,
      '-': 4,
      '*': 5,
      '/': 5,
      '%': 5,
    };
    for (;;) {
      const t = this.peek(false);
      if (!t || t.t !== 'op' || precs[t.v] === undefined || precs[t.v] <= prec) return left;
      this.next(false);
      left = { e: 'bin', op: t.v, a: left, b: this.expr(precs[t.v]) };
    }
  }
  unary() {
    if (this.is('&')) return (this.next(), { e: 'addr', x: this.unary() });
    if (this.is('-')) return (this.next(), { e: 'neg', x: this.unary() });
    if (this.is('!')) return (this.next(), { e: 'not', x: this.unary() });
    if (this.is('*')) return (this.next(), { e: 'deref', x: this.unary() });
    return this.postfix(this.primary());
  }
  primary() {
    const t = this.peek();
    if (t.t === 'str') return (this.next(), { e: 'lit', v: t.v });
    if (t.t === 'num') return (this.next(), { e: 'lit', v: t.v });
    if (t.t === 'op' && t.v === '(') {
      this.next();
      const saved = this.noLit;
      this.noLit = false;
      const x = this.expr();
      this.noLit = saved;
      this.expect(')');
      return x;
    }
    if (t.t === 'op' && (t.v === '[' || t.v === '*')) return { e: 'typeexpr', type: this.type() };
    if (t.t === 'id' && t.v === 'map') return { e: 'typeexpr', type: this.type() };
    if (t.t === 'id' && t.v === 'struct') return { e: 'typeexpr', type: this.type() };
    if (t.t === 'id' && t.v === 'func') {
      this.next();
      const params = this.params();
      let result = null;
      if (!this.is('{')) result = this.type();
      return { e: 'func', params, result, body: this.block() };
    }
    if (t.t === 'id') return (this.next(), { e: 'id', v: t.v });
    throw new Error(`unexpected token ${t.v}`);
  }
  postfix(x) {
    for (;;) {
      const t = this.peek(false);
      if (!t || t.t !== 'op') return x;
      if (t.v === '.') {
        this.next(false);
        if (this.is('(')) {
          this.next();
          const type = this.type();
          this.expect(')');
          x = { e: 'assert', x, type };
        } else x = { e: 'sel', x, name: this.next().v };
      } else if (t.v === '(') {
        this.next(false);
        const args = [];
        const saved = this.noLit;
        this.noLit = false;
        while (!this.is(')')) {
          args.push(this.is('[') || this.is('map') || this.is('*') ? this.exprOrType() : this.expr());
          if (this.is(',')) this.next();
        }
        this.noLit = saved;
        this.expect(')');
        x = { e: 'call', f: x, args };
      } else if (t.v === '[') {
        this.next(false);
        const idx = this.is(']') ? null : this.exprOrType();
        this.expect(']');
        x = { e: 'index', x, idx };
      } else if (t.v === '{' && !this.noLit && this.compositeAllowed(x)) {
        x = { e: 'composite', type: x, elems: this.elements() };
      } else return x;
    }
  }
  exprOrType() {
    if (this.is('[') || this.is('map')) {
      const type = this.type();
      return this.is('{')
        ? { e: 'composite', type: { e: 'typeexpr', type }, elems: this.elements() }
        : { e: 'typeexpr', type };
    }
    return this.expr();
  }
  compositeAllowed(x) {
    return (
      x.e === 'typeexpr' ||
      x.e === 'id' ||
      (x.e === 'sel' && x.x.e === 'id') ||
      (x.e === 'index' && x.x.e !== 'call')
    );
  }
  elements() {
    this.expect('{');
    const out = [];
    while (!this.is('}')) {
      let key = null;
      let value = this.is('{') ? { e: 'composite', type: null, elems: this.elements() } : this.expr();
      if (this.is(':')) {
        this.next();
        key = value;
        value = this.is('{') ? { e: 'composite', type: null, elems: this.elements() } : this.expr();
      }
      out.push({ key, value });
      if (this.is(',')) this.next();
    }
    this.expect('}');
    return out;
  }
  block() {
    this.expect('{');
    const out = [];
    while (!this.is('}')) out.push(this.stmt());
    this.expect('}');
    return out;
  }
  stmt() {
    if (this.is('for')) {
      this.next();
      const a = this.next().v;
      let b = null;
      if (this.is(',')) {
        this.next();
        b = this.next().v;
      }
      this.expect(':=');
      this.expect('range');
      const over = this.header(() => this.expr());
      return { s: 'for', key: a, val: b, over, body: this.block() };
    }
    if (this.is('if')) {
      this.next();
      const cond = this.header(() => this.expr());
      const body = this.block();
      let other = null;
      if (this.is('else')) {
        this.next();
        other = this.is('if') ? [this.stmt()] : this.block();
      }
      return { s: 'if', cond, body, other };
    }
    if (this.is('switch')) {
      this.next();
      const subject = this.header(() => this.expr());
      this.expect('{');
      const cases = [];
      while (!this.is('}')) {
        let values = null;
        if (this.is('default')) this.next();
        else {
          this.expect('case');
          values = [this.expr()];
          while (this.is(',')) this.next(), values.push(this.expr());
        }
        this.expect(':');
        const body = [];
        while (!this.is('case') && !this.is('default') && !this.is('}')) body.push(this.stmt());
        cases.push({ values, body });
      }
      this.expect('}');
      return { s: 'switch', subject, cases };
    }
    if (this.is('var')) {
      this.next();
      const name = this.next().v;
      const type = this.type();
      let init = null;
      if (this.is('=')) this.next(), (init = this.expr());
      return { s: 'var', name, type, init };
    }
    if (this.is('return')) {
      this.next();
      return { s: 'return', x: this.is('}') ? null : this.expr() };
    }
    const lhs = [this.expr()];
    while (this.is(',')) this.next(), lhs.push(this.expr());
    if (this.is(':=') || this.is('=')) {
      const op = this.next().v;
      const rhs = this.expr();
      return { s: op === ':=' ? 'define' : 'assign', lhs, rhs };
    }
    if (this.is('++')) return (this.next(), { s: 'inc', x: lhs[0] });
    return { s: 'expr', x: lhs[0] };
  }
}

// ---------------------------------------------------------------------------------------------
// Evaluation

const FILE_IMPORTS = new Map();
const TIME_UNITS = {
  Nanosecond: 1,
  Microsecond: 1e3,
  Millisecond: 1e6,
  Second: 1e9,
  Minute: 6e10,
  Hour: 3.6e12,
};

/** A Go type from a parsed type expression. */
function typeOf(te, scope) {
  switch (te.e) {
    case 'tptr':
      return { k: 'ptr', elem: typeOf(te.elem, scope) };
    case 'tslice':
    case 'tarray':
      return { k: 'slice', elem: typeOf(te.elem, scope) };
    case 'tmap':
      return { k: 'map', key: typeOf(te.key, scope), elem: typeOf(te.elem, scope) };
    case 'tstruct':
      return {
        k: 'local',
        fields: te.fields.map((f) => ({
          name: f.name,
          type: f.type.e === 'tfunc' ? { k: 'func' } : typeOf(f.type, scope),
        })),
      };
    case 'tfunc':
      return { k: 'func' };
    default: {
      if (te.pkg === null) {
        if (BASIC.has(te.name)) return { k: 'basic', name: te.name };
        if (te.name === 'error') return { k: 'basic', name: 'any' };
        throw new Error(`unknown type ${te.name}`);
      }
      const full = FILE_IMPORTS.get(te.pkg);
      if (full === undefined) throw new Error(`unknown package ${te.pkg}`);
      return named(full, te.name);
    }
  }
}

/** Whether an expression names a type (for conversions and composite literals). */
function asType(x, scope) {
  if (x.e === 'typeexpr') return typeOf(x.type, scope);
  if (x.e === 'id' && BASIC.has(x.v) && !scope.has(x.v)) return { k: 'basic', name: x.v };
  if (x.e === 'sel' && x.x.e === 'id' && !scope.has(x.x.v) && FILE_IMPORTS.has(x.x.v)) {
    const full = FILE_IMPORTS.get(x.x.v);
    const t = named(full, x.name);
    if (t.k === 'special') return t;
    if (PACKAGES[full] && loadPackage(full).has(x.name)) return t;
  }
  return null;
}

class Scope {
  constructor(parent = null) {
    this.parent = parent;
    this.vars = new Map();
  }
  has(n) {
    return this.vars.has(n) || (this.parent?.has(n) ?? false);
  }
  get(n) {
    if (this.vars.has(n)) return this.vars.get(n);
    if (this.parent) return this.parent.get(n);
    throw new Error(`undefined ${n}`);
  }
  set(n, v) {
    if (this.vars.has(n) || !this.parent?.has(n)) this.vars.set(n, v);
    else this.parent.set(n, v);
  }
  define(n, v) {
    this.vars.set(n, v);
  }
}

/** A typed value: { v, t } (t may be null for untyped constants). */
function evaluate(x, scope, want = null) {
  switch (x.e) {
    case 'lit':
      return { v: x.v, t: want };
    case 'id': {
      if (x.v === 'nil') return { v: null, t: want };
      if (x.v === 'true' || x.v === 'false') return { v: x.v === 'true', t: want };
      return scope.get(x.v);
    }
    case 'neg': {
      const a = evaluate(x.x, scope, want);
      return { v: -a.v, t: a.t };
    }
    case 'not':
      return { v: !evaluate(x.x, scope).v, t: null };
    case 'bin': {
      const a = evaluate(x.a, scope, want);
      const b = evaluate(x.b, scope, want);
      const ops = {
        '*': (p, q) => p * q,
        '/': (p, q) => (Number.isInteger(p) && Number.isInteger(q) ? Math.trunc(p / q) : p / q),
        '+': (p, q) => p + q,
        '-': (p, q) => p - q,
        '%': (p, q) => p % q,
        '==': (p, q) => p === q,
        '!=': (p, q) => p !== q,
        '&&': (p, q) => p && q,
        '||': (p, q) => p || q,
        '<': (p, q) => p < q,
        '>': (p, q) => p > q,
      };
      return { v: ops[x.op](a.v, b.v), t: a.t ?? b.t };
    }
    case 'addr': {
      const inner = evaluate(x.x, scope, want?.k === 'ptr' ? want.elem : null);
      return { v: { $ptr: inner.v }, t: inner.t ? { k: 'ptr', elem: inner.t } : want };
    }
    case 'deref': {
      const p = evaluate(x.x, scope);
      return { v: isPtr(p.v) ? p.v.$ptr : p.v, t: p.t?.k === 'ptr' ? p.t.elem : null };
    }
    case 'sel': {
      if (x.x.e === 'id' && !scope.has(x.x.v)) {
        if (x.x.v === 'time' && TIME_UNITS[x.name] !== undefined)
          return { v: TIME_UNITS[x.name], t: { k: 'special', name: 'int' } };
        if (x.x.v === 'metav1' && x.name === 'NamespaceDefault')
          return { v: 'default', t: { k: 'basic', name: 'string' } };
        // Declared in gateway-api's generated registration file.
        if (x.name === 'GroupName' && FILE_IMPORTS.get(x.x.v)?.startsWith('sigs.k8s.io/gateway-api/apis/')) {
          return { v: 'gateway.networking.k8s.io', t: want };
        }
        const full = FILE_IMPORTS.get(x.x.v);
        if (full !== undefined) {
          loadPackage(full);
          const c = consts.get(`${full}.${x.name}`);
          if (c !== undefined) return { v: c, t: want };
          if (x.x.v === 'math')
            return {
              v: { MaxInt32: 2 ** 31 - 1, MaxUint32: 2 ** 32 - 1, MaxInt64: 2 ** 63 - 1 }[x.name],
              t: want,
            };
          throw new Error(`unknown constant ${x.x.v}.${x.name}`);
        }
      }
      const base = evaluate(x.x, scope);
      let v = base.v;
      if (isPtr(v)) v = v.$ptr;
      if (!isStruct(v)) {
        if (v && typeof v === 'object' && v.$local) return v.fields.get(x.name) ?? { v: null, t: null };
        throw new Error(`selector .${x.name} on a non-struct`);
      }
      const got = structGet(v, x.name);
      return { v: got.value, t: got.type };
    }
    case 'index': {
      const base = evaluate(x.x, scope);
      const i = evaluate(x.idx, scope).v;
      if (base.v instanceof Map) return { v: base.v.get(i), t: base.t?.elem ?? null };
      return { v: base.v[i], t: base.t?.elem ?? null };
    }
    case 'composite':
      return composite(x, scope, want);
    case 'func':
      return { v: { $func: x, scope }, t: { k: 'func' } };
    case 'typeexpr':
      return { v: null, t: typeOf(x.type, scope), isType: true };
    case 'call':
      return call(x, scope, want);
    default:
      throw new Error(`cannot evaluate ${x.e}`);
  }
}

function convert(v, t) {
  if (t.k === 'special' && t.name === 'duration') return v;
  return v;
}

function call(x, scope, want) {
  const f = x.f;
  const args = x.args;
  const t = asType(f, scope);
  if (t !== null) {
    const a = evaluate(args[0], scope, t);
    return { v: convert(a.v, t), t };
  }
  if (f.e === 'id' && f.v === 'new') {
    const ty = asType(args[0], scope) ?? (args[0].e === 'typeexpr' ? typeOf(args[0].type, scope) : null);
    if (ty !== null && args[0].e !== 'call') return { v: { $ptr: zero(ty) }, t: { k: 'ptr', elem: ty } };
    const inner = evaluate(args[0], scope, want?.k === 'ptr' ? want.elem : null);
    return { v: { $ptr: inner.v }, t: inner.t ? { k: 'ptr', elem: inner.t } : want };
  }
  if (f.e === 'id' && f.v === 'make') {
    const ty = typeOf(args[0].type, scope);
    if (ty.k === 'map') return { v: new Map(), t: ty };
    const n = args.length > 1 ? evaluate(args[1], scope).v : 0;
    return { v: Array.from({ length: n }, () => zero(ty.elem)), t: ty };
  }
  if (f.e === 'id' && f.v === 'append') {
    const base = evaluate(args[0], scope);
    const rest = args.slice(1).map((a) => evaluate(a, scope, base.t?.elem ?? null).v);
    return { v: [...(base.v ?? []), ...rest], t: base.t };
  }
  if (f.e === 'id' && f.v === 'len') {
    const v = evaluate(args[0], scope).v;
    return { v: v === null ? 0 : v instanceof Map ? v.size : v.length, t: { k: 'basic', name: 'int' } };
  }
  if (f.e === 'id' && scope.has(f.v)) {
    const fn = scope.get(f.v).v;
    return invoke(
      fn,
      args.map((a, i) =>
        evaluate(a, scope, fn.$func.params[i]?.type ? typeOf(fn.$func.params[i].type, scope) : null),
      ),
    );
  }
  if (f.e === 'sel' && f.x.e === 'id' && !scope.has(f.x.v)) {
    const pkg = f.x.v;
    const name = f.name;
    const strArg = () => evaluate(args[0], scope).v;
    if (pkg === 'ptr' && name === 'To') {
      const inner = evaluate(args[0], scope, want?.k === 'ptr' ? want.elem : null);
      return { v: { $ptr: inner.v }, t: inner.t ? { k: 'ptr', elem: inner.t } : want };
    }
    if (pkg === 'resource' && (name === 'MustParse' || name === 'ParseQuantity')) {
      return { v: strArg(), t: { k: 'special', name: 'quantity' } };
    }
    if (
      (pkg === 'intstr' && name === 'FromInt') ||
      (pkg === 'intstr' && name === 'FromInt32') ||
      (pkg === 'intstr' && name === 'FromString')
    ) {
      return { v: strArg(), t: { k: 'special', name: 'intorstring' } };
    }
    if (pkg === 'strings' && name === 'Repeat')
      return { v: strArg().repeat(evaluate(args[1], scope).v), t: { k: 'basic', name: 'string' } };
    if (pkg === 'fmt' && name === 'Sprintf') {
      let i = 1;
      const out = strArg().replace(/%[vsd]/g, () => String(evaluate(args[i++], scope).v));
      return { v: out, t: { k: 'basic', name: 'string' } };
    }
    if (pkg === 'gatewayapi' && /Ptr$/.test(name)) {
      const inner = evaluate(args[0], scope);
      const ty = named('sigs.k8s.io/gateway-api/apis/v1', name.slice(0, -3));
      return { v: { $ptr: inner.v }, t: { k: 'ptr', elem: ty } };
    }
    if (pkg === 'time' && name === 'Now') return { v: { $now: true }, t: null };
    if (pkg === 'context' || pkg === 'strings' || pkg === 'require') return { v: null, t: null };
  }
  if (f.e === 'sel' && f.name === 'UnixNano') return { v: 0, t: null };
  if (f.e === 'sel' && f.name === 'DeepCopy') {
    const base = evaluate(f.x, scope);
    return { v: { $ptr: deepClone(base.v) }, t: { k: 'ptr', elem: base.t } };
  }
  if (f.e === 'sel' && f.name === 'Context') return { v: null, t: null };
  const fv = evaluate(f, scope).v;
  if (fv?.$func)
    return invoke(
      fv,
      args.map((a) => evaluate(a, scope)),
    );
  throw new Error(`cannot call ${JSON.stringify(f).slice(0, 80)}`);
}

function invoke(fn, args) {
  const inner = new Scope(fn.scope);
  fn.$func.params.forEach((p, i) => inner.define(p.name, args[i] ?? { v: null, t: null }));
  const r = run(fn.$func.body, inner);
  if (r?.returned) return r.value;
  return { v: null, t: null };
}

function deepClone(v) {
  if (Array.isArray(v)) return v.map(deepClone);
  if (v instanceof Map) return new Map([...v].map(([k, x]) => [k, deepClone(x)]));
  if (isStruct(v)) return newStruct(v.type, new Map([...v.fields].map(([k, x]) => [k, deepClone(x)])));
  if (isPtr(v)) return { $ptr: deepClone(v.$ptr) };
  return v;
}

function composite(x, scope, want) {
  let t =
    x.type === null
      ? want
      : (asType(x.type, scope) ?? (x.type.e === 'typeexpr' ? typeOf(x.type.type, scope) : null));
  if (t === null && x.type?.e === 'index') t = asType(x.type.x, scope);
  if (t === null) throw new Error('composite literal of unknown type');
  if (t.k === 'ptr') {
    const inner = composite({ ...x, type: null }, scope, t.elem);
    return { v: { $ptr: inner.v }, t };
  }
  if (t.k === 'local') {
    const fields = new Map();
    for (const el of x.elems) {
      const name = el.key.v;
      const ft = t.fields.find((f) => f.name === name)?.type ?? null;
      fields.set(name, evaluate(el.value, scope, ft && ft.k !== 'func' ? ft : null));
    }
    return { v: { $local: true, fields }, t };
  }
  if (t.k === 'special' && t.name === 'duration') {
    const d = x.elems.find((e) => e.key?.v === 'Duration');
    return { v: newStruct(t, new Map([['Duration', d ? evaluate(d.value, scope).v : 0]])), t };
  }
  if (t.k === 'special' && t.name === 'intorstring') {
    // intstr.IntOrString{Type: intstr.Int, IntVal: n} or {Type: intstr.String, StrVal: s}.
    const field = (n) => x.elems.find((e) => e.key?.v === n);
    const type = field('Type');
    const isString = type !== undefined && type.value.e === 'sel' && type.value.name === 'String';
    const v = isString ? field('StrVal') : field('IntVal');
    return { v: v ? evaluate(v.value, scope).v : isString ? '' : 0, t };
  }
  if (t.k === 'special' && t.name === 'raw') {
    const raw = x.elems.find((e) => e.key?.v === 'Raw');
    return { v: raw ? evaluate(raw.value.args?.[0] ?? raw.value, scope).v : null, t };
  }
  const u = t.k === 'named' ? underlying(t) : t;
  if (u.k === 'slice') return { v: x.elems.map((el) => evaluate(el.value, scope, u.elem).v), t };
  if (u.k === 'map') {
    const m = new Map();
    for (const el of x.elems) m.set(evaluate(el.key, scope, u.key).v, evaluate(el.value, scope, u.elem).v);
    return { v: m, t };
  }
  if (u.k === 'struct') {
    const fields = new Map();
    for (const el of x.elems) {
      if (el.key === null) throw new Error('positional struct literal');
      const name = el.key.v;
      const f = u.fields.find((ff) => ff.goName === name);
      if (!f) throw new Error(`no field ${name} in ${t.q}`);
      fields.set(name, evaluate(el.value, scope, f.type).v);
    }
    return { v: newStruct(t, fields), t };
  }
  throw new Error(`composite literal of ${t.k}`);
}

/** Assigns to an lvalue expression. */
function assign(target, value, scope) {
  if (target.e === 'id') {
    if (target.v === '_') return;
    scope.set(target.v, value);
    return;
  }
  if (target.e === 'sel') {
    const base = evaluate(target.x, scope);
    let v = base.v;
    if (isPtr(v)) v = v.$ptr;
    if (!isStruct(v)) throw new Error(`assignment to .${target.name} of a non-struct`);
    const got = structGet(v, target.name);
    got.holder.fields.set(got.field.goName, value.v);
    return;
  }
  if (target.e === 'index') {
    const base = evaluate(target.x, scope);
    const i = evaluate(target.idx, scope).v;
    if (base.v instanceof Map) base.v.set(i, value.v);
    else base.v[i] = value.v;
    return;
  }
  throw new Error(`cannot assign to ${target.e}`);
}

/** The objects `c.Create` receives, recorded by the run; the case stops there. */
let created = [];
const STOP = new Error('created');

function run(stmts, scope) {
  for (const st of stmts) {
    switch (st.s) {
      case 'define':
      case 'assign': {
        if (st.lhs.length > 1) {
          // err := c.Create(...) style multi-assignments are not needed beyond `_, x := range`.
          throw new Error('multi-assignment');
        }
        const want = st.s === 'assign' ? safeType(st.lhs[0], scope) : null;
        const val = evaluateStmtCall(st.rhs, scope, want);
        if (st.s === 'define') scope.define(st.lhs[0].v, val);
        else assign(st.lhs[0], val, scope);
        break;
      }
      case 'var':
        scope.define(
          st.name,
          st.init ? evaluate(st.init, scope) : { v: zero(typeOf(st.type, scope)), t: typeOf(st.type, scope) },
        );
        break;
      case 'expr':
        evaluateStmtCall(st.x, scope, null);
        break;
      case 'for': {
        const over = evaluate(st.over, scope).v ?? [];
        const items = over instanceof Map ? [...over] : over.map((v, i) => [i, v]);
        for (const [k, v] of items) {
          const inner = new Scope(scope);
          inner.define(st.key, { v: k, t: null });
          if (st.val) inner.define(st.val, { v, t: null });
          const r = run(st.body, inner);
          if (r?.returned) return r;
        }
        break;
      }
      case 'if': {
        const c = evaluate(st.cond, scope).v;
        const r = c ? run(st.body, new Scope(scope)) : st.other ? run(st.other, new Scope(scope)) : null;
        if (r?.returned) return r;
        break;
      }
      case 'switch': {
        const subject = evaluate(st.subject, scope).v;
        const hit =
          st.cases.find((c) => c.values?.some((v) => evaluate(v, scope).v === subject)) ??
          st.cases.find((c) => c.values === null);
        if (hit) {
          const r = run(hit.body, new Scope(scope));
          if (r?.returned) return r;
        }
        break;
      }
      case 'return':
        return { returned: true, value: st.x ? evaluate(st.x, scope) : { v: null, t: null } };
      default:
        break;
    }
  }
  return null;
}

function safeType(lhs, scope) {
  try {
    return evaluate(lhs, scope).t;
  } catch {
    return null;
  }
}

/** Calls with side effects the harness cares about: c.Create records the object; t.Run runs. */
function evaluateStmtCall(x, scope, want) {
  if (x.e === 'call' && x.f.e === 'sel') {
    const name = x.f.name;
    if (name === 'Create' && x.f.x.e === 'id' && x.f.x.v === 'c') {
      const obj = evaluate(x.args[1], scope);
      created.push(obj);
      throw STOP;
    }
    if (name === 'Run' && x.f.x.e === 'id' && x.f.x.v === 't') {
      const fn = evaluate(x.args[1], scope).v;
      invoke(fn, [{ v: null, t: null }]);
      return { v: null, t: null };
    }
    if (
      ['Fatalf', 'Errorf', 'Cleanup', 'Delete', 'Update', 'Status', 'NoError', 'Error', 'Contains'].includes(
        name,
      )
    ) {
      return { v: null, t: null };
    }
  }
  return evaluate(x, scope, want);
}

// ---------------------------------------------------------------------------------------------
// The test files

const KIND_OF_TYPE = {
  BackendTrafficPolicy: 'BackendTrafficPolicy',
  ClientTrafficPolicy: 'ClientTrafficPolicy',
  SecurityPolicy: 'SecurityPolicy',
  EnvoyExtensionPolicy: 'EnvoyExtensionPolicy',
  EnvoyProxy: 'EnvoyProxy',
  Backend: 'Backend',
  HTTPRouteFilter: 'HTTPRouteFilter',
};

function extractFunctions(src) {
  const out = [];
  for (const m of src.matchAll(/^func (Test\w+)\(t \*testing\.T\) \{$/gm)) {
    let depth = 0;
    let i = m.index + m[0].length - 1;
    const start = i;
    for (; i < src.length; i++) {
      if (src[i] === '{') depth++;
      else if (src[i] === '}' && --depth === 0) break;
    }
    out.push({ name: m[1], body: src.slice(start, i + 1) });
  }
  return out;
}

const cases = [];
const failures = [];
for (const file of readdirSync(testDir)
  .filter((f) => f.endsWith('_test.go') && f !== 'main_test.go')
  .sort()) {
  const src = readFileSync(path.join(testDir, file), 'utf8');
  FILE_IMPORTS.clear();
  for (const m of src.matchAll(/^\t(?:(\w+) )?"([^"]+)"$/gm))
    FILE_IMPORTS.set(m[1] ?? m[2].split('/').pop(), m[2]);
  for (const fn of extractFunctions(src)) {
    const parser = new Parser(tokenize(fn.body));
    const body = parser.block();
    // Run the test function with the loop unrolled: each t.Run call is one case.
    const scope = new Scope();
    scope.define('t', { v: null, t: null });
    scope.define('c', { v: null, t: null });
    scope.define('ctx', { v: null, t: null });
    // Collect cases by running the top-level statements up to the loop, then each iteration.
    const loopIndex = body.findIndex((st) => st.s === 'for');
    try {
      run(body.slice(0, loopIndex), scope);
    } catch (e) {
      failures.push(`${file} ${fn.name}: setup: ${e.message}`);
      continue;
    }
    const loop = body[loopIndex];
    const table = evaluate(loop.over, scope).v;
    for (const tc of table) {
      const desc = tc.fields.get('desc')?.v ?? tc.fields.get('name')?.v;
      const wantErrors =
        tc.fields.get('wantErrors')?.v ??
        (tc.fields.get('expectedError')?.v ? [tc.fields.get('expectedError').v] : []);
      created = [];
      const inner = new Scope(scope);
      inner.define(loop.val, { v: tc, t: null });
      try {
        // The loop body is `t.Run(tc.desc, func(t *testing.T) { … })`; the closure's statements run
        // with tc bound.
        try {
          run(loop.body, inner);
        } catch (e) {
          if (e !== STOP) throw e;
        }
        if (created.length !== 1) throw new Error(`${created.length} objects created`);
        const obj = created[0];
        const value = isPtr(obj.v) ? obj.v.$ptr : obj.v;
        const type = obj.t.k === 'ptr' ? obj.t.elem : obj.t;
        const json = marshal(value, type);
        const kind = KIND_OF_TYPE[type.name];
        const object = { ...json, apiVersion: 'gateway.envoyproxy.io/v1alpha1', kind };
        // The name the test gives (its time-based part evaluated with a zero clock).
        object.metadata = {
          name: json.metadata?.name ?? 'x',
          namespace: json.metadata?.namespace ?? 'default',
        };
        cases.push({ file, test: fn.name, desc, object, wantErrors });
      } catch (e) {
        failures.push(`${file} ${fn.name} "${desc}": ${e.message}`);
      }
    }
  }
}
for (const f of failures) console.error(`could not convert: ${f}`);
mkdirSync(outDir, { recursive: true });
for (const file of [...new Set(cases.map((c) => c.file))]) {
  const list = cases
    .filter((c) => c.file === file)
    .map(({ test, desc, wantErrors, object }) => ({ test, desc, wantErrors, object }));
  const header = `# Cases of Envoy Gateway v1.9.0 test/cel-validation/${file}, as objects and expected error texts\n# (made by scripts/gen-cel-fixtures.mjs; the facts are Envoy Gateway's, the fixture is ours).\n`;
  writeFileSync(
    path.join(outDir, file.replace(/_test\.go$/, '.yaml')),
    header + stringify(list, { lineWidth: 0 }),
  );
}
console.error(`${cases.length} cases written to ${outDir}`);
