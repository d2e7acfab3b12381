/**
 * What decides what plays next: the pure playout timeline of one channel. No I/O, no clock reads:
 * every call takes `now` (epoch ms) and returns what the driver must do — MP3 frames to hand the
 * mount, airing writes, transmitter keying, loads, log lines. The driver (channel.ts) performs them
 * and reports back what came of them (`loaded`, `begun`, `keyFailed` …); the state is the object
 * itself, mutated by each call and readable through the views.
 *
 * The frame grid: frame `n` of the mount airs at `nextAt` when it is the next one handed, and each
 * frame is handed `leadMs` before it airs (the stream's delivery slack). An item's start is exact:
 * the grid is shifted by under half a frame so its first frame airs at the instant, and that frame
 * is held until `startLeadMs` before the instant and then handed together with enough of what
 * follows to complete Icecast's block and a listener's read (`flush`) — so the onset reaches a
 * listener at the instant instead of waiting for more bytes.
 *
 * Rules (see queue.ts for the pure ones): due blocks air by priority then slot time; khẩn cấp cuts
 * in at its own frame and the cut block comes back afterwards from the start of the cut item; a
 * block an emergency in the queue would cut is not started; a block more than `maxLateMs` late is
 * recorded missed; nothing whose key is already on record airs again (asked when the block is
 * loaded). Nothing starts while the stream is down: a block due then starts late when it is back,
 * never unheard; the item on air keeps its wall-clock position and ends `partial` with the seconds
 * that were not on the stream. Every start is written (`begin`) a little ahead; its first frame is
 * handed only once the row is written, so a late write makes a late start — and that is recorded.
 */
import type { AiringEnd, AiringStart } from '../airing/port.js';
import { PRIORITY_RANK } from '../domain.js';
import { frameMs, type FrameFormat } from '../stream/mp3.js';
import { compareDue, expandRepeats, preempts, relayWindowEnd, resumeAfterCut, type PlayoutBlock, type PlayoutItem } from './queue.js';

/** An item's audio as frames, once loaded. */
export interface ItemAudio {
  /**
   * Frame `i` of a file; a live source ignores `i` and gives its next frame. Null when a live source
   * has none ready: silence airs in its place and the gap is counted.
   */
  frame(i: number): Buffer | null;
  /** How many frames the item lasts. */
  readonly frameCount: number;
  /** From the start of the first frame to the content's first sample at a listener, ms. */
  readonly primingMs: number;
  /** Live sources only: stops the child; called when the item leaves the timeline. */
  close?(): void;
  /**
   * Open-ended live sources only (the officer's voice): true once the source has ended for good
   * and has nothing left to give; the item ends there instead of at `frameCount`.
   */
  ended?(): boolean;
  /** Live sources only: why no audio comes now (the upstream's last error), for the row's reason. */
  problem?(): string | null;
}

export interface TimelineConfig {
  readonly channelId: string;
  /** Hardware profile name, written on each airing. */
  readonly transmitterName: string;
  /** Every frame of the mount is in this format (silence frames are made in it). */
  readonly format: FrameFormat;
  /** Silence: the plain and the padded frame, and the nominal bytes per frame. */
  readonly silence: { readonly plain: Buffer; readonly padded: Buffer; readonly bytesPerFrame: number };
  /** Frames are handed this long before they air. */
  readonly leadMs: number;
  /** An item's first frame is handed this long before its instant (the delivery of a flushed onset). */
  readonly startLeadMs: number;
  /** Bytes after an onset handed with it: Icecast forwards whole `block`s, a decoder reads `packet`s. */
  readonly flush: { readonly blockBytes: number; readonly packetBytes: number };
  readonly preRollMs: number;
  readonly postRollMs: number;
  /** Load a block's audio this long before its start. */
  readonly preloadMs: number;
  /** A block that cannot start within this long after its instant is recorded missed. */
  readonly maxLateMs: number;
  /** Write a start's row this long before its first frame is due. */
  readonly armMs: number;
  /** Frames later than this (a blocked event loop) are not handed in a burst but skipped and counted. */
  readonly maxCatchUpMs: number;
  /** Proof-of-life writes while on air. */
  readonly heartbeatMs: number;
  /** Longest wait between two ticks. */
  readonly tickMs: number;
}

/** What the driver must do. `ref` names an airing row before the store has given it an id. */
export type Effect =
  | { readonly kind: 'load'; readonly key: string; readonly block: PlayoutBlock }
  | { readonly kind: 'unload'; readonly key: string; readonly audio: readonly ItemAudio[] }
  | { readonly kind: 'begin'; readonly ref: number; readonly airing: AiringStart }
  | { readonly kind: 'announce'; readonly ref: number; readonly title: string }
  | { readonly kind: 'heartbeat'; readonly ref: number; readonly at: Date }
  | { readonly kind: 'finish'; readonly ref: number; readonly end: AiringEnd }
  | { readonly kind: 'note'; readonly ref: number; readonly note: string }
  | { readonly kind: 'missed'; readonly block: PlayoutBlock; readonly scheduledAt: readonly Date[]; readonly reason: string }
  | { readonly kind: 'failed'; readonly block: PlayoutBlock; readonly scheduledAt: readonly Date[]; readonly at: Date; readonly reason: string }
  | { readonly kind: 'key'; readonly to: 'on' | 'off'; readonly blockKey: string | null; readonly lastRef: number | null }
  /** Something the operator must see on the home page (a relay whose upstream failed). */
  | { readonly kind: 'alert'; readonly code: 'LP_ERR_RELAY_UPSTREAM'; readonly message: string; readonly subject: string }
  | { readonly kind: 'log'; readonly line: string };

