/**
 * The scheduler loop: asks the pure planner what is due, renders it ahead of its slot, hands ready
 * blocks to their channel, and records every slot that will not air. It never relies on a timer
 * firing at the slot instant (node-cron skips runs when the loop is busy): each short tick re-plans
 * from the clock and the channel's own pacing places the first sample.
 *
 * The plan uses real lengths: audio files are probed before planning (cached by content), rendered
 * bulletins by their render. When a real length moves a block that was already handed over, the
 * channel is told the new start (until its pre-roll has keyed). Each (item, hardware profile) is
 * prepared once however many channels air it, and every block goes to its channel as soon as its
 * own items are ready — forty channels on one slot are handed together, not one after another.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../config/index.js';
import type { AiringSink } from '../airing/port.js';
import { AudioLengths, audioPaths } from '../audio/lengths.js';
import { toLpError } from '../errors.js';
import { recordMissed, type Channel, type PlayoutBlock } from '../playout/index.js';
import { loadSchedules, MAX_TEXT_BYTES, planAirings, formatProblem, type PlannedBlock, type PlannedFileItem, type Schedule } from '../schedule/index.js';
import type { StationWarning, UpcomingItem } from './api.js';
import type { PreparedAudio, SoundChoice } from './prepare.js';

/** Re-plan this often; short so a new or edited schedule is picked up quickly. */
const TICK_MS = 2000;
/** A block whose start passed by more than this without being handed over is missed, not aired late. */
const LATE_GRACE_MS = 5000;
/** A failed render is tried again after this long while its slot is still ahead (the text may have been fixed). */
const RETRY_MS = 60_000;

interface Tracked {
  /** As last planned: a later plan may move its start (real lengths replaced estimates). */
  block: PlannedBlock;
  /** `aired`: every item already on record (a restart inside the grace window), nothing handed over. */
  state: 'pending' | 'ready' | 'failed' | 'missed' | 'aired';
  /** What the channel was handed (kept to move it). */
  items?: PlayoutBlock['items'];
  error?: string;
  failedAt?: number;
}

export interface SchedulerDeps {
  readonly config: Readonly<Config>;
  readonly channels: ReadonlyMap<string, Channel>;
  readonly airings: AiringSink;
  /** Renders for the channel's own hardware profile (its voicing and format). */
  readonly prepare: (item: { kind: 'bulletin' | 'audio'; path: string; title: string } & SoundChoice, channelId: string) => Promise<PreparedAudio>;
  /** The hardware profile a channel renders for: channels that share one share each render. */
  readonly profileOf: (channelId: string) => string;
  readonly now: () => number;
  readonly log: (line: string) => void;
}

export class Scheduler {
  readonly #deps: SchedulerDeps;
  #schedules: Schedule[] = [];
  #warnings: StationWarning[] = [];
  readonly #tracked = new Map<string, Tracked>();
  #timer: NodeJS.Timeout | null = null;
  #running = false;
  /** Real lengths of rendered items, so the planner's overlap checks use them instead of estimates. */
  readonly #durations = new Map<string, number>();
  /** Real lengths of audio items, probed before each plan. */
  readonly #lengths = new AudioLengths();
  /** Conflicts and skips of the latest plan: shown in the UI, logged once each. */
  #planNotes: StationWarning[] = [];
  readonly #logged = new Set<string>();
  /** Names and content hashes of the schedule files last read: a hand edit is picked up on the next tick. */
  #filesSeen = '';
  /** One render at a time: renders already use both cores, and air-now must not wait behind many. */
  #renderChain: Promise<void> = Promise.resolve();
  /** Missed rows being written and blocks being prepared (the loop never waits for them). */
  readonly #writes = new Set<Promise<unknown>>();

  constructor(deps: SchedulerDeps) {
    this.#deps = deps;
  }

