import type { AdmissionProfile, Diagnostic } from 'gateway-policy-sim';
import { DEFAULT_ADMISSION_PROFILE, validate } from 'gateway-policy-sim';
import { describe, expect, test } from 'vitest';
import { policy, toResources } from './_fixtures.js';

const GW = 'gateway.networking.k8s.io';
const ref = (kind: string, name = 'x', extra: Record<string, unknown> = {}) => ({
  group: GW,
  kind,
  name,
  ...extra,
});

function check(kind: string, spec: Record<string, unknown>, profile?: AdmissionProfile): Diagnostic[] {
  return [...validate(toResources([policy(kind, 'p', spec)]), profile ? { profile } : {})];
}
const summary = (ds: readonly Diagnostic[]) =>
  ds.map((d) => `${d.code} ${d.severity} ${d.location?.pointer ?? ''}`);

describe('validate: which targets', () => {
  test('a well-formed policy gives no diagnostics', () => {
    expect(
      check('BackendTrafficPolicy', { targetRefs: [ref('HTTPRoute')], mergeType: 'StrategicMerge' }),
    ).toEqual([]);
    expect(
      check('ClientTrafficPolicy', { targetRef: ref('Gateway', 'gw', { sectionName: 'http' }) }),
    ).toEqual([]);
  });

  test('targetRef together with targetRefs is refused', () => {
    const ds = check('SecurityPolicy', { targetRef: ref('Gateway'), targetRefs: [ref('Gateway')] });
    expect(summary(ds)).toEqual(['GWP-ADMIT-TARGETREF-AND-TARGETREFS error /spec/targetRefs']);
    expect(ds[0]).toMatchObject({
      resource: 'SecurityPolicy/default/p',
      location: { file: 'test.yaml', document: 0 },
    });
  });

  test('targetRef together with targetRefs is allowed beside a non-empty targetSelectors', () => {
    expect(
      check('SecurityPolicy', {
        targetRef: ref('Gateway'),
        targetRefs: [ref('Gateway')],
        targetSelectors: [{ kind: 'HTTPRoute' }],
      }),
    ).toEqual([]);
    expect(
      summary(
        check('SecurityPolicy', {
          targetRef: ref('Gateway'),
          targetRefs: [ref('Gateway')],
          targetSelectors: [],
        }),
      ),
    ).toEqual(['GWP-ADMIT-TARGETREF-AND-TARGETREFS error /spec/targetRefs']);
  });

  test('a policy with no target at all is refused', () => {
    expect(summary(check('EnvoyExtensionPolicy', {}))).toEqual(['GWP-ADMIT-NO-TARGET error /spec']);
    expect(summary(check('EnvoyExtensionPolicy', { targetSelectors: [] }))).toEqual([
      'GWP-ADMIT-NO-TARGET error /spec',
    ]);
  });

  test('an empty targetRefs list is admitted but targets nothing (warning)', () => {
    expect(summary(check('BackendTrafficPolicy', { targetRefs: [] }))).toEqual([
      'GWP-ADMIT-EMPTY-TARGETS warning /spec/targetRefs',
    ]);
  });
});

describe('validate: target references', () => {
  test.each([
    [
      'BackendTrafficPolicy',
      ['Gateway', 'ListenerSet', 'HTTPRoute', 'GRPCRoute', 'UDPRoute', 'TCPRoute', 'TLSRoute'],
      ['Service'],
    ],
    [
      'EnvoyExtensionPolicy',
      ['Gateway', 'ListenerSet', 'HTTPRoute', 'GRPCRoute', 'UDPRoute', 'TCPRoute', 'TLSRoute'],
      ['Backend'],
    ],
    [
      'SecurityPolicy',
      ['Gateway', 'ListenerSet', 'HTTPRoute', 'GRPCRoute', 'TCPRoute'],
      ['UDPRoute', 'TLSRoute'],
    ],
    ['ClientTrafficPolicy', ['Gateway', 'ListenerSet'], ['HTTPRoute', 'TCPRoute']],
  ])('%s accepts target kinds %j and refuses %j', (kind, allowed, refused) => {
    for (const k of allowed) expect(check(kind, { targetRefs: [ref(k)] }), k).toEqual([]);
    for (const k of refused) {
      expect(summary(check(kind, { targetRefs: [ref('Gateway'), ref(k)] })), k).toEqual([
        'GWP-ADMIT-TARGET-KIND error /spec/targetRefs/1/kind',
      ]);
      expect(summary(check(kind, { targetRef: ref(k) })), k).toEqual([
        'GWP-ADMIT-TARGET-KIND error /spec/targetRef/kind',
      ]);
    }
  });

  test('a target group other than gateway.networking.k8s.io is refused', () => {
    expect(
      summary(check('BackendTrafficPolicy', { targetRefs: [ref('Gateway', 'x', { group: 'example.com' })] })),
    ).toEqual(['GWP-ADMIT-TARGET-GROUP error /spec/targetRefs/0/group']);
  });

  test('group, kind and name are required in a target reference', () => {
    expect(summary(check('BackendTrafficPolicy', { targetRefs: [{ kind: 'Gateway' }] }))).toEqual([
      'GWP-ADMIT-REQUIRED-FIELD error /spec/targetRefs/0/group',
      'GWP-ADMIT-REQUIRED-FIELD error /spec/targetRefs/0/name',
    ]);
    expect(summary(check('BackendTrafficPolicy', { targetRef: 'gw' }))).toEqual([
      'GWP-ADMIT-REQUIRED-FIELD error /spec/targetRef',
    ]);
  });
});

