/**
 * Call pacing shared by every voice: at most `concurrency` calls in flight and `perMinute` starts
 * in any sliding minute; retries with exponential backoff and jitter for failures worth retrying.
 */
import { LpError } from '../errors.js';

/** Time as pacing and retries see it: the wall clock in the product, a virtual one in tests. */
export interface PacingClock {
  now(): number;
  /** Resolves after `ms`; rejects (`LP_ERR_TTS_FAILED`, đã hủy) when the signal aborts first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export interface LimiterOptions {
  readonly concurrency: number;
  /** Starts allowed in any window; Infinity for none. */
  readonly perMinute: number;
  /** The window's length. @default 60000 */
  readonly windowMs?: number;
  /** @default the wall clock */
  readonly clock?: PacingClock;
}

export type Limited = <T>(fn: () => Promise<T>) => Promise<T>;

const wallSleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(new LpError('LP_ERR_TTS_FAILED', 'đã hủy'));
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(new LpError('LP_ERR_TTS_FAILED', 'đã hủy'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });

export const WALL_CLOCK: PacingClock = { now: () => Date.now(), sleep: wallSleep };

export function createLimiter(opts: LimiterOptions): Limited {
  const clock = opts.clock ?? WALL_CLOCK;
  const concurrency = Math.max(1, Math.floor(opts.concurrency));
  const windowMs = opts.windowMs ?? 60_000;
  const starts: number[] = [];
  let active = 0;
  const waiting: Array<() => void> = [];
  // A freed slot passes straight to the next waiter: freed and taken again later, a caller arriving
  // in between could take it too and run one over the limit.
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else active--;
  };
  return async <T>(fn: () => Promise<T>): Promise<T> => {
    if (active >= concurrency) await new Promise<void>((r) => waiting.push(r));
    else active++;
    try {
      // Sliding window: wait until the oldest start in the window leaves it.
      for (;;) {
        const now = clock.now();
        while (starts.length && now - starts[0] >= windowMs) starts.shift();
        if (starts.length < opts.perMinute) break;
        await clock.sleep(windowMs - (now - starts[0]));
      }
      starts.push(clock.now());
      return await fn();
    } finally {
      release();
    }
  };
}

export interface RetryOptions {
  /** Tries in all, the first included. @default 4 */
  readonly attempts?: number;
  /** First backoff; doubles each time, with ±25 % jitter. @default 500 */
  readonly baseDelayMs?: number;
  /** @default 8000 */
  readonly maxDelayMs?: number;
}

export async function withRetry<T>(
  fn: (attempt: number) => Promise<T>,
  shouldRetry: (e: unknown) => boolean,
  opts: RetryOptions & {
    signal?: AbortSignal;
    onRetry?: (e: unknown, attempt: number, delayMs: number) => void;
    /** @default the wall clock */
    clock?: PacingClock;
    /** Source of the jitter, 0–1. @default Math.random */
    random?: () => number;
  } = {},
): Promise<T> {
  const clock = opts.clock ?? WALL_CLOCK;
  const random = opts.random ?? Math.random;
  const attempts = opts.attempts ?? 4;
  const base = opts.baseDelayMs ?? 500;
  const max = opts.maxDelayMs ?? 8000;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (e) {
      if (attempt >= attempts || !shouldRetry(e) || opts.signal?.aborted) throw e;
      const delay = Math.min(max, base * 2 ** (attempt - 1)) * (0.75 + random() * 0.5);
      opts.onRetry?.(e, attempt, delay);
      await clock.sleep(delay, opts.signal);
    }
  }
}
