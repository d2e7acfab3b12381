/** Nearest-rank percentile of a list of numbers (NaN for none). */
export function percentile(xs: readonly number[], p: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

/** How many of each value: `{401: 5, 429: 195}`. */
export function tally<T extends string | number>(xs: readonly T[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const x of xs) out[String(x)] = (out[String(x)] ?? 0) + 1;
  return out;
}

export const tallyText = (t: Record<string, number>): string => Object.entries(t).map(([k, n]) => `${n}×${k}`).join(' ');
