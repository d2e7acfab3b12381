/**
 * The one restart back-off of the stream stage (Icecast supervisor, source connections, live
 * sources): 250 ms doubling per consecutive failure up to `maxMs`. A run that lasted `resetAfterMs`
 * counts as healthy, so the next failure starts again from the short delay.
 */
export interface Backoff {
  /** A failure happened now (the run began at `startedAt`); returns how long to wait before retrying. */
  failed(now: number, startedAt: number): number;
  /** The thing is healthy again. */
  reset(): void;
}

export function backoff(maxMs: number, resetAfterMs = 10_000): Backoff {
  let failures = 0;
  return {
    failed(now, startedAt) {
      failures = now - startedAt > resetAfterMs ? 1 : failures + 1;
      return Math.min(maxMs, 250 * 2 ** Math.min(failures - 1, 16));
    },
    reset() {
      failures = 0;
    },
  };
}
