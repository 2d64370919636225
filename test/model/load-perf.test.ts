/**
 * Loading is linear in the input. This prints timings (no timed assertion: machines differ) and
 * checks that the work done stays proportional: every document is loaded.
 */
import { loadManifests } from 'gateway-policy-sim';
import { expect, test } from 'vitest';

function syntheticYaml(documents: number): string {
  const parts: string[] = [];
  for (let i = 0; i < documents; i += 1) {
    parts.push(
      [
        'apiVersion: gateway.networking.k8s.io/v1',
        'kind: HTTPRoute',
        'metadata:',
        `  name: route-${i}`,
        `  namespace: ns-${i % 50}`,
        'spec:',
        '  parentRefs:',
        '  - name: gateway-1',
        '    namespace: infra',
        '  rules:',
        '  - matches:',
        `    - path: {type: PathPrefix, value: /r${i}}`,
        '    backendRefs:',
        `    - name: svc-${i % 100}`,
        '      port: 8080',
        '',
      ].join('\n'),
    );
  }
  return parts.join('---\n');
}

function timeLoad(documents: number): { ms: number; mb: number } {
  const text = syntheticYaml(documents);
  const start = performance.now();
  const r = loadManifests({ file: 'synthetic.yaml', text });
  const ms = performance.now() - start;
  expect(r.summary).toEqual({ documents, resources: documents, diagnosed: 0, unknownKinds: 0 });
  expect(r.resources.at(-1)?.source.document).toBe(documents - 1);
  return { ms, mb: text.length / 1e6 };
}

test('loading 30,000 documents is linear (timings printed)', () => {
  const small = timeLoad(7_500);
  const large = timeLoad(30_000);

  console.log(
    `loadManifests: 7,500 documents (${small.mb.toFixed(1)} MB) in ${small.ms.toFixed(0)} ms; ` +
      `30,000 documents (${large.mb.toFixed(1)} MB) in ${large.ms.toFixed(0)} ms ` +
      `(${((large.ms / 30_000) * 1000).toFixed(0)} µs/document; 4× the input took ${(large.ms / small.ms).toFixed(1)}× the time)`,
  );
});

test('a JSON List of 30,000 documents takes the JSON fast path (timings printed beside JSON.parse)', () => {
  const items = Array.from({ length: 30_000 }, (_, i) => ({
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: { name: `route-${i}`, namespace: `ns-${i % 50}` },
    spec: {
      parentRefs: [{ name: 'gateway-1', namespace: 'infra' }],
      rules: [
        {
          matches: [{ path: { type: 'PathPrefix', value: `/r${i}` } }],
          backendRefs: [{ name: `svc-${i % 100}`, port: 8080 }],
        },
      ],
    },
  }));
  const text = JSON.stringify({ apiVersion: 'v1', kind: 'List', items });

  let start = performance.now();
  JSON.parse(text);
  const parseMs = performance.now() - start;
  start = performance.now();
  const r = loadManifests({ file: 'synthetic.json', text });
  const loadMs = performance.now() - start;

  expect(r.summary).toEqual({ documents: 30_000, resources: 30_000, diagnosed: 0, unknownKinds: 0 });
  // One line: the last item's column is its offset in the text, plus one.
  expect(r.resources.at(-1)?.source).toEqual({
    file: 'synthetic.json',
    document: 0,
    line: 1,
    column: text.lastIndexOf('{"apiVersion"') + 1,
    pointer: '/items/29999',
  });
  console.log(
    `loadManifests: JSON List of 30,000 documents (${(text.length / 1e6).toFixed(1)} MB) in ${loadMs.toFixed(0)} ms; ` +
      `JSON.parse alone ${parseMs.toFixed(0)} ms (${(loadMs / parseMs).toFixed(1)}×)`,
  );
});
