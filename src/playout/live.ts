/**
 * Live sources: the items that need a real-time encoder. A child ffmpeg decodes the input — an
 * upstream stream (a relay of the district or provincial programme) or the officer's microphone
 * from the browser — levels it to the station target on the fly and encodes it to the channel's
 * frame format; its frames queue here and the channel's clock takes one per grid step, like any
 * file's. The input sets its own pace (Liquidsoap would call it self-synchronised); the queue
 * absorbs the difference: it fills to `primeMs` before giving a frame, a connect burst is trimmed
 * to `maxQueueMs` (oldest dropped), and an input that falls behind leaves the timeline a null
 * frame, which airs as silence (a relay's filler, if one is configured) and is counted.
 *
 * The relay policy: a child that exits (upstream down at the start, or gone mid-relay) is started
 * again with the stream stage's back-off for as long as the item is open, i.e. inside its window;
 * `problem()` tells the timeline why there is no audio, so the row says it. What the row then is
 * (aired, partial with the seconds relayed, missed) is the timeline's decision.
 */
import { PassThrough, Writable } from 'node:stream';
import { startFfmpeg, type FfmpegCommand, type LongRunningFfmpeg } from '../audio/ffmpeg.js';
import type { LpError } from '../errors.js';
import { backoff } from '../stream/backoff.js';
import { liveCommand, micCommand } from '../stream/encoder.js';
import { formatLabel, frameMs, readHeader, sameFormat, type FrameFormat } from '../stream/mp3.js';
import type { RelayItem } from './queue.js';
import type { ItemAudio } from './timeline.js';

/** What every live encoder needs: the station's loudness target, a log, the clock. */
interface LiveEncoding {
  readonly targetLufs: number;
  readonly truePeakDb: number;
  readonly log: (line: string) => void;
  /** @default Date.now */
  readonly now?: () => number;
}

export interface LiveSourceOptions extends LiveEncoding {
  readonly format: FrameFormat;
  /** Most audio kept ahead of the clock; the rest of a burst is dropped. @default 1500 */
  readonly maxQueueMs?: number;
  /**
   * Audio queued before the first frame is given (and again after the input ran dry): it arrives
   * in bursts (Icecast's blocks, the leveller's frames). @default 500
   */
  readonly primeMs?: number;
}

export interface LiveSource extends ItemAudio {
  /** Frames of real audio queued now. */
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

/** The frames of one live input waiting for one channel's clock. */
class FrameQueue {
  readonly #frames: Buffer[] = [];
  readonly #max: number;
  readonly #prime: number;
  #primed = false;
  /** Set once the input has ended: what is left goes out without waiting to prime. */
  draining = false;

  constructor(format: FrameFormat, maxQueueMs: number, primeMs: number) {
    const F = frameMs(format);
    this.#max = Math.max(4, Math.round(maxQueueMs / F));
    this.#prime = Math.min(this.#max, Math.round(primeMs / F));
  }

