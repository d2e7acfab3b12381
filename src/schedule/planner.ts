/**
 * The pure planner: (schedules, window, zone, quiet hours, channels) → the blocks that will air,
 * the conflicts with what is done about them, the occurrences that will not air and why, and a
 * trace of every decision. No clock, no I/O: the same input always gives the same plan.
 *
 * Rules, per channel:
 * - thuong takes its slot; when the channel is busy it waits (pushed behind the block on air).
 * - uu-tien goes ahead of every waiting thuong block, but never cuts one already on air.
 * - khan-cap airs at its instant: a block on air is cut and its remainder resumes afterwards; it
 *   may air in quiet hours (unless the file says `breakQuietHours: false`).
 * - quiet hours skip every other occurrence, including one a push would move into them.
 * - rotation airs one item per occurrence: the n-th airable occurrence since `from` airs item
 *   n mod items, so the whole campaign is covered whatever window is planned.
 * - a relay lasts its `duration`, or from the block's slot instant to its `until` that day; it is
 *   planned, pushed and cut like any item.
 */
import { PRIORITY_LABELS, PRIORITY_RANK } from '../domain.js';
import { LpError } from '../errors.js';
import {
  addDays, compareDates, formatClock, formatDate, formatLocal, formatSecondOfDay, inDailySpan, instantOf, instantOfWritten, localTimeOf,
  parseDailySpan, parseDate, secondOfDay, startOfDay, weekdayOf, type DailySpan, type LocalDate,
} from '../time/index.js';
import { cronMatchesDay, cronTimesOfDay } from './cron.js';
import type { Conflict, FileItem, Plan, PlannedBlock, PlannedFileItem, PlannedItem, PlannedRelayItem, Schedule, SkippedOccurrence } from './types.js';

/** A planned item before the block (and so its key) exists. */
type UnkeyedItem = Omit<PlannedFileItem, 'key'> | Omit<PlannedRelayItem, 'key'>;

export interface PlanOptions {
  /** Start of the window (included): blocks whose slot falls in [from, until) are listed. */
  from: Date;
  /** End of the window (excluded). */
  until: Date;
  /** IANA zone every wall-clock time is read in, e.g. 'Asia/Ho_Chi_Minh'. */
  timezone: string;
  /** Local "HH:MM" span (may wrap midnight) when only khẩn cấp airs; null = none. */
  quietHours: { from: string; to: string } | null;
  /** Configured channel ids; a schedule without `channels` airs on all of them. */
  channels: readonly string[];
  /** Real length of a file item in seconds when known (rendered audio); else the item's estimate. */
  durationOf?: (item: FileItem) => number | undefined;
  /** Most blocks one schedule may produce in the window; the rest is reported. @default 5000 */
  maxBlocksPerSchedule?: number;
}

/** Length assumed for an item nothing is known about. */
export const DEFAULT_ITEM_SECONDS = 120;
/** Blocks this long before the window are planned too, so one still on air pushes the next. */
const LOOKBACK_MS = 6 * 3600_000;

/** Code-unit order: unlike localeCompare it cannot differ between machines. */
const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

interface Env {
  tz: string;
  quiet: DailySpan | null;
}

interface Candidate {
  slotIndex: number;
  at: number;
  /** Why it will not air; undefined = airable. */
  reason?: string;
}

function inQuiet(env: Env, sec: number): boolean {
  return inDailySpan(env.quiet, sec);
}

function quietLabel(env: Env): string {
  return env.quiet ? `${formatSecondOfDay(env.quiet.from)}–${formatSecondOfDay(env.quiet.to)}` : '';
}

function isSkippedDay(s: Schedule, d: LocalDate): boolean {
  const day = formatDate(d);
  return s.skip.some((r) => day >= r.from && day <= r.until);
}

function inDateRange(s: Schedule, day: string): boolean {
  return (!s.from || day >= s.from) && (!s.until || day <= s.until);
}

function atCandidates(s: Schedule, lo: number, hi: number, env: Env): Candidate[] {
  const out: Candidate[] = [];
  s.slots.forEach((slot, slotIndex) => {
    if (slot.kind !== 'at') return;
    const at = instantOfWritten(slot.when, env.tz);
    if (at < lo || at >= hi) return;
    const local = localTimeOf(at, env.tz);
    const reason = !inDateRange(s, formatDate(local))
      ? `ngoài khoảng ngày ${s.from ?? '…'} – ${s.until ?? '…'} của lịch`
      : !s.breaksQuietHours && inQuiet(env, secondOfDay(local)) ? `trong giờ yên tĩnh ${quietLabel(env)}` : undefined;
    out.push({ slotIndex, at, reason });
  });
  return out;
}

