/**
 * One channel: its own source connection to one Icecast mount, driven by the station's one playout
 * clock. The decisions are the timeline's (timeline.ts); this file is the thin driver around it:
 * on each tick it asks the timeline what to do and does it — writes the frames to the mount, keys
 * the transmitter, writes airing rows, loads audio — and reports back what came of each.
 *
 * Nothing the driver does may hold up the air: every store write is a promise the tick does not
 * wait for, a failing write is logged once (and again when the store recovers), and a start waits
 * only for its own row (the timeline holds that item's first frame, nothing else). The mount stays
 * continuous: silence frames between items, never a dropped connection of ours.
 */
import { deadAirNote, type AiringEnd, type AiringSink } from '../airing/port.js';
import type { HardwareProfile } from '../config/hardware.js';
import type { Priority } from '../domain.js';
import { LpError, toLpError } from '../errors.js';
import { watchDeadAir } from '../stream/dead-air.js';
import type { IcecastServer } from '../stream/icecast.js';
import { silenceFrames, type FrameFormat } from '../stream/mp3.js';
import { createSourceConnection, DECODER_READ_BYTES, ICECAST_BLOCK_BYTES, type SourceConnection } from '../stream/source.js';
import type { TransmitterPort } from '../transmitter/port.js';
import { defaultCacheDir, loadFile, prepareFile, type PreparedFile } from './audio.js';
import { sharedClock, type PlayoutClock } from './clock.js';
import { openLiveSource } from './live.js';
import { recordMissed } from './missed.js';
import type { PlayoutBlock, PlayoutItem } from './queue.js';
import { Timeline, type Effect, type ItemAudio, type QueuedEntry } from './timeline.js';

/** What is on air on a channel, for the status and the home page. */
export interface OnAirNow {
  readonly title: string;
  readonly campaign: string | null;
  readonly priority: Priority;
  /** ISO time the first frame was handed to the stream. */
  readonly startedAt: string;
  /** The airing row; null while it is being written (or could not be). */
  readonly airingId: number | null;
}

export interface ChannelState {
  readonly id: string;
  readonly name: string;
  readonly mount: string;
  /** URL a browser or receiver can listen on. */
  readonly listenUrl: string;
  readonly onAir: OnAirNow | null;
  readonly stream: 'up' | 'connecting' | 'down';
  readonly transmitter: { readonly kind: string; readonly state: 'on' | 'off' | 'error'; readonly lastError?: string };
}

/** Something the operator must see (the home page lists them with the station's warnings). */
export interface ChannelWarning {
  readonly code: string;
  readonly message: string;
  readonly subject?: string;
}

export interface ChannelOptions {
  readonly id: string;
  readonly name: string;
  /** Icecast mount, e.g. "/loaphuong". */
  readonly mount: string;
  readonly server: IcecastServer;
  readonly transmitter: TransmitterPort;
  readonly profile: HardwareProfile;
  readonly airings: AiringSink;
  /** The station's one clock. @default the process's shared clock on the wall time */
  readonly clock?: PlayoutClock;
  /**
   * How far ahead of their air time frames are handed, ms: enough to cover Icecast's block and a
   * decoder's read. @default the time of 1400 + 1024 bytes at the profile's bitrate (303 ms at 64 kbit/s)
   */
  readonly leadMs?: number;
  /**
   * An onset is handed this long before its instant: its delivery once flushed (Icecast, loopback,
   * a decoder), measured by the start-error bench at 3–7 ms. @default 5
   */
  readonly startLeadMs?: number;
  /** Load a block's audio this long before its start, ms. @default 30000 */
  readonly preloadMs?: number;
  /** A block that cannot start within this long after its instant is recorded missed, ms. @default 600000 */
  readonly maxLateMs?: number;
  /** Wait this long for the mount's title read-back, ms. @default 15000 */
  readonly readBackMs?: number;
  /** Where files not in the channel's format are converted to. @default <tmpdir>/loaphuong-playout */
  readonly cacheDir?: string;
  /** The station's loudness target, which relays are levelled to live. @default −16 LUFS, −1 dBTP */
  readonly loudness?: { readonly targetLufs: number; readonly truePeakDb: number };
  /** Audio aired (looped) in a relay's gaps instead of silence; converted to the mount's format at start. @default none */
  readonly relayFiller?: string | null;
  /** Silence on the mount longer than this while on air is dead air (noted on the airing, alarmed); 0: not watched. @default 0 */
  readonly deadAirSeconds?: number;
  /** @default writes to stderr */
  readonly log?: (line: string) => void;
}

