/**
 * Where Envoy Gateway's test data lies: `GWP_EG_TESTDATA` when set, else `../shared/eg-testdata`
 * beside the project. `scripts/fetch-eg-testdata.sh` fetches it at the pinned commits. Suites that
 * read it skip, saying so, when it is absent.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The root of Envoy Gateway's test data (`eg-testdata/`). */
export const EG_TESTDATA: string = path.resolve(
  projectRoot,
  process.env.GWP_EG_TESTDATA ?? '../shared/eg-testdata',
);

/** A folder of the test data, e.g. `egTestData('gatewayapi')`. */
export function egTestData(...segments: string[]): string {
  return path.join(EG_TESTDATA, ...segments);
}