function cronCandidates(s: Schedule, lo: number, hi: number, env: Env, cap: number): Candidate[] {
  const out: Candidate[] = [];
  const crons = s.slots.flatMap((slot, slotIndex) => (slot.kind === 'cron' ? [{ spec: slot.cron, slotIndex, times: cronTimesOfDay(slot.cron) }] : []));
  if (!crons.length || hi <= lo) return out;
  let day: LocalDate = localTimeOf(lo, env.tz);
  const first = s.from ? parseDate(s.from)! : null;
  if (first && compareDates(day, first) < 0) day = first;
  const last: LocalDate = localTimeOf(hi - 1, env.tz);
  const end = s.until && compareDates(parseDate(s.until)!, last) < 0 ? parseDate(s.until)! : last;
  const seen = new Set<string>();
  days: for (; compareDates(day, end) <= 0; day = addDays(day, 1)) {
    if (s.weekdays && !s.weekdays.includes(weekdayOf(day))) continue;
    const holiday = isSkippedDay(s, day);
    for (const c of crons) {
      if (!cronMatchesDay(c.spec, day)) continue;
      for (const sec of c.times) {
        if (out.length >= cap) break days;
        const at = instantOf({ ...day, h: Math.floor(sec / 3600), mi: Math.floor(sec / 60) % 60, s: sec % 60 }, env.tz);
        const id = `${c.slotIndex}@${at}`;
        // A wall-clock time skipped by a DST jump maps onto a real one: air it once.
        if (at < lo || at >= hi || seen.has(id)) continue;
        seen.add(id);
        const reason = holiday ? `ngày nghỉ ${formatDate(day)} (skip)` : !s.breaksQuietHours && inQuiet(env, sec) ? `trong giờ yên tĩnh ${quietLabel(env)}` : undefined;
        out.push({ slotIndex: c.slotIndex, at, reason });
      }
    }
  }
  return out;
}

/** Every occurrence of the schedule's slots in [lo, hi), chronological, with why it will not air. */
function candidates(s: Schedule, lo: number, hi: number, env: Env, cap: number): Candidate[] {
  return [...atCandidates(s, lo, hi, env), ...cronCandidates(s, lo, hi, env, cap)]
    .sort((a, b) => a.at - b.at || a.slotIndex - b.slotIndex);
}

/**
 * How many airable occurrences the schedule had from its `from` date up to `lo`: the rotation index
 * of the first occurrence at or after `lo`. Whole days are counted from the calendar (no instants),
 * so a window a year after `from` costs a few hundred day checks.
 */
function airableBefore(s: Schedule, lo: number, env: Env): number {
  if (!s.from) return 0;
  const firstDay = parseDate(s.from)!;
  const loDay: LocalDate = localTimeOf(lo, env.tz);
  const loDayStart = startOfDay(loDay, env.tz);
  let n = 0;
  const perDay = s.slots.map((slot) =>
    slot.kind === 'cron' ? cronTimesOfDay(slot.cron).filter((sec) => s.breaksQuietHours || !inQuiet(env, sec)).length : 0);
  const lastDay = s.until ? parseDate(s.until)! : null;
  for (let d = firstDay; compareDates(d, loDay) < 0 && (!lastDay || compareDates(d, lastDay) <= 0); d = addDays(d, 1)) {
    if ((s.weekdays && !s.weekdays.includes(weekdayOf(d))) || isSkippedDay(s, d)) continue;
    s.slots.forEach((slot, i) => {
      if (slot.kind === 'cron' && cronMatchesDay(slot.cron, d)) n += perDay[i];
    });
  }
  const start = startOfDay(firstDay, env.tz);
  n += atCandidates(s, start, Math.min(loDayStart, lo), env).filter((c) => !c.reason).length;
  n += candidates(s, Math.max(loDayStart, start), lo, env, Number.MAX_SAFE_INTEGER).filter((c) => !c.reason).length;
  return n;
}

function blockKey(s: Schedule, c: Candidate, repeat: number, channel: string): string {
  return `${s.id}#${c.slotIndex}@${new Date(c.at).toISOString()}${repeat ? `+r${repeat}` : ''}/${channel}`;
}

