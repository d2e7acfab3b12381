/**
 * The music bed for real: espeak-ng speech with the built-in bed under it. The bed must be heard in
 * the pauses, sit well under the voice, duck further while someone speaks, and leave the loudness
 * target met. Timing is identical with and without the bed, so a bed-less render of the same script
 * tells which stretches are speech and which are pauses.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { measureCommand } from '../../src/audio/commands.js';
import { probe, runFfmpeg } from '../../src/audio/ffmpeg.js';
import { builtinJingleDir, jingleFile } from '../../src/audio/jingles.js';
import { parseEbur128 } from '../../src/audio/loudness.js';
import { createRenderer, type RenderResult } from '../../src/audio/render.js';
import { loadConfig } from '../../src/config/index.js';
import { createVoices } from '../../src/station/voices.js';

const ROOT = resolve(import.meta.dirname, '../..');
const SPOKEN = [
  'Thông báo của Ủy ban nhân dân phường Gia Viên',
  'Phường tổ chức tập huấn chuyển đổi số cho người dân vào sáng thứ bảy tuần này. Mời bà con mang theo điện thoại thông minh.',
  'Địa điểm tại nhà văn hóa tổ dân phố số bốn. Trân trọng thông báo.',
].join('\n\n');
const BLOCK_SEC = 0.05;

let dir: string;
const config = () => loadConfig({ env: { LOAPHUONG_DATA_DIR: join(dir, 'data'), LOAPHUONG_HARDWARE_DIR: join(dir, 'hardware') }, cwd: ROOT });

async function measure(path: string) {
  const m = parseEbur128((await runFfmpeg(measureCommand(path))).stderr);
  if (!m) throw new Error('no measurement');
  return m;
}

/** dBFS RMS of each 50 ms block of a file (decoded to mono float). */
async function blockLevels(path: string): Promise<number[]> {
  const raw = join(dir, 'levels.f32');
  await runFfmpeg({ label: 'test decode', inputs: [{ source: path, options: [] }], output: raw, outputOptions: ['-ac', '1', '-ar', '44100', '-f', 'f32le'] });
  const buf = readFileSync(raw);
  const s = new Float32Array(buf.buffer, buf.byteOffset, buf.length >> 2);
  const n = Math.round(44100 * BLOCK_SEC);
  const out: number[] = [];
  for (let i = 0; i + n <= s.length; i += n) {
    let q = 0;
    for (let j = i; j < i + n; j++) q += s[j] * s[j];
    out.push(10 * Math.log10(q / n + 1e-20));
  }
  return out;
}

const power = (dbs: number[]) => 10 * Math.log10(dbs.reduce((a, d) => a + 10 ** (d / 10), 0) / dbs.length);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'lp-bed-test-'));
  mkdirSync(join(dir, 'hardware'));
  copyFileSync(join(ROOT, 'hardware', 'none.yaml'), join(dir, 'hardware', 'none.yaml'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('music bed', () => {
  let plain: RenderResult;
  let withBed: RenderResult;

  it('a render with the built-in bed still meets −16 LUFS ±1 and ≤ −1 dBTP, and is a different cache entry', async () => {
    const renderer = createRenderer(config(), { voices: createVoices(config()) });
    plain = await renderer.render({ spoken: SPOKEN, title: 'plain' });
    withBed = await renderer.render({ spoken: SPOKEN, title: 'bed', bed: 'builtin' });
    expect(withBed.contentHash).not.toBe(plain.contentHash);
    expect(withBed.durationSec).toBeCloseTo(plain.durationSec, 1);
    const m = await measure(withBed.path);
    expect(Math.abs(m.integratedLufs + 16)).toBeLessThanOrEqual(1);
    expect(m.truePeakDb).toBeLessThanOrEqual(-1);
    // The same bed by its path is the same sound, so the same cache entry.
    const byPath = await renderer.render({ spoken: SPOKEN, title: 'bed', bed: jingleFile(builtinJingleDir(), 'bed') });
    expect(byPath.cacheHit).toBe(true);
    expect(byPath.contentHash).toBe(withBed.contentHash);
  });

  it('is heard in the pauses and lies well under the speech', async () => {
    const ref = await blockLevels(plain.path);
    const bed = await blockLevels(withBed.path);
    const intro = (await probe(join(builtinJingleDir(), 'intro.wav'))).durationSec;
    const outro = (await probe(join(builtinJingleDir(), 'outro.wav'))).durationSec;
    const first = Math.ceil(intro / BLOCK_SEC) + 2;
    const last = Math.floor((plain.durationSec - outro) / BLOCK_SEC) - 2;
    // Stretches that are digital silence without the bed: long ones are pauses (paragraph, heading),
    // short ones the gaps between words and sentences.
    const speech: number[] = [];
    const pause: number[] = [];
    const gap: number[] = [];
    for (let i = first; i < last; ) {
      if (ref[i] > -50) {
        if (ref[i] > -35) speech.push(bed[i]);
        i++;
        continue;
      }
      let j = i;
      while (j < last && ref[j] <= -50) j++;
      const run = bed.slice(i, j);
      // The bed comes back up within a pause: judge its second half.
      if (run.length >= 10) pause.push(...run.slice(run.length >> 1));
      else if (run.length <= 6) gap.push(...run);
      i = j;
    }
    const levels = { speech: power(speech), pause: power(pause), gap: power(gap) };
    // Measured: speech −16, bed in pauses −30.5, bed between words −43 dBFS RMS.
    expect(levels.pause).toBeGreaterThan(-40); // heard
    expect(levels.speech - levels.pause).toBeGreaterThanOrEqual(10); // under the voice
    expect(levels.pause - levels.gap).toBeGreaterThanOrEqual(6); // ducked while someone speaks
    expect(levels.speech - levels.gap).toBeGreaterThanOrEqual(20);
    expect(pause.length).toBeGreaterThanOrEqual(10);
    expect(gap.length).toBeGreaterThanOrEqual(3);
  });

  it('a corrupt, missing or silent bed is a coded error before any speech is made', async () => {
    const code = (p: Promise<unknown>) => p.then(() => 'no error', (e: { code?: string; detail?: string }) => `${e.code} ${e.detail}`);
    const bad = join(dir, 'bad.wav');
    writeFileSync(bad, Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(2000, 7)]));
    const silent = join(dir, 'silent.wav');
    await runFfmpeg({ label: 'test silence', inputs: [{ source: 'anullsrc=r=44100:cl=mono', options: ['-f', 'lavfi', '-t', '2'] }], output: silent, outputOptions: ['-c:a', 'pcm_s16le', '-f', 'wav'] });
    const renderer = createRenderer(config(), { voices: createVoices(config()) });
    for (const bed of [bad, join(dir, 'missing.wav'), silent]) {
      expect(await code(renderer.render({ spoken: 'Xin chào bà con.', title: 't', bed }))).toMatch(/^LP_ERR_AUDIO_FILE_INVALID nhạc nền|^LP_ERR_AUDIO_FILE_INVALID .*missing\.wav/);
    }
  });
});
