import { configDefaults, defineConfig } from 'vitest/config';

/**
 * The fast tier (`npm run test:fast`): the pure modules, no child process, no server, no browser;
 * under 30 s. Add a test file here only if it needs none of those. Everything else is the slow tier.
 */
const FAST = [
  'tests/errors.test.ts',
  'tests/config/**/*.test.ts',
  'tests/time/**/*.test.ts',
  'tests/schedule/**/*.test.ts',
  'tests/text/{campaigns,corpus,families,golden,properties,unseen}.test.ts',
  'tests/playout/{queue,timeline}*.test.ts',
  'tests/reports/monthly*.test.ts',
  'tests/audio/commands.test.ts',
  'tests/stream/dead-air.test.ts',
  // Not speech/errors-limit: its rate-limiter test still reads the real clock (a start within 100 ms).
  'tests/speech/chunk.test.ts',
  'tests/hub/{decide,api-doc}.test.ts',
];

// Real parts (ffmpeg, icecast2, SQLite, Chromium) are slow to start on a 2-core CI box:
// generous per-test timeouts, and files run two at a time so start-up races stay rare.
export default defineConfig({
  test: {
    setupFiles: ['tests/setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    maxWorkers: 2,
    reporters: ['default'],
    // `npm test` runs both tiers; `vitest run --project fast` the first.
    projects: [
      { extends: true, test: { name: 'fast', include: FAST } },
      { extends: true, test: { name: 'slow', include: ['tests/**/*.test.ts'], exclude: [...configDefaults.exclude, ...FAST] } },
    ],
  },
});
