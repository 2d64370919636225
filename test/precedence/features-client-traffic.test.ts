import type { Topology } from 'gateway-policy-sim';
import { describe, expect, test } from 'vitest';
import { explain } from '../../src/explain/explain.js';
import { formatExplainText } from '../../src/explain/format-explain.js';
import {
  type ClientTrafficListener,
  clientTrafficListenerErrors,
} from '../../src/precedence/_internal/features/client-traffic.js';
import {
  b64,
  CLIENT_CA,
  CLIENT_CA_CRL,
  CLIENT_CA_FROM,
  CLIENT_CA_UNTIL,
  OTHER_CA,
  OTHER_CA_UNTIL,
} from '../_support/certificates.js';
import {
  gatewayClassObj,
  gatewayObj,
  httpRouteObj,
  listenerObj,
  namespaceObj,
  parentRefObj,
  policyObj,
  ref,
} from '../_support/topology-arbitrary.js';
import { run, statusLines } from './_pipeline.js';

const CTP = 'ClientTrafficPolicy' as const;

function listener(o: Partial<ClientTrafficListener> = {}): ClientTrafficListener {
  return { ir: 'http', tls: false, hostnames: ['*'], specificRouteCount: () => 0, ...o };
}

/** An instant inside the client CA's validity window (and the CRL's). */
const NOW = CLIENT_CA_FROM + 3_600_000;

function objects(list: { kind: string; namespace?: string; name: string; object: unknown }[]): Topology {
  const byKey = new Map(
    list.map((r) => [
      r.namespace === undefined ? `${r.kind}/${r.name}` : `${r.kind}/${r.namespace}/${r.name}`,
      r,
    ]),
  );
  return { byKey, referenceGrants: new Map(), options: { now: NOW } } as unknown as Topology;
}

function errors(
  spec: Record<string, unknown>,
  l: ClientTrafficListener = listener(),
  topology: Topology = objects([]),
): string | null {
  return clientTrafficListenerErrors(spec, {
    topology,
    ownerNamespace: () => 'default',
    policyNamespace: 'default',
    listener: l,
  });
}