  /**
   * By content, not mtime: an edit within the filesystem's mtime resolution, or a copy that keeps
   * the old mtime, is still seen. A file too big to be a schedule is not read (the parser refuses it).
   */
  #scheduleFiles(): string {
    const dir = this.#deps.config.schedulesDir;
    try {
      return readdirSync(dir).filter((n) => n.endsWith('.yaml') || n.endsWith('.yml')).sort()
        .map((n) => {
          const s = statSync(join(dir, n));
          const content = s.isFile() && s.size <= MAX_TEXT_BYTES ? createHash('sha256').update(readFileSync(join(dir, n))).digest('hex') : `${s.size}:${s.mtimeMs}`;
          return `${n}:${content}`;
        }).join('|');
    } catch {
      return '';
    }
  }

  /**
   * Re-reads schedules/; an invalid file becomes a warning and the others keep airing. Blocks whose
   * audio failed are tried again: the edit may be the fix.
   */
  reload(): StationWarning[] {
    const { config } = this.#deps;
    this.#filesSeen = this.#scheduleFiles();
    const now = this.#deps.now();
    for (const [key, t] of this.#tracked) if (t.state === 'failed' && t.block.startAt.getTime() > now) this.#tracked.delete(key);
    const { schedules, problems } = loadSchedules(config.schedulesDir, { contentDir: config.contentDir, channels: [...this.#deps.channels.keys()], relayHosts: config.relay.hosts });
    this.#schedules = schedules;
    this.#warnings = problems.map((p) => ({ code: p.code, message: formatProblem(p), subject: p.file }));
    for (const w of this.#warnings) this.#deps.log(`${w.code} : ${w.message}`);
    return this.#warnings;
  }

  #plan(from: number, until: number) {
    const { config, channels } = this.#deps;
    return planAirings(this.#schedules, {
      from: new Date(from),
      until: new Date(until),
      timezone: config.timezone,
      quietHours: config.quietHours,
      channels: [...channels.keys()],
      durationOf: (item) => (item.kind === 'audio' ? this.#lengths.get(item.path) : this.#durations.get(item.path)),
    });
  }

  #track(p: Promise<unknown>): void {
    this.#writes.add(p);
    void p.finally(() => this.#writes.delete(p));
  }

  /** One render at a time (renders already use both cores; air-now must not wait behind many). */
  #serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#renderChain.then(fn);
    this.#renderChain = run.then(() => undefined, () => undefined);
    return run;
  }

  #missBlock(block: PlannedBlock, reason: string): Promise<void> {
    const items = block.items.map((i) => ({ key: i.key, title: i.title, scheduledAt: block.startAt }));
    const write = recordMissed(this.#deps.airings, { channelId: block.channelId, campaign: block.campaign, priority: block.priority, items }, reason)
      .then(() => this.#deps.log(`bỏ lỡ ${block.key}: ${reason}`))
      .catch((e) => this.#deps.log(`bỏ lỡ ${block.key}: ${reason}; ${toLpError(e, 'LP_ERR_STORE_FAILED').toLine()}`));
    this.#track(write);
    return write;
  }

  /** Slots that fell while the station was down are logged `missed`, never aired late. */
  async recordMissedSince(since: Date | null): Promise<number> {
    const now = this.#deps.now();
    if (!since || since.getTime() >= now - LATE_GRACE_MS) return 0;
    await this.#lengths.refresh(audioPaths(this.#schedules));
    const plan = this.#plan(since.getTime(), now - LATE_GRACE_MS);
    await Promise.all(plan.blocks.map((block) => this.#missBlock(block, 'đài không hoạt động vào giờ phát')));
    return plan.blocks.length;
  }

  async tick(): Promise<void> {
    const { config, channels, now: clock } = this.#deps;
    if (this.#scheduleFiles() !== this.#filesSeen) this.reload();
    await this.#lengths.refresh(audioPaths(this.#schedules));
    const now = clock();
    const plan = this.#plan(now - LATE_GRACE_MS, now + config.renderAheadMinutes * 60_000);
    const planned = new Set(plan.blocks.map((b) => b.key));
    this.#planNotes = [
      ...plan.conflicts.map((c) => ({ code: 'LP_ERR_SCHEDULE_CONFLICT', message: `${c.message} → ${c.resolution}`, subject: c.blocks.join(', ') })),
      ...plan.skipped.map((s) => ({ code: 'LP_ERR_SLOT_SKIPPED', message: s.reason, subject: s.key })),
    ];
    for (const n of this.#planNotes) {
      if (this.#logged.has(n.subject + n.message)) continue;
      this.#logged.add(n.subject + n.message);
      this.#deps.log(`${n.code} : ${n.subject}: ${n.message}`);
    }
    // A block whose audio never got ready is on record as missed once its slot has passed, and is
    // tried again now and then before that.
    for (const [key, t] of this.#tracked) {
      if (t.state !== 'failed') continue;
      if (t.block.startAt.getTime() < now - LATE_GRACE_MS) {
        t.state = 'missed';
        await this.#missBlock(t.block, `chưa chuẩn bị được âm thanh: ${t.error}`);
      } else if (now - (t.failedAt ?? now) >= RETRY_MS) {
        this.#tracked.delete(key);
      }
    }
    // One preparation per (item, hardware profile) in this plan, shared by every channel airing it.
    const batch = new Map<string, Promise<PreparedAudio>>();
    const prepareOnce = (item: PlannedFileItem, channelId: string): Promise<PreparedAudio> => {
      const k = [this.#deps.profileOf(channelId), item.kind, item.path, item.title, item.intro ?? '', item.outro ?? '', item.bed ?? ''].join('\n');
      let p = batch.get(k);
      if (!p) {
        p = this.#serial(() => this.#deps.prepare(item, channelId));
        batch.set(k, p);
      }
      return p;
    };
    for (const block of plan.blocks) {
      const known = this.#tracked.get(block.key);
      if (known) {
        if (known.block.startAt.getTime() !== block.startAt.getTime()) this.#replan(known, block);
        continue;
      }
      if (await this.#allAired(block)) continue;
      if (block.startAt.getTime() < now - LATE_GRACE_MS) continue;
      const tracked: Tracked = { block, state: 'pending' };
      this.#tracked.set(block.key, tracked);
      this.#track(this.#handOver(tracked, prepareOnce));
    }
    // An edited or deleted schedule: blocks that are no longer planned and not started go away.
    for (const [key, t] of this.#tracked) {
      if (planned.has(key)) continue;
      if (t.block.startAt.getTime() > now) channels.get(t.block.channelId)?.cancel(key);
      if (t.block.startAt.getTime() < now - 24 * 3600_000 || t.block.startAt.getTime() > now) this.#tracked.delete(key);
    }
  }

  async #allAired(block: PlannedBlock): Promise<boolean> {
    for (const i of block.items) if (!(await this.#deps.airings.hasAired(i.key))) return false;
    return true;
  }

  /**
   * A later plan put a known block elsewhere (a real length replaced an estimate). One still being
   * prepared is handed with the new start; one already handed is moved on its channel, unless it
   * can no longer move (its pre-roll has keyed: it airs as first handed, the channel waits if busy).
   */
  #replan(t: Tracked, block: PlannedBlock): void {
    if (t.state === 'pending') {
      t.block = block;
      return;
    }
    if (t.state !== 'ready') return;
    const moved = this.#deps.channels.get(block.channelId)?.move(this.#playoutBlock(block, t.items ?? [])) ?? false;
    if (moved) {
      this.#deps.log(`${block.key}: giờ phát dự kiến đổi thành ${block.startAt.toISOString()} (độ dài thật thay cho ước lượng)`);
      t.block = block;
    }
  }

  #playoutBlock(block: PlannedBlock, items: PlayoutBlock['items']): PlayoutBlock {
    return { key: block.key, startAt: block.startAt.getTime(), priority: block.priority, campaign: block.campaign, items: items.map((it) => ({ ...it, scheduledAt: block.startAt })) };
  }

  async #handOver(t: Tracked, prepare: (item: PlannedFileItem, channelId: string) => Promise<PreparedAudio>): Promise<void> {
    const { block } = t;
    try {
      // Already on record (a restart inside the grace window): nothing airs twice.
      const aired = await Promise.all(block.items.map((i) => this.#deps.airings.hasAired(i.key)));
      if (aired.every(Boolean)) {
        t.state = 'aired';
        return;
      }
      const items = await Promise.all(block.items.map(async (item): Promise<PlayoutBlock['items'][number]> => {
        // A relay needs nothing ahead: its channel opens the upstream shortly before the slot.
        if (item.kind === 'relay') return { kind: 'relay', key: item.key, title: item.title, url: item.url, durationMs: item.durationMs };
        const audio = await prepare(item, block.channelId);
        this.#durations.set(item.path, audio.durationSec);
        return { key: item.key, title: audio.title, audioPath: audio.audioPath, contentHash: audio.contentHash, voice: audio.voice };
      }));
      if (this.#tracked.get(block.key) !== t) return; // cancelled while rendering
      t.items = items;
      const channel = this.#deps.channels.get(block.channelId);
      // The latest plan's start: it may have moved while the items were being prepared.
      await channel?.schedule(this.#playoutBlock(t.block, items));
      t.state = 'ready';
    } catch (e) {
      const err = toLpError(e, 'LP_ERR_RENDER_AHEAD_FAILED');
      t.state = 'failed';
      t.error = err.message;
      t.failedAt = this.#deps.now();
      this.#deps.log(`LP_ERR_RENDER_AHEAD_FAILED : ${block.key}: ${err.toLine()}`);
    }
  }

  /** Ticks never overlap: the next is timed from the end of the last (store reads are async). */
  start(): void {
    this.#running = true;
    const loop = async () => {
      try {
        await this.tick();
      } catch (e) {
        this.#deps.log(toLpError(e).toLine());
      }
      if (!this.#running) return;
      this.#timer = setTimeout(loop, TICK_MS);
      this.#timer.unref();
    };
    void loop();
  }

  /** Resolves when every block asked for so far is handed over (or failed), and every missed row is written. */
  async idle(): Promise<void> {
    while (this.#writes.size) await Promise.all([...this.#writes]);
  }

  stop(): void {
    this.#running = false;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }

  warnings(): StationWarning[] {
    const renderFailures = [...this.#tracked.values()]
      .filter((t) => t.state === 'failed')
      .map((t) => ({ code: 'LP_ERR_RENDER_AHEAD_FAILED', message: t.error ?? '', subject: t.block.key }));
    return [...this.#warnings, ...this.#planNotes, ...renderFailures];
  }

  /** What airs in the next day, soonest first, with whether its audio is ready yet. */
  upcoming(limit = 10): UpcomingItem[] {
    const now = this.#deps.now();
    return this.#plan(now, now + 24 * 3600_000).blocks
      .filter((b) => { const st = this.#tracked.get(b.key)?.state; return st !== 'missed' && st !== 'aired'; })
      .slice(0, limit)
      .map((b) => {
        const t = this.#tracked.get(b.key);
        return {
          key: b.key,
          title: b.items.map((i) => i.title).join(' · '),
          campaign: b.campaign,
          priority: b.priority,
          channelId: b.channelId,
          startAt: b.startAt.toISOString(),
          render: t?.state === 'ready' ? 'ready' : t?.state === 'failed' ? 'failed' : 'pending',
          ...(t?.error ? { renderError: t.error } : {}),
        };
      });
  }
}