describe('validate: targetSelectors', () => {
  test('the selector group must be gateway.networking.k8s.io', () => {
    expect(
      summary(check('SecurityPolicy', { targetSelectors: [{ kind: 'HTTPRoute', group: 'example.com' }] })),
    ).toEqual(['GWP-ADMIT-SELECTOR-GROUP error /spec/targetSelectors/0/group']);
  });

  test('kind is required; a kind the policy cannot target is a warning (CEL does not check it)', () => {
    expect(summary(check('SecurityPolicy', { targetSelectors: [{ matchLabels: { a: 'b' } }] }))).toEqual([
      'GWP-ADMIT-REQUIRED-FIELD error /spec/targetSelectors/0/kind',
    ]);
    expect(summary(check('SecurityPolicy', { targetSelectors: [{ kind: 'UDPRoute' }] }))).toEqual([
      'GWP-ADMIT-SELECTOR-KIND warning /spec/targetSelectors/0/kind',
    ]);
  });

  test('namespaces.from Selector requires a selector; from must be Same, All or Selector', () => {
    expect(
      summary(
        check('BackendTrafficPolicy', {
          targetSelectors: [{ kind: 'HTTPRoute', namespaces: { from: 'Selector' } }],
        }),
      ),
    ).toEqual(['GWP-ADMIT-SELECTOR-NAMESPACES error /spec/targetSelectors/0/namespaces']);
    expect(
      summary(
        check('BackendTrafficPolicy', {
          targetSelectors: [{ kind: 'HTTPRoute', namespaces: { from: 'Others' } }],
        }),
      ),
    ).toEqual(['GWP-ADMIT-SELECTOR-NAMESPACES error /spec/targetSelectors/0/namespaces/from']);
    expect(
      check('BackendTrafficPolicy', {
        targetSelectors: [{ kind: 'HTTPRoute', namespaces: { from: 'Selector', selector: {} } }],
      }),
    ).toEqual([]);
    expect(
      check('BackendTrafficPolicy', { targetSelectors: [{ kind: 'HTTPRoute', namespaces: {} }] }),
    ).toEqual([]);
  });

  test('a malformed label selector is a warning: it matches nothing', () => {
    expect(
      summary(
        check('BackendTrafficPolicy', {
          targetSelectors: [{ kind: 'HTTPRoute', matchExpressions: [{ key: 'a', operator: 'In' }] }],
        }),
      ),
    ).toEqual(['GWP-ADMIT-SELECTOR-INVALID warning /spec/targetSelectors/0']);
  });
});

describe('validate: mergeType', () => {
  test('mergeType is allowed only when every target is an xRoute', () => {
    expect(
      summary(
        check('BackendTrafficPolicy', {
          mergeType: 'JSONMerge',
          targetRefs: [ref('HTTPRoute'), ref('Gateway')],
          targetSelectors: [{ kind: 'ListenerSet' }, { kind: 'TCPRoute' }],
        }),
      ),
    ).toEqual([
      'GWP-ADMIT-MERGETYPE-TARGETS error /spec/targetRefs/1/kind',
      'GWP-ADMIT-MERGETYPE-TARGETS error /spec/targetSelectors/0/kind',
    ]);
  });

  test('the xRoute kinds depend on the policy kind (SecurityPolicy: HTTPRoute, GRPCRoute, TCPRoute)', () => {
    expect(
      check('SecurityPolicy', { mergeType: 'StrategicMerge', targetSelectors: [{ kind: 'TCPRoute' }] }),
    ).toEqual([]);
    expect(
      summary(
        check('SecurityPolicy', { mergeType: 'StrategicMerge', targetSelectors: [{ kind: 'UDPRoute' }] }),
      ),
    ).toContain('GWP-ADMIT-MERGETYPE-TARGETS error /spec/targetSelectors/0/kind');
  });

  test('Replace is never a valid mergeType', () => {
    expect(
      summary(check('EnvoyExtensionPolicy', { mergeType: 'Replace', targetRefs: [ref('HTTPRoute')] })),
    ).toEqual(['GWP-ADMIT-MERGETYPE-REPLACE error /spec/mergeType']);
  });

  test('an unknown mergeType is a warning', () => {
    expect(
      summary(check('EnvoyExtensionPolicy', { mergeType: 'Deep', targetRefs: [ref('HTTPRoute')] })),
    ).toEqual(['GWP-ADMIT-MERGETYPE-UNKNOWN warning /spec/mergeType']);
  });

  test('ClientTrafficPolicy has no mergeType', () => {
    expect(
      summary(check('ClientTrafficPolicy', { mergeType: 'StrategicMerge', targetRefs: [ref('Gateway')] })),
    ).toEqual(['GWP-ADMIT-MERGETYPE-UNSUPPORTED error /spec/mergeType']);
  });
});

