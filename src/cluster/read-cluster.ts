/**
 * `readCluster`: reads the objects the simulation needs from a live cluster through
 * `@kubernetes/client-node`, read-only (list and get, nothing else), as manifest sources for the
 * loader. Node only: the CLI imports this module when a command is given a cluster.
 *
 * @packageDocumentation
 */
import type { Diagnostic } from '../model/diagnostic.js';
import type { ManifestSource } from '../model/load-types.js';
import { referencedObjects } from './_internal/referenced-objects.js';
import { CLUSTER_KINDS, type ClusterKind } from './cluster-kinds.js';

/** Options of {@link readCluster}. */
export interface ReadClusterOptions {
  /** Kubeconfig file(s), separated like `KUBECONFIG`; default `KUBECONFIG`, then `~/.kube/config`. */
  readonly kubeconfig?: string;
  /** The context to use; default the kubeconfig's current context. */
  readonly context?: string;
  /** The environment (`KUBECONFIG`, `HOME`, `USERPROFILE`, `KUBERNETES_SERVICE_HOST`). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Where Envoy Gateway runs: its `envoy-gateway-config` ConfigMap is read there. Default `envoy-gateway-system`. */
  readonly controllerNamespace?: string;
  /** Objects per list request (`limit`; the server answers with `continue` for more). Default 500. */
  readonly pageSize?: number;
  /** Called with a short message as each kind is read (for progress output). */
  readonly onProgress?: (message: string) => void;
}

/** What {@link readCluster} returns. */
export interface ClusterInputs {
  /** One JSON `kind: List` source per kind read, named `cluster/<context>/<resource>`. */
  readonly sources: readonly ManifestSource[];
  /** What could not be read, and what that leaves unjudged. */
  readonly diagnostics: readonly Diagnostic[];
  /** The context used and its server. */
  readonly context: string;
  readonly server: string;
  /** Set when nothing could be read (no kubeconfig, an unknown context, the server unreachable). */
  readonly fatal?: Diagnostic;
}

type Json = Record<string, unknown>;

/** The parts of `@kubernetes/client-node` used here (loaded when called, so the module stays light). */
type K8s = typeof import('@kubernetes/client-node');

/** An error of a request: HTTP status (0 for network errors) and a short text. */
interface RequestError {
  readonly status: number;
  readonly text: string;
}

/**
 * Reads a cluster: every kind of `CLUSTER_KINDS` cluster-wide (paging with `limit` and
 * `continue`; kinds the server does not serve are skipped), then the Secrets and ConfigMaps the
 * objects reference, one by one, then Envoy Gateway's own configuration (the `envoy-gateway-config`
 * ConfigMap of the controller namespace, handed to the loader as it is, as from a file). Never writes. Never throws on what the cluster
 * answers: a 403 on a kind or a Secret is a warning that names what cannot be judged; a server
 * that cannot be reached, a missing kubeconfig or an unknown context is `fatal`.
 *
 * @param options - {@link ReadClusterOptions}
 * @returns the sources, the diagnostics, the context and its server
 * @example
 * const read = await readCluster({ context: 'prod' });
 * read.fatal?.message; // => undefined when the cluster could be read
 */