  push(f: Buffer): void {
    this.#frames.push(f);
    if (this.#frames.length > this.#max) this.#frames.shift();
  }

  next(): Buffer | null {
    this.#primed ||= this.draining || this.#frames.length >= this.#prime;
    const f = this.#primed ? this.#frames.shift() : undefined;
    if (!f) this.#primed = false;
    return f ?? null;
  }

  get length(): number {
    return this.#frames.length;
  }
}

/** A child that writes MP3 frames to a sink, split and handed to `onFrame`. */
function framesFrom(format: FrameFormat, make: (sink: Writable) => FfmpegCommand, onFrame: (f: Buffer) => void): LongRunningFfmpeg {
  const split = frameSplitter(format, onFrame);
  const sink = new Writable({
    write(chunk: Buffer, _e, cb) {
      split(chunk);
      cb();
    },
  });
  return startFfmpeg(make(sink));
}

/** ffmpeg's last word, short enough for a row's reason ("Connection refused", "Server returned 404 Not Found"). */
function shortReason(error: LpError | undefined): string {
  const tail = (error?.detail ?? '').split(' | ').map((l) => l.trim()).filter(Boolean).pop() ?? '';
  return (tail.replace(/^[^:]*https?:\/\/\S+:\s*/, '') || 'nguồn kết thúc').slice(0, 160);
}

/** One upstream being relayed in one format: one child, however many channels relay it. */
interface RelayFeed {
  readonly queues: Set<FrameQueue>;
  problem: string | null;
  close(): void;
}

/** Relays open now, by upstream, format and target: forty channels relaying the district share one encoder. */
const relayFeeds = new Map<string, RelayFeed>();

function openRelayFeed(key: string, item: RelayItem, o: LiveSourceOptions): RelayFeed {
  const now = o.now ?? Date.now;
  const retry = backoff(5000);
  let child: LongRunningFfmpeg | null = null;
  let timer: NodeJS.Timeout | null = null;
  let attempts = 0;
  const feed: RelayFeed = {
    queues: new Set(),
    problem: null,
    close() {
      relayFeeds.delete(key);
      if (timer) clearTimeout(timer);
      const c = child;
      child = null;
      c?.kill();
    },
  };
  const run = (): void => {
    const startedAt = now();
    attempts++;
    const c = framesFrom(o.format, (output) => liveCommand({ url: item.url, format: o.format, targetLufs: o.targetLufs, truePeakDb: o.truePeakDb, output }), (f) => {
      feed.problem = null;
      for (const q of feed.queues) q.push(f);
    });
    child = c;
    void c.exited.then(({ error }) => {
      if (child !== c) return;
      const delay = retry.failed(now(), startedAt);
      feed.problem = `${shortReason(error)} (thử lại lần ${attempts})`;
      o.log(`LP_ERR_RELAY_UPSTREAM : tiếp âm ${item.url}: ${error?.detail ?? 'nguồn kết thúc'}; thử lại sau ${delay} ms`);
      timer = setTimeout(() => {
        timer = null;
        if (child === c) run();
      }, delay);
    });
  };
  run();
  return feed;
}

/**
 * A relay's upstream, levelled and encoded live, retried with back-off while the item is open.
 * Channels relaying the same upstream in the same format share the child; each has its own queue,
 * and the child stops when the last of them closes.
 */
export function openLiveSource(item: RelayItem, o: LiveSourceOptions): LiveSource {
  const key = [item.url, formatLabel(o.format), o.targetLufs, o.truePeakDb].join('\n');
  let feed = relayFeeds.get(key);
  if (!feed) {
    feed = openRelayFeed(key, item, o);
    relayFeeds.set(key, feed);
  }
  const f = feed;
  const queue = new FrameQueue(o.format, o.maxQueueMs ?? 1500, o.primeMs ?? 500);
  f.queues.add(queue);
  let open = true;
  return {
    frameCount: Math.ceil(item.durationMs / frameMs(o.format)),
    primingMs: 0,
    frame: () => queue.next(),
    problem: () => f.problem ?? (queue.length === 0 ? 'nguồn chưa gửi âm thanh' : null),
    queuedFrames: () => queue.length,
    close() {
      if (!open) return;
      open = false;
      f.queues.delete(queue);
      if (f.queues.size === 0) f.close();
    },
  };
}

export interface MicFeedOptions extends LiveEncoding {
  /** Sample rate of the browser's PCM (mono s16le). */
  readonly inputRate: number;
  /** One encoder per distinct format: the chosen channels' profiles. */
  readonly formats: readonly FrameFormat[];
  /**
   * A connection that drops ends the item after this much silence (the officer may be back
   * within it only by starting again: a session is one airing). @default 3000
   */
  readonly dropMs?: number;
  /** Longest live session. @default 2 h */
  readonly maxMs?: number;
}

export interface MicFeed {
  /** PCM from the browser. */
  write(pcm: Buffer): void;
  /** The feed for one channel of `format` (one per channel: each has its own clock). */
  tap(format: FrameFormat): LiveSource;
  /** Every encoder is giving frames: the voice comes through (taps made now fill at once). */
  primed(): boolean;
  /** The stop button: what was said goes out, then the item ends. */
  stop(): void;
  /** The connection dropped: the item ends after `dropMs` of silence. */
  drop(why: string): void;
  /** Whether the session is over (stopped or dropped). */
  readonly closed: boolean;
  /** Kills the encoders (once every channel is done with the feed). */
  close(): void;
}

/**
 * The officer's voice, one encoder per frame format, fanned out to one queue per channel.
 * Short queues (0.6 s, primed at 0.3 s): what airs is what is said now, not a backlog.
 */
export function openMicFeed(o: MicFeedOptions): MicFeed {
  const now = o.now ?? Date.now;
  const dropMs = o.dropMs ?? 3000;
  const maxMs = o.maxMs ?? 2 * 3600_000;
  const taps = new Map<string, FrameQueue[]>();
  const children: Array<{ input: PassThrough; child: LongRunningFfmpeg; done: boolean; frames: number }> = [];
  let stoppedAt: number | null = null;
  let droppedAt: number | null = null;
  let why: string | null = null;

  for (const format of o.formats) {
    const label = formatLabel(format);
    if (taps.has(label)) continue;
    const queues: FrameQueue[] = [];
    taps.set(label, queues);
    const input = new PassThrough();
    const entry = { input, child: null as unknown as LongRunningFfmpeg, done: false, frames: 0 };
    entry.child = framesFrom(format, (output) => micCommand({ input, inputRate: o.inputRate, format, targetLufs: o.targetLufs, truePeakDb: o.truePeakDb, output }), (f) => {
      entry.frames++;
      for (const q of queues) q.push(f);
    });
    void entry.child.exited.then(({ error }) => {
      entry.done = true;
      for (const q of queues) q.draining = true;
      if (error && stoppedAt === null && droppedAt === null) {
        why = `bộ mã hóa micrô dừng: ${shortReason(error)}`;
        droppedAt = now();
        o.log(`LP_ERR_ENCODER_FAILED : phát trực tiếp: ${error.detail ?? ''}`);
      }
    });
    children.push(entry);
  }

  const endInputs = (): void => {
    for (const c of children) c.input.end();
  };

  return {
    write(pcm) {
      if (stoppedAt !== null || droppedAt !== null) return;
      for (const c of children) if (!c.done) c.input.write(pcm);
    },
    tap(format) {
      const q = new FrameQueue(format, 600, 300);
      taps.get(formatLabel(format))?.push(q);
      const encoderDone = () => children.every((c) => c.done);
      return {
        frameCount: Math.ceil(maxMs / frameMs(format)),
        primingMs: 0,
        frame: () => q.next(),
        ended: () => q.length === 0 && ((stoppedAt !== null && encoderDone()) || (droppedAt !== null && now() - droppedAt >= dropMs)),
        problem: () => why,
        queuedFrames: () => q.length,
        close: () => undefined,
      };
    },
    primed: () => children.every((c) => c.frames >= 2),
    stop() {
      if (stoppedAt !== null || droppedAt !== null) return;
      stoppedAt = now();
      endInputs();
    },
    drop(reason) {
      if (stoppedAt !== null || droppedAt !== null) return;
      droppedAt = now();
      why = reason;
      endInputs();
    },
    get closed() {
      return stoppedAt !== null || droppedAt !== null;
    },
    close() {
      endInputs();
      for (const c of children) c.child.kill();
    },
  };
}
