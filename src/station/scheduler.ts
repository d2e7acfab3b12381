/**
 * The scheduler loop: asks the pure planner what is due, renders it ahead of its slot, hands ready
 * blocks to their channel, and records every slot that will not air. It never relies on a timer
 * firing at the slot instant (node-cron skips runs when the loop is busy): each short tick re-plans
 * from the clock and the channel's own pacing places the first sample.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../config/index.js';
import type { AiringSink } from '../airing/port.js';
import { LpError, toLpError } from '../errors.js';
import { recordMissed, type Channel, type PlayoutBlock } from '../playout/index.js';
import { loadSchedules, MAX_TEXT_BYTES, planAirings, formatProblem, type PlannedBlock, type Schedule } from '../schedule/index.js';
import type { StationWarning, UpcomingItem } from './api.js';
import type { PreparedAudio, SoundChoice } from './prepare.js';

/** Re-plan this often; short so a new or edited schedule is picked up quickly. */
const TICK_MS = 2000;
/** A block whose start passed by more than this without being handed over is missed, not aired late. */
const LATE_GRACE_MS = 5000;
/** A failed render is tried again after this long while its slot is still ahead (the text may have been fixed). */
const RETRY_MS = 60_000;

interface Tracked {
  readonly block: PlannedBlock;
  /** `aired`: every item already on record (a restart inside the grace window), nothing handed over. */
  state: 'pending' | 'ready' | 'failed' | 'missed' | 'aired';
  error?: string;
  failedAt?: number;
}

export interface SchedulerDeps {
  readonly config: Readonly<Config>;
  readonly channels: ReadonlyMap<string, Channel>;
  readonly airings: AiringSink;
  /** Renders for the channel's own hardware profile (its voicing and format). */
  readonly prepare: (item: { kind: 'bulletin' | 'audio'; path: string; title: string } & SoundChoice, channelId: string) => Promise<PreparedAudio>;
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
  /** Conflicts and skips of the latest plan: shown in the UI, logged once each. */
  #planNotes: StationWarning[] = [];
  readonly #logged = new Set<string>();
  /** Names and content hashes of the schedule files last read: a hand edit is picked up on the next tick. */
  #filesSeen = '';
  /** One render at a time: renders already use both cores, and air-now must not wait behind many. */
  #renderChain: Promise<void> = Promise.resolve();
  /** Missed rows being written (the store is asynchronous; the loop never waits for it). */
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
    const { schedules, problems } = loadSchedules(config.schedulesDir, { contentDir: config.contentDir, channels: [...this.#deps.channels.keys()] });
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
      durationOf: (item) => this.#durations.get(item.path),
    });
  }

  #missBlock(block: PlannedBlock, reason: string): Promise<void> {
    const items = block.items.map((i) => ({ key: i.key, title: i.title, scheduledAt: block.startAt }));
    const write = recordMissed(this.#deps.airings, { channelId: block.channelId, campaign: block.campaign, priority: block.priority, items }, reason)
      .then(() => this.#deps.log(`bỏ lỡ ${block.key}: ${reason}`))
      .catch((e) => this.#deps.log(`bỏ lỡ ${block.key}: ${reason}; ${toLpError(e, 'LP_ERR_STORE_FAILED').toLine()}`));
    this.#writes.add(write);
    void write.finally(() => this.#writes.delete(write));
    return write;
  }

  /** Slots that fell while the station was down are logged `missed`, never aired late. */
  async recordMissedSince(since: Date | null): Promise<number> {
    const now = this.#deps.now();
    if (!since || since.getTime() >= now - LATE_GRACE_MS) return 0;
    const plan = this.#plan(since.getTime(), now - LATE_GRACE_MS);
    await Promise.all(plan.blocks.map((block) => this.#missBlock(block, 'đài không hoạt động vào giờ phát')));
    return plan.blocks.length;
  }

  async tick(): Promise<void> {
    const { config, channels, now: clock } = this.#deps;
    if (this.#scheduleFiles() !== this.#filesSeen) this.reload();
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
    for (const block of plan.blocks) {
      if (this.#tracked.has(block.key)) continue;
      if (await this.#allAired(block)) continue;
      if (block.startAt.getTime() < now - LATE_GRACE_MS) continue;
      const tracked: Tracked = { block, state: 'pending' };
      this.#tracked.set(block.key, tracked);
      this.#renderChain = this.#renderChain.then(() => this.#render(tracked));
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

  async #render(t: Tracked): Promise<void> {
    const { block } = t;
    try {
      // Already on record (a restart inside the grace window): nothing airs twice.
      const aired = await Promise.all(block.items.map((i) => this.#deps.airings.hasAired(i.key)));
      if (aired.every(Boolean)) {
        t.state = 'aired';
        return;
      }
      const items: PlayoutBlock['items'][number][] = [];
      for (const item of block.items) {
        // Relay playout is not wired into the station yet: the block fails where everyone sees it
        // (home page warning, then `missed` rows with this reason), never skipped in silence.
        if (item.kind === 'relay') throw new LpError('LP_ERR_ITEM_KIND_UNSUPPORTED', `${item.key}: tiếp âm ${item.url} chưa phát được trong phiên bản này`);
        const audio = await this.#deps.prepare(item, block.channelId);
        this.#durations.set(item.path, audio.durationSec);
        items.push({ key: item.key, title: audio.title, audioPath: audio.audioPath, contentHash: audio.contentHash, voice: audio.voice, scheduledAt: block.startAt });
      }
      if (this.#tracked.get(block.key) !== t) return; // cancelled while rendering
      const channel = this.#deps.channels.get(block.channelId);
      await channel?.schedule({ key: block.key, startAt: block.startAt.getTime(), priority: block.priority, campaign: block.campaign, items });
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

  /** Resolves when every render asked for so far has finished (or failed), and every missed row is written. */
  async idle(): Promise<void> {
    await this.#renderChain;
    await Promise.all([...this.#writes]);
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
