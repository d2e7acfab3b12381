/**
 * One channel: one long-lived encoder feeding one Icecast mount, paced by the channel's own clock.
 *
 * The clock keeps a PCM timeline anchored at `t0` (sample `s` plays at `t0 + s/44.1 kHz`) and, on
 * every tick, writes what the timeline holds from where it stopped up to `now + lead`: silence
 * when idle, a block's items back to back from the sample of its start instant. The lead is the
 * stream's own delivery delay (encoder, Icecast's blocks, the decoder: ~320 ms at 64 kbit/s), so a
 * listener hears an item centred on its instant; ticks are short (20 ms) and each
 * one recomputes its target from the wall clock, so a late tick is caught up rather than
 * accumulated (the same reason croner never sleeps long: the clock, not the timer, is the truth).
 * Decoding files to PCM runs in child ffmpeg processes ahead of the start; the tick only copies.
 *
 * Rules (see queue.ts): due blocks air by priority then slot time; khẩn cấp cuts in at its own
 * sample and the cut block comes back afterwards from the start of the cut item; nothing whose
 * key is already on record airs again; a block more than `maxLateMs` late is recorded missed.
 * If the encoder (or Icecast) dies, the timeline keeps running: the item on air continues at its
 * wall-clock position when the encoder is back and ends `partial` with the seconds that were lost;
 * blocks whose start fell in the outage start late when it is back, never twice.
 */
import { PassThrough, Writable } from 'node:stream';
import type { AiringEnd, AiringSink } from '../airing/port.js';
import { probe, runFfmpeg, startFfmpeg, type LongRunningFfmpeg } from '../audio/ffmpeg.js';
import type { HardwareProfile } from '../config/hardware.js';
import { LpError, isLpError, toLpError } from '../errors.js';
import type { ChannelState } from '../station/api.js';
import { decodeCommand, encoderCommand, expectedDeliveryMs, PCM } from '../stream/encoder.js';
import type { IcecastServer, StreamState } from '../stream/icecast.js';
import type { TransmitterPort } from '../transmitter/port.js';
import { compareDue, expandRepeats, preempts, resumeAfterCut, type PlayoutBlock, type PlayoutItem } from './queue.js';

const SR = PCM.sampleRate;
const BPS = PCM.bytesPerSample;

export interface ChannelOptions {
  readonly id: string;
  readonly name: string;
  /** Icecast mount, e.g. "/loaphuong". */
  readonly mount: string;
  readonly server: IcecastServer;
  readonly transmitter: TransmitterPort;
  readonly profile: HardwareProfile;
  readonly airings: AiringSink;
  /** @default Date.now */
  readonly now?: () => number;
  /**
   * How far ahead of real time PCM is handed to the encoder, ms: the stream's delivery delay, so
   * listeners hear an item at its instant. @default expectedDeliveryMs(profile bitrate): 320 ms at 64 kbit/s
   */
  readonly leadMs?: number;
  /** Longest sleep of the clock between writes, ms. @default 20 */
  readonly tickMs?: number;
  /** Decode a block's files this long before its start, ms. @default 30000 */
  readonly preloadMs?: number;
  /** A block that cannot start within this long after its instant is recorded missed, ms. @default 600000 */
  readonly maxLateMs?: number;
  /** Wait this long for the mount's title read-back, ms. @default 15000 */
  readonly readBackMs?: number;
  /** @default writes to stderr */
  readonly log?: (line: string) => void;
}

export interface QueuedView {
  readonly key: string;
  readonly startAt: number;
  readonly priority: PlayoutBlock['priority'];
  readonly campaign: string | null;
  readonly titles: readonly string[];
}

export interface OnAirView {
  readonly blockKey: string;
  readonly itemKey: string;
  readonly title: string;
  readonly campaign: string | null;
  readonly priority: PlayoutBlock['priority'];
  readonly startedAt: string;
  readonly airingId: number;
}

