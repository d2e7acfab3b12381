/**
 * Local calendar arithmetic for reports and the log: months and days are the ward's (config
 * timezone), instants are UTC. Pure, on Intl only; Asia/Ho_Chi_Minh has no DST but other zones work.
 */
import { LpError } from '../errors.js';
// The one implementation of zone arithmetic lives with the planner; reports read it from there.
import { instantOf, localTimeOf } from '../schedule/tz.js';

export interface LocalParts {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
}

/** Wall-clock fields of an instant in a time zone. */
export function localParts(d: Date, timeZone: string): LocalParts {
  const t = localTimeOf(d.getTime(), timeZone);
  return { year: t.y, month: t.m, day: t.d, hour: t.h, minute: t.mi, second: t.s };
}

/** The instant a local wall-clock time occurs in a zone (the earlier one in a DST overlap). */
export function zonedToUtc(year: number, month: number, day: number, timeZone: string, hour = 0, minute = 0): Date {
  return new Date(instantOf({ y: year, m: month, d: day, h: hour, mi: minute, s: 0 }, timeZone));
}

/** "YYYY-MM" → { year, month }; anything else → LP_ERR_MONTH_INVALID. */
export function parseMonth(s: string): { year: number; month: number } {
  const m = /^(\d{4})-(\d{2})$/.exec(String(s ?? '').trim());
  const year = m ? Number(m[1]) : NaN;
  const month = m ? Number(m[2]) : NaN;
  if (!m || month < 1 || month > 12 || year < 2000 || year > 2999) throw new LpError('LP_ERR_MONTH_INVALID', `"${s}"`);
  return { year, month };
}

/** The month as an instant range [from, to) in the zone. */
export function monthRange(month: string, timeZone: string): { from: Date; to: Date } {
  const { year, month: m } = parseMonth(month);
  return {
    from: zonedToUtc(year, m, 1, timeZone),
    to: m === 12 ? zonedToUtc(year + 1, 1, 1, timeZone) : zonedToUtc(year, m + 1, 1, timeZone),
  };
}

/** "YYYY-MM-DD" (a real calendar day) → the instant that day starts in the zone; else LP_ERR_DATE_INVALID. */
export function parseLocalDate(s: string, timeZone: string): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(s ?? '').trim());
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const probe = new Date(Date.UTC(y, mo - 1, d));
    if (probe.getUTCFullYear() === y && probe.getUTCMonth() === mo - 1 && probe.getUTCDate() === d) return zonedToUtc(y, mo, d, timeZone);
  }
  throw new LpError('LP_ERR_DATE_INVALID', `"${s}"`);
}

/** The start of the next local day after `dayStart` (a local midnight). */
export function nextLocalDay(dayStart: Date, timeZone: string): Date {
  const p = localParts(dayStart, timeZone);
  const next = new Date(Date.UTC(p.year, p.month - 1, p.day + 1));
  return zonedToUtc(next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate(), timeZone);
}

export const pad2 = (n: number): string => String(n).padStart(2, '0');

/**
 * The zone's offset from UTC at an instant (ms; UTC+7 → 25,200,000), fast enough to fold a month of
 * a city (a million rows, two instants each): Intl is asked once per quarter hour of UTC that the
 * rows touch, the rest is a lookup. Offsets change on quarter hours of UTC (every zone's offset is a
 * multiple of 15 minutes); a quarter hour whose two ends disagree is read through Intl instant by
 * instant.
 */
export function zoneOffset(timeZone: string): (instant: number) => number {
  const QUARTER = 900_000;
  const byQuarter = new Map<number, number | null>();
  const exact = (t: number) => {
    const whole = Math.floor(t / 1000) * 1000;
    const p = localParts(new Date(whole), timeZone);
    return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - whole;
  };
  let lastQ = NaN;
  let lastOff: number | null = null;
  return (instant) => {
    const q = Math.floor(instant / QUARTER);
    // Rows come in time order: mostly the quarter hour of the row before.
    if (q === lastQ && lastOff !== null) return lastOff;
    let off = byQuarter.get(q);
    if (off === undefined) {
      const a = exact(q * QUARTER);
      off = a === exact(q * QUARTER + QUARTER - 1000) ? a : null;
      byQuarter.set(q, off);
    }
    lastQ = q;
    lastOff = off;
    return off ?? exact(instant);
  };
}
