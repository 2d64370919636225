/**
 * Realistic spec bodies (everything but the targeting fields) for the four Envoy Gateway policy
 * kinds, drawn from a seeded {@link Rng}. Every field is a field of the Envoy Gateway v1.9 CRDs;
 * values stay within what CEL accepts.
 *
 * @packageDocumentation
 */
import type { Rng } from './prng.js';

/** A JSON object under construction. */
export type Body = Record<string, unknown>;

const seconds = (rng: Rng, values: readonly number[]): string => `${rng.pick(values)}s`;

function timeout(rng: Rng): Body {
  const http: Body = { requestTimeout: seconds(rng, [5, 10, 15, 30, 60]) };
  if (rng.chance(0.4)) http.connectionIdleTimeout = seconds(rng, [60, 300, 900]);
  const out: Body = { http };
  if (rng.chance(0.3)) out.tcp = { connectTimeout: seconds(rng, [2, 3, 5, 10]) };
  return out;
}

function retry(rng: Rng): Body {
  const triggers = rng.chance(0.5)
    ? ['connect-failure', 'retriable-status-codes']
    : ['connect-failure', 'reset-before-request', 'retriable-status-codes'];
  const out: Body = {
    numRetries: 1 + rng.int(3),
    retryOn: { triggers, httpStatusCodes: rng.chance(0.5) ? [503] : [502, 503, 504] },
  };
  if (rng.chance(0.6)) {
    out.perRetry = {
      timeout: seconds(rng, [1, 2, 3, 5]),
      backOff: { baseInterval: rng.pick(['50ms', '100ms', '250ms']), maxInterval: rng.pick(['1s', '2s']) },
    };
  }
  return out;
}

function localRateLimit(rng: Rng): Body {
  const rules: Body[] = [];
  if (rng.chance(0.5)) {
    rules.push({
      clientSelectors: [{ methods: [{ value: rng.pick(['POST', 'PUT', 'DELETE']) }] }],
      limit: { requests: 10 * (1 + rng.int(10)), unit: 'Second' },
    });
  }
  if (rng.chance(0.4)) {
    rules.push({
      clientSelectors: [{ headers: [{ name: 'x-api-key', type: 'Distinct' }] }],
      limit: { requests: 100 * (1 + rng.int(5)), unit: 'Second' },
    });
  }
  rules.push({ limit: { requests: 500 * (1 + rng.int(10)), unit: 'Second' } });
  return { local: { rules } };
}

function circuitBreaker(rng: Rng): Body {
  const size = rng.pick([256, 512, 1024, 2048]);
  return { maxConnections: size * 2, maxPendingRequests: size, maxParallelRequests: size * 2 };
}

function loadBalancer(rng: Rng): Body {
  switch (rng.int(4)) {
    case 0:
      return { type: 'LeastRequest', slowStart: { window: seconds(rng, [30, 60]) } };
    case 1:
      return {
        type: 'ConsistentHash',
        consistentHash: { type: 'Cookie', cookie: { name: 'session', ttl: '1h' } },
      };
    case 2:
      return { type: 'ConsistentHash', consistentHash: { type: 'Header', header: { name: 'x-user-id' } } };
    default:
      return { type: 'RoundRobin' };
  }
}

function passiveHealthCheck(rng: Rng): Body {
  return {
    passive: {
      consecutive5XxErrors: rng.pick([3, 5, 10]),
      interval: seconds(rng, [5, 10, 30]),
      baseEjectionTime: seconds(rng, [30, 60]),
      maxEjectionPercent: rng.pick([10, 30, 50]),
    },
  };
}

function compressor(rng: Rng): Body[] {
  const all: Body[] = [
    { type: 'Brotli', brotli: {} },
    { type: 'Gzip', gzip: {} },
    { type: 'Zstd', zstd: {} },
  ];
  return rng.chance(0.5)
    ? [all[1] as Body]
    : [all[rng.int(3)] as Body, all[1] as Body].filter((c, i, a) => a.indexOf(c) === i);
}

/**
 * A BackendTrafficPolicy body for a Gateway or listener: resilience defaults.
 *
 * @param rng - the random source
 * @returns the spec fields (no targeting)
 * @example
 * Object.keys(backendTrafficGatewayBody(createRng(1))); // => ['retry', 'timeout', ...]
 */