export interface TickOutput {
  /** Frames for the mount, in order (the driver writes them as one buffer). */
  readonly frames: Buffer[];
  readonly effects: Effect[];
  /** Call `tick` again by this instant (an onset or a keying is due then). */
  readonly wakeAt: number;
}

/** What the stream can take this tick. */
export interface StreamIo {
  /** The source connection is accepted and takes data. */
  readonly writable: boolean;
  /** Bytes written on the current connection before this tick (Icecast counts blocks from its start). */
  readonly connectionBytes: number;
  /** When the stream last went down or came back (the connection's own events); @default now */
  readonly changedAt?: number;
}


interface Waiting {
  block: PlayoutBlock;
  readonly seq: number;
  readonly durationsMs: readonly number[];
  audio: ItemAudio[] | null;
  load: 'idle' | 'loading' | 'ready';
  keyed: boolean;
  /** Transmitter notes for each airing of the block. */
  readonly txNotes: string[];
}

interface Start {
  readonly w: Waiting;
  readonly index: number;
  readonly ref: number;
  /** Air time of the item's first frame. */
  airAt: number;
  /** When its first frame is handed: what the row says, unless the start comes late. */
  readonly handOffAt: number;
  /** The row is written (or could not be: the air does not wait for the log). */
  begun: boolean;
  /** Cuts what is on air at `airAt`. */
  cut: boolean;
  /** Why the start slid past its instant, if it did. */
  lateCause: string | null;
}

interface OnAir {
  readonly w: Waiting;
  readonly index: number;
  readonly ref: number;
  readonly audio: ItemAudio;
  /** How many frames the item lasts on air: its audio's, or what is left of a relay's window. */
  readonly frames: number;
  /** A relay's window end (air time), kept for a resume after a cut. */
  readonly windowEnd: number | null;
  /** Fed live (relay, officer's voice): frames with audio are counted, gaps are told. */
  readonly live: boolean;
  /** Next frame of the item. */
  pos: number;
  readonly firstAirAt: number;
  /** What the row says. */
  readonly startedAt: number;
  /** The first frame went out later than the row said: when, and why. */
  readonly late: { readonly at: number; readonly cause: string } | null;
  lastBeat: number;
  /** Frames that were not on the stream (down, or skipped after a stall). */
  lostFrames: number;
  /** Live frames that had no audio (silence, or the filler, aired instead). */
  gapFrames: number;
  /** Live frames that carried the source's audio on air. */
  liveFrames: number;
  /** Where each run of gap frames began, ms after the item's first frame. */
  readonly gaps: number[];
  inGap: boolean;
  /** The source's own account of the latest gap. */
  why: string | null;
  readonly notes: string[];
}

const contentHashOf = (it: PlayoutItem): string => (it.kind === 'relay' ? `relay:${it.url}` : it.kind === 'live' ? `live:${it.key}` : it.contentHash);
const voiceOf = (it: PlayoutItem): string | null => (it.kind === 'relay' ? 'relay' : it.kind === 'live' ? 'live' : it.voice ?? null);
const seconds = (ms: number): string => (ms / 1000).toFixed(1);
/** Missing live voice up to this much still counts as aired (see #itemDone). */
const LIVE_GAP_TOLERANCE_MS = 1000;

export class Timeline {
  readonly #c: TimelineConfig;
  readonly #F: number;
  readonly #waiting: Waiting[] = [];
  #seq = 0;
  #ref = 0;
  #onAir: OnAir | null = null;
  /** The block in progress and its next item, while items remain. */
  #rest: { readonly w: Waiting; readonly index: number } | null = null;
  #next: Start | null = null;
  /** Air time of the next frame to hand; NaN until the first tick. */
  #nextAt = Number.NaN;
  /** Bytes the silence frames owe the nominal bitrate (picks the padded frame). */
  #silenceDebt = 0;
  #offAt: number | null = null;
  #lastRef: number | null = null;
  #downSince: number | null = null;
  #everUp = false;
  /** Aired in a relay's gaps instead of silence (looped); null: silence. */
  #filler: ItemAudio | null = null;
  #fillerPos = 0;

  constructor(config: TimelineConfig) {
    this.#c = config;
    this.#F = frameMs(config.format);
  }

  // --- requests -----------------------------------------------------------------------------------

  /**
   * Queues a block for its instant; `durationsMs` are its items' lengths (known once validated).
   * With `audio` the block is ready at once (air-now: loaded while it was checked); otherwise the
   * timeline asks for it `preloadMs` ahead.
   */
  schedule(block: PlayoutBlock, durationsMs: readonly number[], audio?: ItemAudio[]): void {
    this.#waiting.push({ block, seq: this.#seq++, durationsMs, audio: audio ?? null, load: audio ? 'ready' : 'idle', keyed: false, txNotes: [] });
  }

