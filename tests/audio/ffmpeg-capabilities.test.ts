import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runFfmpeg, startFfmpeg, type FfmpegCommand } from '../../src/audio/ffmpeg.js';

// The real ffmpeg behind a wrapper that writes down each run's arguments (fluent-ffmpeg reads
// FFMPEG_PATH on its first command: this file's module registry is its own).
const dir = mkdtempSync(join(tmpdir(), 'lp-ffcaps-'));
const calls = join(dir, 'calls.log');
const wrapper = join(dir, 'ffmpeg');
writeFileSync(wrapper, `#!/bin/sh\necho "$*" >> '${calls}'\nexec /usr/bin/ffmpeg "$@"\n`);
chmodSync(wrapper, 0o755);
process.env.FFMPEG_PATH = wrapper;

const tone = (i: number): FfmpegCommand => ({
  label: `tone ${i}`, inputs: [{ source: 'sine=frequency=440:duration=0.2', options: ['-f', 'lavfi'] }], output: '/dev/null', outputOptions: ['-f', 'null'],
});

describe('fluent-ffmpeg capability questions', () => {
  // Forty channels going on air at once each asked ffmpeg for its formats and encoders before the
  // first answer was cached: 74 extra ffmpeg runs at the busiest instant of the day.
  it('commands started together ask ffmpeg for its formats and encoders once', async () => {
    const watches = Array.from({ length: 4 }, (_, i) => startFfmpeg(tone(100 + i)));
    await Promise.all([...Array.from({ length: 4 }, (_, i) => runFfmpeg(tone(i))), ...watches.map((w) => w.exited)]);
    const lines = readFileSync(calls, 'utf8').trim().split('\n');
    expect(lines.filter((l) => l.startsWith('-formats')), lines.join('\n')).toHaveLength(1);
    expect(lines.filter((l) => l.startsWith('-encoders')), lines.join('\n')).toHaveLength(1);
    expect(lines.filter((l) => l.includes('sine=frequency=440'))).toHaveLength(8);
  });
});