export async function readCluster(options: ReadClusterOptions = {}): Promise<ClusterInputs> {
  const k8s: K8s = await import('@kubernetes/client-node');
  const kc = new k8s.KubeConfig();
  const configError = await loadKubeconfig(kc, options);
  const context = kc.getCurrentContext() ?? '';
  const server = kc.getCurrentCluster()?.server ?? '';
  const where = `cluster/${context === '' ? 'default' : context}`;
  if (configError !== null) return fatal(where, context, server, 'GWP-CLUSTER-CONFIG', configError);

  /** The server cannot be reached: nothing more is read. */
  const cut = (why: string): ClusterInputs =>
    fatal(where, context, server, 'GWP-CLUSTER-UNREACHABLE', unreachable(server, context, why));
  const core = kc.makeApiClient(k8s.CoreV1Api);
  const custom = kc.makeApiClient(k8s.CustomObjectsApi);
  const pageSize = options.pageSize ?? 500;
  const diagnostics: Diagnostic[] = [];
  const sources: ManifestSource[] = [];
  const objects: Json[] = [];
  const diagnostic = (code: string, severity: Diagnostic['severity'], message: string): void => {
    diagnostics.push({ code, severity, message, location: { file: where } });
  };

  for (const kind of CLUSTER_KINDS) {
    options.onProgress?.(`reading ${kind.plural} from ${context}`);
    const listed = await listKind(k8s, core, custom, kind, pageSize);
    if ('unreachable' in listed) return cut(listed.unreachable);
    if ('error' in listed) {
      const e = listed.error;
      if (e.status === 401)
        return fatal(
          where,
          context,
          server,
          'GWP-CLUSTER-UNAUTHORIZED',
          `the API server at ${server} refused the credentials of context ${context} (401 Unauthorized)`,
        );
      if (e.status === 403)
        diagnostic(
          'GWP-CLUSTER-FORBIDDEN',
          'warning',
          `could not list ${kind.kind} objects (403 Forbidden: ${e.text}): the simulation runs as if there were none, so what they decide is not judged`,
        );
      else if (e.status === 404)
        diagnostic(
          'GWP-CLUSTER-KIND-NOT-SERVED',
          'info',
          `the cluster does not serve ${kind.kind} (${kind.plural}.${kind.group || 'core'} ${kind.versions.join(', ')}): none read`,
        );
      else
        diagnostic(
          'GWP-CLUSTER-READ-FAILED',
          'error',
          `could not list ${kind.kind} objects (${e.status}: ${e.text})`,
        );
      continue;
    }
    objects.push(...listed.items);
    sources.push(listSource(`${where}/${kind.plural}`, listed.items));
  }

  // Secrets and ConfigMaps: only those a reference names.
  const refs = [...referencedObjects(objects).values()];
  const cmNamespace = options.controllerNamespace ?? 'envoy-gateway-system';
  const read: Json[] = [];
  for (const ref of refs) {
    options.onProgress?.(`reading ${ref.kind} ${ref.namespace}/${ref.name}`);
    const got = await getCore(k8s, core, ref.kind, ref.namespace, ref.name);
    if ('unreachable' in got) return cut(got.unreachable);
    if ('error' in got) {
      if (got.error.status === 404) continue; // absent: the checks that read it say so
      const forbidden = got.error.status === 403;
      diagnostic(
        forbidden ? 'GWP-CLUSTER-FORBIDDEN' : 'GWP-CLUSTER-READ-FAILED',
        forbidden ? 'warning' : 'error',
        `could not read ${ref.kind} ${ref.namespace}/${ref.name} (${got.error.status}${forbidden ? ' Forbidden' : ''}: ${got.error.text}): not judged: what ${ref.by.join(', ')} read${ref.by.length === 1 ? 's' : ''} from it; the simulation takes it as missing`,
      );
      continue;
    }
    read.push(got.object);
  }
  // Envoy Gateway's configuration: the ConfigMap itself, so that the simulation reads it exactly as
  // it reads the same ConfigMap given in a file (its namespace is the controller namespace).
  const config = await getCore(k8s, core, 'ConfigMap', cmNamespace, 'envoy-gateway-config');
  if ('object' in config) {
    const named = (o: Json): boolean => {
      const md = (o.metadata ?? {}) as Json;
      return o.kind === 'ConfigMap' && md.namespace === cmNamespace && md.name === 'envoy-gateway-config';
    };
    if (!read.some(named)) read.push(config.object);
  } else if ('error' in config && config.error.status === 403) {
    diagnostic(
      'GWP-CLUSTER-FORBIDDEN',
      'warning',
      `could not read ConfigMap ${cmNamespace}/envoy-gateway-config (403 Forbidden): Envoy Gateway's settings (extensionApis, mergeGateways) are taken as their defaults`,
    );
  } else if ('error' in config && config.error.status === 404) {
    diagnostic(
      'GWP-CLUSTER-NO-CONFIG',
      'info',
      `no ConfigMap ${cmNamespace}/envoy-gateway-config (give --controller-namespace if Envoy Gateway runs elsewhere): Envoy Gateway's settings are taken as their defaults`,
    );
  }
  if (read.length > 0) sources.push(listSource(`${where}/secrets-and-configmaps`, read));
  return { sources, diagnostics, context, server };
}

function fatal(where: string, context: string, server: string, code: string, message: string): ClusterInputs {
  return {
    sources: [],
    diagnostics: [],
    context,
    server,
    fatal: { code, severity: 'error', message, location: { file: where } },
  };
}

function unreachable(server: string, context: string, why: string): string {
  return `cannot reach the API server ${server === '' ? '' : `at ${server} `}(context ${context}): ${why}`;
}

/** Loads the kubeconfig as kubectl resolves it; returns an error text, or null. */
async function loadKubeconfig(
  kc: InstanceType<K8s['KubeConfig']>,
  options: ReadClusterOptions,
): Promise<string | null> {
  const { existsSync } = await import('node:fs');
  const path = await import('node:path');
  const env = options.env ?? {};
  const list = options.kubeconfig ?? env.KUBECONFIG ?? '';
  let files = list.split(path.delimiter).filter((f) => f !== '');
  if (files.length === 0) {
    const home = env.HOME ?? env.USERPROFILE;
    const def = home === undefined ? undefined : path.join(home, '.kube', 'config');
    if (def !== undefined && existsSync(def)) files = [def];
  }
  try {
    if (files.length === 0) {
      if (env.KUBERNETES_SERVICE_HOST !== undefined) kc.loadFromCluster();
      else return 'no kubeconfig: give --kubeconfig PATH, set KUBECONFIG, or create ~/.kube/config';
    } else {
      const missing = files.filter((f) => !existsSync(f));
      if (missing.length === files.length) return `kubeconfig not found: ${missing.join(', ')}`;
      const present = files.filter((f) => existsSync(f));
      kc.loadFromFile(present[0]!);
      for (const f of present.slice(1)) {
        const more = new (kc.constructor as new () => typeof kc)();
        more.loadFromFile(f);
        kc.mergeConfig(more, true);
      }
    }
  } catch (error) {
    return `cannot read the kubeconfig ${files.join(', ')}: ${firstLine(error)}`;
  }
  if (options.context !== undefined) {
    if (kc.getContextObject(options.context) === null) {
      const known = kc.getContexts().map((c) => c.name);
      return `no context '${options.context}' in the kubeconfig (contexts: ${known.join(', ') || 'none'})`;
    }
    kc.setCurrentContext(options.context);
  }
  if (kc.getCurrentCluster() === null) return `the context '${kc.getCurrentContext()}' names no cluster`;
  return null;
}

