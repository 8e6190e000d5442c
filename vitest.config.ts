import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{geographies,etl,server,web,tests}/**/*.test.ts'],
    exclude: ['**/node_modules/**'],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    // Two cores: two workers at most, each with its own DuckDB instances.
    pool: 'forks',
    maxWorkers: 2,
  },
});
