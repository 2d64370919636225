/**
 * The shipped CRD data is what scripts/compile-crds.mjs makes of the test data's crds/
 * (skipped, saying so, when the test data is absent).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { compileCrdData, crdDataModule } from '../../src/admission/compile-crd-data.js';
import { egTestData } from '../_support/eg-testdata.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const CRDS = egTestData('crds');
const SHIPPED = path.resolve(here, '../../src/admission/_data/envoy-gateway-v1-9.ts');
const present = existsSync(CRDS);
if (!present) console.warn(`[crd-data] SKIPPED: Envoy Gateway CRDs not found at ${CRDS}`);

describe.skipIf(!present)('the shipped CRD data', () => {
  test('is the compiled form of Envoy Gateway v1.9.0 and Gateway API v1.6.1 CRDs', () => {
    const docs = readdirSync(CRDS)
      .filter((f) => f.endsWith('.yaml'))
      .sort()
      .flatMap((f) =>
        parseAllDocuments(readFileSync(path.join(CRDS, f), 'utf8')).map((d) => d.toJS({ maxAliasCount: -1 })),
      );
    const data = compileCrdData('envoy-gateway-v1.9', docs, { asts: true });
    expect(data.crds.map((c) => c.kind)).toEqual(
      expect.arrayContaining([
        'BackendTrafficPolicy',
        'ClientTrafficPolicy',
        'SecurityPolicy',
        'EnvoyExtensionPolicy',
        'Gateway',
        'HTTPRoute',
        'ListenerSet',
      ]),
    );
    expect(crdDataModule(data)).toBe(readFileSync(SHIPPED, 'utf8'));
  });
});
