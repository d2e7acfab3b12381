/** Wall-clock helpers in the station's time zone (schedules are local time; the store is UTC). */
// Zone arithmetic itself is the planner's (schedule/tz); this file only shapes it for pages.
import { instantOf, localTimeOf, weekdayOf } from '../schedule/tz.js';

/** Local calendar parts of an instant in `tz`; weekday 0 = Monday … 6 = Sunday, as the calendar shows. */
export function zonedParts(d: Date, tz: string): { y: number; m: number; d: number; hh: number; mm: number; ss: number; weekday: number } {
  const t = localTimeOf(d.getTime(), tz);
  return { y: t.y, m: t.m, d: t.d, hh: t.h, mm: t.mi, ss: t.s, weekday: (weekdayOf(t) + 6) % 7 };
}

/** The instant of local wall time y-m-d hh:mm in `tz` (month 1-based; a day past the month's end rolls over). */
export function zonedTime(y: number, m: number, d: number, tz: string, hh = 0, mm = 0): Date {
  const n = new Date(Date.UTC(y, m - 1, d, hh, mm));
  return new Date(instantOf({ y: n.getUTCFullYear(), m: n.getUTCMonth() + 1, d: n.getUTCDate(), h: n.getUTCHours(), mi: n.getUTCMinutes(), s: 0 }, tz));
}

/** YYYY-MM-DD of the local day. */
export function localDate(d: Date, tz: string): string {
  const p = zonedParts(d, tz);
  return `${p.y}-${String(p.m).padStart(2, '0')}-${String(p.d).padStart(2, '0')}`;
}

/** "dd/MM/yyyy HH:mm" as Vietnamese offices write it. */
export function formatDateTime(d: Date | string, tz: string): string {
  const p = zonedParts(typeof d === 'string' ? new Date(d) : d, tz);
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${two(p.d)}/${two(p.m)}/${p.y} ${two(p.hh)}:${two(p.mm)}`;
}

export function formatTime(d: Date | string, tz: string): string {
  return formatDateTime(d, tz).slice(11);
}

/** Parses YYYY-MM-DD; null when malformed or not a real date. */
export function parseDay(s: string): { y: number; m: number; d: number } | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return null;
  const [y, mo, d] = [+m[1], +m[2], +m[3]];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCMonth() === mo - 1 && t.getUTCDate() === d ? { y, m: mo, d } : null;
}

export const WEEKDAYS_VI = ['Thứ Hai', 'Thứ Ba', 'Thứ Tư', 'Thứ Năm', 'Thứ Sáu', 'Thứ Bảy', 'Chủ Nhật'];

export function formatDuration(sec: number): string {
  const s = Math.max(0, Math.round(sec));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const r = s % 60;
  return h ? `${h}:${String(m).padStart(2, '0')}:${String(r).padStart(2, '0')}` : `${m}:${String(r).padStart(2, '0')}`;
}