describe('ClientTrafficPolicy feature checks (per listener)', () => {
  test('common features run on HTTP and TCP listeners, nothing runs on UDP', () => {
    const spec = {
      tcpKeepalive: { idleTime: '1x' },
      connection: { connectionLimit: { closeDelay: '10mib' }, bufferLimit: '100G' },
      timeout: { http: { requestReceivedTimeout: '10sec', idleTimeout: '5sec' } },
    };
    const expected = [
      'TCP KeepAlive: invalid IdleTime value 1x',
      'Connection: invalid CloseDelay value 10mib',
      'Timeout: invalid HTTP RequestReceivedTimeout value 10sec',
    ].join('\n');
    expect(errors(spec)).toBe(expected);
    expect(errors(spec, listener({ ir: 'tcp' }))).toBe(expected);
    expect(errors(spec, listener({ ir: null }))).toBeNull();
  });

  test('connection buffer limits: fraction, then range', () => {
    expect(errors({ connection: { bufferLimit: '500m' } })).toBe(
      'Connection: invalid BufferLimit value 500m',
    );
    expect(errors({ connection: { bufferLimit: '100G' } })).toBe(
      'Connection: BufferLimit value 100G is out of range, must be between 0 and 4294967295',
    );
  });

  test('headers, HTTP1 and HTTP2 only run on HTTP listeners', () => {
    const spec = { headers: { maxRequestHeaderLimit: 512 }, http2: { initialStreamWindowSize: '1Ki' } };
    expect(errors(spec)).toBe(
      [
        'Headers: MaxRequestHeaderLimit value 512 must be at least 1Ki',
        'HTTP2: InitialStreamWindowSize value 1Ki is out of range, must be between 65535 and 2147483647',
      ].join('\n'),
    );
    expect(errors(spec, listener({ ir: 'tcp' }))).toBeNull();
    expect(errors({ headers: { maxRequestHeaderLimit: '8193Ki' } })).toBe(
      'Headers: MaxRequestHeaderLimit value 8193Ki exceeds the maximum of 8192Ki',
    );
  });

  test('header modifiers report every bad entry, then the lack of any valid one', () => {
    expect(
      errors({
        headers: {
          earlyRequestHeaders: {
            add: [
              { name: '', value: 'v' },
              { name: 'a/b', value: 'v' },
              { name: 'c', value: 'two  spaces' },
            ],
            remove: [''],
          },
          lateResponseHeaders: { set: [{ name: 'ok', value: 'fine value' }] },
        },
      }),
    ).toBe(
      [
        'Headers: EarlyRequestHeaders cannot add a header with an empty name',
        `EarlyRequestHeaders cannot add a header with a '/' or ':' character in them. Header: '"a/b"'`,
        `EarlyRequestHeaders cannot add a header with an invalid value. Header: '"c"'`,
        'EarlyRequestHeaders cannot remove a header with an empty name',
        'EarlyRequestHeaders did not provide valid configuration to add/set/remove any headers',
      ].join('\n'),
    );
  });

  test('an HTTP/1.0 default host needs a specific listener hostname or exactly one specific route', () => {
    const spec = { http1: { http10: { useDefaultHost: true } } };
    expect(errors(spec, listener({ hostnames: ['www.example.com'] }))).toBeNull();
    expect(errors(spec, listener({ specificRouteCount: () => 0 }))).toBe(
      'HTTP1: cannot set http10 default host on listener with only wildcard hostnames',
    );
    expect(errors(spec, listener({ specificRouteCount: () => 1 }))).toBeNull();
    expect(errors(spec, listener({ hostnames: ['*.example.com'], specificRouteCount: () => 2 }))).toBe(
      'HTTP1: cannot set http10 default host on listener with only wildcard hostnames and more than one possible default route',
    );
    expect(errors({ http1: { http10: {} } })).toBeNull();
  });

  test('TLS settings are checked only where the listener terminates TLS', () => {
    const spec = { tls: { ciphers: ['ECDHE-RSA-AES128-GCM-SHA256', 'INVALID-CIPHER'] } };
    expect(errors(spec, listener({ tls: true }))).toBe('TLS: unsupported cipher suite: INVALID-CIPHER');
    expect(errors(spec, listener({ ir: 'tcp', tls: true }))).toBe(
      'TLS: unsupported cipher suite: INVALID-CIPHER',
    );
    expect(errors(spec)).toBeNull();
  });

  test('client validation: CA references must resolve to data, verifying modes need them', () => {
    const tls = listener({ tls: true });
    const withRefs = (refs: unknown[]): Record<string, unknown> => ({
      tls: { clientValidation: { caCertificateRefs: refs } },
    });
    const topology = objects([
      { kind: 'Secret', namespace: 'default', name: 'many', object: { data: { a: 'eA==', b: 'eA==' } } },
      {
        kind: 'Secret',
        namespace: 'default',
        name: 'ca',
        object: { data: { 'ca.crt': b64(CLIENT_CA), b: 'eA==' } },
      },
      { kind: 'ConfigMap', namespace: 'default', name: 'one', object: { data: { bundle: OTHER_CA } } },
    ]);
    expect(errors(withRefs([{ name: 'many' }]), tls, topology)).toBe(
      'TLS: failed to get certificate from ref: ref secret [many] has none of the expected keys [ca.crt] and more than one entry',
    );
    expect(errors(withRefs([{ name: 'ca' }, { kind: 'ConfigMap', name: 'one' }]), tls, topology)).toBeNull();
    expect(errors(withRefs([{ kind: 'ConfigMap', name: 'nope' }]), tls, topology)).toBe(
      'TLS: failed to get certificate from ref: configmap default/nope does not exist',
    );
    expect(errors(withRefs([{ kind: 'ClusterTrustBundle', name: 'ctb' }]), tls, topology)).toBe(
      'TLS: failed to get certificate from ref: ref ClusterTrustBundle [ctb] not found',
    );
    expect(errors(withRefs([{ name: 'ca', namespace: 'other' }]), tls, topology)).toBe(
      'TLS: failed to get certificate from ref: ref to Secret other/ca not permitted by any ReferenceGrant',
    );
    expect(errors({ tls: { clientValidation: { mode: 'VerifyIfGiven' } } }, tls)).toBe(
      'TLS: tls.clientValidation.mode "VerifyIfGiven" requires caCertificateRefs',
    );
    expect(errors({ tls: { clientValidation: { optional: true } } }, tls)).toBe(
      'TLS: tls.clientValidation.optional=true requires caCertificateRefs (maps to mode "VerifyIfGiven")',
    );
    expect(errors({ tls: { clientValidation: { mode: 'Request' } } }, tls)).toBeNull();
  });

  describe('certificate and CRL validity at TopologyOptions.now (filterValidCACertificates, validateCrl)', () => {
    const tls = listener({ tls: true });
    const at = (now: number, list: Parameters<typeof objects>[0]): Topology =>
      ({ ...objects(list), options: { now } }) as unknown as Topology;
    const secret = (name: string, data: Record<string, string>) => ({
      kind: 'Secret',
      namespace: 'default',
      name,
      object: { data },
    });
    const ca = (refs: string[], crl: string[] = []) => ({
      tls: {
        clientValidation: {
          caCertificateRefs: refs.map((name) => ({ name })),
          ...(crl.length > 0 ? { crl: { refs: crl.map((name) => ({ name })) } } : {}),
        },
      },
    });
    const bundle = [
      secret('client', { 'ca.crt': b64(CLIENT_CA) }),
      secret('both', { 'ca.crt': b64(CLIENT_CA + OTHER_CA) }),
      secret('twice', { 'ca.crt': b64(CLIENT_CA + CLIENT_CA) }),
      secret('junk', { 'ca.crt': b64('not a certificate') }),
      secret('crl', { 'ca.crl': b64(CLIENT_CA_CRL) }),
    ];

    test('a CA valid at that instant passes; expired or not yet valid, it fails with Go’s time text', () => {
      expect(errors(ca(['client']), tls, at(NOW, bundle))).toBeNull();
      expect(errors(ca(['client']), tls, at(CLIENT_CA_UNTIL + 1000, bundle))).toBe(
        'TLS: no valid certificates exist in client: certificate client-ca.test has expired since 2026-11-27 12:03:18 +0000 UTC',
      );
      expect(errors(ca(['client']), tls, at(CLIENT_CA_FROM - 1000, bundle))).toBe(
        'TLS: no valid certificates exist in client: certificate client-ca.test will be valid after 2026-11-26 12:03:18 +0000 UTC',
      );
    });

    test('a bundle fails only when no certificate in it is valid; every invalid one is listed', () => {
      // One expired, one still valid: Envoy Gateway keeps the valid one (and only logs).
      expect(errors(ca(['both']), tls, at(CLIENT_CA_UNTIL + 1000, bundle))).toBeNull();
      expect(errors(ca(['twice']), tls, at(OTHER_CA_UNTIL, bundle))).toBe(
        [
          'TLS: no valid certificates exist in twice: certificate client-ca.test has expired since 2026-11-27 12:03:18 +0000 UTC',
          'certificate client-ca.test has expired since 2026-11-27 12:03:18 +0000 UTC',
        ].join('\n'),
      );
    });

    test('a Secret’s stringData counts as the API server stores it; a ClusterTrustBundle’s trustBundle is judged too', () => {
      const more = [
        ...bundle,
        {
          kind: 'Secret',
          namespace: 'default',
          name: 'plain',
          object: { stringData: { 'ca.crt': CLIENT_CA } },
        },
        { kind: 'ClusterTrustBundle', name: 'ctb', object: { spec: { trustBundle: CLIENT_CA } } },
      ];
      const expired = 'certificate client-ca.test has expired since 2026-11-27 12:03:18 +0000 UTC';
      expect(errors(ca(['plain']), tls, at(NOW, more))).toBeNull();
      expect(errors(ca(['plain']), tls, at(CLIENT_CA_UNTIL + 1000, more))).toBe(
        `TLS: no valid certificates exist in plain: ${expired}`,
      );
      const ctb = {
        tls: { clientValidation: { caCertificateRefs: [{ kind: 'ClusterTrustBundle', name: 'ctb' }] } },
      };
      expect(errors(ctb, tls, at(CLIENT_CA_UNTIL + 1000, more))).toBe(
        `TLS: no valid certificates exist in ctb: ${expired}`,
      );
    });

    test('data without any PEM block cannot be decoded', () => {
      expect(errors(ca(['junk']), tls, at(NOW, bundle))).toBe(
        'TLS: no valid certificates exist in junk: unable to decode pem data for certificate',
      );
    });

    test('a CRL past its next update is expired; before its last update it is not yet valid', () => {
      expect(errors(ca(['client'], ['crl']), tls, at(NOW, bundle))).toBeNull();
      // The CA is checked first: at an instant where both are out of date, the CA error wins.
      expect(errors(ca(['client'], ['crl']), tls, at(CLIENT_CA_FROM - 1000, bundle))).toContain(
        'no valid certificates exist in client',
      );
      expect(errors(ca(['both'], ['crl']), tls, at(CLIENT_CA_UNTIL + 1000, bundle))).toBe(
        'TLS: invalid crl in crl: CRL is expired (next update was due at 2026-11-27 12:03:18 +0000 UTC)',
      );
      // Mode Request needs no CA: the CRL alone is judged.
      const crlOnly = { tls: { clientValidation: { mode: 'Request', crl: { refs: [{ name: 'crl' }] } } } };
      expect(errors(crlOnly, tls, at(CLIENT_CA_FROM - 1000, bundle))).toBe(
        'TLS: invalid crl in crl: CRL is not yet valid (this update starts at 2026-11-26 12:03:18 +0000 UTC)',
      );
    });
  });
});

