import { fc, test } from '@fast-check/vitest';
import { formatRef, type ObjectRef, parseRef } from 'gateway-policy-sim';
import { expect } from 'vitest';

const label = fc.stringMatching(/^[a-z0-9]([-a-z0-9.]{0,20}[a-z0-9])?$/);
const kind = fc.constantFrom('Gateway', 'ListenerSet', 'HTTPRoute', 'GRPCRoute', 'BackendTrafficPolicy');
const ref: fc.Arbitrary<ObjectRef> = fc
  .record({ kind, namespace: label, name: label, section: fc.option(fc.oneof(label, fc.constant(''))) })
  .map(({ section, ...r }) => (section === null ? r : { ...r, section }));

test.prop([ref], { numRuns: 200 })('parsing a formatted reference gives the reference back', (r) => {
  expect(parseRef(formatRef(r))).toEqual(r);
});

test.prop([ref, ref], { numRuns: 200 })('two references format alike only when they are equal', (a, b) => {
  expect(formatRef(a) === formatRef(b)).toBe(JSON.stringify(a) === JSON.stringify(b));
});
