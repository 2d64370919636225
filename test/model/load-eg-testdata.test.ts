/**
 * Every Envoy Gateway translator input loads: nothing throws, every document is accounted for,
 * and the document count matches one computed here independently of the loader.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { type LoadResult, loadManifests } from 'gateway-policy-sim';
import { afterAll, describe, expect, test } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { EG_TESTDATA } from '../_support/eg-testdata.js';

const testData = EG_TESTDATA;
const present = existsSync(testData);
if (!present)
  console.warn(`SKIPPED: EG test data not found at ${testData}; the EG test-data load tests did not run`);

// The fields of EG's resource.Resources (internal/gatewayapi/resource/resource.go), written out
// here rather than taken from the library, with the kind each list decodes into.
const LIST_KEYS: Readonly<Record<string, string | null>> = {
  envoyproxiesforgateways: 'EnvoyProxy',
  gateways: 'Gateway',
  listenersets: 'ListenerSet',
  httproutes: 'HTTPRoute',
  grpcroutes: 'GRPCRoute',
  tlsroutes: 'TLSRoute',
  tcproutes: 'TCPRoute',
  udproutes: 'UDPRoute',
  referencegrants: 'ReferenceGrant',
  namespaces: 'Namespace',
  services: 'Service',
  serviceimports: 'ServiceImport',
  endpointslices: 'EndpointSlice',
  secrets: 'Secret',
  configmaps: 'ConfigMap',
  envoypatchpolicies: 'EnvoyPatchPolicy',
  clienttrafficpolicies: 'ClientTrafficPolicy',
  backendtrafficpolicies: 'BackendTrafficPolicy',
  securitypolicies: 'SecurityPolicy',
  backendtlspolicies: 'BackendTLSPolicy',
  envoyextensionpolicies: 'EnvoyExtensionPolicy',
  backends: 'Backend',
  httpfilters: 'HTTPRouteFilter',
  clustertrustbundles: 'ClusterTrustBundle',
  // Unstructured extension objects: documents, but not modelled.
  extensionreffilters: null,
  extensionserverpolicies: null,
};
const SINGLE_KEYS: Readonly<Record<string, string>> = {
  gatewayclass: 'GatewayClass',
  envoyproxyforgatewayclass: 'EnvoyProxy',
};
const SETTING_KEYS = new Set(['envoyproxydefaultspec']);
const CLUSTER_SCOPED = new Set(['GatewayClass', 'Namespace', 'ClusterTrustBundle']);

interface Expected {
  documents: number;
  /** Entries of the extension keys. */
  extensionEntries: number;
  /** Later entries repeating an earlier Kind/namespace/name. */
  duplicates: number;
  mergeGateways: boolean | undefined;
}

/** Counts documents of a parsed test-data file. */
function expectedFromParsed(value: Record<string, unknown>): Expected {
  const out: Expected = { documents: 0, extensionEntries: 0, duplicates: 0, mergeGateways: undefined };
  const seen = new Set<string>();
  const identify = (kind: string | null | undefined, entry: unknown) => {
    if (!kind || typeof entry !== 'object' || entry === null) return;
    const meta = (entry as { metadata?: { name?: string; namespace?: string } }).metadata;
    const id = `${kind}/${CLUSTER_SCOPED.has(kind) ? '' : meta?.namespace || 'default'}/${meta?.name}`;
    if (seen.has(id)) out.duplicates += 1;
    seen.add(id);
  };
  for (const [key, v] of Object.entries(value)) {
    const k = key.toLowerCase();
    if (SETTING_KEYS.has(k) || v === null || v === undefined) continue;
    if (k in SINGLE_KEYS) {
      out.documents += 1;
      identify(SINGLE_KEYS[k], v);
      if (k === 'envoyproxyforgatewayclass') {
        const merge = (v as { spec?: { mergeGateways?: unknown } }).spec?.mergeGateways;
        if (typeof merge === 'boolean') out.mergeGateways = merge;
      }
    } else if (k in LIST_KEYS) {
      const entries = Array.isArray(v) ? v : [v];
      out.documents += entries.length;
      if (LIST_KEYS[k] === null) out.extensionEntries += entries.length;
      for (const e of entries) identify(LIST_KEYS[k], e);
    } else {
      out.documents += 1; // an unknown key: one diagnosed document
    }
  }
  return out;
}

/**
 * Counts documents from the text alone: a list key's entries are the `- ` lines at the indentation
 * of its first entry. Used where the `yaml` package rejects the file (go-yaml accepts it).
 */
function countFromText(text: string): number | undefined {
  let count = 0;
  let listKey = false;
  let itemIndent = -1;
  for (const line of text.split('\n')) {
    const top = /^([A-Za-z]\w*):\s*(.*)$/.exec(line);
    if (top) {
      const k = (top[1] ?? '').toLowerCase();
      const rest = (top[2] ?? '').replace(/\s+#.*$/, '').trim();
      listKey = k in LIST_KEYS;
      itemIndent = -1;
      if (rest === 'null' || rest === '~' || rest === '[]' || SETTING_KEYS.has(k)) listKey = false;
      else if (listKey && rest !== '')
        return undefined; // a flow list: not countable from lines
      else if (!listKey) count += 1;
      continue;
    }
    const item = /^( *)-( |$)/.exec(line);
    if (listKey && item) {
      const indent = item[1]?.length ?? 0;
      if (itemIndent === -1) itemIndent = indent;
      if (indent === itemIndent) count += 1;
    }
  }
  return count;
}

function inputFiles(folder: string, pattern: RegExp): string[] {
  const dir = path.join(testData, folder);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => pattern.test(f))
    .sort()
    .map((f) => path.join(folder, f));
}

