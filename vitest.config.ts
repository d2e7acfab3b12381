import { defineConfig } from 'vitest/config';

// Real parts (ffmpeg, icecast2, SQLite, Chromium) are slow to start on a 2-core CI box:
// generous per-test timeouts, and files run two at a time so start-up races stay rare.
export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    setupFiles: ['tests/setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    maxWorkers: 2,
    reporters: ['default'],
  },
});