describe('ClientTrafficPolicy engine: feature errors per listener', () => {
  const base = [gatewayClassObj('eg'), namespaceObj('infra')];
  const threeListeners = gatewayObj('infra', 'gw', [
    listenerObj('https', 'HTTPS', 443),
    listenerObj('http', 'HTTP', 80),
    listenerObj('tls', 'TLS', 8443),
  ]);

  test('certificate expiry is judged at TopologyOptions.now (a Date, milliseconds or RFC 3339 text)', () => {
    const objs = [
      ...base,
      gatewayObj('infra', 'gw', [listenerObj('https', 'HTTPS', 443)]),
      {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { namespace: 'infra', name: 'ca' },
        data: { 'ca.crt': b64(CLIENT_CA) },
      },
      // The listener's own certificate: with Secrets in the input, a listener whose certificate
      // Secret is missing is not programmed, and a policy writes nothing there (no TLS error).
      {
        apiVersion: 'v1',
        kind: 'Secret',
        type: 'kubernetes.io/tls',
        metadata: { namespace: 'infra', name: 'cert' },
      },
      policyObj(CTP, 'infra', 'p', {
        targetRefs: [ref('Gateway', 'gw')],
        tls: { clientValidation: { caCertificateRefs: [{ name: 'ca' }] } },
      }),
    ];
    const lines = (now: Date | number | string) =>
      statusLines(run(objs, { order: 'input', topology: { now } }).status, CTP, 'infra/p');
    expect(lines(new Date(NOW))).toEqual([
      'Gateway infra/gw: Accepted/True/Accepted: Policy has been accepted.',
    ]);
    expect(lines(CLIENT_CA_UNTIL)).toEqual(lines('2026-11-27T12:03:18Z'));
    expect(lines('2026-11-28T00:00:00Z')).toEqual([
      'Gateway infra/gw: Accepted/False/Invalid: TLS: no valid certificates exist in ca: certificate client-ca.test has expired since 2026-11-27 12:03:18 +0000 UTC.',
    ]);
    expect(() => lines('next tuesday')).toThrow(/now must be a Date, milliseconds or an RFC 3339 time/);
  });

  test('a Gateway-wide policy joins the errors of each listener it translates, in listener order', () => {
    const { status } = run(
      [
        ...base,
        threeListeners,
        policyObj(CTP, 'infra', 'p', { targetRefs: [ref('Gateway', 'gw')], tls: { ciphers: ['NOPE'] } }),
      ],
      { order: 'input' },
    );
    expect(statusLines(status, CTP, 'infra/p')).toEqual([
      'Gateway infra/gw: Accepted/False/Invalid: TLS: unsupported cipher suite: NOPE\nTLS: unsupported cipher suite: NOPE.',
    ]);
  });

  test('a listener whose features fail keeps only what Envoy Gateway wrote before the error and the policy sets', () => {
    const { resolution } = run(
      [
        ...base,
        threeListeners,
        policyObj(CTP, 'infra', 'p', {
          targetRefs: [ref('Gateway', 'gw')],
          tls: { ciphers: ['NOPE'] },
          headers: { enableEnvoyHeaders: true },
          timeout: { http: { idleTimeout: '5s' } },
          http2: { initialStreamWindowSize: '1' },
          http3: {},
          Path: { escapedSlashesAction: 'KeepUnchanged' },
        }),
      ],
      { order: 'input' },
    );
    const at = (name: string) =>
      resolution.points.find((pt) => pt.family === 'listener' && pt.listenerName === name)?.policies
        .ClientTrafficPolicy;
    // Plain HTTP: HTTP2 fails (window size); headers and path (matched as Go matches names) stay;
    // timeout and TLS are never written; HTTP/3 needs a TLS listener.
    expect(at('http')?.failed).toEqual({ kept: ['headers', 'path'], routes: 'answer500' });
    // HTTPS: TLS and HTTP2 fail; HTTP/3 is kept on a TLS listener.
    expect(at('https')).toMatchObject({ applied: ['ClientTrafficPolicy/infra/p'], mode: 'replace' });
    expect(at('https')?.failed).toEqual({ kept: ['headers', 'path', 'http3'], routes: 'answer500' });
    // A TLS (TCP IR) listener keeps nothing, and its routes are dropped.
    expect(at('tls')?.failed).toEqual({ kept: [], routes: 'dropped' });
    const points = explain(resolution, { kind: CTP }).points;
    const effective = (name: string) =>
      points.find((pt) => pt.listener === name && pt.route === null)?.policies.ClientTrafficPolicy?.effective;
    expect(effective('https')).toEqual({
      headers: { enableEnvoyHeaders: true },
      http3: {},
      Path: { escapedSlashesAction: 'KeepUnchanged' },
    });
    expect(effective('tls')).toEqual({});
    const text = formatExplainText(explain(resolution, { kind: CTP }), { width: 400 });
    expect(text).toContain(
      'features failed here: Envoy Gateway applies only its headers, path; every route of the listener answers 500',
    );
    expect(text).toContain(
      "features failed here: Envoy Gateway applies none of its settings; the listener's routes are dropped",
    );
    // Every listener failed: the Gateway-wide decision is invalid, and each listener says why.
    const decisions = resolution.kinds.ClientTrafficPolicy.decisions;
    expect(decisions.map((d) => `${d.scope.kind} ${d.scope.ref.section ?? ''} ${d.verdict}`)).toEqual([
      'Gateway  invalid',
      'GatewayListener https invalid',
      'GatewayListener http invalid',
      'GatewayListener tls invalid',
    ]);
    expect(decisions[0]?.reason).toContain('its features failed on every one of them');
    expect(decisions[2]?.reason).toContain('HTTP2: ');
    expect(decisions[2]?.reason).toContain('answers 500 on every route of the listener');
    expect(decisions[3]?.reason).toContain("drops the listener's routes");
  });

  test('explain marks the routes of a listener whose ClientTrafficPolicy failed, policies or not', () => {
    const { resolution } = run(
      [
        ...base,
        gatewayObj('infra', 'gw', [listenerObj('https', 'HTTPS', 443), listenerObj('http', 'HTTP', 80)]),
        httpRouteObj('infra', 'web', [parentRefObj('gw')]),
        policyObj(CTP, 'infra', 'p', {
          targetRefs: [ref('Gateway', 'gw', 'https')],
          tls: { ciphers: ['NOPE'] },
        }),
      ],
      { order: 'input' },
    );
    const result = explain(resolution, { route: 'HTTPRoute/infra/web' });
    const byListener = new Map(result.points.map((pt) => [pt.listener, pt]));
    expect(byListener.get('https')?.listenerFailed).toEqual({
      policy: 'ClientTrafficPolicy/infra/p',
      routes: 'answer500',
    });
    expect(byListener.get('https')?.policies).toEqual({});
    // The plain HTTP listener is fine, and a point without policies there is not listed.
    expect(byListener.has('http')).toBe(false);
    expect(formatExplainText(result, { width: 400 })).toContain(
      "! the listener's ClientTrafficPolicy infra/p failed there: Envoy Gateway answers every request here with 500, whatever the policies below say",
    );
    // A query for one kind lists only points where that kind has candidates.
    expect(
      explain(resolution, { route: 'HTTPRoute/infra/web', kind: 'BackendTrafficPolicy' }).points,
    ).toEqual([]);
  });

  test('a listener whose features pass takes the whole policy while another listener of the same policy fails', () => {
    const { resolution } = run(
      [
        ...base,
        gatewayObj('infra', 'gw', [listenerObj('https', 'HTTPS', 443), listenerObj('http', 'HTTP', 80)]),
        policyObj(CTP, 'infra', 'p', { targetRefs: [ref('Gateway', 'gw')], tls: { ciphers: ['NOPE'] } }),
      ],
      { order: 'input' },
    );
    const at = (name: string) =>
      resolution.points.find((pt) => pt.family === 'listener' && pt.listenerName === name)?.policies
        .ClientTrafficPolicy;
    expect(at('http')).toEqual({
      applied: ['ClientTrafficPolicy/infra/p'],
      mode: 'replace',
      scopeKind: 'Gateway',
    });
    expect(at('https')?.failed?.routes).toBe('answer500');
    const decisions = resolution.kinds.ClientTrafficPolicy.decisions;
    expect(decisions.map((d) => `${d.scope.kind} ${d.verdict}`)).toEqual([
      'Gateway applied',
      'GatewayListener invalid',
    ]);
    expect(decisions[1]?.reason).toContain('answers 500 on every route of the listener');
  });

  test('a section policy reports its listener only; the HTTP/1.0 default host counts routes with specific hostnames', () => {
    const route = (name: string, hostnames: string[]): unknown => {
      const r = httpRouteObj('infra', name, [parentRefObj('gw', { sectionName: 'plain' })]) as {
        spec: Record<string, unknown>;
      };
      return { ...r, spec: { ...r.spec, hostnames } };
    };
    const policy = policyObj(CTP, 'infra', 'p', {
      targetRefs: [ref('Gateway', 'gw', 'plain')],
      http1: { http10: { useDefaultHost: true } },
    });
    const gw = gatewayObj('infra', 'gw', [listenerObj('plain', 'HTTP', 80)]);
    const one = run([...base, gw, route('a', ['a.example.com']), policy], { order: 'input' });
    expect(statusLines(one.status, CTP, 'infra/p')?.[0]).toContain('Accepted/True/Accepted');
    const two = run([...base, gw, route('a', ['a.example.com']), route('b', ['b.example.com']), policy], {
      order: 'input',
    });
    expect(statusLines(two.status, CTP, 'infra/p')).toEqual([
      'Gateway infra/gw/plain: Accepted/False/Invalid: HTTP1: cannot set http10 default host on listener with only wildcard hostnames and more than one possible default route.',
    ]);
  });
});
