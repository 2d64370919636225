import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    alias: {
      // The more specific entry first: the first alias that matches wins.
      'gateway-policy-sim/testing': fileURLToPath(new URL('./src/testing.ts', import.meta.url)),
      'gateway-policy-sim': fileURLToPath(new URL('./src/index.ts', import.meta.url)),
    },
  },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
  },
});
