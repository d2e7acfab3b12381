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
 * Files that spend most of their time waiting on real time (audio at a listener, a slot's instant,
 * a hub's long-poll) at about a third of a core, longest first (seconds in a full run on the 2-core
 * box): they run five at a time, in a group of their own after the others. As the first of them
 * end, two CPU-bound files with no real-time window join them (text/properties failed its 3× CPU
 * ratio three at a time among the other CPU-bound files; here it has passed every run). No OCR
 * here: five at a time with the OCR files on a loaded box, a ward's stream dropped for 0.1 s (a
 * partial row) and a dead-air onset drifted past its 1.5 s tolerance.
 */
const WAIT = [
  'tests/playout/channel.test.ts', // 130 s
  'tests/e2e/station.test.ts', // 113 s
  'tests/e2e/hub.test.ts', // 106 s
  'tests/e2e/officer.test.ts', // 45–105 s: its slot is the next whole minute 45 s away
  'tests/e2e/scheduled.test.ts', // 76 s
  'tests/documents/bad-input.test.ts', // 40–60 s, CPU (the PDF bomb)
  'tests/e2e/relay.test.ts', // 38 s
  'tests/text/properties.test.ts', // 30–56 s, CPU
  'tests/e2e/live.test.ts', // 25 s
  'tests/e2e/channels.test.ts', // 20 s
];
/** The longest of the other files, longest first, so none starts last and leaves a worker idle. */
const LONG = ['tests/documents/documents.test.ts', 'tests/web/documents-browser.test.ts', 'tests/web/upload.test.ts', 'tests/audio/render.test.ts',
  'tests/audio/render-process.test.ts', 'tests/documents/off-loop.test.ts', 'tests/web/screens.test.ts', 'tests/station/scheduler.test.ts', 'tests/audio/cli-render.test.ts'];

// Real parts (ffmpeg, icecast2, SQLite, Chromium) are slow to start on a 2-core CI box: generous
// per-test timeouts, and the other files three at a time (short, or CPU-bound without a real-time
// window), WAIT's five at a time after them (vitest runs one group of projects after the other).
export default defineConfig({
  test: {
    setupFiles: ['tests/setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    maxWorkers: 3,
    reporters: ['default'],
    sequence: { sequencer: longestFirst([...WAIT, ...LONG]) },
    // `npm test` runs every tier; `vitest run --project fast` the first.
    projects: [
      // Pure modules share workers (no fork per file): the tier's time halves.
      { extends: true, test: { name: 'fast', include: FAST, isolate: false } },
      { extends: true, test: { name: 'slow', include: ['tests/**/*.test.ts'], exclude: [...configDefaults.exclude, ...FAST, ...WAIT] } },
      { extends: true, test: { name: 'wait', include: WAIT, maxWorkers: 5, sequence: { groupOrder: 1 } } },
    ],
  },
});
