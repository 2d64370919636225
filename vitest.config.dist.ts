import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // The package's entry points, each by its exact name (gateway-policy-sim, /node, /testing),
    // from the build Node gets (dist/bundled/; docs/packaging.md, "The build").
    alias: [
      {
        find: /^gateway-policy-sim$/,
        replacement: fileURLToPath(new URL('./dist/bundled/index.js', import.meta.url)),
      },
      {
        find: /^gateway-policy-sim\/node$/,
        replacement: fileURLToPath(new URL('./dist/bundled/node.js', import.meta.url)),
      },
      {
        find: /^gateway-policy-sim\/testing$/,
        replacement: fileURLToPath(new URL('./dist/bundled/testing.js', import.meta.url)),
      },
    ],
  },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
  },
});