/** Plans the window. Pure: the result depends only on the arguments. */
export function planAirings(schedules: readonly Schedule[], opts: PlanOptions): Plan {
  const quiet = opts.quietHours ? parseDailySpan(opts.quietHours) : null;
  // Config validation keeps this out; a caller passing its own span gets told rather than a wrong plan.
  if (opts.quietHours && !quiet) throw new LpError('LP_ERR_CONFIG_INVALID', `quietHours ${opts.quietHours.from}–${opts.quietHours.to}`);
  const env: Env = { tz: opts.timezone, quiet };
  const from = opts.from.getTime();
  const until = opts.until.getTime();
  const cap = opts.maxBlocksPerSchedule ?? 5000;
  const conflicts: Conflict[] = [];
  const skipped: SkippedOccurrence[] = [];
  const traced: { at: number; line: string }[] = [];
  const when = (t: number): string => formatLocal(t, env.tz);
  const note = (at: number, line: string): void => {
    if (at >= from) traced.push({ at, line: `${when(at)} ${line}` });
  };
  const lengthOf = (item: FileItem): number => opts.durationOf?.(item) ?? item.estimatedSeconds ?? DEFAULT_ITEM_SECONDS;
  /** The items of a block slotted at `at`, with their lengths; or why it cannot air (an `until` already past). */
  const itemsAt = (s: Schedule, chosen: number[], at: number): { items: { item: UnkeyedItem; index: number }[]; seconds: number } | { reason: string } => {
    const items: { item: UnkeyedItem; index: number }[] = [];
    let seconds = 0;
    for (const index of chosen) {
      const it = s.items[index];
      if (it.kind !== 'relay') {
        const { kind, path, title, intro, outro, bed } = it;
        items.push({ item: { kind, path, title, intro, outro, bed }, index });
        seconds += lengthOf(it);
        continue;
      }
      const { length } = it;
      if ('durationMs' in length) {
        items.push({ item: { kind: 'relay', url: it.url, durationMs: length.durationMs, title: it.title }, index });
        seconds += length.durationMs / 1000;
        continue;
      }
      // The parser checks `until` against each slot's first start; a repeat or a DST jump can still pass it.
      const durationMs = instantOf({ ...localTimeOf(at, env.tz), ...length.until }, env.tz) - at;
      if (durationMs <= 0) return { reason: `tiếp âm "${it.title}" đến ${formatClock(length.until)}: đã quá giờ đó khi tới lượt phát` };
      items.push({ item: { kind: 'relay', url: it.url, durationMs, title: it.title }, index });
      seconds += durationMs / 1000;
    }
    return { items, seconds };
  };
  const all: PlannedBlock[] = [];

  for (const s of [...schedules].sort((a, b) => cmp(a.id, b.id))) {
    const unknown = (s.channels ?? []).filter((c) => !opts.channels.includes(c));
    if (unknown.length) {
      conflicts.push({
        kind: 'unknown-channel', blocks: [s.id],
        message: `Lịch "${s.id}" nhắc tới kênh chưa cấu hình: ${unknown.join(', ')}`,
        resolution: 'Không phát trên các kênh đó; các kênh còn lại vẫn phát',
      });
    }
    const channels = s.channels ? s.channels.filter((c) => opts.channels.includes(c)) : [...opts.channels];
    if (!channels.length || !s.items.length) {
      traced.push({ at: from, line: `${s.id}: không có kênh hoặc mục phát nào để phát` });
      continue;
    }
    const repeatSpan = (s.repeat - 1) * s.intervalMinutes * 60_000;
    const lo = from - LOOKBACK_MS - repeatSpan;
    const occurrences = candidates(s, lo, until, env, cap + 1);
    if (occurrences.length > cap) {
      occurrences.length = cap;
      conflicts.push({
        kind: 'too-many', blocks: [s.id],
        message: `Lịch "${s.id}" có hơn ${cap} lượt phát trong khoảng được lập`,
        resolution: `Chỉ lập ${cap} lượt đầu; hãy kiểm tra biểu thức cron (có thể đang phát mỗi giây hoặc mỗi phút)`,
      });
    }
    let index = s.rotate ? airableBefore(s, lo, env) : 0;
    for (const c of occurrences) {
      if (c.reason) {
        for (const ch of channels) if (c.at >= from) skipped.push({ key: blockKey(s, c, 0, ch), reason: c.reason, scheduleId: s.id, channelId: ch, at: new Date(c.at) });
        note(c.at, `${s.id}: bỏ qua lượt phát (${c.reason})`);
        continue;
      }
      const chosen = s.rotate ? [index % s.items.length] : s.items.map((_, i) => i);
      if (s.rotate) note(c.at, `${s.id}: luân phiên lượt ${index + 1} → mục ${chosen[0] + 1}/${s.items.length} "${s.items[chosen[0]].title}"`);
      index++;
      for (let r = 0; r < s.repeat; r++) {
        const at = c.at + r * s.intervalMinutes * 60_000;
        if (at < lo || at >= until) continue;
        if (!s.breaksQuietHours && inQuiet(env, secondOfDay(localTimeOf(at, env.tz)))) {
          for (const ch of channels) if (at >= from) skipped.push({ key: blockKey(s, c, r, ch), reason: `lần lặp ${r + 1} trong giờ yên tĩnh ${quietLabel(env)}`, scheduleId: s.id, channelId: ch, at: new Date(at) });
          note(at, `${s.id}: bỏ qua lần lặp ${r + 1} (giờ yên tĩnh)`);
          continue;
        }
        if (r > 0) note(at, `${s.id}: lặp lại lần ${r + 1}/${s.repeat}`);
        const planned = itemsAt(s, chosen, at);
        if ('reason' in planned) {
          for (const ch of channels) if (at >= from) skipped.push({ key: blockKey(s, c, r, ch), reason: planned.reason, scheduleId: s.id, channelId: ch, at: new Date(at) });
          note(at, `${s.id}: bỏ qua lượt phát (${planned.reason})`);
          continue;
        }
        if (s.priority === 'khan-cap' && inQuiet(env, secondOfDay(localTimeOf(at, env.tz)))) note(at, `${s.id}: khẩn cấp, phát cả trong giờ yên tĩnh`);
        for (const ch of channels) {
          const key = blockKey(s, c, r, ch);
          all.push({
            key, scheduleId: s.id, campaign: s.campaign, priority: s.priority, channelId: ch,
            startAt: new Date(at), slotAt: new Date(at),
            items: planned.items.map(({ item, index }) => ({ ...item, key: `${key}:${index}` }) as PlannedItem),
            estimatedSeconds: planned.seconds,
          });
        }
      }
    }
  }

  const placed: PlannedBlock[] = [];
  for (const ch of opts.channels) {
    placed.push(...resolveChannel(all.filter((b) => b.channelId === ch), env, { conflicts, skipped, note, when, from }));
  }
  const blocks = placed
    .filter((b) => b.slotAt.getTime() >= from)
    .sort((a, b) => a.startAt.getTime() - b.startAt.getTime() || cmp(a.channelId, b.channelId) || cmp(a.key, b.key));
  const trace = traced.sort((a, b) => a.at - b.at).map((t) => t.line);
  return { blocks, conflicts, skipped, trace };
}