  /**
   * Moves a queued block to a new start (the plan corrected it: real lengths replaced estimates).
   * A block whose pre-roll has keyed the transmitter, or that is on its way to air, stays as it is.
   */
  move(block: PlayoutBlock): boolean {
    const w = this.#waiting.find((x) => x.block.key === block.key);
    if (!w || w.keyed) return false;
    w.block = { ...w.block, startAt: block.startAt, items: w.block.items.map((it, i) => ({ ...it, scheduledAt: block.items[i]?.scheduledAt ?? it.scheduledAt })) };
    return true;
  }

  /** What airs in a relay's gaps instead of silence (the configured filler, in the mount's format). */
  setFiller(audio: ItemAudio | null): void {
    this.#filler = audio && audio.frameCount > 0 ? audio : null;
    this.#fillerPos = 0;
  }

  /**
   * The earliest instant an item asked for now can be heard: after what is already handed, plus its
   * priming, and after the pre-roll when the transmitter is not keyed yet.
   */
  earliestStart(now: number, primingMs: number, transmitterOn: boolean): number {
    const handed = Number.isNaN(this.#nextAt) ? now + this.#c.leadMs : Math.max(this.#nextAt, now + this.#c.leadMs);
    return Math.ceil(Math.max(handed + this.#F + primingMs, transmitterOn ? 0 : now + this.#c.preRollMs + this.#c.startLeadMs));
  }

  /** An air-now block and its repeats (laid end to end plus the interval); returns their keys. */
  airNow(block: PlayoutBlock, durationsMs: readonly number[], audio: ItemAudio[], repeat: number, intervalMs: number): string[] {
    const total = durationsMs.reduce((s, d) => s + d, 0);
    const blocks = expandRepeats(block, total, Math.max(1, repeat), intervalMs);
    for (const b of blocks) this.schedule(b, durationsMs, audio);
    return blocks.map((b) => b.key);
  }

  /** Drops a queued block, or cuts it when it is on air; `found` false when the key is unknown. */
  cancel(key: string, now: number): { found: boolean; effects: Effect[] } {
    const effects: Effect[] = [];
    const w = this.#waiting.find((x) => x.block.key === key);
    if (w) {
      this.#drop(w, now, effects);
      return { found: true, effects };
    }
    if (this.#next?.w.block.key === key && this.#next.index === 0) {
      this.#abandon('đã hủy trước khi phát', now, effects);
      return { found: true, effects };
    }
    const p = this.#onAir;
    if (p?.w.block.key === key || this.#rest?.w.block.key === key) {
      if (this.#next && this.#next.w.block.key === key) this.#abandon('đã hủy trước khi phát', now, effects);
      if (p?.w.block.key === key) this.#end(p, 'interrupted', 'đã hủy', this.#nextAt, effects);
      const block = (p ?? this.#rest)!.w;
      this.#rest = null;
      this.#release(block, effects);
      this.#offAt = now + this.#c.postRollMs;
      return { found: true, effects };
    }
    return { found: false, effects };
  }

  /** The channel stops: what is on air ends `interrupted`, a start not yet aired ends `failed`. */
  stop(now: number): Effect[] {
    const effects: Effect[] = [];
    if (this.#next) this.#abandon('đài dừng trước khi phát', now, effects);
    if (this.#onAir) {
      const w = this.#onAir.w;
      this.#end(this.#onAir, 'interrupted', 'dừng đài', Number.isNaN(this.#nextAt) ? now : this.#nextAt, effects);
      this.#release(w, effects);
    }
    this.#rest = null;
    for (const w of this.#waiting.splice(0)) this.#release(w, effects);
    return effects;
  }

  // --- reports from the driver --------------------------------------------------------------------

  /** A block's audio is loaded; `aired` says a key of it is already on record (it will not air again). */
  loaded(key: string, audio: ItemAudio[], aired: boolean, now: number): Effect[] {
    const w = this.#waiting.find((x) => x.block.key === key && x.load === 'loading');
    // Cancelled while loading: nothing will use it.
    if (!w) return [{ kind: 'unload', key, audio }];
    w.audio = audio;
    if (!aired) {
      w.load = 'ready';
      return [];
    }
    const effects: Effect[] = [{ kind: 'log', line: `${key}: đã có trong nhật ký phát, không phát lại` }];
    this.#drop(w, now, effects);
    return effects;
  }

  /** A block's audio could not be loaded (a file changed or removed since it was validated). */
  loadFailed(key: string, reason: string, now: number): Effect[] {
    const effects: Effect[] = [];
    const w = this.#waiting.find((x) => x.block.key === key && x.load === 'loading');
    if (!w) return effects;
    this.#drop(w, now, effects);
    effects.push({ kind: 'log', line: `${key}: ${reason}` });
    effects.push({ kind: 'failed', block: w.block, scheduledAt: this.#scheduledTimes(w), at: new Date(now), reason });
    return effects;
  }

  /**
   * The row of a start is written — or could not be: the air does not wait for the log, so the
   * item airs all the same (the driver has said so in its log and status).
   */
  begun(ref: number): void {
    if (this.#next?.ref === ref) this.#next.begun = true;
  }

  /** Keying failed: a pre-roll failure is noted on each airing of the block, a post-roll one on the last airing. */
  keyFailed(to: 'on' | 'off', blockKey: string | null, lastRef: number | null, note: string): Effect[] {
    if (to === 'off') return lastRef === null ? [] : [{ kind: 'note', ref: lastRef, note }];
    const all = [...this.#waiting, this.#next?.w, this.#rest?.w, this.#onAir?.w];
    const w = all.find((x) => x?.block.key === blockKey);
    if (!w) return [];
    w.txNotes.push(note);
    // Already on air: its row is written, so the note goes there too.
    return this.#onAir?.w === w ? [{ kind: 'note', ref: this.#onAir.ref, note }] : [];
  }

  /** A note for the airing on air now (the mount was taken and reclaimed …), kept in its reason. */
  noteOnAir(note: string): void {
    this.#onAir?.notes.push(note);
  }

  // --- the clock ----------------------------------------------------------------------------------

  tick(now: number, io: StreamIo): TickOutput {
    const c = this.#c;
    const F = this.#F;
    const frames: Buffer[] = [];
    const effects: Effect[] = [];
    if (Number.isNaN(this.#nextAt)) this.#nextAt = now + c.leadMs;
    this.#streamTransitions(io.changedAt ?? now, io.writable, effects);
    this.#housekeeping(now, io.writable, effects);
    if (!this.#next && io.writable) this.#arm(now, effects);

    // Frames too late to be worth a burst (the stream down, or a stalled loop) are skipped and counted.
    const oldest = io.writable ? now - c.maxCatchUpMs : now + c.leadMs;
    let skipped = 0;
    while (this.#nextAt + F <= oldest) {
      const n = this.#next;
      if (n && this.#reached(n)) {
        // Its start point passed while nothing could air: a cut still cuts, and the start slides.
        if (n.cut && this.#onAir) this.#cutFor(n, effects);
        n.lateCause ??= io.writable ? 'đồng hồ phát bị chậm' : 'luồng phát gián đoạn';
      }
      skipped++;
      this.#advance(null, effects);
      if (n && n === this.#next && !this.#onAir && n.airAt < this.#nextAt) n.airAt = this.#nextAt;
    }
    if (skipped && io.writable) effects.push({ kind: 'log', line: `đồng hồ phát trễ: bỏ ${((skipped * F) / 1000).toFixed(1)} s thay vì phát dồn` });

    let bytes = io.connectionBytes;
    let flushTo = 0;
    const target = now + c.leadMs;
    for (let guard = 0; io.writable && guard < 100_000; guard++) {
      const n = this.#next;
      if (n && this.#reached(n)) {
        if (n.begun && now >= n.handOffAt) {
          if (n.cut && this.#onAir) this.#cutFor(n, effects);
          this.#startItem(n, now, effects);
          // The onset goes out with enough after it to complete Icecast's block and a decoder's read.
          flushTo = Math.ceil((bytes + c.flush.packetBytes + 4) / c.flush.blockBytes) * c.flush.blockBytes;
          continue;
        }
        if (now < n.handOffAt || this.#nextAt >= target) break;
        // The row is late: the air goes on (what is on air, or silence) and the start slides a frame.
        n.lateCause ??= 'nhật ký phát ghi chậm';
        bytes += this.#advance(frames, effects)!.length;
        if (!n.cut) n.airAt = this.#nextAt;
        continue;
      }
      if (this.#nextAt >= target && bytes >= flushTo) break;
      const was = this.#onAir;
      bytes += this.#advance(frames, effects)!.length;
      // An item just ended: what follows may be due at once.
      if (was && !this.#onAir && !this.#next) this.#arm(now, effects);
    }
    return { frames, effects, wakeAt: this.#wakeAt(now) };
  }

  /** Whether the frame grid has reached a start's first frame. */
  #reached(n: Start): boolean {
    return (n.cut || !this.#onAir) && n.airAt <= this.#nextAt + this.#F / 2;
  }

  /** Late blocks, loading ahead, pre-roll, post-roll, heartbeats: all on the wall clock. */
  #housekeeping(now: number, writable: boolean, effects: Effect[]): void {
    const c = this.#c;
    const down = writable ? '' : ' (luồng phát gián đoạn)';
    for (const w of [...this.#waiting]) {
      if (now - w.block.startAt > c.maxLateMs) {
        this.#drop(w, now, effects);
        this.#missed(w, 0, `không phát được trong ${Math.round(c.maxLateMs / 60000)} phút sau giờ phát${down}`, effects);
        continue;
      }
      if (w.load === 'idle' && w.block.startAt - now <= c.preloadMs) {
        w.load = 'loading';
        effects.push({ kind: 'load', key: w.block.key, block: w.block });
      }
      if (!w.keyed && w.block.startAt - c.preRollMs - c.startLeadMs <= now) this.#keyOn(w, effects);
    }
    const n = this.#next;
    if (n && !this.#onAir && now - n.handOffAt > c.maxLateMs) {
      // Written, but the stream never came back for it.
      const w = n.w;
      this.#abandon(`không phát được trong ${Math.round(c.maxLateMs / 60000)} phút sau giờ phát${down}`, now, effects);
      this.#rest = null;
      if (n.index + 1 < w.block.items.length) this.#missed(w, n.index + 1, `không phát được${down}`, effects);
    }
    if (this.#offAt !== null && now >= this.#offAt && !this.#onAir && !this.#next && !this.#rest && !this.#waiting.some((w) => w.keyed)) {
      this.#offAt = null;
      effects.push({ kind: 'key', to: 'off', blockKey: null, lastRef: this.#lastRef });
    }
    const p = this.#onAir;
    if (p && now - p.lastBeat >= c.heartbeatMs) {
      p.lastBeat = now;
      effects.push({ kind: 'heartbeat', ref: p.ref, at: new Date(now) });
    }
  }

  #missed(w: Waiting, from: number, reason: string, effects: Effect[]): void {
    const block = from === 0 ? w.block : { ...w.block, items: w.block.items.slice(from) };
    effects.push({ kind: 'missed', block, scheduledAt: this.#scheduledTimes(w).slice(from), reason });
    effects.push({ kind: 'log', line: `bỏ lỡ ${w.block.key}: ${reason}` });
  }

  /**
   * Hands (or, with `out` null, skips) the frame at `nextAt`: the on-air item's next frame, or
   * silence. The item ends after its last frame.
   */
  #advance(out: Buffer[] | null, effects: Effect[]): Buffer | null {
    let p = this.#onAir;
    let frame: Buffer | null = null;
    if (p) {
      frame = p.audio.frame(p.pos);
      if (frame === null && p.audio.ended?.()) {
        // An open-ended source is over (the officer stopped): the item ends before this frame.
        this.#itemDone(p, effects);
        p = null;
      } else {
        if (out === null) p.lostFrames++;
        else if (frame === null) this.#gap(p);
        else if (p.live) {
          p.liveFrames++;
          p.inGap = false;
        }
        p.pos++;
        if (frame === null && this.#filler && p.w.block.items[p.index].kind === 'relay') frame = this.#filler.frame(this.#fillerPos++ % this.#filler.frameCount);
      }
    }
    frame ??= this.#silence();
    out?.push(frame);
    this.#nextAt += this.#F;
    if (p && p.pos >= p.frames) this.#itemDone(p, effects);
    return out ? frame : null;
  }

  /** A live frame with no audio: counted, and the start of each gap kept with the source's reason. */
  #gap(p: OnAir): void {
    p.gapFrames++;
    if (p.inGap) return;
    p.inGap = true;
    p.gaps.push(this.#nextAt - p.firstAirAt);
    p.why = p.audio.problem?.() ?? p.why;
  }

  #silence(): Buffer {
    const s = this.#c.silence;
    this.#silenceDebt += s.bytesPerFrame - s.plain.length;
    if (this.#silenceDebt < 1) return s.plain;
    this.#silenceDebt -= 1;
    return s.padded;
  }

  /** Outages are measured at the stream: from the connection's loss to the server accepting it again. */
  #streamTransitions(now: number, writable: boolean, effects: Effect[]): void {
    if (!writable && this.#downSince === null && this.#everUp) {
      this.#downSince = now;
      const p = this.#onAir;
      effects.push({ kind: 'log', line: `LP_ERR_STREAM_DOWN : luồng phát mất kết nối${p ? ` (đang phát ${p.w.block.items[p.index].key})` : ''}` });
    } else if (writable && this.#downSince !== null) {
      effects.push({ kind: 'log', line: `luồng phát lên lại sau ${((now - this.#downSince) / 1000).toFixed(1)} s không lên sóng` });
      this.#downSince = null;
    }
    if (writable) this.#everUp = true;
  }

  // --- choosing and starting ----------------------------------------------------------------------

  /** Air time at which the channel is free: the end of what is on air. */
  #freeAt(): number {
    const p = this.#onAir;
    return p ? this.#nextAt + (p.frames - p.pos) * this.#F : this.#nextAt;
  }

  /** Air time of a waiting block's first frame, if it started by its instant (after `freeAt`). */
  #airAtOf(w: Waiting, freeAt: number): number {
    return Math.max(w.block.startAt - (w.audio?.[0]?.primingMs ?? 0), freeAt);
  }

  /** Never start what an emergency already in the queue would cut. */
  #wouldBeCut(w: Waiting, from: number): boolean {
    const end = from + w.durationsMs.reduce((s, d) => s + d, 0);
    return this.#waiting.some((k) => k !== w && preempts(k.block.priority, w.block.priority) && k.block.startAt < end);
  }

  /** Picks what starts next and writes its row once its first frame is near. */
  #arm(now: number, effects: Effect[]): void {
    const c = this.#c;
    const F = this.#F;
    const freeAt = this.#freeAt();
    const ready = this.#waiting.filter((w) => w.load === 'ready');
    const busy = this.#onAir?.w ?? this.#rest?.w ?? null;
    let pick: { w: Waiting; index: number; airAt: number; cut: boolean } | null = null;
    if (busy && preempts('khan-cap', busy.block.priority)) {
      for (const w of ready) {
        if (!preempts(w.block.priority, busy.block.priority)) continue;
        const airAt = this.#airAtOf(w, this.#nextAt);
        // On air: it cuts in before the item ends. Between two items of a block: it goes first once due.
        const goes = this.#onAir ? airAt < freeAt : airAt <= freeAt + F / 2;
        if (goes && (!pick || airAt < pick.airAt)) pick = { w, index: 0, airAt, cut: this.#onAir !== null };
      }
      if (pick && !this.#onAir && this.#rest) {
        // The rest of the block waits behind the emergency, under the same keys (nothing of it was cut).
        const r = this.#rest;
        this.#rest = null;
        const times = this.#scheduledTimes(r.w).slice(r.index);
        const items = r.w.block.items.slice(r.index).map((it, i) => ({ ...it, scheduledAt: times[i] }));
        this.#waiting.push({ block: { ...r.w.block, items }, seq: r.w.seq, durationsMs: r.w.durationsMs.slice(r.index), audio: r.w.audio!.slice(r.index), load: 'ready', keyed: true, txNotes: r.w.txNotes });
      }
    }
    if (!pick && this.#rest) pick = { w: this.#rest.w, index: this.#rest.index, airAt: freeAt, cut: false };
    if (!pick) {
      const candidates = ready.filter((w) => !this.#wouldBeCut(w, this.#airAtOf(w, freeAt)));
      const due = candidates.filter((w) => w.block.startAt - (w.audio?.[0]?.primingMs ?? 0) <= freeAt + F / 2).sort(compareDue);
      const w = due[0] ?? candidates.sort((a, b) => a.block.startAt - b.block.startAt || compareDue(a, b))[0];
      if (w) pick = { w, index: 0, airAt: this.#airAtOf(w, freeAt), cut: false };
    }
    if (!pick) return;
    const audio = pick.w.audio![pick.index];
    const handOffAt = Math.max(now, Math.round(pick.airAt + audio.primingMs - c.startLeadMs));
    if (handOffAt - c.armMs > now) return;
    if (this.#over(pick.w, pick.index, pick.airAt, now, effects)) return this.#arm(now, effects);
    if (pick.index === 0) {
      this.#waiting.splice(this.#waiting.indexOf(pick.w), 1);
      if (!pick.w.keyed) this.#keyOn(pick.w, effects);
    }
    const ref = ++this.#ref;
    const item = pick.w.block.items[pick.index];
    this.#next = { w: pick.w, index: pick.index, ref, airAt: pick.airAt, handOffAt, begun: false, cut: pick.cut, lateCause: null };
    effects.push({
      kind: 'begin', ref,
      airing: {
        channelId: c.channelId,
        key: item.key,
        scheduledAt: this.#scheduledTimes(pick.w)[pick.index],
        startedAt: new Date(handOffAt),
        title: item.title,
        campaign: pick.w.block.campaign,
        priority: pick.w.block.priority,
        contentHash: contentHashOf(item),
        bulletinId: item.kind === 'relay' || item.kind === 'live' ? null : item.bulletinId ?? null,
        voice: voiceOf(item),
        transmitter: c.transmitterName,
        // An open-ended live item has no planned length.
        plannedSeconds: pick.w.durationsMs[pick.index] > 0 ? pick.w.durationsMs[pick.index] / 1000 : null,
      },
    });
  }

  /**
   * A resumed item with nothing left to air is passed over (no row): a relay whose window closed
   * during the emergency is on record as missed, a live session that ended during it is simply over.
   * The block's next item, if any, takes its place.
   */
  #over(w: Waiting, index: number, airAt: number, now: number, effects: Effect[]): boolean {
    const item = w.block.items[index];
    const closed = item.kind === 'relay' && item.endsAt !== undefined && item.endsAt - airAt < this.#F;
    const ended = item.kind === 'live' && (w.audio![index].ended?.() ?? false);
    if (!closed && !ended) return false;
    if (index === 0) this.#waiting.splice(this.#waiting.indexOf(w), 1);
    this.#rest = index + 1 < w.block.items.length ? { w, index: index + 1 } : null;
    if (closed) {
      const reason = 'hết giờ tiếp âm trước khi kênh rảnh lại sau bản tin khẩn cấp';
      effects.push({ kind: 'missed', block: { ...w.block, items: [item] }, scheduledAt: [this.#scheduledTimes(w)[index]], reason });
      effects.push({ kind: 'log', line: `bỏ lỡ ${item.key}: ${reason}` });
    } else {
      effects.push({ kind: 'log', line: `${item.key}: phiên phát trực tiếp đã kết thúc trong lúc phát bản tin khẩn cấp` });
    }
    if (!this.#rest) {
      this.#release(w, effects);
      if (w.keyed) this.#offAt ??= now;
    }
    return true;
  }

  #startItem(n: Start, now: number, effects: Effect[]): void {
    this.#next = null;
    // The grid shifts by under half a frame so that the first frame airs at the item's instant.
    if (Math.abs(n.airAt - this.#nextAt) <= this.#F / 2) this.#nextAt = n.airAt;
    const late = n.lateCause !== null && now - n.handOffAt > this.#F ? { at: now, cause: n.lateCause } : null;
    const item = n.w.block.items[n.index];
    const audio = n.w.audio![n.index];
    // A relay lasts its window: all of it from a first start, what is left of it after a cut.
    const windowEnd = item.kind === 'relay' ? relayWindowEnd(item, this.#nextAt) : null;
    const frames = windowEnd === null || item.kind !== 'relay' || item.endsAt === undefined ? audio.frameCount : Math.max(1, Math.round((windowEnd - this.#nextAt) / this.#F));
    this.#onAir = {
      w: n.w, index: n.index, ref: n.ref, audio, frames, windowEnd, live: item.kind !== undefined && item.kind !== 'file', pos: 0, firstAirAt: this.#nextAt,
      startedAt: n.handOffAt, late, lastBeat: now, lostFrames: 0, gapFrames: 0, liveFrames: 0, gaps: [], inGap: false, why: null, notes: [],
    };
    this.#rest = n.index + 1 < n.w.block.items.length ? { w: n.w, index: n.index + 1 } : null;
    this.#offAt = null;
    for (const note of n.w.txNotes) effects.push({ kind: 'note', ref: n.ref, note });
    effects.push({ kind: 'announce', ref: n.ref, title: n.w.block.items[n.index].title });
  }

  /** The last frame of the item is handed: its row is completed; the block's next item follows. */
  #itemDone(p: OnAir, effects: Effect[]): void {
    const kind = p.w.block.items[p.index].kind;
    // A relay whose upstream never gave a frame did not air: it is missed, with why.
    const never = kind === 'relay' && p.liveFrames === 0;
    // The officer's voice over a browser's connection has pauses of a few frames (the reason still
    // says them); only more than a second of it missing makes the airing partial.
    const gaps = kind === 'live' && p.gapFrames * this.#F <= LIVE_GAP_TOLERANCE_MS ? 0 : p.gapFrames;
    this.#end(p, never ? 'missed' : p.lostFrames + gaps > 0 ? 'partial' : 'aired', null, this.#nextAt, effects);
    if (this.#rest?.w !== p.w && this.#next?.w !== p.w) {
      this.#release(p.w, effects);
      // Released once the end has reached the loudspeakers (as the row has it) and the post-roll is over.
      this.#offAt = this.#endedAt(p, this.#nextAt) + this.#c.postRollMs;
    }
  }

  /** Completes the on-air row; `endAir` is the air time where it stopped. */
  #end(p: OnAir, status: AiringEnd['status'], reason: string | null, endAir: number, effects: Effect[]): void {
    const F = this.#F;
    const item = p.w.block.items[p.index];
    const relay = item.kind === 'relay';
    const reasons = reason ? [reason] : [];
    if (p.lostFrames > 0) reasons.push(`luồng phát gián đoạn: ${seconds(p.lostFrames * F)} s không lên sóng`);
    const span = Math.max(0, endAir - p.firstAirAt);
    const why = p.why ?? 'nguồn không gửi âm thanh';
    if (relay && p.liveFrames === 0 && p.gapFrames > 0) {
      reasons.push(`nguồn tiếp âm không có tín hiệu suốt ${seconds(span)} s: ${why}`);
    } else if (relay && p.gapFrames > 0) {
      const first = seconds(p.gaps[0]);
      reasons.push(`tiếp âm được ${seconds(p.liveFrames * F)} s trong ${seconds(span)} s; mất tín hiệu ${p.gaps.length} lần (lần đầu ở giây ${first}): ${why}`);
    } else if (p.gapFrames > 0) {
      reasons.push(`nguồn không có tín hiệu ${seconds(p.gapFrames * F)} s${p.why ? `: ${p.why}` : ''}`);
    }
    if (p.late) reasons.push(`bắt đầu trễ ${seconds(p.late.at - p.startedAt)} s: ${p.late.cause}`);
    reasons.push(...p.notes);
    effects.push({
      kind: 'finish', ref: p.ref,
      end: {
        status,
        endedAt: new Date(this.#endedAt(p, endAir)),
        reason: reasons.length ? reasons.join('; ') : null,
        ...(p.late ? { startedAt: new Date(p.late.at) } : {}),
        // A relay's duration is what really came from the upstream, not the silence in its gaps.
        ...(relay ? { airedSeconds: Math.round(p.liveFrames * F) / 1000 } : {}),
      },
    });
    if (relay && (status === 'missed' || status === 'partial')) {
      effects.push({ kind: 'alert', code: 'LP_ERR_RELAY_UPSTREAM', subject: item.title, message: `${item.title} (${item.url}): ${reasons.join('; ')}` });
    }
    this.#lastRef = p.ref;
    this.#onAir = null;
  }

  /** The row's end: its start plus the air time it spanned (outages included: the reason says them). */
  #endedAt(p: OnAir, endAir: number): number {
    return Math.round((p.late?.at ?? p.startedAt) + Math.max(0, endAir - p.firstAirAt));
  }

  /** Khẩn cấp cuts in: the item on air ends `interrupted` and its block comes back from that item. */
  #cutFor(n: Start, effects: Effect[]): void {
    const p = this.#onAir!;
    n.cut = false;
    this.#end(p, 'interrupted', `ngắt bởi bản tin khẩn cấp ${n.w.block.key}`, this.#nextAt, effects);
    this.#rest = null;
    const resumed = resumeAfterCut(p.w.block, p.index);
    const durationsMs = p.w.durationsMs.slice(p.index);
    // A relay comes back for what is left of its window (the upstream went on without us).
    const back = p.windowEnd === null ? resumed : { ...resumed, items: resumed.items.map((it, i) => (i === 0 && it.kind === 'relay' ? { ...it, endsAt: p.windowEnd! } : it)) };
    if (p.windowEnd !== null) durationsMs[0] = Math.max(0, p.windowEnd - this.#nextAt);
    this.#waiting.push({ block: back, seq: this.#seq++, durationsMs, audio: p.w.audio!.slice(p.index), load: 'ready', keyed: true, txNotes: [] });
    effects.push({ kind: 'log', line: `${p.w.block.key} bị ngắt; phát lại từ đầu mục ${p.w.block.items[p.index].key} sau (${back.key})` });
  }

  /** A written start that will not air (cancelled, stopped, stream gone): its row says so, nothing aired. */
  #abandon(reason: string, now: number, effects: Effect[]): void {
    const n = this.#next!;
    this.#next = null;
    effects.push({ kind: 'finish', ref: n.ref, end: { status: 'failed', endedAt: new Date(Math.max(n.handOffAt, now)), reason } });
    if (n.index === 0 || this.#rest?.w === n.w) this.#release(n.w, effects);
    if (this.#rest?.w === n.w) this.#rest = null;
    if (n.w.keyed) this.#offAt ??= now;
  }

  // --- queue and keying ---------------------------------------------------------------------------

  #keyOn(w: Waiting, effects: Effect[]): void {
    w.keyed = true;
    this.#offAt = null;
    effects.push({ kind: 'key', to: 'on', blockKey: w.block.key, lastRef: null });
  }

  /** A block leaves the queue without airing: if its pre-roll keyed the transmitter, it is released. */
  #drop(w: Waiting, now: number, effects: Effect[]): void {
    const i = this.#waiting.indexOf(w);
    if (i >= 0) this.#waiting.splice(i, 1);
    if (w.keyed) this.#offAt ??= now;
    this.#release(w, effects);
  }

  /** Audio of a block that nothing else shares (a resume, a repeat) is let go (live sources stop). */
  #release(w: Waiting, effects: Effect[]): void {
    if (!w.audio) return;
    const others = [...this.#waiting, this.#next?.w, this.#rest?.w, this.#onAir?.w].filter((x) => x && x !== w);
    const shared = new Set(others.flatMap((x) => x!.audio ?? []));
    const own = w.audio.filter((a) => !shared.has(a));
    if (own.length) effects.push({ kind: 'unload', key: w.block.key, audio: own });
  }

  #scheduledTimes(w: Waiting): Date[] {
    let at = w.block.startAt;
    return w.block.items.map((it, i) => {
      const d = it.scheduledAt ?? new Date(at);
      at += w.durationsMs[i];
      return d;
    });
  }

  /** The next instant a tick is needed: an onset's hand-off, a keying, or the next batch of frames. */
  #wakeAt(now: number): number {
    const c = this.#c;
    let t = now + c.tickMs;
    const soon = (at: number) => {
      if (at > now && at < t) t = at;
    };
    if (this.#next) soon(this.#next.handOffAt);
    for (const w of this.#waiting) if (!w.keyed) soon(w.block.startAt - c.preRollMs - c.startLeadMs);
    if (this.#offAt !== null) soon(this.#offAt);
    return t;
  }

  // --- views --------------------------------------------------------------------------------------

  onAir(): OnAirEntry | null {
    const p = this.#onAir;
    if (!p) return null;
    const it = p.w.block.items[p.index];
    return {
      blockKey: p.w.block.key, itemKey: it.key, title: it.title, campaign: p.w.block.campaign, priority: p.w.block.priority, startedAt: p.late?.at ?? p.startedAt, ref: p.ref,
      silentSince: p.inGap ? p.firstAirAt + p.gaps[p.gaps.length - 1] : null, kind: it.kind ?? 'file',
    };
  }

  queued(): QueuedEntry[] {
    const all = [...this.#waiting];
    if (this.#next?.index === 0 && !all.includes(this.#next.w)) all.push(this.#next.w);
    return all
      .sort((a, b) => a.block.startAt - b.block.startAt || PRIORITY_RANK[b.block.priority] - PRIORITY_RANK[a.block.priority] || a.seq - b.seq)
      .map((w) => ({ key: w.block.key, startAt: w.block.startAt, priority: w.block.priority, campaign: w.block.campaign, titles: w.block.items.map((i) => i.title) }));
  }
}

export interface OnAirEntry {
  readonly blockKey: string;
  readonly itemKey: string;
  readonly title: string;
  readonly campaign: string | null;
  readonly priority: PlayoutBlock['priority'];
  /** Epoch ms the first frame was handed. */
  readonly startedAt: number;
  /** The airing row (the driver knows its id). */
  readonly ref: number;
  /** A live item (relay, officer's voice) without audio since this air time; null while it flows. */
  readonly silentSince: number | null;
  readonly kind: NonNullable<PlayoutItem['kind']>;
}

export interface QueuedEntry {
  readonly key: string;
  readonly startAt: number;
  readonly priority: PlayoutBlock['priority'];
  readonly campaign: string | null;
  readonly titles: readonly string[];
}
