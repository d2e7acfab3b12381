/** Wall-clock helpers in the station's time zone (schedules are local time; the store is UTC). */

/** Local calendar parts of an instant in `tz`. */
export function zonedParts(d: Date, tz: string): { y: number; m: number; d: number; hh: number; mm: number; ss: number; weekday: number } {
  const f = new Intl.DateTimeFormat('en-US', {
    timeZone: tz, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit',
    hour: '2-digit', minute: '2-digit', second: '2-digit', weekday: 'short',
  });
  const p = Object.fromEntries(f.formatToParts(d).map((x) => [x.type, x.value]));
  const weekday = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(p.weekday);
  return { y: +p.year, m: +p.month, d: +p.day, hh: +p.hour, mm: +p.minute, ss: +p.second, weekday };
}

/** Offset of `tz` from UTC at instant `d`, milliseconds. */
function offsetMs(d: Date, tz: string): number {
  const p = zonedParts(d, tz);
  return Date.UTC(p.y, p.m - 1, p.d, p.hh, p.mm, p.ss) - Math.floor(d.getTime() / 1000) * 1000;
}

/** The instant of local wall time y-m-d hh:mm in `tz` (month 1-based). */
export function zonedTime(y: number, m: number, d: number, tz: string, hh = 0, mm = 0): Date {
  const guess = Date.UTC(y, m - 1, d, hh, mm);
  const first = guess - offsetMs(new Date(guess), tz);
  // A second pass settles instants near an offset change.
  return new Date(guess - offsetMs(new Date(first), tz));
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
