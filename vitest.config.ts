import { configDefaults, defineConfig } from 'vitest/config';
import { longestFirst } from './tests/support/sequencer.js';

/**
 * The fast tier (`npm run test:fast`): the pure modules, no child process, no server, no browser;
 * under 30 s. Add a test file here only if it needs none of those. Everything else is the slow tier.
 */
const FAST = [
  'tests/errors.test.ts',
  'tests/config/**/*.test.ts',
  'tests/time/**/*.test.ts',
  'tests/schedule/**/*.test.ts',
  // Not text/properties: pure, but its linear-time checks are ~30 s of CPU on their own (WAIT runs it).
  'tests/text/{campaigns,corpus,families,golden,unseen}.test.ts',
  'tests/playout/{queue,timeline}*.test.ts',
  'tests/reports/monthly*.test.ts',
  'tests/audio/commands.test.ts',
  'tests/stream/dead-air.test.ts',
  // Not speech/errors-limit: its rate-limiter test still reads the real clock (a start within 100 ms).
  'tests/speech/chunk.test.ts',
  'tests/hub/{decide,api-doc}.test.ts',
];

/**
 * The long files, longest first (seconds in a full run on the 2-core box). Those marked `wait` spend
 * most of their time waiting on real time (audio at a listener, a slot's instant, a hub's long-poll)
 * at a third of a core or less: they run four at a time, beside the long CPU-bound ones (OCR, the
 * PDF bomb, the linear-time checks) so the cores stay busy while the real-time files wait.
 */
const WAIT = [
  'tests/playout/channel.test.ts', // 130 s, wait
  'tests/e2e/station.test.ts', // 113 s, wait
  'tests/e2e/hub.test.ts', // 106 s, wait
  'tests/documents/documents.test.ts', // 104 s, Tesseract
  'tests/e2e/officer.test.ts', // 91 s, wait
  'tests/e2e/scheduled.test.ts', // 76 s, wait
  'tests/text/properties.test.ts', // 56 s, CPU
  'tests/documents/bad-input.test.ts', // 40 s, the PDF bomb
  'tests/e2e/relay.test.ts', // 38 s, wait
  'tests/e2e/live.test.ts', // 25 s, wait
  'tests/e2e/channels.test.ts', // 20 s, wait
];
/** The longest of the two-at-a-time files, so none starts last. */
const LONG = ['tests/web/upload.test.ts', 'tests/audio/render.test.ts', 'tests/audio/render-process.test.ts', 'tests/web/documents-browser.test.ts', 'tests/documents/off-loop.test.ts', 'tests/web/screens.test.ts', 'tests/station/scheduler.test.ts', 'tests/audio/cli-render.test.ts'];

// Real parts (ffmpeg, icecast2, SQLite, Chromium) are slow to start on a 2-core CI box:
// generous per-test timeouts, and files run two at a time so start-up races stay rare — except
// WAIT's, four at a time after the others (vitest runs one group of projects after another).
export default defineConfig({
  test: {
    setupFiles: ['tests/setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    maxWorkers: 2,
    reporters: ['default'],
    sequence: { sequencer: longestFirst([...WAIT, ...LONG]) },
    // `npm test` runs every tier; `vitest run --project fast` the first.
    projects: [
      { extends: true, test: { name: 'fast', include: FAST } },
      { extends: true, test: { name: 'slow', include: ['tests/**/*.test.ts'], exclude: [...configDefaults.exclude, ...FAST, ...WAIT] } },
      { extends: true, test: { name: 'wait', include: WAIT, maxWorkers: 4, sequence: { groupOrder: 1 } } },
    ],
  },
});
