#!/usr/bin/env node
// Compiles CustomResourceDefinitions into the compact form the admission layer loads
// (src/admission/crd-data.ts describes it; src/admission/compile-crd-data.ts does the work,
// imported through scripts/import-source.mjs). Only facts the API server acts on are kept (types,
// bounds, patterns, enums, defaults, CEL rules and their messages).
//
// Usage:
//   node scripts/compile-crds.mjs NAME CRD_FILE_OR_DIR... > src/admission/_data/NAME.ts
// The v1.9 set (Envoy Gateway v1.9.0's CRDs and the Gateway API v1.6.1 CRDs it installs):
//   node scripts/compile-crds.mjs envoy-gateway-v1.9 ../shared/eg-testdata/crds \
//     > src/admission/_data/envoy-gateway-v1-9.ts
// test/admission/crd-data.test.ts checks that the committed file is what this script writes.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { importSource } from './import-source.mjs';

const { compileCrdData, crdDataModule } = await importSource('admission/compile-crd-data.ts');

const [name, ...inputs] = process.argv.slice(2);
if (!name || inputs.length === 0) {
  console.error('usage: compile-crds.mjs NAME CRD_FILE_OR_DIR...');
  process.exit(2);
}

const files = inputs.flatMap((p) =>
  statSync(p).isDirectory()
    ? readdirSync(p)
        .filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'))
        .sort()
        .map((f) => join(p, f))
    : [p],
);
const documents = files.flatMap((f) =>
  parseAllDocuments(readFileSync(f, 'utf8')).map((d) => d.toJS({ maxAliasCount: -1 })),
);
process.stdout.write(crdDataModule(compileCrdData(name, documents, { asts: true })));
