/**
 * Every formatter of local time, in two written styles: ISO-like for files, the CLI and traces
 * (`formatDate` "2026-03-05", `formatLocal` "2026-03-05 06:30:00"), and the Vietnamese office style
 * for pages and reports (`formatDateTime` "05/03/2026 06:30", `formatTime` "06:30", `formatVi…`).
 */
import { localTimeOf, offsetAt, type Instant, type LocalClock, type LocalDate, type LocalMonth } from './zone.js';

export const pad2 = (n: number): string => String(n).padStart(2, '0');

/** "2026-03-05" */
export function formatDate(d: LocalDate): string {
  return `${String(d.y).padStart(4, '0')}-${pad2(d.m)}-${pad2(d.d)}`;
}

/** "2026-03" */
export function formatMonth(m: LocalMonth): string {
  return `${String(m.y).padStart(4, '0')}-${pad2(m.m)}`;
}

/** "06:30", or "06:30:00" with `seconds`. */
export function formatClock(t: LocalClock, seconds = false): string {
  return `${pad2(t.h)}:${pad2(t.mi)}${seconds ? `:${pad2(t.s)}` : ''}`;
}

/** Seconds since midnight → "06:30" (a daily span's ends, quiet hours). */
export function formatSecondOfDay(second: number): string {
  return formatClock({ h: Math.floor(second / 3600) % 24, mi: Math.floor(second / 60) % 60, s: second % 60 });
}

/** "2026-03-05 06:30:00" in the zone: what the CLI and the planner's trace print. */
export function formatLocal(instant: Instant, zone: string): string {
  const t = localTimeOf(instant, zone);
  return `${formatDate(t)} ${formatClock(t, true)}`;
}

/** "2026-03-05" of the local day an instant falls on. */
export function formatLocalDate(instant: Instant, zone: string): string {
  return formatDate(localTimeOf(instant, zone));
}

/** "2026-11-25T17:00:00+07:00": the instant with the zone's offset, as schedule files write one-offs. */
export function formatIsoWithOffset(instant: number, zone: string): string {
  const t = localTimeOf(instant, zone);
  const off = Math.round(offsetAt(instant, zone) / 60_000);
  const abs = Math.abs(off);
  return `${formatDate(t)}T${formatClock(t, true)}${off < 0 ? '-' : '+'}${pad2(Math.floor(abs / 60))}:${pad2(abs % 60)}`;
}

/** "05/03/2026" as Vietnamese offices write a date. */
export function formatViDate(d: LocalDate): string {
  return `${pad2(d.d)}/${pad2(d.m)}/${d.y}`;
}

/** "05/03" */
export function formatViDayMonth(d: Pick<LocalDate, 'm' | 'd'>): string {
  return `${pad2(d.d)}/${pad2(d.m)}`;
}

/** "05/03/2026 06:30" (or "05/03/2026 06:30:15" with `seconds`) in the zone. */
export function formatDateTime(instant: Instant, zone: string, opts: { seconds?: boolean } = {}): string {
  const t = localTimeOf(instant, zone);
  return `${formatViDate(t)} ${formatClock(t, opts.seconds)}`;
}

/** "06:30" (or "06:30:15" with `seconds`) in the zone. */
export function formatTime(instant: Instant, zone: string, opts: { seconds?: boolean } = {}): string {
  return formatClock(localTimeOf(instant, zone), opts.seconds);
}

/** A length on air: "2:05", or "1:02:05" from an hour. */
export function formatDuration(sec: number): string {
  const s = Math.max(0, Math.round(sec));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const r = s % 60;
  return h ? `${h}:${pad2(m)}:${pad2(r)}` : `${m}:${pad2(r)}`;
}

/** A length in words, rounded: "45 giây" under a minute and a half, else "12 phút". */
export function formatDurationWords(sec: number): string {
  return sec < 90 ? `${Math.round(sec)} giây` : `${Math.round(sec / 60)} phút`;
}

/** Column and day names of the calendar, Monday first as Vietnamese calendars are laid out. */
export const WEEKDAYS_VI = ['Thứ Hai', 'Thứ Ba', 'Thứ Tư', 'Thứ Năm', 'Thứ Sáu', 'Thứ Bảy', 'Chủ Nhật'];

/** The Vietnamese name of a weekday counted 0 = Sunday (as weekdayOf and schedule files count). */
export function weekdayNameVi(weekday: number): string {
  return WEEKDAYS_VI[(weekday + 6) % 7];
}
