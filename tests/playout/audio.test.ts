/**
 * The playout cache of converted copies stays bounded: the copies used longest ago go first, never
 * one used within the hour, and a copy pruned and needed again is converted again (real ffmpeg).
 */
import { existsSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runFfmpeg } from '../../src/audio/ffmpeg.js';
import { prepareFile, pruneCache } from '../../src/playout/audio.js';
import type { FrameFormat } from '../../src/stream/mp3.js';

const FORMAT: FrameFormat = { version: 1, sampleRate: 44100, channels: 1, bitrateKbps: 64 };
const NOW = Date.parse('2026-12-01T10:00:00Z');
const HOUR = 3_600_000;
const dirs: string[] = [];
const tempDir = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'lp-cache-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** Files of `size` bytes last used `agoMs` before NOW. */
function cacheOf(files: Record<string, { size: number; agoMs: number }>): string {
  const dir = tempDir();
  for (const [name, f] of Object.entries(files)) {
    writeFileSync(join(dir, name), Buffer.alloc(f.size));
    const t = new Date(NOW - f.agoMs);
    utimesSync(join(dir, name), t, t);
  }
  return dir;
}

describe('pruneCache', () => {
  const cases: Array<{ name: string; files: Record<string, { size: number; agoMs: number }>; maxBytes: number; removed: string[] }> = [
    { name: 'under the bound: nothing goes', files: { 'a.mp3': { size: 100, agoMs: 9 * HOUR }, 'b.mp3': { size: 100, agoMs: 2 * HOUR } }, maxBytes: 250, removed: [] },
    { name: 'over the bound: the one used longest ago goes', files: { 'a.mp3': { size: 100, agoMs: 9 * HOUR }, 'b.mp3': { size: 100, agoMs: 2 * HOUR }, 'c.mp3': { size: 100, agoMs: 3 * HOUR } }, maxBytes: 250, removed: ['a.mp3'] },
    { name: 'far over: all but the newest that fit go', files: { 'a.mp3': { size: 100, agoMs: 9 * HOUR }, 'b.mp3': { size: 100, agoMs: 2 * HOUR }, 'c.mp3': { size: 100, agoMs: 3 * HOUR } }, maxBytes: 100, removed: ['a.mp3', 'c.mp3'] },
    { name: 'a copy used within the hour stays even past the bound', files: { 'a.mp3': { size: 100, agoMs: 50 * 60_000 }, 'b.mp3': { size: 100, agoMs: 10 * 60_000 } }, maxBytes: 100, removed: [] },
    { name: 'only converted copies count: a temporary file of a conversion under way is left', files: { 'a.mp3': { size: 100, agoMs: 9 * HOUR }, 'a.mp3.123.tmp': { size: 500, agoMs: 9 * HOUR } }, maxBytes: 150, removed: [] },
  ];
  it.each(cases)('$name', ({ files, maxBytes, removed }) => {
    const dir = cacheOf(files);
    const trace = `files ${JSON.stringify(files)}, bound ${maxBytes}`;
    expect(pruneCache(dir, maxBytes, NOW).sort(), trace).toEqual(removed);
    expect(readdirSync(dir).sort(), trace).toEqual(Object.keys(files).filter((n) => !removed.includes(n)).sort());
  });

  it('a missing cache directory is nothing to prune', () => {
    expect(pruneCache(join(tempDir(), 'absent'), 0, NOW)).toEqual([]);
  });
});

describe('prepareFile keeps its cache bounded', () => {
  it('a new conversion prunes an old copy past the bound; that file, needed again, is converted again', async () => {
    const dir = tempDir();
    const cache = join(dir, 'cache');
    const wav = async (name: string, hz: number): Promise<string> => {
      const out = join(dir, name);
      await runFfmpeg({ label: 'test wav', inputs: [{ source: `sine=frequency=${hz}:duration=1:sample_rate=22050`, options: ['-f', 'lavfi'] }], output: out, outputOptions: [] });
      return out;
    };
    const first = await prepareFile({ key: 'a', audioPath: await wav('a.wav', 440) }, FORMAT, cache, 1);
    // Used a day ago: the next conversion, with a bound of one byte, may remove it.
    const dayAgo = new Date(Date.now() - 24 * HOUR);
    utimesSync(first.path, dayAgo, dayAgo);
    const second = await prepareFile({ key: 'b', audioPath: await wav('b.wav', 880) }, FORMAT, cache, 1);
    expect(existsSync(second.path)).toBe(true);
    expect(existsSync(first.path)).toBe(false);

    const again = await prepareFile({ key: 'a', audioPath: join(dir, 'a.wav') }, FORMAT, cache, 1);
    expect(again.path).toBe(first.path);
    expect(existsSync(again.path)).toBe(true);
    expect(again.durationMs).toBe(first.durationMs);
    // The second is within its hour: the bound does not remove what may be about to air.
    expect(existsSync(second.path)).toBe(true);
  });
});
