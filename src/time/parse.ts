/**
 * Every parser of local time, one per written form. Each is pure and total: the value, or null for
 * text that is not that form (the schedule parser turns null into a file:line:column problem). The
 * CLI and the API use the `require…` forms, which throw the coded error the user sees.
 * Surrounding blanks are ignored; nothing else is guessed.
 */
import { LpError } from '../errors.js';
import { addDays, addMonths, lastDayOfMonth, secondOfDay, type DailySpan } from './calendar.js';
import { instantOf, naiveUtc, startOfDay, type LocalClock, type LocalDate, type LocalMonth, type LocalTime } from './zone.js';

/** "2026-03-05": a day that exists in the calendar. */
export function parseDate(text: string): LocalDate | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(text ?? '').trim());
  if (!m) return null;
  const d = { y: Number(m[1]), m: Number(m[2]), d: Number(m[3]) };
  return d.m >= 1 && d.m <= 12 && d.d >= 1 && d.d <= lastDayOfMonth(d.y, d.m) ? d : null;
}

/** "2026-11": a report month (years 2000–2999, so "0026-11" is taken for the typo it is). */
export function parseMonth(text: string): LocalMonth | null {
  const m = /^(\d{4})-(\d{2})$/.exec(String(text ?? '').trim());
  if (!m) return null;
  const mo = { y: Number(m[1]), m: Number(m[2]) };
  return mo.m >= 1 && mo.m <= 12 && mo.y >= 2000 && mo.y <= 2999 ? mo : null;
}

/** "06:30", "6:30", "06:30:15", or "6h30" as Vietnamese write it. */
export function parseTimeOfDay(text: string): LocalClock | null {
  const m = /^(\d{1,2})[:h](\d{2})(?::(\d{2}))?$/.exec(String(text ?? '').trim());
  if (!m) return null;
  const t = { h: Number(m[1]), mi: Number(m[2]), s: Number(m[3] ?? 0) };
  return t.h < 24 && t.mi < 60 && t.s < 60 ? t : null;
}

/** A date-time as written: the wall clock, and the UTC offset when one was written. */
export interface WrittenDateTime {
  readonly local: LocalTime;
  /** Milliseconds after the written second (ISO fractions, as `toISOString()` writes them). */
  readonly ms: number;
  /** Minutes east of UTC ("Z" → 0); null = none written, the wall clock of the station's zone. */
  readonly offsetMinutes: number | null;
}

/**
 * "2026-11-25T17:00", "2026-11-25 17:00:00", "2026-11-25T17:00:00+07:00", "2026-11-25T10:00:00.000Z".
 * An offset makes it one instant anywhere; without one it is the station's wall clock.
 */
export function parseDateTime(text: string): WrittenDateTime | null {
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|([+-])(\d{2}):(\d{2}))?$/.exec(String(text ?? '').trim());
  const day = m && parseDate(m[1]);
  if (!m || !day) return null;
  const clock = { h: Number(m[2]), mi: Number(m[3]), s: Number(m[4] ?? 0) };
  if (clock.h > 23 || clock.mi > 59 || clock.s > 59) return null;
  let offsetMinutes: number | null = null;
  if (m[6] === 'Z') offsetMinutes = 0;
  else if (m[6]) {
    if (Number(m[8]) > 23 || Number(m[9]) > 59) return null;
    offsetMinutes = (m[7] === '-' ? -1 : 1) * (Number(m[8]) * 60 + Number(m[9]));
  }
  return { local: { ...day, ...clock }, ms: Math.floor(Number(`0.${m[5] ?? 0}`) * 1000), offsetMinutes };
}

/** The instant a written date-time names, reading one without an offset in `zone`. */
export function instantOfWritten(w: WrittenDateTime, zone: string): number {
  const base = w.offsetMinutes === null ? instantOf(w.local, zone) : naiveUtc(w.local) - w.offsetMinutes * 60_000;
  return base + w.ms;
}