describe('validate: field rules', () => {
  test('BackendTrafficPolicy compression and compressor exclude each other', () => {
    expect(
      summary(
        check('BackendTrafficPolicy', { targetRefs: [ref('Gateway')], compression: [], compressor: [] }),
      ),
    ).toEqual(['GWP-ADMIT-FIELD-RULE error /spec/compressor']);
  });

  test('BackendTrafficPolicy requestBuffer cannot be combined with a non-empty httpUpgrade', () => {
    const base = { targetRefs: [ref('Gateway')], requestBuffer: { limit: '1Mi' } };
    expect(summary(check('BackendTrafficPolicy', { ...base, httpUpgrade: [{ type: 'websocket' }] }))).toEqual(
      ['GWP-ADMIT-FIELD-RULE error /spec/httpUpgrade'],
    );
    expect(check('BackendTrafficPolicy', { ...base, httpUpgrade: [] })).toEqual([]);
  });

  test('BackendTrafficPolicy admissionControl needs Gateway, ListenerSet, HTTPRoute or GRPCRoute targets', () => {
    expect(
      summary(check('BackendTrafficPolicy', { targetRefs: [ref('TCPRoute')], admissionControl: {} })),
    ).toEqual(['GWP-ADMIT-FIELD-RULE error /spec/admissionControl']);
    expect(check('BackendTrafficPolicy', { targetRefs: [ref('GRPCRoute')], admissionControl: {} })).toEqual(
      [],
    );
  });

  test('SecurityPolicy authorization rules with principal.jwt need spec.jwt', () => {
    const spec = {
      targetRefs: [ref('Gateway')],
      authorization: { rules: [{ action: 'Allow', principal: { jwt: { provider: 'p' } } }] },
    };
    expect(summary(check('SecurityPolicy', spec))).toEqual([
      'GWP-ADMIT-FIELD-RULE error /spec/authorization/rules',
    ]);
    expect(check('SecurityPolicy', { ...spec, jwt: { providers: [] } })).toEqual([]);
  });
});

describe('validate: profile and input', () => {
  test('the rules come from the profile table', () => {
    const profile: AdmissionProfile = {
      ...DEFAULT_ADMISSION_PROFILE,
      ClientTrafficPolicy: {
        ...DEFAULT_ADMISSION_PROFILE.ClientTrafficPolicy,
        targetKinds: ['Gateway', 'ListenerSet', 'HTTPRoute'],
      },
    };
    expect(check('ClientTrafficPolicy', { targetRefs: [ref('HTTPRoute')] }, profile)).toEqual([]);
    expect(check('ClientTrafficPolicy', { targetRefs: [ref('HTTPRoute')] })).toHaveLength(1);
  });

  test('the pointer continues the source pointer of a test-data document; non-policies are ignored; input is not mutated', () => {
    const [p] = toResources([policy('BackendTrafficPolicy', 'p', { targetRefs: [ref('Service')] })]);
    const resources = [
      {
        ...(p as NonNullable<typeof p>),
        source: { file: 'case.in.yaml', pointer: '/backendTrafficPolicies/3', line: 40, column: 3 },
      },
      ...toResources([{ apiVersion: 'v1', kind: 'Service', metadata: { name: 's' } }]),
    ];
    const before = structuredClone(resources);
    const ds = validate(resources);
    expect(ds).toHaveLength(1);
    expect(ds[0]?.location).toEqual({
      file: 'case.in.yaml',
      pointer: '/backendTrafficPolicies/3/spec/targetRefs/0/kind',
      line: 40,
      column: 3,
    });
    expect(resources).toEqual(before);
  });
});