export interface Channel {
  readonly id: string;
  /** Starts the encoder and waits (up to 10 s) for the mount to appear on the server. */
  start(): Promise<void>;
  /** Ends what is on air (`interrupted`), stops the encoder, releases the transmitter. */
  stop(): Promise<void>;
  /** Queues a block for its instant; rejects with LP_ERR_ITEM_KIND_UNSUPPORTED if a file can't be decoded. */
  schedule(block: PlayoutBlock): Promise<void>;
  /**
   * Airs a block as soon as it is decoded (plus pre-roll); khẩn cấp cuts into what is on air.
   * Returns the keys of the block and its repeats.
   */
  airNow(block: Omit<PlayoutBlock, 'startAt'> & { startAt?: number }, opts?: { repeat?: number; intervalMs?: number }): Promise<string[]>;
  /** Drops a queued block; if it is on air it is cut (`interrupted`, "cancelled"). */
  cancel(key: string): boolean;
  state(): ChannelState;
  onAir(): OnAirView | null;
  queued(): QueuedView[];
}

interface Prepared {
  readonly item: PlayoutItem;
  readonly durationMs: number;
  pcm: Buffer | null;
}

interface Queued {
  block: PlayoutBlock;
  readonly seq: number;
  readonly prepared: Prepared[];
  decoding: Promise<void> | null;
  ready: boolean;
  keyed: boolean;
  /** Transmitter notes to put on each airing of the block. */
  readonly txNotes: string[];
  /** An item of the block is already in the log (asked while decoding): it is not aired again. */
  aired: boolean;
}

interface Playing {
  readonly q: Queued;
  index: number;
  /** Bytes of the current item already handed over. */
  offset: number;
  /** The row `begin` wrote; later writes about this item wait for it. */
  readonly airing: Promise<number>;
  /** Its id once the store has answered (at once on SQLite), for the status view. */
  airingId: number;
  startedAt: Date;
  lastBeat: number;
  /** Samples of this item produced while the encoder could not take them. */
  lost: number;
}

/** Decodes a file to the channel's PCM in a child ffmpeg. */
async function decode(path: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      chunks.push(chunk);
      cb();
    },
  });
  await runFfmpeg(decodeCommand(path, sink));
  return Buffer.concat(chunks);
}

/** Refuses, at schedule time, a file the channel could not air. */
async function validate(item: PlayoutItem): Promise<number> {
  try {
    const p = await probe(item.audioPath);
    if (!(p.durationSec > 0)) throw new Error('độ dài 0 giây');
    return Math.round(p.durationSec * 1000);
  } catch (e) {
    throw new LpError('LP_ERR_ITEM_KIND_UNSUPPORTED', `${item.key}: ${item.audioPath}: ${isLpError(e) ? e.detail : (e as Error).message}`, { cause: e });
  }
}

