/**
 * Script → speech, the same way for every voice: chunk at sentence boundaries under the voice's
 * limit, synthesise chunks in parallel within its rate limit, retry what is worth retrying, and
 * when the chosen voice fails for good fall back to another (espeak-ng) and say so.
 */
import { LpError } from '../errors.js';
import { chunkScript } from './chunk.js';
import { isRetryable, toTtsError } from './errors.js';
import { createLimiter, withRetry, type Limited, type RetryOptions } from './limit.js';
import type { Pcm, TtsPort, VoiceId } from './port.js';

export interface SpokenSegment {
  readonly pcm: Pcm;
  /** Silence to put after this segment, ms. */
  readonly pauseAfterMs: number;
}

export interface SpeechResult {
  readonly segments: readonly SpokenSegment[];
  readonly voiceUsed: VoiceId;
  /** Why the chosen voice was not used, when it was not. */
  readonly fallbackFrom?: LpError;
}

export interface SpeakOptions {
  readonly retry?: RetryOptions;
  /** Chunks finished so far out of all. */
  readonly onProgress?: (done: number, total: number) => void;
  readonly signal?: AbortSignal;
  /**
   * How long the chosen voice may take, its retries included, before the fallback speaks instead:
   * an air-now cannot wait out Google's patient retries (four 30 s tries on a hung service).
   * Unset: only the retry policy bounds it.
   */
  readonly primaryWithinMs?: number;
}

/** One pacer per voice for the whole process: concurrent renders share the voice's quota. */
const limiters = new WeakMap<TtsPort, Limited>();
function limiterFor(port: TtsPort): Limited {
  let l = limiters.get(port);
  if (!l) limiters.set(port, (l = createLimiter({ concurrency: port.concurrency, perMinute: port.perMinute })));
  return l;
}

/** Every chunk of `spoken` through one voice; the first chunk that fails for good stops the rest. */
export async function speakWith(port: TtsPort, spoken: string, opts: SpeakOptions = {}): Promise<SpokenSegment[]> {
  const chunks = chunkScript(spoken, { maxBytes: port.maxChunkBytes });
  if (chunks.length === 0) throw new LpError('LP_ERR_TEXT_NOTHING_TO_AIR', 'văn bản đọc trống');
  const limited = limiterFor(port);
  const stop = new AbortController();
  const onOuterAbort = () => stop.abort();
  opts.signal?.addEventListener('abort', onOuterAbort, { once: true });
  let done = 0;
  opts.onProgress?.(0, chunks.length);
  try {
    return await Promise.all(
      chunks.map(async (c, i) => {
        const where = `đoạn ${i + 1}/${chunks.length} "${c.text.slice(0, 60)}${c.text.length > 60 ? '…' : ''}"`;
        try {
          const pcm = await withRetry(
            () => limited(() => {
              if (stop.signal.aborted) throw new LpError('LP_ERR_TTS_FAILED', 'đã hủy');
              return port.synthesize(c.text, { signal: stop.signal });
            }),
            (e) => isRetryable(toTtsError(port.id, e)),
            { ...opts.retry, signal: stop.signal },
          );
          opts.onProgress?.(++done, chunks.length);
          return { pcm, pauseAfterMs: c.pauseAfterMs };
        } catch (e) {
          stop.abort();
          throw toTtsError(port.id, e, where);
        }
      }),
    );
  } finally {
    opts.signal?.removeEventListener('abort', onOuterAbort);
  }
}

/**
 * The chosen voice, or `fallback` when it fails for good or misses `primaryWithinMs` (never when
 * the caller aborted).
 */
export async function speak(spoken: string, primary: TtsPort, fallback: TtsPort | undefined, opts: SpeakOptions = {}): Promise<SpeechResult> {
  const canFallBack = !!fallback && fallback.id !== primary.id;
  const late = new AbortController();
  const onOuterAbort = () => late.abort();
  opts.signal?.addEventListener('abort', onOuterAbort, { once: true });
  let missed = false;
  const timer = canFallBack && opts.primaryWithinMs !== undefined
    ? setTimeout(() => ((missed = true), late.abort()), opts.primaryWithinMs)
    : undefined;
  try {
    return { segments: await speakWith(primary, spoken, { ...opts, signal: late.signal }), voiceUsed: primary.id };
  } catch (e) {
    const err = missed
      ? new LpError('LP_ERR_TTS_TIMEOUT', `${primary.id}: chưa xong sau ${opts.primaryWithinMs} ms, bản tin cần phát ngay`, { cause: e })
      : toTtsError(primary.id, e);
    if (!canFallBack || opts.signal?.aborted || err.code === 'LP_ERR_TEXT_NOTHING_TO_AIR') throw err;
    return { segments: await speakWith(fallback!, spoken, opts), voiceUsed: fallback!.id, fallbackFrom: err };
  } finally {
    clearTimeout(timer);
    opts.signal?.removeEventListener('abort', onOuterAbort);
  }
}
