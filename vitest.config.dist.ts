import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    alias: {
      'gateway-policy-sim/testing': fileURLToPath(new URL('./dist/testing.js', import.meta.url)),
      'gateway-policy-sim': fileURLToPath(new URL('./dist/index.js', import.meta.url)),
    },
  },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
  },
});