export function createChannel(opts: ChannelOptions): Channel {
  const now = opts.now ?? Date.now;
  const leadMs = opts.leadMs ?? expectedDeliveryMs(opts.profile.audio.bitrateKbps);
  const leadSamples = Math.round((leadMs * SR) / 1000);
  const tickMs = opts.tickMs ?? 20;
  const preloadMs = opts.preloadMs ?? 30_000;
  const maxLateMs = opts.maxLateMs ?? 600_000;
  const readBackMs = opts.readBackMs ?? 15_000;
  const preRollMs = opts.profile.preRollSeconds * 1000;
  const postRollMs = opts.profile.postRollSeconds * 1000;
  const log = opts.log ?? ((l: string) => process.stderr.write(`[${opts.id}] ${l}\n`));
  const { airings, transmitter: tx, server, mount } = opts;

  let t0 = 0;
  /** Samples of the timeline produced so far. */
  let pos = 0;
  let seq = 0;
  const waiting: Queued[] = [];
  let playing: Playing | null = null;
  let running = false;
  let timer: NodeJS.Timeout | null = null;

  // --- encoder supervision ------------------------------------------------------------------
  let enc: { input: PassThrough; proc: LongRunningFfmpeg; alive: boolean; startedAt: number } | null = null;
  let stream: StreamState = 'down';
  let encFailures = 0;
  let restartTimer: NodeJS.Timeout | null = null;
  let downSince: number | null = null;

  const startEncoder = (): void => {
    const input = new PassThrough();
    const proc = startFfmpeg(encoderCommand({ sourceUrl: server.sourceUrl(mount), input, name: opts.name, bitrateKbps: opts.profile.audio.bitrateKbps, outSampleRate: opts.profile.audio.sampleRate }));
    const e = { input, proc, alive: true, startedAt: now() };
    enc = e;
    stream = 'connecting';
    void (async () => {
      for (let i = 0; i < 50 && e.alive && running; i++) {
        if (await server.mountUp(mount)) {
          if (e.alive && enc === e) stream = 'up';
          return;
        }
        await new Promise((r) => setTimeout(r, 200));
      }
    })();
    void proc.exited.then(({ error }) => {
      e.alive = false;
      input.destroy();
      if (!running || enc !== e) return;
      stream = 'down';
      downSince ??= now();
      // A run that lasted a while resets the backoff: this is a new failure, not the same one.
      encFailures = now() - e.startedAt > 10_000 ? 1 : encFailures + 1;
      const delay = Math.min(5000, 250 * 2 ** (encFailures - 1));
      log(`LP_ERR_ENCODER_FAILED : ${error?.detail ?? 'encoder dừng'}; khởi động lại sau ${delay} ms${playing ? ` (đang phát ${playing.q.prepared[playing.index].item.key})` : ''}`);
      restartTimer = setTimeout(() => {
        restartTimer = null;
        if (!running) return;
        if (downSince !== null) log(`encoder chạy lại sau ${((now() - downSince) / 1000).toFixed(1)} s mất sóng`);
        downSince = null;
        startEncoder();
      }, delay);
    });
  };

  /** The encoder takes PCM now; a stalled pipe (over 2 s queued) counts as down. */
  const canWrite = (): boolean => !!enc && enc.alive && enc.input.writableLength < 2 * SR * BPS;

  // --- airing records -------------------------------------------------------------------------
  const itemScheduledAt = (q: Queued, index: number): Date => {
    const it = q.prepared[index].item;
    if (it.scheduledAt) return it.scheduledAt;
    let at = q.block.startAt;
    for (let i = 0; i < index; i++) at += q.prepared[i].durationMs;
    return new Date(at);
  };

  /** Runs beside the clock; nothing in it may reject unheard (an unhandled rejection ends the station). */
  const verify = (id: number, title: string): void => {
    void (async () => {
      let ok = false;
      try {
        await server.setTitle(mount, title);
        ok = await server.readBack(mount, title, readBackMs);
      } catch (e) {
        log(`read-back ${title}: ${toLpError(e).message}`);
      }
      try {
        if (running) await airings.setVerified(id, ok);
      } catch (e) {
        log(`read-back ${title}: ${toLpError(e).message}`);
      }
    })();
  };

  /** Store writes beside the clock: a failure is logged, never thrown into the pacing loop. */
  const record = (what: string, write: () => Promise<unknown>): void => {
    write().catch((e) => log(`${what}: ${toLpError(e).message}`));
  };

  const beginItem = (q: Queued, index: number): Playing => {
    const it = q.prepared[index].item;
    const startedAt = new Date(now());
    // Issued before the first sample goes to the encoder: a crash cannot lose the airing.
    const airing = airings.begin({
      channelId: opts.id,
      key: it.key,
      scheduledAt: itemScheduledAt(q, index),
      startedAt,
      title: it.title,
      campaign: q.block.campaign,
      priority: q.block.priority,
      contentHash: it.contentHash,
      bulletinId: it.bulletinId ?? null,
      voice: it.voice ?? null,
      transmitter: opts.profile.name,
      plannedSeconds: q.prepared[index].durationMs / 1000,
    });
    const p: Playing = { q, index, offset: 0, airing, airingId: 0, startedAt, lastBeat: startedAt.getTime(), lost: 0 };
    const notes = [...q.txNotes];
    record('ghi bắt đầu phát', async () => {
      p.airingId = await airing;
      for (const note of notes) await airings.noteTransmitter(p.airingId, note);
      verify(p.airingId, it.title);
    });
    return p;
  };

  const lostReason = (p: Playing) => `bộ mã hóa/Icecast gián đoạn: ${(p.lost / SR).toFixed(1)} s không lên sóng`;

  const finishItem = (p: Playing): void => {
    const end: AiringEnd = p.lost > 0
      ? { status: 'partial', endedAt: new Date(now()), reason: lostReason(p) }
      : { status: 'aired', endedAt: new Date(now()) };
    record('ghi kết thúc phát', async () => airings.finish(await p.airing, end));
  };

  const missBlock = (q: Queued, reason: string): void => {
    const items = q.prepared.map((p, i) => ({ channelId: opts.id, key: p.item.key, scheduledAt: itemScheduledAt(q, i), title: p.item.title, campaign: q.block.campaign, priority: q.block.priority, reason }));
    record('ghi lượt bỏ lỡ', async () => {
      for (const m of items) if (!(await airings.hasAired(m.key))) await airings.recordMissed(m);
    });
    log(`bỏ lỡ ${q.block.key}: ${reason}`);
  };

  // --- transmitter ------------------------------------------------------------------------------
  let offAt: number | null = null;
  let lastAiring: Promise<number> | null = null;
  const keyOn = (q: Queued): void => {
    q.keyed = true;
    offAt = null;
    if (tx.state().state === 'on') return;
    tx.on().catch((e) => q.txNotes.push(`pre-roll: ${toLpError(e).detail ?? toLpError(e).message}`));
  };
  const keyOff = (): void => {
    offAt = null;
    const airing = lastAiring;
    tx.off().catch((e) => {
      const note = `post-roll: ${toLpError(e).detail ?? toLpError(e).message}`;
      log(note);
      if (airing !== null && running) record('post-roll', async () => airings.noteTransmitter(await airing, note));
    });
  };
  /** A block leaves the queue without airing: if its pre-roll keyed the transmitter, release it. */
  const drop = (q: Queued): void => {
    const i = waiting.indexOf(q);
    if (i >= 0) waiting.splice(i, 1);
    if (q.keyed) offAt ??= now();
  };

  // --- the clock ------------------------------------------------------------------------------
  const sampleOf = (ms: number) => Math.round(((ms - t0) * SR) / 1000);

  const prepare = (q: Queued): Promise<void> =>
    (q.decoding ??= (async () => {
      for (const p of q.prepared) p.pcm ??= await decode(p.item.audioPath);
      q.aired = (await Promise.all(q.prepared.map((p) => airings.hasAired(p.item.key)))).some(Boolean);
      q.ready = true;
    })().catch((e) => {
      // Validated at schedule time, so this is a file changed or removed since: record, don't air.
      drop(q);
      log(`${q.block.key}: ${toLpError(e).message}`);
      const at = new Date(now());
      record(q.block.key, async () => {
        for (const [i, p] of q.prepared.entries()) {
          const id = await airings.begin({ channelId: opts.id, key: p.item.key, scheduledAt: itemScheduledAt(q, i), startedAt: at, title: p.item.title, campaign: q.block.campaign, priority: q.block.priority, contentHash: p.item.contentHash, transmitter: opts.profile.name });
          await airings.finish(id, { status: 'failed', endedAt: at, reason: toLpError(e).message });
        }
      });
    }));

  /** The block to start at or before sample `until`: due ones by priority, else the earliest. */
  const nextBlock = (until: number): Queued | null => {
    const candidates = waiting.filter((q) => q.ready && sampleOf(q.block.startAt) < until && !wouldBeCut(q));
    if (candidates.length === 0) return null;
    const due = candidates.filter((q) => sampleOf(q.block.startAt) <= pos);
    if (due.length) return due.sort(compareDue)[0];
    return candidates.sort((a, b) => a.block.startAt - b.block.startAt || compareDue(a, b))[0];
  };

  /**
   * Never start what an emergency already in the queue would cut: between the repeats of a khẩn
   * cấp bulletin the channel stays silent rather than airing 300 ms of something else.
   */
  const wouldBeCut = (q: Queued): boolean => {
    const from = Math.max(pos, sampleOf(q.block.startAt));
    const end = from + Math.round((q.prepared.reduce((s, p) => s + p.durationMs, 0) * SR) / 1000);
    return waiting.some((k) => k !== q && preempts(k.block.priority, q.block.priority) && sampleOf(k.block.startAt) < end);
  };

  /** The sample where a waiting khẩn cấp block cuts into what is on air, if before `until`. */
  const cutSample = (until: number): { q: Queued; at: number } | null => {
    if (!playing || !preempts('khan-cap', playing.q.block.priority)) return null;
    let best: { q: Queued; at: number } | null = null;
    for (const q of waiting) {
      if (!q.ready || !preempts(q.block.priority, playing.q.block.priority)) continue;
      const at = Math.max(pos, sampleOf(q.block.startAt));
      if (at < until && (!best || at < best.at)) best = { q, at };
    }
    return best;
  };

  /** Ends what is on air; the promise settles when the row is closed. */
  const cut = (reason: string, requeue: boolean): Promise<void> => {
    const p = playing!;
    const end: AiringEnd = { status: 'interrupted', endedAt: new Date(now()), reason: p.lost > 0 ? `${reason}; ${lostReason(p)}` : reason };
    const closed = p.airing.then((id) => airings.finish(id, end));
    closed.catch((e) => log(`ghi ngắt: ${toLpError(e).message}`));
    lastAiring = p.airing;
    playing = null;
    if (!requeue) return closed;
    const back = resumeAfterCut(p.q.block, p.index);
    const prepared = p.q.prepared.slice(p.index).map((x, i) => ({ ...x, item: back.items[i] }));
    waiting.push({ block: back, seq: seq++, prepared, decoding: Promise.resolve(), ready: true, keyed: true, txNotes: [], aired: false });
    log(`${p.q.block.key} bị ngắt; phát lại từ đầu mục ${p.q.prepared[p.index].item.key} sau (${back.key})`);
    return closed;
  };

  const tick = (): void => {
    if (!running) return;
    const t = now();
    try {
      step(t);
    } catch (e) {
      log(`clock: ${toLpError(e).message}`);
    }
    timer = setTimeout(tick, tickMs);
  };

  const step = (t: number): void => {
    // Housekeeping on the wall clock: late blocks, decoding ahead, pre-roll, post-roll.
    for (const q of [...waiting]) {
      if (t - q.block.startAt > maxLateMs) {
        drop(q);
        missBlock(q, `không phát được trong ${Math.round(maxLateMs / 60000)} phút sau giờ phát${stream !== 'up' ? ' (luồng phát gián đoạn)' : ''}`);
        continue;
      }
      if (!q.decoding && q.block.startAt - t <= preloadMs) void prepare(q);
      if (!q.keyed && q.block.startAt - preRollMs - leadMs <= t) keyOn(q);
    }
    if (offAt !== null && t >= offAt && !playing && !waiting.some((q) => q.keyed)) keyOff();

    const writable = canWrite();
    const target = Math.floor(((t - t0) * SR) / 1000) + leadSamples;
    if (target <= pos) return;
    const out: Buffer[] = [];
    const silence = (n: number) => {
      out.push(Buffer.alloc(n * BPS));
      pos += n;
    };
    // What the timeline advanced over reaches the encoder even when a store write throws midway;
    // otherwise the stream would fall behind the clock by what was skipped.
    try {
      for (let guard = 0; pos < target && guard < 64; guard++) {
        if (playing) {
          const p = playing;
          const c = cutSample(target);
          const end = c ? c.at : target;
          const pcm = p.q.prepared[p.index].pcm!;
          const n = Math.min(end - pos, (pcm.length - p.offset) / BPS);
          if (n > 0) {
            out.push(pcm.subarray(p.offset, p.offset + n * BPS));
            p.offset += n * BPS;
            pos += n;
            if (!writable) p.lost += n;
          }
          if (t - p.lastBeat >= 1000) {
            const beat = new Date(t);
            record('ghi nhịp', async () => airings.heartbeat(await p.airing, beat));
            p.lastBeat = t;
          }
          if (p.offset >= pcm.length) {
            finishItem(p);
            lastAiring = p.airing;
            if (p.index + 1 < p.q.prepared.length) playing = beginItem(p.q, p.index + 1);
            else {
              playing = null;
              offAt = t + postRollMs + leadMs;
            }
          } else if (c && pos >= c.at) {
            void cut(`ngắt bởi bản tin khẩn cấp ${c.q.block.key}`, true);
          }
          continue;
        }
        // Nothing starts while the encoder is down: the block waits and starts late, never unheard.
        const q = writable ? nextBlock(target) : null;
        if (!q) {
          silence(target - pos);
          break;
        }
        const at = Math.max(pos, sampleOf(q.block.startAt));
        if (at > pos) silence(at - pos);
        if (q.aired) {
          drop(q);
          log(`${q.block.key}: đã có trong nhật ký phát, không phát lại`);
          continue;
        }
        waiting.splice(waiting.indexOf(q), 1);
        if (!q.keyed) keyOn(q);
        playing = beginItem(q, 0);
      }
    } finally {
      if (writable && out.length) enc!.input.write(out.length === 1 ? out[0] : Buffer.concat(out));
    }
  };

  // --- public ---------------------------------------------------------------------------------
  const enqueue = async (block: PlayoutBlock): Promise<Queued> => {
    if (block.items.length === 0) throw new LpError('LP_ERR_BAD_REQUEST', `${block.key}: khối không có mục nào`);
    const durations = await Promise.all(block.items.map(validate));
    const q: Queued = { block, seq: seq++, prepared: block.items.map((item, i) => ({ item, durationMs: durations[i], pcm: null })), decoding: null, ready: false, keyed: false, txNotes: [], aired: false };
    return q;
  };

  const channel: Channel = {
    id: opts.id,
    async start() {
      if (running) return;
      running = true;
      t0 = now();
      pos = 0;
      startEncoder();
      tick();
      const deadline = Date.now() + 10_000;
      while (stream !== 'up' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      if (stream !== 'up') log(`LP_ERR_STREAM_DOWN : mount ${mount} chưa lên sau 10 s; vẫn tiếp tục thử`);
    },
    async stop() {
      if (!running) return;
      running = false;
      if (timer) clearTimeout(timer);
      if (restartTimer) clearTimeout(restartTimer);
      // A failing store must not keep the encoder and transmitter running.
      try {
        if (playing) await cut('dừng đài', false);
      } catch (e) {
        log(`dừng: ${toLpError(e).message}`);
      }
      const e = enc;
      enc = null;
      stream = 'down';
      if (e?.alive) {
        e.proc.kill();
        await e.proc.exited;
      }
      if (tx.state().state === 'on') await tx.off().catch((err) => log(`post-roll: ${toLpError(err).message}`));
    },
    async schedule(block) {
      const q = await enqueue(block);
      waiting.push(q);
    },
    async airNow(block, o = {}) {
      const placeholder: PlayoutBlock = { ...block, startAt: block.startAt ?? now() };
      const q = await enqueue(placeholder);
      await prepare(q);
      if (!q.ready) throw new LpError('LP_ERR_ITEM_KIND_UNSUPPORTED', `${block.key}: không giải mã được`);
      // Start after the pre-roll and past what is already handed to the encoder (sample-accurate cut).
      const startAt = Math.max(block.startAt ?? 0, now() + Math.max(preRollMs, 2 * leadMs));
      const durationMs = q.prepared.reduce((s, p) => s + p.durationMs, 0);
      const blocks = expandRepeats({ ...q.block, startAt }, durationMs, Math.max(1, o.repeat ?? 1), o.intervalMs ?? 0);
      q.block = blocks[0];
      waiting.push(q);
      for (const b of blocks.slice(1)) {
        const rq: Queued = { block: b, seq: seq++, prepared: q.prepared.map((p, i) => ({ ...p, item: b.items[i] })), decoding: Promise.resolve(), ready: true, keyed: false, txNotes: [], aired: false };
        waiting.push(rq);
      }
      return blocks.map((b) => b.key);
    },
    cancel(key) {
      const q = waiting.find((x) => x.block.key === key);
      if (q) {
        drop(q);
        return true;
      }
      if (playing?.q.block.key === key) {
        void cut('đã hủy', false);
        offAt = now() + postRollMs;
        return true;
      }
      return false;
    },
    state() {
      const ts = tx.state();
      return {
        id: opts.id,
        name: opts.name,
        mount,
        listenUrl: server.listenUrl(mount),
        onAir: (() => {
          const v = channel.onAir();
          return v && { title: v.title, campaign: v.campaign, priority: v.priority, startedAt: v.startedAt, airingId: v.airingId };
        })(),
        stream,
        transmitter: { kind: tx.kind, state: ts.state, ...(ts.lastError ? { lastError: ts.lastError } : {}) },
      };
    },
    onAir() {
      if (!playing) return null;
      const it = playing.q.prepared[playing.index].item;
      return { blockKey: playing.q.block.key, itemKey: it.key, title: it.title, campaign: playing.q.block.campaign, priority: playing.q.block.priority, startedAt: playing.startedAt.toISOString(), airingId: playing.airingId };
    },
    queued() {
      return [...waiting]
        .sort((a, b) => a.block.startAt - b.block.startAt || compareDue(a, b))
        .map((q) => ({ key: q.block.key, startAt: q.block.startAt, priority: q.block.priority, campaign: q.block.campaign, titles: q.prepared.map((p) => p.item.title) }));
    },
  };
  return channel;
}
