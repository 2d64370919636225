/**
 * `src/testing.ts` as the build Node gets it (`dist/bundled/testing.js`, package.json `exports`
 * condition `node`; scripts/build.mjs): the same exports, with Go's regexp machinery loaded at
 * once, so a Node program checks every regular expression exactly without `preloadGoRegexp()`.
 * Bundlers and browsers get `src/testing.ts` itself, whose machinery is a chunk loaded on demand
 * (docs/packaging.md).
 *
 * @packageDocumentation
 */

import { GO_REGEXP_MACHINERY } from '../go/regexp-machinery.js';
import { installGoRegexp } from '../go/regexp-preload.js';

export * from '../testing.js';

installGoRegexp(GO_REGEXP_MACHINERY);
