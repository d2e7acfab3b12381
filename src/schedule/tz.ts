/**
 * Wall-clock arithmetic in an IANA time zone with nothing but Intl, so the planner stays pure and
 * works for any zone (Asia/Ho_Chi_Minh has no DST; others do, and the rules below cover them).
 */

/** A calendar date in the schedule's zone. `m` is 1–12. */
export interface LocalDate {
  readonly y: number;
  readonly m: number;
  readonly d: number;
}

/** A wall-clock instant in the schedule's zone. */
export interface LocalTime extends LocalDate {
  readonly h: number;
  readonly mi: number;
  readonly s: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timezone: string): Intl.DateTimeFormat {
  let f = formatters.get(timezone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timezone, f);
  }
  return f;
}

/** The wall clock shown in `timezone` at `instant` (milliseconds since the epoch). */
export function localTimeOf(instant: number, timezone: string): LocalTime {
  const parts: Record<string, number> = {};
  for (const p of formatter(timezone).formatToParts(new Date(instant))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  return { y: parts.year, m: parts.month, d: parts.day, h: parts.hour % 24, mi: parts.minute, s: parts.second };
}

function naiveUtc(t: LocalTime): number {
  return Date.UTC(t.y, t.m - 1, t.d, t.h, t.mi, t.s);
}

/** Offset of the zone from UTC at `instant`, in milliseconds (UTC+7 → 25 200 000). */
function offsetAt(instant: number, timezone: string): number {
  const whole = Math.floor(instant / 1000) * 1000;
  return naiveUtc(localTimeOf(whole, timezone)) - whole;
}

function sameWallClock(a: LocalTime, b: LocalTime): boolean {
  return a.y === b.y && a.m === b.m && a.d === b.d && a.h === b.h && a.mi === b.mi && a.s === b.s;
}

/**
 * The instant a wall-clock time happens in `timezone`. When clocks go back the time happens twice:
 * the earlier one is taken (a slot airs once). When clocks go forward it does not happen at all: the
 * instant the skipped hour maps to is taken, i.e. the slot airs late by the jump rather than never.
 */
export function instantOf(t: LocalTime, timezone: string): number {
  const naive = naiveUtc(t);
  const DAY_HALF = 12 * 3600_000;
  const before = naive - offsetAt(naive - DAY_HALF, timezone);
  const after = naive - offsetAt(naive + DAY_HALF, timezone);
  const exact = [before, after].filter((c) => sameWallClock(localTimeOf(c, timezone), t));
  return exact.length ? Math.min(...exact) : before;
}

/** Day of week, 0 = Sunday … 6 = Saturday, of a calendar date. */
export function weekdayOf(d: LocalDate): number {
  return new Date(Date.UTC(d.y, d.m - 1, d.d)).getUTCDay();
}

export function lastDayOfMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

export function addDays(d: LocalDate, n: number): LocalDate {
  const t = new Date(Date.UTC(d.y, d.m - 1, d.d + n));
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() };
}

/** Orders dates; negative when `a` is earlier. */
export function compareDates(a: LocalDate, b: LocalDate): number {
  return a.y - b.y || a.m - b.m || a.d - b.d;
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** "2026-03-05" */
export function formatDate(d: LocalDate): string {
  return `${pad(d.y, 4)}-${pad(d.m)}-${pad(d.d)}`;
}

/** Parses a strict "YYYY-MM-DD" that exists in the calendar; null otherwise. */
export function parseDate(text: string): LocalDate | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return null;
  const d = { y: Number(m[1]), m: Number(m[2]), d: Number(m[3]) };
  if (d.m < 1 || d.m > 12 || d.d < 1 || d.d > lastDayOfMonth(d.y, d.m)) return null;
  return d;
}

/** "2026-03-05 06:30:00" in the zone: what the CLI and the trace print. */
export function formatLocal(instant: number | Date, timezone: string): string {
  const t = localTimeOf(typeof instant === 'number' ? instant : instant.getTime(), timezone);
  return `${formatDate(t)} ${pad(t.h)}:${pad(t.mi)}:${pad(t.s)}`;
}

/** Seconds since local midnight. */
export function secondOfDay(t: LocalTime): number {
  return t.h * 3600 + t.mi * 60 + t.s;
}
