/** Small pure helpers the benches share: percentiles and the first sound in decoded PCM. */

/** Nearest-rank percentile; NaN for no values. */
export function percentile(xs: readonly number[], p: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

/**
 * Spread of a set of errors around their median: the p99 of |e − median|. A fixed offset (a known
 * delivery delay that an operator could compensate) does not count; what is left is the jitter.
 */
export function jitterP99(xs: readonly number[]): number {
  const mid = percentile(xs, 50);
  return percentile(xs.map((x) => Math.abs(x - mid)), 99);
}

/**
 * Index of the first sample of the first window (of `windowSamples`) at or after `from` whose RMS
 * is above `thresholdDbfs`; undefined if none yet. Energy over a window rather than one sample's
 * magnitude: speech and chimes build up over a few ms, and the window says when they are audible.
 */
export function firstLoudWindow(pcm: Int16Array, from: number, windowSamples: number, thresholdDbfs: number): number | undefined {
  const limit = (32768 * 10 ** (thresholdDbfs / 20)) ** 2 * windowSamples;
  for (let start = Math.max(0, from); start + windowSamples <= pcm.length; start += windowSamples) {
    let sum = 0;
    for (let i = start; i < start + windowSamples; i++) sum += pcm[i] * pcm[i];
    if (sum > limit) return start;
  }
  return undefined;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, Math.max(0, ms)));

/** Polls `cond` every `everyMs` until it holds; throws naming `what` after `ms`. */
export async function until(cond: () => boolean | Promise<boolean>, ms: number, what: string, everyMs = 200): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out after ${Math.round(ms / 1000)} s waiting for ${what}`);
    await sleep(everyMs);
  }
}