export function backendTrafficGatewayBody(rng: Rng): Body {
  const out: Body = { retry: retry(rng), timeout: timeout(rng) };
  if (rng.chance(0.7)) out.compressor = compressor(rng);
  if (rng.chance(0.5)) out.healthCheck = passiveHealthCheck(rng);
  if (rng.chance(0.5)) out.circuitBreaker = circuitBreaker(rng);
  if (rng.chance(0.3)) out.httpUpgrade = [{ type: 'websocket' }];
  return out;
}

/**
 * A BackendTrafficPolicy body for a route or rule: one to three features.
 *
 * @param rng - the random source
 * @returns the spec fields (no targeting)
 * @example
 * Object.keys(backendTrafficRouteBody(createRng(1))).length >= 1; // => true
 */
export function backendTrafficRouteBody(rng: Rng): Body {
  const features: [string, () => unknown][] = [
    ['timeout', () => timeout(rng)],
    ['retry', () => retry(rng)],
    ['rateLimit', () => localRateLimit(rng)],
    ['circuitBreaker', () => circuitBreaker(rng)],
    ['loadBalancer', () => loadBalancer(rng)],
    ['healthCheck', () => passiveHealthCheck(rng)],
    ['compressor', () => compressor(rng)],
    ['httpUpgrade', () => [{ type: 'websocket' }]],
  ];
  const out: Body = {};
  const wanted = 1 + rng.int(3);
  for (let i = 0; i < wanted; i++) {
    const [key, make] = rng.pick(features);
    if (!(key in out)) out[key] = make();
  }
  if (rng.chance(0.02)) out.faultInjection = { abort: { httpStatus: 503, percentage: 1 } };
  return out;
}

function cors(rng: Rng, domain: string): Body {
  const out: Body = {
    allowOrigins: [`https://www.${domain}`, `https://app.${domain}`],
    allowMethods: rng.chance(0.5) ? ['GET', 'POST'] : ['GET', 'POST', 'PUT', 'DELETE'],
    allowHeaders: ['content-type', 'authorization'],
    maxAge: rng.pick(['10m', '1h']),
  };
  if (rng.chance(0.5)) out.exposeHeaders = ['x-request-id'];
  if (rng.chance(0.3)) out.allowCredentials = true;
  return out;
}

function jwt(rng: Rng, name: string, issuerHost: string): Body {
  return {
    providers: [
      {
        name,
        issuer: `https://${issuerHost}`,
        audiences: [rng.pick(['web', 'api', 'internal'])],
        remoteJWKS: {
          uri: `https://${issuerHost}/.well-known/jwks.json`,
          cacheDuration: rng.pick(['5m', '10m']),
        },
        claimToHeaders: [{ claim: 'sub', header: 'x-user-id' }],
      },
    ],
  };
}

function authorization(rng: Rng, withDefaultAction: boolean, withJwt: boolean): Body {
  const rules: Body[] = [
    {
      name: 'deny-blocked-ranges',
      action: 'Deny',
      principal: { clientCIDRs: [`10.${100 + rng.int(100)}.0.0/16`] },
    },
  ];
  if (withJwt && rng.chance(0.5)) {
    rules.push({
      name: 'admins-may-write',
      action: 'Allow',
      principal: {
        jwt: { provider: 'sso', claims: [{ name: 'groups', valueType: 'StringArray', values: ['admins'] }] },
      },
      operation: { methods: ['POST', 'PUT', 'DELETE'] },
    });
  }
  const out: Body = { rules };
  if (withDefaultAction) out.defaultAction = rng.chance(0.6) ? 'Allow' : 'Deny';
  return out;
}

/**
 * A SecurityPolicy body for a Gateway: SSO plus a default authorization.
 *
 * @param rng - the random source
 * @returns the spec fields (no targeting)
 * @example
 * 'jwt' in securityGatewayBody(createRng(1)); // => true
 */
export function securityGatewayBody(rng: Rng): Body {
  return { jwt: jwt(rng, 'sso', 'sso.corp.example'), authorization: authorization(rng, true, true) };
}

/**
 * A SecurityPolicy body for a route or rule: CORS, JWT and/or authorization. A merging route
 * policy sometimes leaves out `authorization.defaultAction` (the Go-null case).
 *
 * @param rng - the random source
 * @param domain - the application's domain, for CORS origins
 * @param merging - whether the policy will carry a mergeType
 * @returns the spec fields (no targeting)
 * @example
 * Object.keys(securityRouteBody(createRng(1), 'shop.example', false)).length >= 1; // => true
 */
