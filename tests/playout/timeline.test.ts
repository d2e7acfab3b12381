/**
 * The playout timeline as scenario tables with a fixed clock (after AzuraCast's SchedulerCasesTest
 * and our planner tables): each row queues blocks, moves the clock by hand, plays the driver's part
 * (loads, row writes, the stream going down) and lists what must happen. A failing row prints the
 * whole decision trace: every frame run handed, every row written, every keying.
 */
import { describe, expect, test } from 'vitest';
import type { Priority } from '../../src/domain.js';
import type { PlayoutBlock } from '../../src/playout/queue.js';
import { Timeline, type Effect, type ItemAudio, type TimelineConfig } from '../../src/playout/timeline.js';
import { frameMs, silenceFrames, type FrameFormat } from '../../src/stream/mp3.js';

const FORMAT: FrameFormat = { version: 1, sampleRate: 44100, channels: 1, bitrateKbps: 64 };
const F = frameMs(FORMAT);
/** 2026-11-25 08:00:00 in Hà Nội. */
const T0 = Date.parse('2026-11-25T01:00:00Z');
const PRIMING_MS = 25;

const config = (over: Partial<TimelineConfig> = {}): TimelineConfig => ({
  channelId: 'chinh', transmitterName: 'none', format: FORMAT, silence: silenceFrames(FORMAT),
  leadMs: 300, startLeadMs: 15, flush: { blockBytes: 1400, packetBytes: 1024 },
  preRollMs: 0, postRollMs: 0, preloadMs: 30_000, maxLateMs: 600_000, armMs: 500, maxCatchUpMs: 1000,
  heartbeatMs: 1000, tickMs: 100, ...over,
});

/** Frames named `<item>#<i>`, 209 bytes like a 64 kbit/s frame, so the trace can say what aired. */
const names = new Map<Buffer, string>();
function audio(name: string, seconds: number): ItemAudio {
  const count = Math.ceil((seconds * 1000) / F);
  const frames = Array.from({ length: count }, (_, i) => {
    const b = Buffer.alloc(209);
    names.set(b, `${name}#${i}`);
    return b;
  });
  return { frameCount: count, primingMs: PRIMING_MS, frame: (i) => frames[i] ?? null };
}

const block = (key: string, startAt: number, items: string[], priority: Priority = 'thuong'): PlayoutBlock => ({
  key, startAt, priority, campaign: 'NQ57',
  items: items.map((t, i) => ({ key: `${key}/${i + 1}`, title: t, audioPath: `/a/${t}.mp3`, contentHash: t })),
});

/** A relay block: `title` names the upstream in the driver's `upstreams`. */
const relayBlock = (key: string, startAt: number, title: string, seconds: number, priority: Priority = 'thuong'): PlayoutBlock => ({
  key, startAt, priority, campaign: 'Tiếp âm',
  items: [{ kind: 'relay', key: `${key}/1`, title, url: `http://huyen.example/${title}`, durationMs: seconds * 1000 }],
});

/** The clock the scripted live sources read (the run loop sets it before each tick). */
let clockNow = 0;

/**
 * A scripted live source: frames `<name>#<n>` while the clock is inside one of `up` ([from, to)
 * offsets from T0), none otherwise, with `problem` as its reason. `endsAt` (offset): an
 * open-ended source that ends there (the officer's stop).
 */
function liveAudio(name: string, frameCount: number, up: Array<[number, number]>, problem = 'Connection refused', endsAt?: number): ItemAudio {
  let n = 0;
  const on = () => up.some(([a, b]) => clockNow >= T0 + a && clockNow < T0 + b);
  return {
    frameCount, primingMs: 0,
    frame: () => {
      if (!on()) return null;
      const b = Buffer.alloc(209);
      names.set(b, `${name}#${n++}`);
      return b;
    },
    problem: () => (on() ? null : problem),
    ...(endsAt === undefined ? {} : { ended: () => clockNow >= T0 + endsAt }),
  };
}

