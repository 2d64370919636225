/**
 * A Kubernetes API server on the loopback address that answers the list and get requests of the
 * real client with recorded objects: `GET /api/v1/{namespaces,services}`,
 * `GET /apis/{group}/{version}/{plural}` (each kind at the one version it is served at),
 * `GET /api/v1/namespaces/{ns}/{secrets,configmaps}/{name}`. Lists are paged (`limit`, at most
 * `pageSize` items a page, then `continue`). Everything else is 404; any method but GET is 405.
 * Every request is recorded. It speaks HTTPS with the self-signed certificate below (made for
 * these tests with `openssl req -x509`, P-256, valid until 2126, for 127.0.0.1 and localhost),
 * which the kubeconfig of {@link kubeconfigFor} trusts.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';

/** The server's certificate (self-signed: it is its own CA). */
export const SERVER_CERT = `-----BEGIN CERTIFICATE-----
MIIBtzCCAV2gAwIBAgIUKrdMlkdyyHXhhBUHBJd7Tfr7fKwwCgYIKoZIzj0EAwIw
IjEgMB4GA1UEAwwXZ3dwb2xpY3kgZmFrZSBhcGlzZXJ2ZXIwIBcNMjYxMjA3MTgx
MTEwWhgPMjEyNjExMTMxODExMTBaMCIxIDAeBgNVBAMMF2d3cG9saWN5IGZha2Ug
YXBpc2VydmVyMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAET0U3knLXvHbSCRaG
e/ip0hty4ysqIzbqAFk/0Y1+fRgjkUOpV2yJJdyDx3Sg0wOhQlCMHdQpAwk+Q26u
EE10ZqNvMG0wHQYDVR0OBBYEFBUQSBBBtUDoi2EdVPjgbb+4L+hXMB8GA1UdIwQY
MBaAFBUQSBBBtUDoi2EdVPjgbb+4L+hXMA8GA1UdEwEB/wQFMAMBAf8wGgYDVR0R
BBMwEYcEfwAAAYIJbG9jYWxob3N0MAoGCCqGSM49BAMCA0gAMEUCIQCNU5WoQC/M
4CS8JJIErbhNvkd3dIZXbSkc3qXmfpfwEQIgbdIzrUMaamOYp3fGZqD1JKX9ThWW
OCZqfsgRVZCzdX4=
-----END CERTIFICATE-----
`;
const SERVER_KEY = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgn7OHCaZ3u0Ffizt6
ufYPSEFruKZ8tuwsAol1HzkddLShRANCAARPRTeScte8dtIJFoZ7+KnSG3LjKyoj
NuoAWT/RjX59GCORQ6lXbIkl3IPHdKDTA6FCUIwd1CkDCT5Dbq4QTXRm
-----END PRIVATE KEY-----
`;

type Obj = { apiVersion?: string; kind: string; metadata: { name: string; namespace?: string } };

/** Where each kind is served: `group/version` (`v1` for the core group) and its resource name. */
export const SERVED: Readonly<Record<string, { readonly apiVersion: string; readonly plural: string }>> = {
  Namespace: { apiVersion: 'v1', plural: 'namespaces' },
  Service: { apiVersion: 'v1', plural: 'services' },
  GatewayClass: { apiVersion: 'gateway.networking.k8s.io/v1', plural: 'gatewayclasses' },
  Gateway: { apiVersion: 'gateway.networking.k8s.io/v1', plural: 'gateways' },
  ListenerSet: { apiVersion: 'gateway.networking.k8s.io/v1', plural: 'listenersets' },
  HTTPRoute: { apiVersion: 'gateway.networking.k8s.io/v1', plural: 'httproutes' },
  GRPCRoute: { apiVersion: 'gateway.networking.k8s.io/v1', plural: 'grpcroutes' },
  TLSRoute: { apiVersion: 'gateway.networking.k8s.io/v1alpha2', plural: 'tlsroutes' },
  TCPRoute: { apiVersion: 'gateway.networking.k8s.io/v1alpha2', plural: 'tcproutes' },
  UDPRoute: { apiVersion: 'gateway.networking.k8s.io/v1alpha2', plural: 'udproutes' },
  ReferenceGrant: { apiVersion: 'gateway.networking.k8s.io/v1beta1', plural: 'referencegrants' },
  BackendTLSPolicy: { apiVersion: 'gateway.networking.k8s.io/v1', plural: 'backendtlspolicies' },
  EnvoyProxy: { apiVersion: 'gateway.envoyproxy.io/v1alpha1', plural: 'envoyproxies' },
  Backend: { apiVersion: 'gateway.envoyproxy.io/v1alpha1', plural: 'backends' },
  HTTPRouteFilter: { apiVersion: 'gateway.envoyproxy.io/v1alpha1', plural: 'httproutefilters' },
  ClientTrafficPolicy: { apiVersion: 'gateway.envoyproxy.io/v1alpha1', plural: 'clienttrafficpolicies' },
  BackendTrafficPolicy: { apiVersion: 'gateway.envoyproxy.io/v1alpha1', plural: 'backendtrafficpolicies' },
  SecurityPolicy: { apiVersion: 'gateway.envoyproxy.io/v1alpha1', plural: 'securitypolicies' },
  EnvoyExtensionPolicy: { apiVersion: 'gateway.envoyproxy.io/v1alpha1', plural: 'envoyextensionpolicies' },
  EnvoyPatchPolicy: { apiVersion: 'gateway.envoyproxy.io/v1alpha1', plural: 'envoypatchpolicies' },
};

export interface FakeApiServerOptions {
  /** Items per page at most (the client's `limit` is honoured when smaller). Default 2. */
  readonly pageSize?: number;
  /** Requests (`GET path`) answered 403 Forbidden. */
  readonly forbid?: (path: string) => boolean;
}

export interface FakeApiServer {
  readonly url: string;
  /** `METHOD path?query` of every request, in order. */
  readonly requests: string[];
  close(): Promise<void>;
}

/** Answers a request; true, so that a handler can `return send(…)`. */
function send(res: ServerResponse, code: number, body: unknown): true {
  res.writeHead(code, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
  return true;
}

function status(code: number, reason: string, message: string): unknown {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code };
}

/**
 * Starts the server on 127.0.0.1 (a free port).
 *
 * @param objects - the cluster's objects (Secrets and ConfigMaps are only served by name)
 * @param options - paging and refusals
 * @returns the server
 */
export async function startFakeApiServer(
  objects: readonly Obj[],
  options: FakeApiServerOptions = {},
): Promise<FakeApiServer> {
  const pageSize = options.pageSize ?? 2;
  const requests: string[] = [];
  const lists = new Map<string, Obj[]>();
  const byName = new Map<string, Obj>();
  for (const o of objects) {
    if (o.kind === 'Secret' || o.kind === 'ConfigMap') {
      byName.set(
        `${o.kind === 'Secret' ? 'secrets' : 'configmaps'}/${o.metadata.namespace ?? 'default'}/${o.metadata.name}`,
        o,
      );
      continue;
    }
    const served = SERVED[o.kind];
    if (!served) continue;
    const path =
      served.apiVersion === 'v1' ? `/api/v1/${served.plural}` : `/apis/${served.apiVersion}/${served.plural}`;
    const list = lists.get(path) ?? [];
    list.push({ ...o, apiVersion: served.apiVersion });
    lists.set(path, list);
  }
  // Served kinds with no object still answer an empty list.
  for (const s of Object.values(SERVED)) {
    const path = s.apiVersion === 'v1' ? `/api/v1/${s.plural}` : `/apis/${s.apiVersion}/${s.plural}`;
    if (!lists.has(path)) lists.set(path, []);
  }

  const handle = (req: IncomingMessage, res: ServerResponse): true => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    requests.push(`${req.method} ${url.pathname}${url.search}`);
    if (req.method !== 'GET') return send(res, 405, status(405, 'MethodNotAllowed', 'read-only'));
    if (options.forbid?.(url.pathname))
      return send(
        res,
        403,
        status(403, 'Forbidden', `${url.pathname} is forbidden: User "tester" cannot get it`),
      );
    const list = lists.get(url.pathname);
    if (list) {
      const limit = Math.min(Number(url.searchParams.get('limit') ?? pageSize) || pageSize, pageSize);
      const start = Number(Buffer.from(url.searchParams.get('continue') ?? '', 'base64').toString() || '0');
      const items = list.slice(start, start + limit);
      const next =
        start + limit < list.length ? Buffer.from(String(start + limit)).toString('base64') : undefined;
      return send(res, 200, {
        apiVersion: 'v1',
        kind: 'List',
        metadata: { resourceVersion: '42', ...(next ? { continue: next } : {}) },
        items,
      });
    }
    const m = /^\/api\/v1\/namespaces\/([^/]+)\/(secrets|configmaps)\/([^/]+)$/.exec(url.pathname);
    if (m) {
      const o = byName.get(`${m[2]}/${m[1]}/${m[3]}`);
      if (o) return send(res, 200, { apiVersion: 'v1', ...o });
      return send(res, 404, status(404, 'NotFound', `${m[2]} "${m[3]}" not found`));
    }
    return send(res, 404, status(404, 'NotFound', 'the server could not find the requested resource'));
  };

  const server = createServer({ cert: SERVER_CERT, key: SERVER_KEY }, handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * A kubeconfig with a context per server: `name` → server URL. The first is the current one.
 *
 * @param contexts - context name → server URL
 * @returns the kubeconfig YAML
 */
export function kubeconfigFor(contexts: Readonly<Record<string, string>>): string {
  const names = Object.keys(contexts);
  return `apiVersion: v1
kind: Config
clusters:
${names.map((n) => `  - name: ${n}\n    cluster: {server: '${contexts[n]}', certificate-authority-data: ${Buffer.from(SERVER_CERT).toString('base64')}}`).join('\n')}
users:
  - name: tester
    user: {token: test-token}
contexts:
${names.map((n) => `  - name: ${n}\n    context: {cluster: ${n}, user: tester}`).join('\n')}
current-context: ${names[0]}
`;
}
