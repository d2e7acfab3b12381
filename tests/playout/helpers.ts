/** Test helpers shared by the playout, stream and bench tests (real processes, loopback only). */
import { runFfmpeg } from '../../src/audio/ffmpeg.js';

/** A port nobody listens on right now (other tests run servers at the same time). */
export { freeLoopbackPort as freePort } from '../support/listener.js';

/** Writes a sine tone (lavfi's sine is at 1/8; ×4 → about -6 dBFS) as MP3: the "bulletin" a test airs. */
export async function tone(path: string, freq: number, seconds: number): Promise<string> {
  await runFfmpeg({
    label: 'test tone',
    inputs: [{ source: `sine=frequency=${freq}:duration=${seconds}:sample_rate=44100`, options: ['-f', 'lavfi'] }],
    output: path,
    outputOptions: ['-af', 'volume=4', '-ac', '1', '-c:a', 'libmp3lame', '-b:a', '64k'],
  });
  return path;
}

/** Power of `freq` in a window (Goertzel): tells two channels' tones apart. */
export function powerAt(s: Int16Array, from: number, n: number, freq: number, rate: number): number {
  const k = (2 * Math.cos((2 * Math.PI * freq) / rate));
  let q1 = 0;
  let q2 = 0;
  for (let i = from; i < Math.min(s.length, from + n); i++) {
    const q0 = k * q1 - q2 + s[i] / 32768;
    q2 = q1;
    q1 = q0;
  }
  return q1 * q1 + q2 * q2 - k * q1 * q2;
}

export async function until(cond: () => boolean | Promise<boolean>, ms: number, what = 'condition'): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
