// Go declarations read from source text: imports, struct types (fields, tags, kubebuilder default
// markers) and other named types. Shared by gen-go-types.mjs and gen-cel-fixtures.mjs; reads only
// facts (names, types, tags).

export function parseImports(src) {
  const imports = new Map();
  const add = (line) => {
    const m = /^\s*(?:(\w+)\s+)?"([^"]+)"/.exec(line);
    if (!m) return;
    const alias = m[1] ?? m[2].split('/').pop();
    imports.set(alias, m[2]);
  };
  const block = /^import \(([\s\S]*?)^\)/m.exec(src);
  if (block) for (const l of block[1].split('\n')) add(l);
  for (const m of src.matchAll(/^import (.+)$/gm)) if (!m[1].startsWith('(')) add(m[1]);
  return imports;
}

export function parseFile(src, out, file) {
  const imports = parseImports(src);
  const lines = src.split('\n');
  let inTypeGroup = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (/^type \($/.test(line)) {
      inTypeGroup = true;
      continue;
    }
    if (inTypeGroup && /^\)/.test(line)) {
      inTypeGroup = false;
      continue;
    }
    const m = inTypeGroup ? /^\t(\w+)\s+(.*)$/.exec(line) : /^type (\w+)\s+(.*)$/.exec(line);
    if (!m) continue;
    const [, name, rest] = m;
    if (/^struct \{\s*$/.test(rest)) {
      const { fields, end } = parseStruct(lines, i + 1, inTypeGroup ? '\t}' : '}');
      out.set(name, { kind: 'struct', fields, imports, file, line: i + 1 });
      i = end;
    } else if (/^struct\{\}/.test(rest)) {
      out.set(name, { kind: 'struct', fields: [], imports, file, line: i + 1 });
    } else if (!/^interface/.test(rest)) {
      const expr = rest
        .replace(/^=\s*/, '')
        .replace(/\/\/.*$/, '')
        .trim();
      out.set(name, { kind: 'named', expr, imports, file, line: i + 1 });
    }
  }
}

export function parseStruct(lines, start, closer) {
  const fields = [];
  let markers = [];
  let i = start;
  for (; i < lines.length; i++) {
    const raw = lines[i];
    if (raw === closer || raw.trimEnd() === closer) break;
    const t = raw.trim();
    if (t === '') {
      continue;
    }
    if (t.startsWith('//')) {
      markers.push(t.replace(/^\/\/\s?/, ''));
      continue;
    }
    const tagM = /`([^`]*)`/.exec(t);
    const tag = tagM ? tagM[1] : '';
    const body = t
      .replace(/`[^`]*`/, '')
      .replace(/\/\/.*$/, '')
      .trim();
    if (/struct \{$/.test(body)) throw new Error(`anonymous struct field not supported: ${t}`);
    const parts = body.split(/\s+/);
    let names;
    let expr;
    if (parts.length === 1) {
      names = [];
      expr = parts[0];
    } else {
      names = parts
        .slice(0, -1)
        .join(' ')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      expr = parts[parts.length - 1];
    }
    const def = markers.map((mk) => /^\+kubebuilder:default(?::=|=)(.*)$/.exec(mk)).find(Boolean);
    const ignored = markers.some((mk) => mk.startsWith('+k8s:conversion-gen=false'));
    fields.push({ names, expr, tag, def: def ? def[1].trim() : undefined, ignored, line: i + 1 });
    markers = [];
  }
  return { fields, end: i };
}

export function tagValue(tag, key) {
  const m = new RegExp(`(?:^|\\s)${key}:"([^"]*)"`).exec(tag);
  return m ? m[1] : undefined;
}

export function parseDefault(text) {
  try {
    return JSON.parse(text);
  } catch {
    // kubebuilder accepts bare words and {key: value} maps; a bare word is a string.
    const obj = /^\{(.*)\}$/.exec(text);
    if (obj) {
      const o = {};
      for (const kv of obj[1]
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)) {
        const [k, v] = kv.split(':').map((s) => s.trim());
        o[k] = parseDefault(v);
      }
      return o;
    }
    return text;
  }
}