/** A date-time (see parseDateTime) as an instant in `zone`; null when it is not one. */
export function parseInstant(text: string, zone: string): number | null {
  const w = parseDateTime(text);
  return w ? instantOfWritten(w, zone) : null;
}

const DURATION_UNITS_MS = { h: 3600_000, m: 60_000, s: 1000 } as const;
/** Longer than this is certainly a typo (a relay of a day and more). */
export const MAX_DURATION_MS = 24 * 3600_000;

/** "30m", "90s", "1h", "1h30m", "2m30s": a positive length up to a day, in milliseconds. */
export function parseDuration(text: string): number | null {
  const m = /^(?:(\d{1,3})h)?(?:(\d{1,4})m)?(?:(\d{1,5})s)?$/.exec(String(text ?? '').trim());
  if (!m || !(m[1] || m[2] || m[3])) return null;
  const ms = Number(m[1] ?? 0) * DURATION_UNITS_MS.h + Number(m[2] ?? 0) * DURATION_UNITS_MS.m + Number(m[3] ?? 0) * DURATION_UNITS_MS.s;
  return ms > 0 && ms <= MAX_DURATION_MS ? ms : null;
}

const WEEKDAY_NAMES: Record<string, number> = {
  cn: 0, t2: 1, t3: 2, t4: 3, t5: 4, t6: 5, t7: 6,
  sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6,
};
/** How the weekday forms are written, for messages that say what to write instead. */
export const WEEKDAY_FORMS = 'cn, t2, t3, t4, t5, t6, t7 (hoặc số 0–6, 0 là Chủ nhật)';

/** "t2" … "t7", "cn", English three-letter names, or 0–7 (0 and 7 are Sunday) → 0 = Sunday … 6. */
export function parseWeekday(value: unknown): number | null {
  const n = typeof value === 'number' ? value : typeof value === 'string' ? WEEKDAY_NAMES[value.trim().toLowerCase()] : undefined;
  return n !== undefined && Number.isInteger(n) && n >= 0 && n <= 7 ? n % 7 : null;
}

/** A date the user typed, or LP_ERR_DATE_INVALID naming it. */
export function requireDate(text: string): LocalDate {
  const d = parseDate(text);
  if (!d) throw new LpError('LP_ERR_DATE_INVALID', `"${text}"`);
  return d;
}

/** A month the user typed, or LP_ERR_MONTH_INVALID naming it. */
export function requireMonth(text: string): LocalMonth {
  const m = parseMonth(text);
  if (!m) throw new LpError('LP_ERR_MONTH_INVALID', `"${text}"`);
  return m;
}

/**
 * A bound the user typed: a day (its start, or with `endOfDay` the start of the next day, so a day
 * as an end includes all of it) or a date-time; else LP_ERR_DATE_INVALID naming `what` it was.
 */
export function requireInstant(text: string, zone: string, opts: { endOfDay?: boolean; what?: string } = {}): number {
  const day = parseDate(text);
  if (day) return startOfDay(opts.endOfDay ? addDays(day, 1) : day, zone);
  const at = parseInstant(text, zone);
  if (at === null) throw new LpError('LP_ERR_DATE_INVALID', opts.what ? `${opts.what} ${text}` : `"${text}"`);
  return at;
}

/** A month the user typed as the instant range [from, to) it covers in `zone`; else LP_ERR_MONTH_INVALID. */
export function monthRange(text: string, zone: string): { from: Date; to: Date } {
  const mo = requireMonth(text);
  const next = addMonths(mo, 1);
  return { from: new Date(startOfDay({ ...mo, d: 1 }, zone)), to: new Date(startOfDay({ ...next, d: 1 }, zone)) };
}

/** A daily span written as two times of day ({from: "22:00", to: "05:00"}); null when either is not one. */
export function parseDailySpan(span: { from: string; to: string }): DailySpan | null {
  const from = parseTimeOfDay(span.from);
  const to = parseTimeOfDay(span.to);
  return from && to ? { from: secondOfDay(from), to: secondOfDay(to) } : null;
}
