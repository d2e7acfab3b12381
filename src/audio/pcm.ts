/**
 * Pure: spoken segments → one PCM stream. Each segment's own leading and trailing silence is
 * trimmed so pauses are ours (paragraph and heading breaks), and each edge gets a short fade so
 * joins never click.
 */
import type { SpokenSegment } from '../speech/synthesize.js';

export interface AssembleOptions {
  /** Silence before the first word (after the intro jingle), ms. @default 400 */
  readonly leadInMs?: number;
  /** Silence after the last word (before the outro), ms. @default 600 */
  readonly tailMs?: number;
  /** Fade at each segment edge, ms. @default 8 */
  readonly fadeMs?: number;
  /** Samples quieter than this (of 32768) count as silence when trimming. @default 300 */
  readonly silenceThreshold?: number;
}

/** First and one-past-last sample index that is louder than the threshold. */
function voicedRange(s: Int16Array, threshold: number): [number, number] {
  let a = 0;
  while (a < s.length && Math.abs(s[a]) < threshold) a++;
  let b = s.length;
  while (b > a && Math.abs(s[b - 1]) < threshold) b--;
  return [a, b];
}

export function assembleSpeech(segments: readonly SpokenSegment[], opts: AssembleOptions = {}): { sampleRate: number; samples: Buffer } {
  if (segments.length === 0) throw new RangeError('không có đoạn nào');
  const rate = segments[0].pcm.sampleRate;
  const ms = (n: number) => Math.round((n * rate) / 1000);
  const fade = ms(opts.fadeMs ?? 8);
  const keep = ms(15); // keep a breath of the voice's own silence around each word run
  const threshold = opts.silenceThreshold ?? 300;
  const parts: Array<{ s: Int16Array; a: number; b: number; pause: number }> = [];
  let total = ms(opts.leadInMs ?? 400) + ms(opts.tailMs ?? 600);
  for (const seg of segments) {
    if (seg.pcm.sampleRate !== rate) throw new RangeError(`tần số mẫu khác nhau: ${seg.pcm.sampleRate} và ${rate}`);
    const buf = seg.pcm.samples;
    const s = new Int16Array(buf.buffer, buf.byteOffset, buf.length >> 1);
    let [a, b] = voicedRange(s, threshold);
    if (a >= b) continue; // a silent chunk adds only its pause
    a = Math.max(0, a - keep);
    b = Math.min(s.length, b + keep);
    parts.push({ s, a, b, pause: ms(seg.pauseAfterMs) });
    total += b - a + ms(seg.pauseAfterMs);
  }
  const out = new Int16Array(total);
  let pos = ms(opts.leadInMs ?? 400);
  for (const p of parts) {
    const n = p.b - p.a;
    const f = Math.min(fade, n >> 1);
    for (let i = 0; i < n; i++) {
      let v = p.s[p.a + i];
      if (i < f) v = (v * i) / f;
      else if (i >= n - f) v = (v * (n - 1 - i)) / f;
      out[pos + i] = v;
    }
    pos += n + p.pause;
  }
  return { sampleRate: rate, samples: Buffer.from(out.buffer, out.byteOffset, out.byteLength) };
}

/**
 * Level of the voiced parts, dBFS RMS over 50 ms blocks above −50 dBFS: pauses do not count, so a
 * slow reader and a fast one with the same voice measure the same. Used to bring every voice to one
 * reference level before the compressor, so the chain acts the same whichever voice spoke.
 */
export function activeLevelDb(pcm: { sampleRate: number; samples: Buffer }): number {
  const s = new Int16Array(pcm.samples.buffer, pcm.samples.byteOffset, pcm.samples.length >> 1);
  const n = Math.max(1, Math.round(pcm.sampleRate * 0.05));
  const floor = 10 ** (-50 / 10);
  let energy = 0;
  let blocks = 0;
  for (let i = 0; i + n <= s.length; i += n) {
    let q = 0;
    for (let j = i; j < i + n; j++) q += s[j] * s[j];
    q /= n * 32768 * 32768;
    if (q > floor) {
      energy += q;
      blocks++;
    }
  }
  return blocks ? 10 * Math.log10(energy / blocks) : -Infinity;
}
