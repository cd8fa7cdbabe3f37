import { defineConfig } from 'vitest/config';

// Unit tests run in Node: src/lib, the store and the worker contract need no DOM.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
});
