/**
 * A live source: the one kind of item that needs a real-time encoder. A child ffmpeg decodes an
 * upstream (a district or provincial stream), levels it to the station target on the fly and
 * encodes it to the channel's frame format; its frames queue here and the channel's clock takes
 * one per grid step, like any file's. The upstream sets its own pace (Liquidsoap would call it
 * self-synchronised); the queue absorbs the difference: it fills to `primeMs` before giving a
 * frame, an upstream's connect burst is trimmed to `maxQueueMs` (oldest dropped), and an upstream
 * that falls behind leaves the timeline a null frame, which airs as silence and is counted.
 *
 * Left for the relay policy of the next wave (the shape is ready for it): retry with back-off
 * inside the window, a filler instead of silence, and `partial` with the reason at the end. Today a
 * child that exits is restarted with the stage's back-off while the item is open; the browser's
 * live input can feed the same queue.
 */
import { Writable } from 'node:stream';
import { startFfmpeg, type LongRunningFfmpeg } from '../audio/ffmpeg.js';
import { backoff } from '../stream/backoff.js';
import { liveCommand } from '../stream/encoder.js';
import { frameMs, readHeader, sameFormat, type FrameFormat } from '../stream/mp3.js';
import type { RelayItem } from './queue.js';
import type { ItemAudio } from './timeline.js';

export interface LiveSourceOptions {
  readonly format: FrameFormat;
  readonly targetLufs: number;
  readonly truePeakDb: number;
  /** Most audio kept ahead of the clock; the rest of a burst is dropped. @default 1500 */
  readonly maxQueueMs?: number;
  /**
   * Audio queued before the first frame is given (and again after the upstream ran dry): the
   * upstream arrives in bursts (Icecast's blocks, the leveller's frames). @default 500
   */
  readonly primeMs?: number;
  readonly log: (line: string) => void;
  /** @default Date.now */
  readonly now?: () => number;
}

export interface LiveSource extends ItemAudio {
  /** Frames of real upstream audio queued now. */
  queuedFrames(): number;
  close(): void;
}

/** Splits a byte stream into whole frames of `format`; bytes that are not a frame are skipped. */
export function frameSplitter(format: FrameFormat, onFrame: (frame: Buffer) => void): (chunk: Buffer) => void {
  let pending: Buffer = Buffer.alloc(0);
  return (chunk) => {
    pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
    let at = 0;
    while (at + 4 <= pending.length) {
      const h = readHeader(pending, at);
      if (!h || !sameFormat(h, format)) {
        at++;
        continue;
      }
      if (at + h.length > pending.length) break;
      onFrame(Buffer.from(pending.subarray(at, at + h.length)));
      at += h.length;
    }
    pending = pending.subarray(at);
  };
}

export function openLiveSource(item: RelayItem, o: LiveSourceOptions): LiveSource {
  const now = o.now ?? Date.now;
  const F = frameMs(o.format);
  const maxFrames = Math.max(4, Math.round((o.maxQueueMs ?? 1500) / F));
  const primeFrames = Math.min(maxFrames, Math.round((o.primeMs ?? 500) / F));
  const queue: Buffer[] = [];
  let primed = false;
  const retry = backoff(5000);
  let child: LongRunningFfmpeg | null = null;
  let open = true;
  let timer: NodeJS.Timeout | null = null;

  const run = (): void => {
    const startedAt = now();
    const split = frameSplitter(o.format, (f) => {
      queue.push(f);
      if (queue.length > maxFrames) queue.shift();
    });
    const sink = new Writable({
      write(chunk: Buffer, _e, cb) {
        split(chunk);
        cb();
      },
    });
    const c = startFfmpeg(liveCommand({ url: item.url, format: o.format, targetLufs: o.targetLufs, truePeakDb: o.truePeakDb, output: sink }));
    child = c;
    void c.exited.then(({ error }) => {
      if (!open || child !== c) return;
      const delay = retry.failed(now(), startedAt);
      o.log(`LP_ERR_ENCODER_FAILED : tiếp âm ${item.key} (${item.url}): ${error?.detail ?? 'nguồn kết thúc'}; thử lại sau ${delay} ms`);
      timer = setTimeout(() => {
        timer = null;
        if (open) run();
      }, delay);
    });
  };
  run();

  return {
    frameCount: Math.ceil(item.durationMs / F),
    primingMs: 0,
    frame() {
      primed ||= queue.length >= primeFrames;
      const f = primed ? queue.shift() : undefined;
      if (!f) primed = false;
      return f ?? null;
    },
    queuedFrames: () => queue.length,
    close() {
      open = false;
      if (timer) clearTimeout(timer);
      child?.kill();
    },
  };
}
