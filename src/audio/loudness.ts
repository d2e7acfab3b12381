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

/**
 * Parses the last "Summary:" block that the ebur128 filter prints on stderr; with `instance`, the
 * last one of the filter named so in its graph (`ebur128@NAME`), for commands that measure twice.
 */
export function parseEbur128(stderr: string, instance?: string): Loudness | null {
  const from = instance === undefined ? 0 : stderr.lastIndexOf(`[ebur128@${instance} @`);
  const at = from < 0 ? -1 : instance === undefined ? stderr.lastIndexOf('Integrated loudness:') : stderr.indexOf('Integrated loudness:', from);
  if (at < 0) return null;
  const tail = stderr.slice(at);
  const i = /I:\s+(-?[\d.]+|-inf)\s+LUFS/.exec(tail);
  if (!i) return null;
  const p = /True peak:\s*\n?\s*Peak:\s+(-?[\d.]+|-inf)\s+dBFS/.exec(tail);
  const num = (s: string) => (s === '-inf' ? -Infinity : Number(s));
  return { integratedLufs: num(i[1]), truePeakDb: p ? num(p[1]) : NaN };
}

/**
 * The integrated loudness at full precision (the summary rounds to 0.1 LU), from the last frame an
 * `ametadata@NAME` printed after an `ebur128=metadata=1`: the trial measures a difference of two
 * loudnesses, where two roundings would cost up to 0.1 LU.
 */
export function parseMeteredLufs(stderr: string, instance: string): number | null {
  const line = new RegExp(`\\[ametadata@${instance} @ [^\\]]*\\] lavfi\\.r128\\.I=(-?[\\d.]+|-inf)`, 'g');
  let last: string | null = null;
  for (const m of stderr.matchAll(line)) last = m[1];
  return last === null ? null : last === '-inf' ? -Infinity : Number(last);
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

/** The trial's second level, this far below the measured one (about what the limiter takes). */
const TRIAL_STEP_LU = 0.5;

/** The two levels the trial plans the gain stage for: the measured one and one step below. */
export function trialLevels(measuredLufs: number): [number, number] {
  return [measuredLufs, measuredLufs - TRIAL_STEP_LU];
}

/**
 * The level to plan the gain stage for: the voiced signal's loudness `measuredLufs` less what the
 * limiter will take at the ceiling that very level implies (a lower level means more gain, a lower
 * ceiling, more taken). Solves `x = L − loss(x)` with the loss measured at two levels and taken as
 * linear in the level through them (they need not be L: a trial run beside the voicing plans from
 * the level it expects); a loss that would fall as the limiter holds harder (a measuring fluke) is
 * not extrapolated.
 */
export function levelBeforeGain(measuredLufs: number, levels: readonly [number, number], losses: readonly [number, number]): number {
  const [l0, l1] = levels;
  const slope = (losses[1] - losses[0]) / (l1 - l0);
  if (!(slope > -0.9 && slope <= 0)) return measuredLufs - losses[0];
  return (measuredLufs - losses[0] + slope * l0) / (1 + slope);
}
