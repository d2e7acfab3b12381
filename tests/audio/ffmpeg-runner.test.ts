import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ffmpeg from 'fluent-ffmpeg';
import { describe, expect, it } from 'vitest';
import { probe, runFfmpeg, startFfmpeg, toArgs, type FfmpegCommand } from '../../src/audio/ffmpeg.js';
import { LpError } from '../../src/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'lp-ffmpeg-'));

function tone(out: string, title: string): FfmpegCommand {
  return {
    label: 'test tone',
    inputs: [{ source: 'sine=frequency=440:duration=0.5', options: ['-f', 'lavfi'] }],
    output: out,
    outputOptions: ['-metadata', `title=${title}`, '-c:a', 'pcm_s16le'],
  };
}

describe('the ffmpeg runner', () => {
  it('passes an option value with a space as one argument (fluent-ffmpeg would split it)', async () => {
    const out = join(dir, 'tone.wav');
    await runFfmpeg(tone(out, 'Kênh chính'));
    const tags = await new Promise<Record<string, unknown>>((resolve, reject) =>
      ffmpeg.ffprobe(out, (err, data) => (err ? reject(err) : resolve(data.format.tags ?? {}))));
    expect(tags.title).toBe('Kênh chính');
    expect((await probe(out)).durationSec).toBeCloseTo(0.5, 1);
  });

  it('shows the command as the argv it runs', () => {
    expect(toArgs(tone('/tmp/x.wav', 'A B'))).toEqual([
      '-f', 'lavfi', '-i', 'sine=frequency=440:duration=0.5', '-metadata', 'title=A B', '-c:a', 'pcm_s16le', '/tmp/x.wav',
    ]);
  });

  // fluent-ffmpeg spawns after an asynchronous check and ignored a kill before that: the process ran
  // on and its exit never came (a channel stopped right after starting would hang).
  it('a kill or abort right after starting stops the process', async () => {
    const endless: FfmpegCommand = { label: 'endless', inputs: [{ source: 'sine=frequency=440', options: ['-f', 'lavfi', '-re'] }], output: '/dev/null', outputOptions: ['-f', 'null'] };
    const proc = startFfmpeg(endless);
    proc.kill();
    expect(await proc.exited).toEqual({});
    const abort = new AbortController();
    const run = runFfmpeg(endless, { signal: abort.signal }).catch((e: unknown) => e);
    abort.abort();
    const err = await run;
    expect(err).toBeInstanceOf(LpError);
    expect((err as LpError).detail).toBe('endless: đã hủy');
  });

  it('a corrupt input becomes a coded error with ffmpeg’s own words', async () => {
    const err = await runFfmpeg({ label: 'decode', inputs: [{ source: join(dir, 'khong-co.mp3'), options: [] }], output: join(dir, 'o.wav'), outputOptions: [] })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LpError);
    expect((err as LpError).code).toBe('LP_ERR_AUDIO_FFMPEG_FAILED');
    expect((err as LpError).message).toMatch(/No such file/);
  });
});