export interface OnAirView {
  readonly blockKey: string;
  readonly itemKey: string;
  readonly title: string;
  readonly campaign: string | null;
  readonly priority: PlayoutBlock['priority'];
  readonly startedAt: string;
  readonly airingId: number | null;
}

/** A block waiting on the channel (the timeline's own view of its queue). */
export type QueuedView = QueuedEntry;

export interface Channel {
  readonly id: string;
  /** Connects to the mount and waits (up to 10 s) for the server to accept it. */
  start(): Promise<void>;
  /** Ends what is on air (`interrupted`), lets go of the mount, releases the transmitter. */
  stop(): Promise<void>;
  /** Queues a block for its instant; rejects with LP_ERR_ITEM_KIND_UNSUPPORTED if an item cannot air. */
  schedule(block: PlayoutBlock): Promise<void>;
  /**
   * Airs a block as soon as it can be heard (plus pre-roll); khẩn cấp cuts into what is on air.
   * Returns the keys of the block and its repeats. A live item (the officer's voice) comes with
   * its `audio` (a tap of the session's feed), one per item.
   */
  airNow(block: Omit<PlayoutBlock, 'startAt'> & { startAt?: number }, opts?: { repeat?: number; intervalMs?: number; audio?: ItemAudio[] }): Promise<string[]>;
  /**
   * A queued block's new start (the plan corrected it). False when it cannot move any more: it
   * is not queued, or its pre-roll already keyed the transmitter.
   */
  move(block: PlayoutBlock): boolean;
  /** Drops a queued block; if it is on air it is cut (`interrupted`, "đã hủy"). */
  cancel(key: string): boolean;
  state(): ChannelState;
  onAir(): OnAirView | null;
  queued(): QueuedView[];
  /** Alarms for the home page: the mount taken by a foreign source, the log not being written, a relay's upstream. */
  warnings(): ChannelWarning[];
  /** The channel's frame format (what a live feed must encode to). */
  readonly format: FrameFormat;
}

/** The MP3 frame format of a channel's mount: its profile's rate, channels and bitrate. */
export function channelFormat(profile: HardwareProfile): FrameFormat {
  const { sampleRate, channels, bitrateKbps } = profile.audio;
  const format: FrameFormat = { version: sampleRate >= 32000 ? 1 : sampleRate >= 16000 ? 2 : 2.5, sampleRate, channels: channels === 2 ? 2 : 1, bitrateKbps };
  try {
    silenceFrames(format);
  } catch (e) {
    throw new LpError('LP_ERR_PROFILE_INVALID', `${profile.name}: audio.bitrateKbps ${bitrateKbps} không phải tốc độ MP3 của ${sampleRate} Hz`, { cause: e });
  }
  return format;
}

/** Time of `bytes` at a bitrate, ms. */
const bytesMs = (bytes: number, kbps: number): number => (bytes * 8) / kbps;

/** A mount-taken alarm (or a relay that failed) stays on the home page this long. */
const ALARM_KEEP_MS = 24 * 3600_000;
/** A live item silent this long is shown on the home page while it lasts. */
const SILENT_WARN_MS = 2000;