export function securityRouteBody(rng: Rng, domain: string, merging: boolean): Body {
  const out: Body = {};
  const roll = rng.int(4);
  if (roll === 0 || roll === 3) out.cors = cors(rng, domain);
  if (roll === 1 || (roll === 3 && rng.chance(0.5))) out.jwt = jwt(rng, 'customers', `login.${domain}`);
  if (roll === 2 || (merging && rng.chance(0.5))) {
    out.authorization = authorization(rng, !merging || rng.chance(0.5), false);
  }
  if (Object.keys(out).length === 0) out.cors = cors(rng, domain);
  return out;
}

const LUA_SNIPPETS: readonly string[] = [
  'function envoy_on_response(response_handle)\n  response_handle:headers():replace("x-content-type-options", "nosniff")\nend\n',
  'function envoy_on_request(request_handle)\n  request_handle:headers():add("x-edge", "envoy")\nend\n',
  'function envoy_on_response(response_handle)\n  response_handle:headers():replace("strict-transport-security", "max-age=31536000")\nend\n',
];

function hex64(rng: Rng): string {
  let s = '';
  for (let i = 0; i < 8; i++) s += (rng.int(0x100000000) >>> 0).toString(16).padStart(8, '0');
  return s;
}

/**
 * An EnvoyExtensionPolicy body for a Gateway: a small inline Lua filter.
 *
 * @param rng - the random source
 * @returns the spec fields (no targeting)
 * @example
 * Object.keys(extensionGatewayBody(createRng(1))); // => ['lua']
 */
export function extensionGatewayBody(rng: Rng): Body {
  return { lua: [{ type: 'Inline', inline: rng.pick(LUA_SNIPPETS) }] };
}

/**
 * An EnvoyExtensionPolicy body for a route or rule: Wasm, ext_proc or Lua.
 *
 * @param rng - the random source
 * @param extProcService - a Service in the policy's namespace for ext_proc
 * @returns the spec fields (no targeting)
 * @example
 * Object.keys(extensionRouteBody(createRng(1), 'ext-proc')).length; // => 1
 */
export function extensionRouteBody(rng: Rng, extProcService: string): Body {
  switch (rng.int(3)) {
    case 0: {
      const name = rng.pick(['bot-shield', 'geo-tagger', 'request-signer']);
      return {
        wasm: [
          {
            name,
            rootID: name.replace('-', '_'),
            code: {
              type: 'HTTP',
              http: {
                url: `https://artifacts.corp.example/wasm/${name}-1.${rng.int(9)}.0.wasm`,
                sha256: hex64(rng),
              },
            },
            config: { mode: rng.pick(['monitor', 'enforce']) },
            failOpen: rng.chance(0.5),
          },
        ],
      };
    }
    case 1:
      return {
        extProc: [
          {
            backendRefs: [{ name: extProcService, port: 9002 }],
            processingMode: { request: {}, response: {} },
            messageTimeout: rng.pick(['100ms', '200ms', '500ms']),
            failOpen: rng.chance(0.7),
          },
        ],
      };
    default:
      return extensionGatewayBody(rng);
  }
}

/**
 * A ClientTrafficPolicy body for a Gateway, listener or ListenerSet.
 *
 * @param rng - the random source
 * @param https - whether the target is (or contains) an HTTPS listener
 * @returns the spec fields (no targeting)
 * @example
 * 'timeout' in clientTrafficBody(createRng(1), false); // => true
 */
export function clientTrafficBody(rng: Rng, https: boolean): Body {
  const out: Body = {
    timeout: {
      http: {
        requestReceivedTimeout: seconds(rng, [10, 30, 60]),
        idleTimeout: seconds(rng, [60, 300, 3600]),
      },
    },
  };
  if (rng.chance(0.7)) out.clientIPDetection = { xForwardedFor: { numTrustedHops: 1 + rng.int(2) } };
  if (rng.chance(0.5))
    out.headers = { requestID: 'PreserveOrGenerate', withUnderscoresAction: 'RejectRequest' };
  if (rng.chance(0.3)) out.connection = { bufferLimit: rng.pick(['32Ki', '64Ki', '1Mi']) };
  if (rng.chance(0.3)) out.path = { escapedSlashesAction: 'UnescapeAndRedirect' };
  if (https) out.tls = { minVersion: rng.pick(['1.2', '1.3']), alpnProtocols: ['h2', 'http/1.1'] };
  return out;
}