interface ResolveCtx {
  conflicts: Conflict[];
  skipped: SkippedOccurrence[];
  note: (at: number, line: string) => void;
  when: (t: number) => string;
  from: number;
}

const endOf = (b: PlannedBlock): number => b.startAt.getTime() + b.estimatedSeconds * 1000;
const label = (b: PlannedBlock): string => `"${b.scheduleId}" (${PRIORITY_LABELS[b.priority]}, ${b.channelId})`;
const byRankThenSlot = (a: PlannedBlock, b: PlannedBlock): number =>
  PRIORITY_RANK[b.priority] - PRIORITY_RANK[a.priority] || a.slotAt.getTime() - b.slotAt.getTime() || cmp(a.key, b.key);

/** Orders one channel's blocks in time: khẩn cấp first as fixed reservations, then the rest around them. */
function resolveChannel(blocks: PlannedBlock[], env: Env, ctx: ResolveCtx): PlannedBlock[] {
  const visible = (...bs: PlannedBlock[]): boolean => bs.some((b) => b.slotAt.getTime() >= ctx.from);
  const push = (b: PlannedBlock, start: number, blocker: PlannedBlock): void => {
    if (!visible(b, blocker)) return;
    const sameSlot = blocker.slotAt.getTime() === b.slotAt.getTime();
    ctx.conflicts.push({
      kind: sameSlot ? 'overlap' : 'too-long',
      blocks: [blocker.key, b.key],
      message: sameSlot
        ? `${label(blocker)} và ${label(b)} cùng phát lúc ${ctx.when(b.slotAt.getTime())}`
        : `${label(blocker)} kéo dài tới ${ctx.when(endOf(blocker))}, quá giờ bắt đầu ${ctx.when(b.slotAt.getTime())} của ${label(b)}`,
      resolution: `${label(blocker)} phát trước${PRIORITY_RANK[blocker.priority] > PRIORITY_RANK[b.priority] ? ' vì ưu tiên cao hơn' : ''}; ${label(b)} dời sang ${ctx.when(start)}`,
    });
    ctx.note(b.slotAt.getTime(), `${b.scheduleId}: kênh ${b.channelId} bận (${blocker.scheduleId}), dời sang ${ctx.when(start)}`);
  };

  // Khẩn cấp: at its instant; two at once queue one behind the other.
  const reservations: PlannedBlock[] = [];
  for (const b of blocks.filter((x) => x.priority === 'khan-cap').sort((a, c) => a.slotAt.getTime() - c.slotAt.getTime() || cmp(a.key, c.key))) {
    const prev = reservations[reservations.length - 1];
    const start = prev && endOf(prev) > b.slotAt.getTime() ? endOf(prev) : b.slotAt.getTime();
    if (start !== b.slotAt.getTime()) push(b, start, prev);
    else ctx.note(start, `${b.scheduleId}: phát khẩn cấp trên kênh ${b.channelId}`);
    reservations.push({ ...b, startAt: new Date(start) });
  }

  // Everyone else: whenever the channel is free, the most important waiting block goes next.
  const waiting = blocks.filter((x) => x.priority !== 'khan-cap').sort((a, c) => a.slotAt.getTime() - c.slotAt.getTime() || cmp(a.key, c.key));
  const out: PlannedBlock[] = [...reservations];
  const queue: PlannedBlock[] = [];
  let t = -Infinity;
  let last: PlannedBlock | null = null;
  let i = 0;
  const outOfReservations = (at: number): { at: number; by: PlannedBlock | null } => {
    let by: PlannedBlock | null = null;
    for (const r of reservations) {
      if (r.startAt.getTime() <= at && endOf(r) > at) {
        at = endOf(r);
        by = r;
      }
    }
    return { at, by };
  };
  while (i < waiting.length || queue.length) {
    if (!queue.length) t = Math.max(t, waiting[i].slotAt.getTime());
    const free = outOfReservations(t);
    if (free.by) {
      t = free.at;
      last = free.by;
    }
    while (i < waiting.length && waiting[i].slotAt.getTime() <= t) queue.push(waiting[i++]);
    queue.sort(byRankThenSlot);
    const b = queue.shift()!;
    const start = t;
    if (start > b.slotAt.getTime()) {
      if (inQuiet(env, secondOfDay(localTimeOf(start, env.tz)))) {
        if (visible(b)) ctx.skipped.push({ key: b.key, reason: `bị dời vào giờ yên tĩnh ${quietLabel(env)} (sau ${last?.scheduleId ?? 'khối trước'})`, scheduleId: b.scheduleId, channelId: b.channelId, at: b.slotAt });
        ctx.note(b.slotAt.getTime(), `${b.scheduleId}: bỏ qua trên kênh ${b.channelId}, bị dời vào giờ yên tĩnh`);
        continue;
      }
      if (last) push(b, start, last);
    } else {
      ctx.note(start, `${b.scheduleId}: phát ${b.items.length} mục trên kênh ${b.channelId} (${PRIORITY_LABELS[b.priority]}, khoảng ${b.estimatedSeconds} giây)`);
    }
    // A khẩn cấp block starting while this one airs cuts it; the remainder airs after it.
    let end = start + b.estimatedSeconds * 1000;
    for (const r of reservations) {
      const rs = r.startAt.getTime();
      if (rs > start && rs < end) {
        end += endOf(r) - rs;
        if (visible(b, r)) {
          ctx.conflicts.push({
            kind: 'preempt', blocks: [r.key, b.key],
            message: `Tin khẩn cấp ${label(r)} lúc ${ctx.when(rs)} cắt ngang ${label(b)}`,
            resolution: `Ngắt ${label(b)}, phát tin khẩn cấp, rồi phát tiếp phần còn lại (dự kiến xong lúc ${ctx.when(end)})`,
          });
        }
      }
    }
    const placedBlock: PlannedBlock = { ...b, startAt: new Date(start) };
    const lastSec = secondOfDay(localTimeOf(end - 1000, env.tz));
    if (!inQuiet(env, secondOfDay(localTimeOf(start, env.tz))) && inQuiet(env, lastSec) && visible(b)) {
      ctx.conflicts.push({
        kind: 'quiet-hours', blocks: [b.key],
        message: `${label(b)} bắt đầu lúc ${ctx.when(start)} nhưng kéo dài vào giờ yên tĩnh ${quietLabel(env)}`,
        resolution: 'Vẫn phát trọn khối vì đã bắt đầu trước giờ yên tĩnh; nên dời khung giờ sớm hơn',
      });
    }
    out.push(placedBlock);
    last = { ...placedBlock, estimatedSeconds: (end - start) / 1000 };
    t = end;
  }
  return out;
}