type Listed =
  | { readonly items: Json[] }
  | { readonly error: RequestError }
  | { readonly unreachable: string };

/** Lists one kind cluster-wide, page by page, in the first version the server serves. */
async function listKind(
  k8s: K8s,
  core: InstanceType<K8s['CoreV1Api']>,
  custom: InstanceType<K8s['CustomObjectsApi']>,
  kind: ClusterKind,
  pageSize: number,
): Promise<Listed> {
  let last: RequestError = { status: 404, text: 'not served' };
  for (const version of kind.versions) {
    const items: Json[] = [];
    let token: string | undefined;
    let served = true;
    do {
      try {
        const page = (await listPage(core, custom, kind, version, pageSize, token)) as Json;
        for (const item of (page.items as unknown[] | undefined) ?? []) {
          items.push(normalise(item, kind.kind, kind.group === '' ? version : `${kind.group}/${version}`));
        }
        // Typed lists (core kinds) name it `_continue`; custom-object lists `continue`.
        const meta = page.metadata as Json | undefined;
        const next = meta?.continue ?? meta?._continue;
        token = typeof next === 'string' && next !== '' ? next : undefined;
      } catch (error) {
        const e = requestError(k8s, error);
        if ('unreachable' in e) return e;
        last = e.error;
        served = false;
        break;
      }
    } while (token !== undefined);
    if (served) return { items };
    if (last.status !== 404) return { error: last };
  }
  return { error: last };
}

function listPage(
  core: InstanceType<K8s['CoreV1Api']>,
  custom: InstanceType<K8s['CustomObjectsApi']>,
  kind: ClusterKind,
  version: string,
  limit: number,
  token: string | undefined,
): Promise<unknown> {
  const paging = { limit, ...(token !== undefined ? { _continue: token } : {}) };
  if (kind.kind === 'Namespace') return core.listNamespace(paging);
  if (kind.kind === 'Service') return core.listServiceForAllNamespaces(paging);
  return custom.listClusterCustomObject({ group: kind.group, version, plural: kind.plural, ...paging });
}

type Got = { readonly object: Json } | { readonly error: RequestError } | { readonly unreachable: string };

async function getCore(
  k8s: K8s,
  core: InstanceType<K8s['CoreV1Api']>,
  kind: 'Secret' | 'ConfigMap',
  namespace: string,
  name: string,
): Promise<Got> {
  try {
    const o =
      kind === 'Secret'
        ? await core.readNamespacedSecret({ name, namespace })
        : await core.readNamespacedConfigMap({ name, namespace });
    return { object: normalise(o, kind, 'v1') };
  } catch (error) {
    const e = requestError(k8s, error);
    return e;
  }
}

/** An HTTP error (`ApiException`) or a network error. */
function requestError(k8s: K8s, error: unknown): { error: RequestError } | { unreachable: string } {
  if (error instanceof k8s.ApiException) {
    const body = error.body as unknown;
    let text = '';
    if (typeof body === 'string') {
      try {
        text = String((JSON.parse(body) as Json).message ?? body);
      } catch {
        text = body;
      }
    } else if (typeof body === 'object' && body !== null) text = String((body as Json).message ?? '');
    return {
      error: { status: error.code, text: text.split('\n')[0]!.slice(0, 200) || `HTTP ${error.code}` },
    };
  }
  return { unreachable: firstLine(error) };
}

/**
 * A plain JSON copy of an item (typed client models hold `Date`s), with the `apiVersion` and
 * `kind` list items lack, and timestamps written as the API server writes them (seconds).
 */
function normalise(item: unknown, kind: string, apiVersion: string): Json {
  const copy = JSON.parse(
    JSON.stringify(item, (_k, v: unknown) =>
      typeof v === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/.test(v) ? `${v.slice(0, 19)}Z` : v,
    ),
  ) as Json;
  return { apiVersion: copy.apiVersion ?? apiVersion, kind: copy.kind ?? kind, ...copy };
}

function listSource(file: string, items: readonly Json[]): ManifestSource {
  return { file, text: `${JSON.stringify({ apiVersion: 'v1', kind: 'List', items }, null, 1)}\n` };
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return (text.split('\n')[0] ?? '').trim();
}
