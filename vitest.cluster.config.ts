import { defineConfig } from 'vitest/config';

// The multi-process deployment test (issue 13): PostgreSQL + an S3 server + several processes. Not in
// `npm test` (it needs DATABASE_URL); `.ci/run` runs it with `npm run test:cluster`.
export default defineConfig({
  test: {
    name: 'cluster',
    include: ['test/cluster/**/*.test.ts'],
    testTimeout: 420_000,
    hookTimeout: 240_000,
    fileParallelism: false,
  },
});
