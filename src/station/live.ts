/**
 * Live from the officer (phát trực tiếp): a session takes the browser's microphone (PCM pushed by
 * the web's WebSocket), encodes it once per frame format and airs it on the chosen channels at the
 * chosen priority, like air-now: as soon as the channel can be heard (after the transmitter's
 * pre-roll), khẩn cấp cutting what is on air, anything lower waiting for the channel to be free.
 * The airing is one open-ended item per channel, logged with its real duration; it ends when the
 * officer stops (what was said goes out first) or, after a dropped connection, after a few seconds
 * of silence.
 *
 * Rules checked here (the web door adds who may): known channels, quiet hours below khẩn cấp,
 * and one live session per channel (LP_ERR_LIVE_BUSY).
 */
import { LpError } from '../errors.js';
import type { Priority } from '../domain.js';
import { openMicFeed, type Channel, type MicFeed } from '../playout/index.js';
import { inQuietHours, type AirNowContext } from './air-now.js';

export interface LiveRequest {
  /** Channels to air on; default all. */
  readonly channels?: readonly string[];
  readonly priority: Priority;
  readonly title?: string;
  /** Sample rate of the browser's PCM (mono s16le). */
  readonly sampleRate: number;
  /** Who speaks (user name). */
  readonly requestedBy: string;
}

export type LiveState = 'starting' | 'waiting' | 'on-air' | 'ended';

export interface LiveSession {
  /** Playout keys, one per channel (known once queued). */
  keys(): readonly string[];
  state(): LiveState;
  /** When the first channel went on air (epoch ms), null before. */
  onAirSince(): number | null;
  /** PCM from the browser. */
  write(pcm: Buffer): void;
  /** The stop button. */
  stop(): void;
  /** The connection dropped. */
  drop(why: string): void;
  /** Called once, when every channel is done with the session (or it never got on air). */
  onEnded(cb: (why: string | null) => void): void;
}

export interface LiveContext extends Pick<AirNowContext, 'now' | 'timezone' | 'quietHours'> {
  readonly channels: ReadonlyMap<string, Channel>;
  readonly loudness: { readonly targetLufs: number; readonly truePeakDb: number };
  readonly log: (line: string) => void;
  /** Audio must start arriving within this long of the start, ms. @default 10000 */
  readonly firstAudioMs?: number;
}

/** Channels with a session on them; one process, one registry. */
export class LiveSessions {
  readonly #busy = new Map<string, LiveSession>();
  readonly #ctx: LiveContext;

  constructor(ctx: LiveContext) {
    this.#ctx = ctx;
  }

  start(req: LiveRequest): LiveSession {
    const ctx = this.#ctx;
    const targets = req.channels?.length ? [...new Set(req.channels)] : [...ctx.channels.keys()];
    for (const id of targets) if (!ctx.channels.has(id)) throw new LpError('LP_ERR_CHANNEL_UNKNOWN', id);
    if (req.priority !== 'khan-cap' && inQuietHours(ctx.now(), ctx.quietHours, ctx.timezone)) {
      throw new LpError('LP_ERR_QUIET_HOURS', `${ctx.quietHours!.from}–${ctx.quietHours!.to}; chọn mức khẩn cấp nếu cần phát ngay`);
    }
    const taken = targets.filter((id) => this.#busy.has(id));
    if (taken.length) throw new LpError('LP_ERR_LIVE_BUSY', taken.join(', '));
    if (!(req.sampleRate >= 8000 && req.sampleRate <= 192_000)) throw new LpError('LP_ERR_BAD_REQUEST', `sampleRate ${req.sampleRate}`);

    const channels = targets.map((id) => ctx.channels.get(id)!);
    const feed = openMicFeed({ inputRate: req.sampleRate, formats: channels.map((c) => c.format), ...ctx.loudness, log: ctx.log, now: ctx.now });
    const session = liveSession(req, channels, feed, ctx, () => {
      for (const id of targets) if (this.#busy.get(id) === session) this.#busy.delete(id);
    });
    for (const id of targets) this.#busy.set(id, session);
    return session;
  }

  /** Ends every session (the station stops). */
  stopAll(): void {
    for (const s of new Set(this.#busy.values())) s.drop('đài dừng');
  }
}

function liveSession(req: LiveRequest, channels: readonly Channel[], feed: MicFeed, ctx: LiveContext, release: () => void): LiveSession {
  const startedAt = ctx.now();
  const title = req.title?.trim() || `Phát trực tiếp: ${req.requestedBy}`;
  let keys: string[] = [];
  let state: LiveState = 'starting';
  let since: number | null = null;
  let ended: ((why: string | null) => void) | null = null;
  let why: string | null = null;
  const seenOnAir = new Set<string>();

  const finish = (reason: string | null): void => {
    if (state === 'ended') return;
    state = 'ended';
    clearInterval(timer);
    feed.close();
    release();
    why = reason;
    ended?.(why);
  };

  let queuing = false;
  const queue = async (): Promise<void> => {
    queuing = true;
    const key = `live:${startedAt}`;
    const results = await Promise.all(channels.map((c) => c.airNow(
      { key: `${key}:${c.id}`, priority: req.priority, campaign: null, items: [{ kind: 'live', key: `${key}:${c.id}:0`, title, speaker: req.requestedBy, scheduledAt: new Date(startedAt) }] },
      { audio: [feed.tap(c.format)] },
    ).catch((e: unknown) => {
      ctx.log(`phát trực tiếp trên ${c.id}: ${(e as Error).message}`);
      return [] as string[];
    })));
    keys = results.flat();
    // Dropped while it was being queued: take it off again.
    if (state === 'ended') return cancelQueued();
    if (!keys.length) return finish('không đưa được lên kênh nào');
    state = 'waiting';
  };

  // What the channels say: on air once one airs our key, over once none has it queued or on air.
  const timer = setInterval(() => {
    const t = ctx.now();
    if (state === 'starting') {
      if (feed.closed) return finish('đã dừng trước khi lên sóng');
      if (queuing) return;
      if (feed.primed()) void queue();
      else if (t - startedAt > (ctx.firstAudioMs ?? 10_000)) finish('không nhận được âm thanh từ micrô');
      return;
    }
    if (state === 'ended' || !keys.length) return;
    const mine = new Set(keys);
    const onAir = channels.filter((c) => { const k = c.onAir()?.blockKey; return k !== undefined && mine.has(k); });
    const queued = channels.some((c) => c.queued().some((q) => mine.has(q.key)));
    for (const c of onAir) seenOnAir.add(c.id);
    if (onAir.length) {
      since ??= Date.parse(onAir[0].onAir()!.startedAt);
      state = 'on-air';
    }
    if (!onAir.length && !queued) finish(seenOnAir.size ? null : 'không lên sóng');
  }, 200);
  timer.unref();

  const cancelQueued = (): void => {
    // Stopped while still waiting for a busy channel: nothing of it airs.
    for (const c of channels) for (const k of keys) if (c.queued().some((q) => q.key === k)) c.cancel(k);
  };

  return {
    keys: () => keys,
    state: () => state,
    onAirSince: () => since,
    write: (pcm) => feed.write(pcm),
    stop() {
      feed.stop();
      cancelQueued();
    },
    drop(reason) {
      feed.drop(reason);
      cancelQueued();
      if (state === 'starting') finish(reason);
    },
    onEnded(cb) {
      if (state === 'ended') cb(why);
      else ended = cb;
    },
  };
}