export function createChannel(opts: ChannelOptions): Channel {
  const clock = opts.clock ?? sharedClock();
  const now = clock.now;
  const log = opts.log ?? ((l: string) => process.stderr.write(`[${opts.id}] ${l}\n`));
  const { airings, transmitter: tx, server, mount, profile } = opts;
  const format = channelFormat(profile);
  const cacheDir = opts.cacheDir ?? defaultCacheDir();
  const readBackMs = opts.readBackMs ?? 15_000;
  const loudness = opts.loudness ?? { targetLufs: -16, truePeakDb: -1 };

  const timeline = new Timeline({
    channelId: opts.id,
    transmitterName: profile.name,
    format,
    silence: silenceFrames(format),
    leadMs: opts.leadMs ?? Math.round(bytesMs(ICECAST_BLOCK_BYTES + DECODER_READ_BYTES, format.bitrateKbps)),
    startLeadMs: opts.startLeadMs ?? 5,
    flush: { blockBytes: ICECAST_BLOCK_BYTES, packetBytes: DECODER_READ_BYTES },
    preRollMs: profile.preRollSeconds * 1000,
    postRollMs: profile.postRollSeconds * 1000,
    preloadMs: opts.preloadMs ?? 30_000,
    maxLateMs: opts.maxLateMs ?? 600_000,
    armMs: 500,
    maxCatchUpMs: 1000,
    heartbeatMs: 1000,
    tickMs: 100,
  });

  let running = false;
  let removeFromClock: (() => void) | null = null;
  /** Row ids by the timeline's refs; a ref whose write failed maps to null. */
  const rows = new Map<number, Promise<number | null>>();
  const ids = new Map<number, number | null>();
  /** Files checked at schedule time, by path: loads read their frames from the prepared copy. */
  const prepared = new Map<string, PreparedFile>();
  const pending = new Set<Promise<unknown>>();
  let storeFailing: string | null = null;
  let taken: { at: number; reclaimed: boolean | null } | null = null;
  /** Relays that failed (the timeline's alerts), newest last, kept for the home page. */
  const alerts: Array<{ at: number; code: string; message: string; subject: string }> = [];

  // --- the store, beside the air ------------------------------------------------------------------

  const track = <T>(p: Promise<T>): Promise<T> => {
    pending.add(p);
    void p.finally(() => pending.delete(p)).catch(() => undefined);
    return p;
  };

  /** Runs a store write; a failure is logged once until the store works again, never thrown. */
  const store = <T>(what: string, write: () => Promise<T>): Promise<T | null> =>
    track(
      (async () => {
        try {
          const r = await write();
          if (storeFailing) log(`nhật ký phát ghi lại được (sau lỗi: ${storeFailing})`);
          storeFailing = null;
          return r;
        } catch (e) {
          const line = `${what}: ${toLpError(e, 'LP_ERR_STORE_FAILED').message}`;
          if (!storeFailing) log(`LP_ERR_STORE_FAILED : ${line}; vẫn tiếp tục phát`);
          storeFailing ??= line;
          return null;
        }
      })(),
    );

  const withRow = (ref: number, what: string, write: (id: number) => Promise<unknown>): Promise<unknown> =>
    (rows.get(ref) ?? Promise.resolve(null)).then((id) => (id === null ? null : store(what, () => write(id))));

  /** A finish that failed is tried again for a while: what it says was fixed when the item ended. */
  const finish = (ref: number, end: AiringEnd, attempt = 0): void => {
    void withRow(ref, 'ghi kết thúc phát', (id) => airings.finish(id, end)).then((r) => {
      if (r === null && storeFailing && running && attempt < 60) setTimeout(() => finish(ref, end, attempt + 1), 5000).unref();
      else {
        rows.delete(ref);
        ids.delete(ref);
      }
    });
  };

  // --- the mount ------------------------------------------------------------------------------

  const creds = server.sourceCredentials();
  const source: SourceConnection = createSourceConnection({
    host: server.host, port: server.port, mount, user: creds.user, password: creds.password,
    name: opts.name, bitrateKbps: format.bitrateKbps, sampleRate: format.sampleRate, channels: format.channels,
    now, log,
    onChange: () => clock.poke(),
    onMountTaken: async () => {
      const first = taken === null || taken.reclaimed !== null;
      taken = { at: now(), reclaimed: null };
      if (first) log(`LP_ERR_MOUNT_TAKEN : một nguồn lạ đang phát trên ${mount}; đang giành lại`);
      timeline.noteOnAir(`mount ${mount} bị nguồn lạ chiếm lúc ${new Date(now()).toISOString()}, đã giành lại`);
      const ok = await server.killSource(mount).catch(() => false);
      taken = { at: taken.at, reclaimed: ok };
      log(ok ? `đã giành lại ${mount} (Icecast killsource)` : `LP_ERR_MOUNT_TAKEN : không giành lại được ${mount}: Icecast không cho dừng nguồn kia`);
      return ok;
    },
  });

  /** Sets the mount's title and reads it back as a listener sees it; kept on the row as `verified`. */
  const verify = (ref: number, title: string): void => {
    void track((async () => {
      let ok = false;
      try {
        await server.setTitle(mount, title);
        ok = await server.readBack(mount, title, readBackMs);
      } catch (e) {
        log(`read-back ${title}: ${toLpError(e).message}`);
      }
      if (running) await withRow(ref, 'ghi xác nhận trên sóng', (id) => airings.setVerified(id, ok));
    })());
  };

  // --- loading --------------------------------------------------------------------------------

  const check = async (item: PlayoutItem): Promise<number> => {
    // A kind this channel has no way to air is refused when it is queued, not found out on air.
    const kind = (item as { kind?: string }).kind ?? 'file';
    if (kind !== 'file' && kind !== 'relay' && kind !== 'live') throw new LpError('LP_ERR_ITEM_KIND_UNSUPPORTED', `${item.key}: loại mục "${kind}"`);
    // Open-ended: no planned length (see the timeline's plannedSeconds).
    if (item.kind === 'live') return 0;
    if (item.kind === 'relay') {
      let u: URL | null = null;
      try {
        u = new URL(item.url);
      } catch {
        // reported below
      }
      if (!u || (u.protocol !== 'http:' && u.protocol !== 'https:')) throw new LpError('LP_ERR_ITEM_KIND_UNSUPPORTED', `${item.key}: tiếp âm cần địa chỉ http(s), không phải ${item.url}`);
      if (!(item.durationMs > 0)) throw new LpError('LP_ERR_ITEM_KIND_UNSUPPORTED', `${item.key}: tiếp âm cần độ dài`);
      return item.durationMs;
    }
    const p = await prepareFile(item, format, cacheDir);
    prepared.set(item.audioPath, p);
    return p.durationMs;
  };

  const open = async (item: PlayoutItem): Promise<ItemAudio> => {
    if (item.kind === 'relay') return openLiveSource(item, { format, targetLufs: loudness.targetLufs, truePeakDb: loudness.truePeakDb, log, now });
    // A live item's audio is the session's feed, handed over with it (airNow's `audio`).
    if (item.kind === 'live') throw new LpError('LP_ERR_ITEM_KIND_UNSUPPORTED', `${item.key}: phát trực tiếp cần nguồn âm thanh của phiên`);
    const p = prepared.get(item.audioPath) ?? (await prepareFile(item, format, cacheDir));
    return loadFile(p, format);
  };

  const load = (key: string, block: PlayoutBlock): void => {
    void track((async () => {
      let audio: ItemAudio[];
      try {
        audio = await Promise.all(block.items.map(open));
      } catch (e) {
        perform(timeline.loadFailed(key, toLpError(e).message, now()));
        return;
      }
      const aired = await Promise.all(block.items.map((i) => store('đọc nhật ký', () => airings.hasAired(i.key))));
      perform(timeline.loaded(key, audio, aired.some((a) => a === true), now()));
      clock.poke();
    })());
  };

  // --- doing what the timeline says ---------------------------------------------------------

  const keyFailed = (to: 'on' | 'off', e: unknown, blockKey: string | null, lastRef: number | null): void => {
    const note = `${to === 'on' ? 'pre-roll' : 'post-roll'}: ${toLpError(e).detail ?? toLpError(e).message}`;
    if (to === 'off') log(note);
    perform(timeline.keyFailed(to, blockKey, lastRef, note));
  };

  function perform(effects: readonly Effect[]): void {
    for (const e of effects) {
      switch (e.kind) {
        case 'load':
          load(e.key, e.block);
          break;
        case 'unload':
          for (const a of e.audio) a.close?.();
          break;
        case 'begin': {
          const ref = e.ref;
          const row = store('ghi bắt đầu phát', () => airings.begin(e.airing)).then((id) => {
            ids.set(ref, id);
            timeline.begun(ref);
            clock.poke();
            return id;
          });
          rows.set(ref, row);
          break;
        }
        case 'announce':
          verify(e.ref, e.title);
          break;
        case 'heartbeat':
          void withRow(e.ref, 'ghi nhịp', (id) => airings.heartbeat(id, e.at));
          break;
        case 'finish':
          finish(e.ref, e.end);
          break;
        case 'note':
          void withRow(e.ref, 'ghi ghi chú máy phát', (id) => airings.noteTransmitter(id, e.note));
          break;
        case 'missed':
          void store('ghi lượt bỏ lỡ', () =>
            recordMissed(airings, { channelId: opts.id, campaign: e.block.campaign, priority: e.block.priority, items: e.block.items.map((it, i) => ({ key: it.key, title: it.title, scheduledAt: e.scheduledAt[i] })) }, e.reason));
          break;
        case 'failed':
          e.block.items.forEach((it, i) => {
            void store('ghi lượt lỗi', async () => {
              const id = await airings.begin({
                channelId: opts.id, key: it.key, scheduledAt: e.scheduledAt[i], startedAt: e.at, title: it.title, campaign: e.block.campaign,
                priority: e.block.priority, contentHash: it.kind === 'relay' ? `relay:${it.url}` : it.kind === 'live' ? `live:${it.key}` : it.contentHash, transmitter: profile.name,
              });
              await airings.finish(id, { status: 'failed', endedAt: e.at, reason: e.reason });
            });
          });
          break;
        case 'key':
          if (e.to === 'on') {
            if (tx.state().state !== 'on') tx.on().catch((err) => keyFailed('on', err, e.blockKey, null));
          } else tx.off().catch((err) => keyFailed('off', err, null, e.lastRef));
          break;
        case 'alert':
          alerts.push({ at: now(), code: e.code, message: e.message, subject: e.subject });
          if (alerts.length > 20) alerts.shift();
          log(`${e.code} : ${e.message}`);
          break;
        case 'log':
          log(e.line);
          break;
      }
    }
  }

  // --- dead air: the mount as a listener hears it, watched while something is on air -----------

  const deadAirSeconds = opts.deadAirSeconds ?? 0;
  const deadAir = deadAirSeconds > 0 ? watchDeadAir({
    url: server.listenUrl(mount), minSec: deadAirSeconds, now, log,
    onDeadAir: (since) => {
      const p = timeline.onAir();
      if (!p) return;
      const note = deadAirNote(deadAirSeconds, new Date(since));
      log(`${note} (đang phát ${p.itemKey})`);
      void withRow(p.ref, 'ghi im lặng', (id) => airings.noteTransmitter(id, note));
      alerts.push({ at: now(), code: 'LP_ERR_DEAD_AIR', subject: p.title, message: `"${p.title}": im lặng trên ${mount} hơn ${deadAirSeconds} s từ ${new Date(since).toISOString()}` });
      if (alerts.length > 20) alerts.shift();
    },
  }) : null;

  const tickable = {
    tick(t: number): number {
      if (!running) return t + 1000;
      const out = timeline.tick(t, { writable: source.writable(), connectionBytes: source.bytes(), changedAt: source.changedAt() });
      if (out.frames.length) source.write(out.frames.length === 1 ? out.frames[0] : Buffer.concat(out.frames));
      perform(out.effects);
      deadAir?.onAir(timeline.onAir()?.startedAt ?? null);
      return out.wakeAt;
    },
  };

  const durationsOf = async (block: PlayoutBlock): Promise<number[]> => {
    if (block.items.length === 0) throw new LpError('LP_ERR_BAD_REQUEST', `${block.key}: khối không có mục nào`);
    return Promise.all(block.items.map(check));
  };

  const channel: Channel = {
    id: opts.id,
    format,
    async start() {
      if (running) return;
      running = true;
      if (opts.relayFiller) {
        try {
          timeline.setFiller(await loadFile(await prepareFile({ key: 'filler', audioPath: opts.relayFiller }, format, cacheDir), format));
        } catch (e) {
          log(`relayFiller ${opts.relayFiller}: ${toLpError(e).message}; khoảng trống của tiếp âm sẽ là im lặng`);
        }
      }
      source.start();
      removeFromClock = clock.add(tickable);
      const deadline = now() + 10_000;
      while (source.state() !== 'up' && now() < deadline) await new Promise((r) => setTimeout(r, 50));
      if (source.state() !== 'up') log(`LP_ERR_STREAM_DOWN : mount ${mount} chưa lên sau 10 s (${source.lastError() ?? 'đang kết nối'}); vẫn tiếp tục thử`);
    },
    async stop() {
      if (!running) return;
      perform(timeline.stop(now()));
      running = false;
      deadAir?.close();
      removeFromClock?.();
      removeFromClock = null;
      await source.close();
      if (tx.state().state === 'on') await tx.off().catch((err) => log(`post-roll: ${toLpError(err).message}`));
      // The rows written just now must reach the store before the station closes it.
      await Promise.allSettled([...pending]);
    },
    async schedule(block) {
      const durations = await durationsOf(block);
      timeline.schedule(block, durations);
      clock.poke();
    },
    async airNow(block, o = {}) {
      const durations = await durationsOf(block as PlayoutBlock);
      const audio = o.audio ?? (await Promise.all(block.items.map(open)));
      const t = now();
      const startAt = Math.max(block.startAt ?? 0, timeline.earliestStart(t, audio[0].primingMs, tx.state().state === 'on'));
      const keys = timeline.airNow({ ...block, startAt }, durations, audio, o.repeat ?? 1, o.intervalMs ?? 0);
      clock.poke();
      return keys;
    },
    move(block) {
      const moved = timeline.move(block);
      if (moved) clock.poke();
      return moved;
    },
    cancel(key) {
      const r = timeline.cancel(key, now());
      perform(r.effects);
      clock.poke();
      return r.found;
    },
    state() {
      const ts = tx.state();
      const v = channel.onAir();
      return {
        id: opts.id,
        name: opts.name,
        mount,
        listenUrl: server.listenUrl(mount),
        onAir: v && { title: v.title, campaign: v.campaign, priority: v.priority, startedAt: v.startedAt, airingId: v.airingId },
        stream: source.state(),
        transmitter: { kind: tx.kind, state: ts.state, ...(ts.lastError ? { lastError: ts.lastError } : {}) },
      };
    },
    onAir() {
      const p = timeline.onAir();
      if (!p) return null;
      return { blockKey: p.blockKey, itemKey: p.itemKey, title: p.title, campaign: p.campaign, priority: p.priority, startedAt: new Date(p.startedAt).toISOString(), airingId: ids.get(p.ref) ?? null };
    },
    queued: () => timeline.queued(),
    warnings() {
      const out: ChannelWarning[] = [];
      if (taken && (taken.reclaimed !== true || now() - taken.at < ALARM_KEEP_MS)) {
        const at = new Date(taken.at).toISOString();
        out.push({
          code: 'LP_ERR_MOUNT_TAKEN',
          message: taken.reclaimed === true
            ? `Một nguồn lạ đã chiếm ${mount} lúc ${at}; đài đã giành lại. Hãy đổi mật khẩu nguồn Icecast và kiểm tra ai biết nó`
            : `Một nguồn lạ đang chiếm ${mount} (từ ${at}); đài chưa giành lại được`,
          subject: mount,
        });
      }
      if (storeFailing) out.push({ code: 'LP_ERR_STORE_FAILED', message: `Không ghi được nhật ký phát (${storeFailing}); đài vẫn phát`, subject: opts.id });
      const p = timeline.onAir();
      if (p?.kind === 'relay' && p.silentSince !== null && now() - p.silentSince > SILENT_WARN_MS) {
        out.push({ code: 'LP_ERR_RELAY_UPSTREAM', message: `${opts.name}: đang tiếp âm "${p.title}" nhưng chưa có tín hiệu từ ${new Date(p.silentSince).toISOString()}; đang thử lại`, subject: p.title });
      }
      for (const a of alerts) if (now() - a.at < ALARM_KEEP_MS) out.push({ code: a.code, message: `${opts.name}: ${a.message}`, subject: a.subject });
      // A connection being made is not an alarm; one that stays down is.
      if (running && source.state() !== 'up' && now() - source.changedAt() > 5000) out.push({ code: 'LP_ERR_STREAM_DOWN', message: `${mount}: ${source.lastError() ?? 'đang kết nối'}`, subject: mount });
      return out;
    },
  };
  return channel;
}