interface Driver {
  /** Audio of an item title; seconds. */
  lengths: Record<string, number>;
  /** ms a row write takes; `fail` makes it fail. */
  beginDelayMs?: number;
  beginFails?: boolean;
  /** Keys already on record. */
  aired?: string[];
  /** Files that fail to load. */
  broken?: string[];
  /** [from, to) offsets from T0 when the stream cannot take data. */
  down?: Array<[number, number]>;
  /** [at, for] offsets: the event loop is blocked. */
  stalls?: Array<[number, number]>;
  /** Relay upstreams by title: when they give audio. */
  upstreams?: Record<string, Array<[number, number]>>;
}

interface Run {
  trace: string[];
  rows: Map<number, { key: string; startedAt: number; end?: { status: string; endedAt: number; reason: string | null; startedAt?: number; airedSeconds?: number } }>;
  handed: Array<{ at: number; name: string }>;
}

const at = (t: number) => `${((t - T0) / 1000).toFixed(3)}s`;

/** Runs the timeline from T0 to T0+untilMs like the channel driver would, with the clock by hand. */
function run(cfg: TimelineConfig, d: Driver, steps: Array<[number, (tl: Timeline, now: number) => Effect[] | void]>, untilMs: number): Run {
  const tl = new Timeline(cfg);
  const trace: string[] = [];
  const rows: Run['rows'] = new Map();
  const handed: Run['handed'] = [];
  const refKey = new Map<number, string>();
  const pendingBegun: Array<{ at: number; ref: number }> = [];
  const pendingLoads: Array<{ at: number; key: string; block: PlayoutBlock }> = [];
  let connBytes = 0;
  let wasUp = false;
  const isDown = (t: number) => (d.down ?? []).some(([a, b]) => t >= T0 + a && t < T0 + b);

  const apply = (now: number, effects: Effect[]) => {
    for (const e of effects) {
      switch (e.kind) {
        case 'load': pendingLoads.push({ at: now, key: e.key, block: e.block }); trace.push(`${at(now)} load ${e.key}`); break;
        case 'begin':
          refKey.set(e.ref, e.airing.key);
          trace.push(`${at(now)} begin ${e.airing.key} startedAt=${at(e.airing.startedAt.getTime())}`);
          if (!d.beginFails) rows.set(e.ref, { key: e.airing.key, startedAt: e.airing.startedAt.getTime() });
          pendingBegun.push({ at: now + (d.beginDelayMs ?? 0), ref: e.ref });
          break;
        case 'finish': {
          const r = rows.get(e.ref);
          const end = { status: e.end.status, endedAt: e.end.endedAt.getTime(), reason: e.end.reason ?? null, startedAt: e.end.startedAt?.getTime(), airedSeconds: e.end.airedSeconds };
          if (r) r.end = end;
          trace.push(`${at(now)} finish ${refKey.get(e.ref)} ${e.end.status} end=${at(end.endedAt)}${end.startedAt ? ` start=${at(end.startedAt)}` : ''}${end.reason ? ` (${end.reason})` : ''}`);
          break;
        }
        case 'missed': trace.push(`${at(now)} missed ${e.block.items.map((i) => i.key).join(',')} (${e.reason})`); break;
        case 'failed': trace.push(`${at(now)} failed ${e.block.key} (${e.reason})`); break;
        case 'key': trace.push(`${at(now)} key ${e.to}`); break;
        case 'note': trace.push(`${at(now)} note ${refKey.get(e.ref)}: ${e.note}`); break;
        case 'log': trace.push(`${at(now)} log ${e.line}`); break;
        case 'alert': trace.push(`${at(now)} alert ${e.code} ${e.subject}`); break;
        case 'announce': case 'heartbeat': case 'unload': break;
      }
    }
  };

  const todo = [...steps].sort((a, b) => a[0] - b[0]);
  let now = T0;
  let lastRun = '';
  let lastCount = 0;
  const flushRun = () => {
    if (lastCount) trace.push(`   frames ${lastRun}×${lastCount}`);
    lastCount = 0;
  };
  while (now <= T0 + untilMs) {
    while (todo.length && T0 + todo[0][0] <= now) {
      const [, fn] = todo.shift()!;
      const eff = fn(tl, now);
      if (eff) apply(now, eff);
    }
    for (const l of pendingLoads.filter((x) => x.at <= now)) {
      pendingLoads.splice(pendingLoads.indexOf(l), 1);
      const items = l.block.items.map((i) => i.title);
      const load = (i: PlayoutBlock['items'][number]) => (i.kind === 'relay' ? liveAudio(i.title, Math.ceil(i.durationMs / F), d.upstreams?.[i.title] ?? []) : audio(i.title, d.lengths[i.title]));
      if (items.some((t) => (d.broken ?? []).includes(t))) apply(now, tl.loadFailed(l.key, 'tệp đã bị xóa', now));
      else apply(now, tl.loaded(l.key, l.block.items.map(load), l.block.items.some((i) => (d.aired ?? []).includes(i.key)), now));
    }
    for (const b of pendingBegun.filter((x) => x.at <= now)) {
      pendingBegun.splice(pendingBegun.indexOf(b), 1);
      tl.begun(b.ref);
    }
    clockNow = now;
    const up = !isDown(now);
    if (up && !wasUp) connBytes = 0;
    wasUp = up;
    // The connection's own events say when it went down or came back.
    const edges = (d.down ?? []).flatMap(([a, b]) => [T0 + a, T0 + b]).filter((e) => e <= now);
    const out = tl.tick(now, { writable: up, connectionBytes: connBytes, changedAt: edges.length ? Math.max(...edges) : undefined });
    for (const f of out.frames) {
      connBytes += f.length;
      const name = names.get(f) ?? 'silence';
      handed.push({ at: now, name });
      const base = name.replace(/#\d+$/, '');
      if (base !== lastRun) {
        flushRun();
        lastRun = base;
      }
      lastCount++;
    }
    if (out.effects.length) flushRun();
    apply(now, out.effects);
    // The driver sleeps until wakeAt, or 20 ms when a row write or a load is about to come back; a stall freezes it.
    let next = Math.min(out.wakeAt, ...pendingBegun.map((b) => b.at), ...pendingLoads.map((l) => l.at + 1));
    next = Math.max(now + 1, next);
    const stall = (d.stalls ?? []).find(([a]) => now < T0 + a && next >= T0 + a);
    if (stall) next = T0 + stall[0] + stall[1];
    now = next;
  }
  flushRun();
  return { trace, rows, handed };
}

const rowsOf = (r: Run) => [...r.rows.values()].map((x) => `${x.key} ${x.end?.status ?? 'on-air'}`);
const firstHanded = (r: Run, name: string) => r.handed.find((h) => h.name.startsWith(`${name}#`));

interface Scenario {
  name: string;
  cfg?: Partial<TimelineConfig>;
  driver: Driver;
  steps: Array<[number, (tl: Timeline, now: number) => Effect[] | void]>;
  until: number;
  /** Row keys with their final status, in the order they were begun. */
  rows: string[];
  check?: (r: Run) => void;
}

const sched = (b: PlayoutBlock, ...secs: number[]) => (tl: Timeline) => tl.schedule(b, secs.map((s) => s * 1000));

const scenarios: Scenario[] = [
  {
    name: 'a block starts at its instant: row written ahead, first frame held to the instant and flushed',
    driver: { lengths: { a: 2 } },
    steps: [[0, sched(block('b1', T0 + 5000, ['a']), 2)]],
    until: 9000,
    rows: ['b1/1 aired'],
    check: (r) => {
      const row = [...r.rows.values()][0];
      // What the row says is exact: the instant less the onset's delivery lead.
      expect(row.startedAt).toBe(T0 + 5000 - 15);
      const first = firstHanded(r, 'a')!;
      expect(first.at).toBe(T0 + 5000 - 15);
      // Handed with it: frames up to a whole Icecast block past a decoder's read.
      const burst = r.handed.filter((h) => h.at === first.at && h.name.startsWith('a#')).length;
      expect(burst * 209).toBeGreaterThanOrEqual(1024);
      expect(row.end!.endedAt - row.startedAt).toBe(Math.round(Math.ceil(2000 / F) * F));
    },
  },
  {
    name: 'priority order: at the same instant uu-tien goes first, thuong follows it',
    driver: { lengths: { n: 1, u: 1 } },
    steps: [[0, sched(block('thuong', T0 + 3000, ['n']), 1)], [0, sched(block('uutien', T0 + 3000, ['u'], 'uu-tien'), 1)]],
    until: 8000,
    rows: ['uutien/1 aired', 'thuong/1 aired'],
  },
  {
    name: 'the items of a block air back to back, each with its own row',
    driver: { lengths: { x: 1, y: 1.5 } },
    steps: [[0, sched(block('blk', T0 + 2000, ['x', 'y']), 1, 1.5)]],
    until: 7000,
    rows: ['blk/1 aired', 'blk/2 aired'],
    check: (r) => {
      const [x, y] = [...r.rows.values()];
      expect(y.startedAt - x.end!.endedAt).toBeLessThan(F);
    },
  },
  {
    name: 'khẩn cấp cuts in; the cut item is interrupted and airs again from its start afterwards',
    driver: { lengths: { long: 6, alarm: 1 } },
    steps: [
      [0, sched(block('normal', T0 + 1000, ['long']), 6)],
      [3000, (tl, now) => void tl.airNow(block('alarm', tl.earliestStart(now, PRIMING_MS, true), ['alarm'], 'khan-cap'), [1000], [audio('alarm', 1)], 1, 0)],
    ],
    until: 16_000,
    rows: ['normal/1 interrupted', 'alarm/1 aired', 'normal/1~r1 aired'],
    check: (r) => {
      const [cut, alarm, back] = [...r.rows.values()];
      expect(cut.end!.reason).toMatch(/ngắt bởi bản tin khẩn cấp alarm/);
      expect(alarm.startedAt).toBeGreaterThanOrEqual(cut.end!.endedAt - F);
      expect(alarm.startedAt - (T0 + 3000)).toBeLessThan(500);
      expect(back.end!.endedAt - back.startedAt).toBeGreaterThan(5900);
    },
  },
  {
    name: 'khẩn cấp cutting the first item of a block: the block resumes from that item, the rest follows',
    driver: { lengths: { x: 3, y: 1, alarm: 1 } },
    steps: [
      [0, sched(block('blk', T0 + 1000, ['x', 'y']), 3, 1)],
      [2000, (tl, now) => void tl.airNow(block('alarm', tl.earliestStart(now, PRIMING_MS, true), ['alarm'], 'khan-cap'), [1000], [audio('alarm', 1)], 1, 0)],
    ],
    until: 12_000,
    rows: ['blk/1 interrupted', 'alarm/1 aired', 'blk/1~r1 aired', 'blk/2~r1 aired'],
  },
  {
    name: 'a cancelled block on air is cut (interrupted, "đã hủy") and its remaining items never start',
    driver: { lengths: { x: 3, y: 1 } },
    steps: [[0, sched(block('huy', T0 + 1000, ['x', 'y']), 3, 1)], [2500, (tl, now) => tl.cancel('huy', now).effects]],
    until: 8000,
    rows: ['huy/1 interrupted'],
    check: (r) => expect([...r.rows.values()][0].end!.reason).toBe('đã hủy'),
  },
  {
    name: 'repeats of an air-now block air one after another, each on record under its own key',
    driver: { lengths: { r: 1 } },
    steps: [[1000, (tl, now) => void tl.airNow(block('air', tl.earliestStart(now, PRIMING_MS, false), ['r'], 'khan-cap'), [1000], [audio('r', 1)], 3, 500)]],
    until: 8000,
    rows: ['air/1 aired', 'air/1#2 aired', 'air/1#3 aired'],
  },
  {
    name: 'between repeats of an emergency nothing else starts that it would cut',
    driver: { lengths: { r: 1, n: 2 } },
    steps: [
      [500, (tl, now) => void tl.airNow(block('air', tl.earliestStart(now, PRIMING_MS, false), ['r'], 'khan-cap'), [1000], [audio('r', 1)], 2, 1500)],
      [600, sched(block('normal', T0 + 2000, ['n']), 2)],
    ],
    until: 10_000,
    rows: ['air/1 aired', 'air/1#2 aired', 'normal/1 aired'],
  },
  {
    name: 'nothing twice: a block whose key is on record is dropped when loaded',
    driver: { lengths: { a: 1 }, aired: ['again/1'] },
    steps: [[0, sched(block('again', T0 + 2000, ['a']), 1)]],
    until: 5000,
    rows: [],
    check: (r) => expect(r.trace.join('\n')).toMatch(/again: đã có trong nhật ký phát, không phát lại/),
  },
  {
    name: 'late → missed: a block more than maxLateMs past its instant is recorded missed, never aired',
    cfg: { maxLateMs: 60_000 },
    driver: { lengths: { a: 1 } },
    steps: [[0, sched(block('old', T0 - 61_000, ['a']), 1)]],
    until: 2000,
    rows: [],
    check: (r) => expect(r.trace.join('\n')).toMatch(/missed old\/1 \(không phát được trong 1 phút sau giờ phát\)/),
  },
  {
    name: 'stream down at the instant: the block starts late when it is back, never unheard',
    driver: { lengths: { a: 2 }, down: [[1000, 4000]] },
    steps: [[0, sched(block('wait', T0 + 2000, ['a']), 2)]],
    until: 9000,
    rows: ['wait/1 aired'],
    check: (r) => {
      const first = firstHanded(r, 'a')!;
      expect(first.at).toBeGreaterThanOrEqual(T0 + 4000);
      const trace = r.trace.join('\n');
      expect(trace).toMatch(/luồng phát lên lại sau 3\.0 s không lên sóng/);
    },
  },
  {
    name: 'stream down mid-item: the item keeps its wall-clock position and ends partial with the seconds off the stream',
    driver: { lengths: { long: 6 }, down: [[3000, 5500]] },
    steps: [[0, sched(block('victim', T0 + 1000, ['long']), 6)]],
    until: 10_000,
    rows: ['victim/1 partial'],
    check: (r) => {
      const row = [...r.rows.values()][0];
      const lost = Number(/(\d+\.\d) s không lên sóng/.exec(row.end!.reason ?? '')?.[1]);
      expect(lost).toBeGreaterThanOrEqual(2.4);
      expect(lost).toBeLessThanOrEqual(2.6);
      // The end is where the timeline put it: six seconds after the start, outage included.
      expect(row.end!.endedAt - row.startedAt).toBeGreaterThan(5900);
    },
  },
  {
    name: 'a blocked loop longer than the catch-up limit skips audio and says so on the row',
    driver: { lengths: { long: 8 }, stalls: [[3000, 4000]] },
    steps: [[0, sched(block('stalled', T0 + 1000, ['long']), 8)]],
    until: 12_000,
    rows: ['stalled/1 partial'],
    check: (r) => {
      const row = [...r.rows.values()][0];
      const lost = Number(/(\d+\.\d) s không lên sóng/.exec(row.end!.reason ?? '')?.[1]);
      expect(lost).toBeGreaterThan(2.5);
      expect(lost).toBeLessThan(3.5);
      expect(r.trace.join('\n')).toMatch(/đồng hồ phát trễ: bỏ/);
    },
  },
  {
    name: 'a late row write makes a late start, and the row is told the real start',
    driver: { lengths: { a: 1 }, beginDelayMs: 2000 },
    steps: [[0, sched(block('slow', T0 + 1500, ['a']), 1)]],
    until: 6000,
    rows: ['slow/1 aired'],
    check: (r) => {
      const row = [...r.rows.values()][0];
      const first = firstHanded(r, 'a')!;
      expect(first.at).toBeGreaterThan(row.startedAt + 500);
      expect(row.end!.startedAt).toBe(first.at);
      expect(row.end!.reason).toMatch(/bắt đầu trễ .* nhật ký phát ghi chậm/);
    },
  },
  {
    name: 'a row that cannot be written does not stop the air: the item airs',
    driver: { lengths: { a: 1 }, beginFails: true },
    steps: [[0, sched(block('nolog', T0 + 1500, ['a']), 1)]],
    until: 5000,
    rows: [],
    check: (r) => expect(firstHanded(r, 'a')).toBeDefined(),
  },
  {
    name: 'pre-roll keys the transmitter before the instant, post-roll releases it after the end',
    cfg: { preRollMs: 1000, postRollMs: 500 },
    driver: { lengths: { a: 1 } },
    steps: [[0, sched(block('keyed', T0 + 3000, ['a']), 1)]],
    until: 7000,
    rows: ['keyed/1 aired'],
    check: (r) => {
      const on = r.trace.find((l) => l.includes('key on'))!;
      const off = r.trace.find((l) => l.includes('key off'))!;
      const t = (l: string) => Number(l.split('s ')[0]) * 1000;
      expect(t(on)).toBeLessThanOrEqual(3000 - 1000 - 15);
      expect(t(on)).toBeGreaterThan(3000 - 1000 - 15 - 100);
      const row = [...r.rows.values()][0];
      expect(t(off)).toBeGreaterThanOrEqual(row.end!.endedAt - T0 + 500 - 20);
    },
  },
  {
    name: 'a block cancelled after its pre-roll keyed the transmitter releases it, with no row',
    cfg: { preRollMs: 3000 },
    driver: { lengths: { a: 1 } },
    steps: [[0, sched(block('huy', T0 + 4000, ['a']), 1)], [2000, (tl, now) => tl.cancel('huy', now).effects]],
    until: 6000,
    rows: [],
    check: (r) => expect(r.trace.filter((l) => / key (on|off)/.test(l)).map((l) => l.split(' ').pop())).toEqual(['on', 'off']),
  },
  {
    name: 'a file gone by its preload is on record as failed, not aired',
    driver: { lengths: { a: 1 }, broken: ['a'] },
    steps: [[0, sched(block('gone', T0 + 2000, ['a']), 1)]],
    until: 4000,
    rows: [],
    check: (r) => expect(r.trace.join('\n')).toMatch(/failed gone \(tệp đã bị xóa\)/),
  },
  // --- relays (tiếp âm): the upstream is scripted per title in `upstreams` ---------------------
  {
    name: 'a relay airs its upstream for its whole window, then the mount goes back to silence',
    driver: { lengths: {}, upstreams: { huyen: [[0, 20_000]] } },
    steps: [[0, sched(relayBlock('r', T0 + 2000, 'huyen', 6), 6)]],
    until: 10_000,
    rows: ['r/1 aired'],
    check: (r) => {
      const row = [...r.rows.values()][0];
      expect(Math.abs(row.end!.endedAt - row.startedAt - 6000)).toBeLessThan(F);
      expect(Math.abs(row.end!.airedSeconds! - 6)).toBeLessThan(F / 1000);
      expect(r.handed.filter((h) => h.name.startsWith('huyen#')).length).toBe(Math.ceil(6000 / F));
      expect(r.handed.at(-1)!.name).toBe('silence');
    },
  },
  {
    name: 'upstream down at the start: silence meanwhile, the relay once it comes, partial with the seconds relayed and why',
    driver: { lengths: {}, upstreams: { huyen: [[4000, 20_000]] } },
    steps: [[0, sched(relayBlock('r', T0 + 2000, 'huyen', 6), 6)]],
    until: 10_000,
    rows: ['r/1 partial'],
    check: (r) => {
      const row = [...r.rows.values()][0];
      const m = /tiếp âm được (\d+\.\d) s trong 6\.0 s; mất tín hiệu 1 lần \(lần đầu ở giây 0\.0\): Connection refused/.exec(row.end!.reason ?? '');
      expect(m, row.end!.reason ?? '').not.toBeNull();
      expect(Number(m![1])).toBeGreaterThan(3.4);
      expect(Number(m![1])).toBeLessThan(4.2);
      // The row's duration is what was relayed; its end is still the window's.
      expect(row.end!.airedSeconds).toBeCloseTo(Number(m![1]), 0);
      expect(Math.abs(row.end!.endedAt - row.startedAt - 6000)).toBeLessThan(F);
      expect(r.trace.join('\n')).toMatch(/alert LP_ERR_RELAY_UPSTREAM huyen/);
    },
  },
  {
    name: 'upstream gone mid-relay: partial, with the seconds relayed before it went',
    driver: { lengths: {}, upstreams: { huyen: [[0, 5000]] } },
    steps: [[0, sched(relayBlock('r', T0 + 2000, 'huyen', 6), 6)]],
    until: 10_000,
    rows: ['r/1 partial'],
    check: (r) => {
      const reason = [...r.rows.values()][0].end!.reason ?? '';
      const m = /tiếp âm được (\d+\.\d) s trong 6\.0 s; mất tín hiệu 1 lần \(lần đầu ở giây (\d+\.\d)\)/.exec(reason);
      expect(m, reason).not.toBeNull();
      expect(Number(m![1])).toBeGreaterThan(2.9);
      expect(Number(m![1])).toBeLessThan(3.6);
      expect(Number(m![2])).toBeCloseTo(Number(m![1]), 0);
    },
  },
  {
    name: 'an upstream that never came: the relay is missed (silence aired, nothing relayed), with a warning',
    driver: { lengths: {}, upstreams: { huyen: [] } },
    steps: [[0, sched(relayBlock('r', T0 + 2000, 'huyen', 4), 4)]],
    until: 8000,
    rows: ['r/1 missed'],
    check: (r) => {
      expect([...r.rows.values()][0].end!.reason).toMatch(/nguồn tiếp âm không có tín hiệu suốt 4\.0 s: Connection refused/);
      expect(r.trace.join('\n')).toMatch(/alert LP_ERR_RELAY_UPSTREAM huyen/);
      expect(r.handed.every((h) => h.name === 'silence')).toBe(true);
    },
  },
  {
    name: 'khẩn cấp cuts a relay; the relay resumes for what is left of its window and ends with it',
    driver: { lengths: { alarm: 1 }, upstreams: { huyen: [[0, 20_000]] } },
    steps: [
      [0, sched(relayBlock('r', T0 + 1000, 'huyen', 8), 8)],
      [3000, (tl, now) => void tl.airNow(block('alarm', tl.earliestStart(now, PRIMING_MS, true), ['alarm'], 'khan-cap'), [1000], [audio('alarm', 1)], 1, 0)],
    ],
    until: 12_000,
    rows: ['r/1 interrupted', 'alarm/1 aired', 'r/1~r1 aired'],
    check: (r) => {
      const [cut, , back] = [...r.rows.values()];
      expect(cut.end!.reason).toMatch(/ngắt bởi bản tin khẩn cấp alarm/);
      // The window closes where it would have without the emergency: 1 s + 8 s.
      expect(Math.abs(back.end!.endedAt - (T0 + 9000))).toBeLessThan(2 * F);
      expect(back.end!.endedAt - back.startedAt).toBeLessThan(5000);
    },
  },
  {
    name: 'an emergency outlasting the relay\'s window: the relay does not come back, and its resume is on record as missed',
    driver: { lengths: { alarm: 5 }, upstreams: { huyen: [[0, 20_000]] } },
    steps: [
      [0, sched(relayBlock('r', T0 + 1000, 'huyen', 4), 4)],
      [2000, (tl, now) => void tl.airNow(block('alarm', tl.earliestStart(now, PRIMING_MS, true), ['alarm'], 'khan-cap'), [5000], [audio('alarm', 5)], 1, 0)],
    ],
    until: 10_000,
    rows: ['r/1 interrupted', 'alarm/1 aired'],
    check: (r) => expect(r.trace.join('\n')).toMatch(/missed r\/1~r1 \(hết giờ tiếp âm trước khi kênh rảnh lại sau bản tin khẩn cấp\)/),
  },
  {
    name: 'a configured filler airs in a relay\'s gap instead of silence; the gap still counts',
    driver: { lengths: {}, upstreams: { huyen: [[0, 3000]] } },
    steps: [[0, (tl) => tl.setFiller(audio('filler', 1))], [0, sched(relayBlock('r', T0 + 2000, 'huyen', 4), 4)]],
    until: 8000,
    rows: ['r/1 partial'],
    check: (r) => {
      const filler = r.handed.filter((h) => h.name.startsWith('filler#')).length;
      expect(filler * F).toBeGreaterThan(2500);
      expect(filler * F).toBeLessThan(3500);
      // Outside the relay the mount is silence as ever.
      expect(r.handed.at(-1)!.name).toBe('silence');
    },
  },
  // --- the officer's live voice -------------------------------------------------------------
  {
    name: 'a live item lasts until its source ends (the stop button), logged aired with its real length',
    driver: { lengths: {} },
    steps: [[500, (tl, now) => void tl.airNow(
      { key: 'live', startAt: tl.earliestStart(now, 0, false), priority: 'khan-cap', campaign: null, items: [{ kind: 'live', key: 'live/1', title: 'Trực tiếp', speaker: 'can-bo' }] },
      [0], [liveAudio('mic', 100_000, [[0, 4000]], 'mất kết nối', 4000)], 1, 0)]],
    until: 8000,
    rows: ['live/1 aired'],
    check: (r) => {
      const row = [...r.rows.values()][0];
      expect(row.end!.reason).toBeNull();
      // Ended where the voice ended (its last frame was handed up to 300 ms ahead of its air time).
      expect(row.end!.endedAt).toBeGreaterThanOrEqual(T0 + 4000);
      expect(row.end!.endedAt).toBeLessThanOrEqual(T0 + 4300 + F);
    },
  },
  {
    name: 'a live voice with a pause of a few frames is aired (the pause is told); more than a second missing is partial',
    driver: { lengths: {} },
    steps: [
      [500, (tl, now) => void tl.airNow(
        { key: 'ngan', startAt: tl.earliestStart(now, 0, false), priority: 'khan-cap', campaign: null, items: [{ kind: 'live', key: 'ngan/1', title: 'Trực tiếp', speaker: 'can-bo' }] },
        [0], [liveAudio('mic', 100_000, [[0, 2000], [2500, 4000]], 'mạng chậm', 4000)], 1, 0)],
      [5000, (tl, now) => void tl.airNow(
        { key: 'dai', startAt: tl.earliestStart(now, 0, true), priority: 'khan-cap', campaign: null, items: [{ kind: 'live', key: 'dai/1', title: 'Trực tiếp', speaker: 'can-bo' }] },
        [0], [liveAudio('mic2', 100_000, [[0, 6500], [8500, 10_000]], 'mạng chậm', 10_000)], 1, 0)],
    ],
    until: 12_000,
    rows: ['ngan/1 aired', 'dai/1 partial'],
    check: (r) => {
      const [short, long] = [...r.rows.values()];
      expect(short.end!.reason).toMatch(/nguồn không có tín hiệu 0\.\d s: mạng chậm/);
      expect(long.end!.reason).toMatch(/nguồn không có tín hiệu [12]\.\d s: mạng chậm/);
    },
  },
  // --- a corrected plan ---------------------------------------------------------------------
  {
    name: 'a queued block moved to an earlier start (the plan corrected it) airs at the new instant',
    driver: { lengths: { a: 1 } },
    steps: [[0, sched(block('b', T0 + 10_000, ['a']), 1)], [1000, (tl) => void expect(tl.move(block('b', T0 + 3000, ['a']))).toBe(true)]],
    until: 6000,
    rows: ['b/1 aired'],
    check: (r) => expect(firstHanded(r, 'a')!.at).toBe(T0 + 3000 - 15),
  },
  {
    name: 'a block whose pre-roll already keyed the transmitter is not moved',
    cfg: { preRollMs: 3000 },
    driver: { lengths: { a: 1 } },
    steps: [[0, sched(block('b', T0 + 4000, ['a']), 1)], [2000, (tl) => void expect(tl.move(block('b', T0 + 2500, ['a']))).toBe(false)]],
    until: 7000,
    rows: ['b/1 aired'],
    check: (r) => expect(firstHanded(r, 'a')!.at).toBe(T0 + 4000 - 15),
  },
];

describe('playout timeline scenarios', () => {
  test.each(scenarios)('$name', (s) => {
    const r = run(config(s.cfg), s.driver, s.steps, s.until);
    const why = `decision trace:\n${r.trace.join('\n')}`;
    expect(rowsOf(r), why).toEqual(s.rows);
    try {
      s.check?.(r);
    } catch (e) {
      (e as Error).message += `\n${why}`;
      throw e;
    }
    // Whatever happened, each item's frames went out in order and none twice (a resume replays
    // from the item's start under a new airing, so order is checked per airing run).
    const last = new Map<string, number>();
    for (const h of r.handed) {
      const m = /^(.*)#(\d+)$/.exec(h.name);
      if (!m) continue;
      const i = Number(m[2]);
      const prev = last.get(m[1]);
      expect(prev === undefined || i > prev || i === 0, `${h.name} after #${prev}\n${why}`).toBe(true);
      last.set(m[1], i);
    }
  });
});