const tally = {
  files: 0,
  documents: 0,
  resources: 0,
  byCode: new Map<string, number>(),
  errors: [] as string[],
};

function record(file: string, r: LoadResult): void {
  tally.files += 1;
  tally.documents += r.summary.documents;
  tally.resources += r.summary.resources;
  for (const d of r.diagnostics) {
    const key = `${d.severity} ${d.code}`;
    tally.byCode.set(key, (tally.byCode.get(key) ?? 0) + 1);
    if (d.severity === 'error')
      tally.errors.push(`${file}:${d.location?.line}:${d.location?.column} ${d.code}`);
  }
}

afterAll(() => {
  if (tally.files === 0) return;
  const codes = [...tally.byCode].map(([k, n]) => `  ${n} × ${k}`).join('\n');
  console.log(
    `EG test data: ${tally.files} files, ${tally.documents} documents, ${tally.resources} resources\n${codes}\n` +
      `error diagnostics (only GWP-LOAD-DUPLICATE is allowed; its count is checked independently wherever the yaml package parses the file):\n  ${tally.errors.join('\n  ')}`,
  );
});

describe.skipIf(!present)("Envoy Gateway's translator inputs (test-data layout)", () => {
  const files = [
    ...inputFiles('gatewayapi', /\.in\.yaml$/),
    ...inputFiles('gatewayapi-extensions', /\.in\.yaml$/),
    path.join('gatewayapi', 'base', 'base.yaml'),
  ];

  test('the folders hold the 390 + 12 inputs the catalog lists', () => {
    expect(files.filter((f) => f.startsWith(`gatewayapi${path.sep}`) && f.endsWith('.in.yaml'))).toHaveLength(
      390,
    );
    expect(files.filter((f) => f.startsWith('gatewayapi-extensions'))).toHaveLength(12);
  });

  test.each(files)('%s loads, every document accounted for', (file) => {
    const text = readFileSync(path.join(testData, file), 'utf8');
    let parsed: Record<string, unknown> | undefined;
    let parseError = '';
    try {
      parsed = parse(text) as Record<string, unknown>;
    } catch (error) {
      parseError = (error as Error).message;
    }

    const r = loadManifests({ file, text });
    record(file, r);

    expect(r.testDataLayout).toBe(true);
    expect(r.summary.documents).toBe(r.summary.resources + r.summary.diagnosed);
    const fromText = countFromText(text);
    if (parsed === undefined) {
      // The yaml package rejects the file; go-yaml (and the loader, with a warning) accept it.
      expect(parseError).toMatch(/^Missing closing ["']quote/);
      expect(r.diagnostics.some((d) => d.code === 'GWP-LOAD-YAML-LENIENT')).toBe(true);
      expect(r.summary.documents).toBe(fromText);
    } else {
      const expected = expectedFromParsed(parsed);
      expect(r.summary.documents).toBe(expected.documents);
      if (fromText !== undefined) expect(fromText).toBe(expected.documents);
      expect(r.summary.unknownKinds).toBe(expected.extensionEntries);
      expect(r.diagnostics.filter((d) => d.code === 'GWP-LOAD-DUPLICATE')).toHaveLength(expected.duplicates);
      expect(r.testDataSettings.mergeGateways).toBe(expected.mergeGateways);
      expect(r.diagnostics.some((d) => d.code === 'GWP-LOAD-YAML-LENIENT')).toBe(false);
    }
    // The only errors are duplicates, counted independently above (EG's files do hold some).
    expect(r.diagnostics.filter((d) => d.severity === 'error' && d.code !== 'GWP-LOAD-DUPLICATE')).toEqual(
      [],
    );
    for (const res of r.resources) {
      expect(res.source.line).toBeGreaterThanOrEqual(1);
      expect(res.source.column).toBeGreaterThanOrEqual(1);
      expect(res.source.pointer).toMatch(/^\/[A-Za-z]+(\/\d+)?$/);
    }
  });
});

describe.skipIf(!present)('egctl translate inputs (multi-document manifests)', () => {
  const files = inputFiles(path.join('egctl-translate', 'in'), /\.ya?ml$/);

  test.each(files)('%s loads without errors, one document per non-empty YAML document', (file) => {
    const text = readFileSync(path.join(testData, file), 'utf8');
    const nonEmpty = parseAllDocuments(text).filter((d) => d.contents !== null).length;

    const r = loadManifests({ file, text });
    record(file, r);

    expect(r.summary.documents).toBe(nonEmpty);
    expect(r.summary.documents).toBe(r.summary.resources + r.summary.diagnosed);
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(r.testDataLayout).toBe(false);
  });
});
