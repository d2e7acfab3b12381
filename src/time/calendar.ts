/** Calendar arithmetic on local dates: no zone, no instants (those are in zone.ts). */
import type { LocalClock, LocalDate, LocalMonth } from './zone.js';

/** Day of week, 0 = Sunday … 6 = Saturday (as cron and schedule files count). */
export function weekdayOf(d: LocalDate): number {
  return new Date(Date.UTC(d.y, d.m - 1, d.d)).getUTCDay();
}

export function lastDayOfMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** `n` days later (earlier when negative); months and years roll over. */
export function addDays(d: LocalDate, n: number): LocalDate {
  const t = new Date(Date.UTC(d.y, d.m - 1, d.d + n));
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() };
}

/** `n` months later (earlier when negative). */
export function addMonths(mo: LocalMonth, n: number): LocalMonth {
  const i = mo.y * 12 + (mo.m - 1) + n;
  return { y: Math.floor(i / 12), m: (i % 12) + 1 };
}

/** The Monday of the week `d` is in: the calendar page's weeks run Monday to Sunday. */
export function mondayOf(d: LocalDate): LocalDate {
  return addDays(d, -((weekdayOf(d) + 6) % 7));
}

/** Orders dates; negative when `a` is earlier. */
export function compareDates(a: LocalDate, b: LocalDate): number {
  return a.y - b.y || a.m - b.m || a.d - b.d;
}

/** Seconds since local midnight. */
export function secondOfDay(t: LocalClock): number {
  return t.h * 3600 + t.mi * 60 + t.s;
}

/** A daily span of the wall clock in seconds since midnight; `from > to` wraps midnight. */
export interface DailySpan {
  readonly from: number;
  readonly to: number;
}

/** Whether a second of the day falls in the span (`from` included, `to` excluded; empty when equal). */
export function inDailySpan(span: DailySpan | null, second: number): boolean {
  if (!span || span.from === span.to) return false;
  return span.from < span.to ? second >= span.from && second < span.to : second >= span.from || second < span.to;
}
