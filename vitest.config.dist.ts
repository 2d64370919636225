import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // The package's entry points, each by its exact name (gateway-policy-sim, /node, /testing).
    alias: [
      { find: /^gateway-policy-sim$/, replacement: fileURLToPath(new URL('./dist/index.js', import.meta.url)) },
      { find: /^gateway-policy-sim\/node$/, replacement: fileURLToPath(new URL('./dist/node.js', import.meta.url)) },
      {
        find: /^gateway-policy-sim\/testing$/,
        replacement: fileURLToPath(new URL('./dist/testing.js', import.meta.url)),
      },
    ],
  },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
  },
});
