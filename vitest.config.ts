import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Two cores here: browser tests in parallel with everything else only make both slower and flakier.
    fileParallelism: true,
    maxWorkers: 2,
  },
});
