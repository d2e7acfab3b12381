/**
 * Repeating a rewrite until it changes nothing: one reading can uncover another (a code read out
 * leaves "giai đoạn I" free to read as a number; markup hides a heading mark), and cleaning or
 * speaking twice must change nothing. The loop is bounded; when the bound is hit the result says
 * so instead of passing silently.
 */

export interface FixedPoint {
  value: string;
  /** False when `maxPasses` passes still changed the text: a rule undoes another. */
  settled: boolean;
  passes: number;
}

/** How many passes cleaning and speaking may take. Real texts settle in two. */
export const MAX_PASSES = 6;

export function fixedPoint(step: (s: string) => string, input: string, maxPasses = MAX_PASSES): FixedPoint {
  let value = step(input);
  for (let passes = 2; passes <= maxPasses; passes++) {
    const again = step(value);
    if (again === value) return { value, settled: true, passes };
    value = again;
  }
  return { value, settled: false, passes: maxPasses };
}

/** The coded warning an unsettled text gets (shown by `text check` and the Bản tin page). */
export function unsettledWarning(what: string): { code: 'LP_ERR_TEXT_UNSETTLED'; message: string } {
  return { code: 'LP_ERR_TEXT_UNSETTLED', message: `${what} chưa ổn định sau ${MAX_PASSES} lượt` };
}
