/**
 * The one local-time shape and the zone arithmetic behind it, on nothing but Intl, so it stays pure
 * and works for any IANA zone (Asia/Ho_Chi_Minh has no DST; others do, and the rules below cover
 * them). Instants are milliseconds since the epoch; wall-clock values are plain records.
 */
import { addDays } from './calendar.js';

/** A calendar month. `m` is 1–12. */
export interface LocalMonth {
  readonly y: number;
  readonly m: number;
}

/** A calendar date in the station's zone. */
export interface LocalDate extends LocalMonth {
  readonly d: number;
}

/** A time of day on the wall clock. */
export interface LocalClock {
  readonly h: number;
  readonly mi: number;
  readonly s: number;
}

/** A wall-clock instant in the station's zone. */
export interface LocalTime extends LocalDate, LocalClock {}

/** What the edges hand in: milliseconds, a Date, or an ISO text as the stores keep it. */
export type Instant = number | Date | string;

export function msOf(i: Instant): number {
  return typeof i === 'number' ? i : typeof i === 'string' ? Date.parse(i) : i.getTime();
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** The wall clock shown in `zone` at `instant`. */
export function localTimeOf(instant: Instant, zone: string): LocalTime {
  const parts: Record<string, number> = {};
  for (const p of formatter(zone).formatToParts(new Date(msOf(instant)))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  return { y: parts.year, m: parts.month, d: parts.day, h: parts.hour % 24, mi: parts.minute, s: parts.second };
}

/** The wall clock read as if it were UTC: the arithmetic base of offsets. */
export function naiveUtc(t: LocalDate & Partial<LocalClock>): number {
  return Date.UTC(t.y, t.m - 1, t.d, t.h ?? 0, t.mi ?? 0, t.s ?? 0);
}

/** Offset of the zone from UTC at `instant`, in milliseconds (UTC+7 → 25 200 000). */
export function offsetAt(instant: number, zone: string): number {
  const whole = Math.floor(instant / 1000) * 1000;
  return naiveUtc(localTimeOf(whole, zone)) - whole;
}

/**
 * `offsetAt` for a zone, fast enough to fold a month of a city (a million rows, two instants
 * each): Intl is asked twice per UTC day that the instants touch, the rest is a lookup. A day whose
 * two ends agree has one offset throughout (no zone changes its offset and back within a day);
 * a day whose ends disagree holds a change, on a quarter hour of UTC (every zone's offset is a
 * multiple of 15 minutes): its quarter hours are asked one by one, and one whose two ends disagree
 * is read through Intl instant by instant.
 */
export function offsetLookup(zone: string): (instant: number) => number {
  const QUARTER = 900_000;
  const DAY = 86_400_000;
  const byDay = new Map<number, number | null>();
  const byQuarter = new Map<number, number | null>();
  const steady = (from: number, span: number): number | null => {
    const a = offsetAt(from, zone);
    return a === offsetAt(from + span - 1000, zone) ? a : null;
  };
  let lastQ = NaN;
  let lastOff: number | null = null;
  return (instant) => {
    const q = Math.floor(instant / QUARTER);
    // Instants mostly come in time order: the quarter hour of the one before.
    if (q === lastQ && lastOff !== null) return lastOff;
    const d = Math.floor(instant / DAY);
    let off = byDay.get(d);
    if (off === undefined) {
      off = steady(d * DAY, DAY);
      byDay.set(d, off);
    }
    if (off === null) {
      off = byQuarter.get(q);
      if (off === undefined) {
        off = steady(q * QUARTER, QUARTER);
        byQuarter.set(q, off);
      }
    }
    lastQ = q;
    lastOff = off;
    return off ?? offsetAt(instant, zone);
  };
}

function sameWallClock(a: LocalTime, b: LocalTime): boolean {
  return a.y === b.y && a.m === b.m && a.d === b.d && a.h === b.h && a.mi === b.mi && a.s === b.s;
}

/**
 * The instant a wall-clock time happens in `zone`. When clocks go back the time happens twice:
 * the earlier one is taken (a slot airs once). When clocks go forward it does not happen at all: the
 * instant the skipped hour maps to is taken, i.e. the slot airs late by the jump rather than never.
 */
export function instantOf(t: LocalTime, zone: string): number {
  const naive = naiveUtc(t);
  const DAY_HALF = 12 * 3600_000;
  const before = naive - offsetAt(naive - DAY_HALF, zone);
  const after = naive - offsetAt(naive + DAY_HALF, zone);
  const exact = [before, after].filter((c) => sameWallClock(localTimeOf(c, zone), t));
  return exact.length ? Math.min(...exact) : before;
}

/** The instant the local day starts (local midnight, or the first instant after a DST jump over it). */
export function startOfDay(d: LocalDate, zone: string): number {
  return instantOf({ y: d.y, m: d.m, d: d.d, h: 0, mi: 0, s: 0 }, zone);
}

/** The local days a window [from, until) touches, as a window of whole days. */
export function wholeDays(from: number, until: number, zone: string): { from: number; until: number } {
  const last = localTimeOf(Math.max(from, until - 1), zone);
  return { from: startOfDay(localTimeOf(from, zone), zone), until: startOfDay(addDays(last, 1), zone) };
}
