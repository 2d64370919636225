import { formatRef, parseRef } from 'gateway-policy-sim';
import { describe, expect, test } from 'vitest';
import { resourceKey } from '../../src/model/resource.js';

describe('formatRef / parseRef', () => {
  test('a namespaced object is Kind/namespace/name, a section adds /section', () => {
    expect(formatRef({ kind: 'HTTPRoute', namespace: 'shop', name: 'web' })).toBe('HTTPRoute/shop/web');
    expect(formatRef({ kind: 'Gateway', namespace: 'eg', name: 'gw', section: 'http' })).toBe(
      'Gateway/eg/gw/http',
    );
    expect(parseRef('HTTPRoute/shop/web/checkout')).toEqual({
      kind: 'HTTPRoute',
      namespace: 'shop',
      name: 'web',
      section: 'checkout',
    });
  });

  test('a cluster-scoped object is Kind/name', () => {
    expect(formatRef({ kind: 'GatewayClass', namespace: '', name: 'eg' })).toBe('GatewayClass/eg');
    expect(parseRef('GatewayClass/eg')).toEqual({ kind: 'GatewayClass', namespace: '', name: 'eg' });
  });

  test('an empty section is kept apart from no section (sectionName "" is a section)', () => {
    const empty = formatRef({ kind: 'HTTPRoute', namespace: 'a', name: 'r', section: '' });
    expect(empty).toBe('HTTPRoute/a/r/');
    expect(parseRef(empty)).toEqual({ kind: 'HTTPRoute', namespace: 'a', name: 'r', section: '' });
    expect(empty).not.toBe(formatRef({ kind: 'HTTPRoute', namespace: 'a', name: 'r' }));
  });

  test('texts that are not references parse to null', () => {
    for (const bad of ['', 'web', '/shop/web', 'HTTPRoute//web', 'HTTPRoute/shop/', 'a/b/c/d/e', 'Kind/'])
      expect(parseRef(bad), bad).toBeNull();
  });

  test('resource keys are references', () => {
    expect(resourceKey('BackendTrafficPolicy', 'ns', 'p')).toBe(
      formatRef({ kind: 'BackendTrafficPolicy', namespace: 'ns', name: 'p' }),
    );
    expect(resourceKey('GatewayClass', '', 'eg')).toBe('GatewayClass/eg');
  });
});

describe('withoutKind', () => {
  test('drops the kind of a reference, keeps any other text', async () => {
    const { withoutKind } = await import('../../src/model/object-ref.js');
    expect(withoutKind('SecurityPolicy/shop/auth')).toBe('shop/auth');
    expect(withoutKind('Gateway/infra/gw/https')).toBe('infra/gw/https');
    expect(withoutKind('GatewayClass/eg')).toBe('eg');
    expect(withoutKind('not a ref')).toBe('not a ref');
  });
});
