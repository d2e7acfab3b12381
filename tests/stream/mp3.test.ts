/**
 * MP3 frames read and made by hand, checked against real ffmpeg: a rendered file's frames are
 * found past its ID3 and Info tags with the encoder delay the tag states; the silence frames we make
 * decode to digital silence with no decoder complaint and splice anywhere; a stream split into
 * frames comes back whole.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runFfmpeg } from '../../src/audio/ffmpeg.js';
import { frameSplitter } from '../../src/playout/live.js';
import { convertCommand, frameMs, mainDataBegin, parseFrames, readHeader, silenceFrame, silenceFrames, type FrameFormat } from '../../src/stream/index.js';

const dir = mkdtempSync(join(tmpdir(), 'lp-mp3-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const MONO64: FrameFormat = { version: 1, sampleRate: 44100, channels: 1, bitrateKbps: 64 };

/** A tone as ffmpeg's default MP3 muxer writes it (ID3v2 + Info tag, like a rendered bulletin). */
async function tone(name: string, extra: string[] = []): Promise<string> {
  const path = join(dir, name);
  await runFfmpeg({
    label: 'test tone',
    inputs: [{ source: 'sine=frequency=1000:duration=2:sample_rate=44100', options: ['-f', 'lavfi'] }],
    output: path,
    outputOptions: ['-af', 'volume=4', '-ac', '1', '-c:a', 'libmp3lame', '-b:a', '64k', ...extra],
  });
  return path;
}

/** Decodes raw MP3 bytes (no container, no gapless trimming: as a listener of a mount does). */
function decode(bytes: Buffer, rate = 44100): { samples: Int16Array; stderr: string } {
  const r = spawnSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-f', 'mp3', '-i', 'pipe:0', '-f', 's16le', '-ac', '1', '-ar', String(rate), 'pipe:1'], { input: bytes, maxBuffer: 1 << 26 });
  const out = r.stdout as Buffer;
  return { samples: new Int16Array(out.buffer, out.byteOffset, out.length >> 1), stderr: r.stderr.toString() };
}

describe('parseFrames', () => {
  it('finds a rendered file\'s audio frames past its ID3v2 and Info tags, with the encoder delay the tag gives', async () => {
    const bytes = readFileSync(await tone('tone.mp3'));
    expect(bytes.subarray(0, 3).toString()).toBe('ID3');
    const p = parseFrames(bytes)!;
    expect(p.format).toEqual(MONO64);
    expect(p.mixed).toBe(0);
    // 2 s at 26.12 ms a frame, plus the encoder's delay and padding frames.
    expect(p.count * frameMs(p.format)).toBeGreaterThan(2000);
    expect(p.count * frameMs(p.format)).toBeLessThan(2100);
    expect(p.primingSamples).toBe(576 + 529);
    expect(mainDataBegin(bytes.subarray(p.offsets[0], p.offsets[1]))).toBe(0);
    // Aired raw (no tag, so no gapless trimming), the tone's first sound comes after exactly that priming.
    const raw = Buffer.concat(Array.from({ length: p.count }, (_, i) => bytes.subarray(p.offsets[i], p.offsets[i + 1])));
    const { samples } = decode(raw);
    const onset = samples.findIndex((v) => Math.abs(v) > 2000);
    expect(Math.abs(onset - p.primingSamples)).toBeLessThanOrEqual(2);
  });

  it('a file converted for a channel has no bit reservoir: every frame is a clean splice point', async () => {
    const src = await tone('src.mp3', ['-ar', '22050']);
    const out = join(dir, 'converted.mp3');
    await runFfmpeg(convertCommand(src, out, MONO64));
    const bytes = readFileSync(out);
    const p = parseFrames(bytes)!;
    expect(p.format).toEqual(MONO64);
    for (let i = 0; i < p.count; i++) expect(mainDataBegin(bytes.subarray(p.offsets[i], p.offsets[i + 1]))).toBe(0);
  });

  it('refuses what is not MP3 and reports frames of another format as mixed', () => {
    expect(parseFrames(Buffer.from('đây không phải âm thanh\n'.repeat(50)))).toBeNull();
    const a = silenceFrame(MONO64);
    const b = silenceFrame({ ...MONO64, bitrateKbps: 128 });
    expect(parseFrames(Buffer.concat([a, a, b, a]))!.mixed).toBe(1);
  });
});

describe('silence frames', () => {
  it.each([
    MONO64,
    { version: 1, sampleRate: 48000, channels: 2, bitrateKbps: 128 },
    { version: 2, sampleRate: 22050, channels: 1, bitrateKbps: 32 },
  ] as FrameFormat[])('decode to digital silence, cleanly and at the nominal byte rate: %j', (format) => {
    const s = silenceFrames(format);
    expect(readHeader(s.plain, 0)).toMatchObject({ ...format, padding: false, length: s.plain.length });
    expect(s.padded.length).toBe(s.plain.length + 1);
    expect(mainDataBegin(s.plain)).toBe(0);
    const n = 100;
    const { samples, stderr } = decode(Buffer.concat(Array.from({ length: n }, () => s.plain)), format.sampleRate);
    expect(stderr).toBe('');
    expect(samples.length).toBeGreaterThanOrEqual((n - 2) * (format.version === 1 ? 1152 : 576));
    expect(samples.every((v) => v === 0)).toBe(true);
  });

  it('splice between a file\'s frames and silence decodes without errors and keeps the tone intact', async () => {
    const bytes = readFileSync(await tone('splice.mp3'));
    const p = parseFrames(bytes)!;
    const frames = Array.from({ length: p.count }, (_, i) => bytes.subarray(p.offsets[i], p.offsets[i + 1]));
    const sil = silenceFrame(MONO64);
    const stream = Buffer.concat([...Array(20).fill(sil), ...frames, ...Array(20).fill(sil), ...frames, ...Array(5).fill(sil)]);
    const { samples, stderr } = decode(stream);
    expect(stderr).toBe('');
    const loud = samples.reduce((n, v) => n + (Math.abs(v) > 2000 ? 1 : 0), 0);
    // Two 2-second tones: most of their samples are loud (a sine spends about 70 % of its time above that level).
    expect(loud).toBeGreaterThan(2 * 2 * 44100 * 0.6);
  });
});

describe('frameSplitter', () => {
  it('gives back whole frames whatever the chunking, and skips bytes that are not frames', () => {
    const s = silenceFrames(MONO64);
    const input = Buffer.concat([Buffer.from('rác'), s.plain, s.padded, s.plain]);
    const got: Buffer[] = [];
    const split = frameSplitter(MONO64, (f) => got.push(f));
    for (let i = 0; i < input.length; i += 7) split(input.subarray(i, i + 7));
    expect(got.map((f) => f.length)).toEqual([s.plain.length, s.padded.length, s.plain.length]);
    expect(Buffer.concat(got).equals(input.subarray(Buffer.from('rác').length))).toBe(true);
    // Half a frame waits for the rest.
    split(s.plain.subarray(0, 100));
    expect(got).toHaveLength(3);
    split(s.plain.subarray(100));
    expect(got).toHaveLength(4);
  });
});
