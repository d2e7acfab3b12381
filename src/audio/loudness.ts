/**
 * Pure loudness arithmetic: read ffmpeg's ebur128 summary, and plan the gain stage. The target is
 * reached by a measured linear gain; the limiter before it holds the peaks to a ceiling chosen so
 * that after the gain they sit under the true-peak limit with a margin for the codec.
 */
export interface Loudness {
  /** Integrated loudness, LUFS (-70 for silence). */
  readonly integratedLufs: number;
  /** True peak, dBTP (-Infinity for silence, NaN when not measured). */
  readonly truePeakDb: number;
}

/** Parses the last "Summary:" block that the ebur128 filter prints on stderr. */
export function parseEbur128(stderr: string): Loudness | null {
  const at = stderr.lastIndexOf('Integrated loudness:');
  if (at < 0) return null;
  const tail = stderr.slice(at);
  const i = /I:\s+(-?[\d.]+|-inf)\s+LUFS/.exec(tail);
  if (!i) return null;
  const p = /True peak:\s*\n?\s*Peak:\s+(-?[\d.]+|-inf)\s+dBFS/.exec(tail);
  const num = (s: string) => (s === '-inf' ? -Infinity : Number(s));
  return { integratedLufs: num(i[1]), truePeakDb: p ? num(p[1]) : NaN };
}

export interface GainPlan {
  /** Linear gain before the limiter, dB (keeps the ceiling inside alimiter's range). */
  readonly preGainDb: number;
  /** Limiter ceiling, linear sample value (0.0625–1). */
  readonly limit: number;
  /** The measured gain after the limiter, dB. */
  readonly gainDb: number;
}

/**
 * What each codec does to the measured result, from measuring ffmpeg's encoders on voiced speech:
 * LAME (64 kbit/s, compression level 7) reads about 0.45 LU quieter and does not raise peaks; Opus
 * keeps the loudness but overshoots peaks by up to 1 dB; PCM changes nothing but rounding.
 */
export const CODEC_TRAITS: Record<'mp3' | 'wav' | 'ogg', { readonly marginDb: number; readonly loudnessOffsetLu: number }> = {
  mp3: { marginDb: 0.5, loudnessOffsetLu: 0.45 },
  ogg: { marginDb: 1.5, loudnessOffsetLu: 0 },
  wav: { marginDb: 0.2, loudnessOffsetLu: 0 },
};

/**
 * Gain to move `measuredLufs` to `targetLufs`; the limiter's ceiling is the true-peak limit less
 * the margin, taken back by that gain. alimiter's ceiling floor is −24 dBFS, so very quiet input
 * gets part of the gain before the limiter instead (linear either way).
 */
export function planGain(measuredLufs: number, targetLufs: number, truePeakDb: number, marginDb: number): GainPlan {
  const gainDb = targetLufs - measuredLufs;
  const ceilingDb = truePeakDb - marginDb - gainDb;
  const preGainDb = ceilingDb < -23 ? -23 - ceilingDb : ceilingDb > 0 ? -ceilingDb : 0;
  return { preGainDb, limit: 10 ** ((ceilingDb + preGainDb) / 20), gainDb: gainDb - preGainDb };
}
