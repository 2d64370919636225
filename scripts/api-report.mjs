// `npm run api:check` / `npm run api:update`: the API report of each entry point (api/*.api.md),
// made by @microsoft/api-extractor from the built declarations (run `npm run build` first).
// `check` fails when the public surface differs from the committed report (CI runs it);
// `update` rewrites the reports, to be committed with the change that made them differ.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Extractor, ExtractorConfig } from '@microsoft/api-extractor';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const mode = process.argv[2];
if (mode !== 'check' && mode !== 'update') {
  console.error('usage: node scripts/api-report.mjs check|update');
  process.exit(2);
}

/** Entry point → its declaration file and its report's name. */
const ENTRY_POINTS = [
  { name: 'gateway-policy-sim', dts: 'dist/index.d.ts', report: 'gateway-policy-sim' },
  { name: 'gateway-policy-sim/node', dts: 'dist/node.d.ts', report: 'gateway-policy-sim-node' },
  { name: 'gateway-policy-sim/testing', dts: 'dist/testing.d.ts', report: 'gateway-policy-sim-testing' },
];

let failed = false;
for (const entry of ENTRY_POINTS) {
  const dts = path.join(root, entry.dts);
  if (!existsSync(dts)) {
    console.error(`api-report: ${entry.dts} is missing; run npm run build first`);
    process.exit(1);
  }
  const config = ExtractorConfig.prepare({
    configObjectFullPath: path.join(root, 'api', `${entry.report}.json`),
    packageJsonFullPath: path.join(root, 'package.json'),
    configObject: {
      projectFolder: root,
      mainEntryPointFilePath: dts,
      compiler: {
        overrideTsconfig: {
          compilerOptions: {
            target: 'ES2022',
            module: 'NodeNext',
            moduleResolution: 'NodeNext',
            lib: ['ES2023'],
            types: ['node'],
            strict: true,
            skipLibCheck: true,
          },
          files: [dts],
        },
      },
      apiReport: {
        enabled: true,
        reportFileName: `${entry.report}.api.md`,
        reportFolder: path.join(root, 'api'),
        reportTempFolder: path.join(root, '.build', 'api'),
      },
      docModel: { enabled: false },
      dtsRollup: { enabled: false },
      tsdocMetadata: { enabled: false },
      newlineKind: 'lf',
      messages: {
        compilerMessageReporting: { default: { logLevel: 'error' } },
        extractorMessageReporting: {
          default: { logLevel: 'error' },
          // No release tags: docs/stability.md says what is stable and what experimental.
          'ae-missing-release-tag': { logLevel: 'none' },
          // Members without a comment are TypeDoc's to report (npm run docs:api).
          'ae-undocumented': { logLevel: 'none' },
          // /node and /testing take and return the core's types (Resolution, Diagnostic, …), which
          // the core's report lists; the core itself must export every type it uses.
          ...(entry.dts === 'dist/index.d.ts' ? {} : { 'ae-forgotten-export': { logLevel: 'none' } }),
        },
        // TSDoc style is TypeDoc's to check (npm run docs:api); the report is about the surface.
        tsdocMessageReporting: { default: { logLevel: 'none' } },
      },
    },
  });
  const result = Extractor.invoke(config, { localBuild: mode === 'update', showVerboseMessages: false });
  if (result.apiReportChanged && mode === 'check') {
    console.error(
      `api-report: the public surface of ${entry.name} differs from api/${entry.report}.api.md ` +
        `(the new report is in .build/api/); run npm run build && npm run api:update and commit the report`,
    );
    failed = true;
  } else if (!result.succeeded) {
    console.error(`api-report: ${entry.name}: ${result.errorCount} errors, ${result.warningCount} warnings`);
    failed = true;
  } else {
    console.log(`api-report: ${entry.name} ${mode === 'update' ? 'written' : 'matches'} api/${entry.report}.api.md`);
  }
}
process.exit(failed ? 1 : 0);
