/**
 * The virtual host index (exact domains in a map, wildcard suffixes in the label index of
 * suffix-index.ts) agrees with a plain reference: scan every domain, keep those that match, best
 * first (exact, longer wildcard suffix, `*`).
 */
import { fc, test } from '@fast-check/vitest';
import { expect } from 'vitest';
import { buildRouteConfig, matchingVirtualHosts } from '../../src/request/_internal/envoy-listeners.js';
import type { IrRoute } from '../../src/request/_internal/ir-route.js';

const label = fc.constantFrom('a', 'b', 'shop', 'api', 'x-y');
const name = fc.array(label, { minLength: 1, maxLength: 3 }).map((l) => `${l.join('.')}.example`);
const domain = fc.oneof(
  name,
  name.map((n) => `*.${n}`),
  fc.constant('*'),
  fc.constant('*.example'),
);

function reference(domains: readonly string[], host: string): string[] {
  const unique = [...new Set(domains)];
  const exact = unique.filter((d) => d === host);
  const wild = unique
    .filter((d) => d.startsWith('*') && d !== '*' && host.length > d.length - 1 && host.endsWith(d.slice(1)))
    .sort((a, b) => b.length - a.length);
  const star = unique.filter((d) => d === '*');
  return [...exact, ...wild, ...star];
}

test.prop([fc.array(domain, { maxLength: 12 }), fc.oneof(name, fc.constant('other.test'))], { numRuns: 300 })(
  'the virtual host index finds exactly the domains a full scan finds, in the same order',
  (domains, host) => {
    const routes = domains.map(
      (d, i) => ({ hostname: d, listener: 'l', name: `r${i}` }) as unknown as IrRoute,
    );
    const config = buildRouteConfig(['l'], () => routes);
    expect(matchingVirtualHosts(config, host).map((v) => v.host.domain)).toEqual(reference(domains, host));
  },
);
