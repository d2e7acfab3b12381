/**
 * Cron expressions: node-cron validates and expands them (so a file means exactly what node-cron
 * would run), but occurrences are computed here, in the pure planner — node-cron's own timer skips
 * runs while the event loop is blocked and has had duplicate-run bugs.
 *
 * Semantics follow node-cron 4: 5 or 6 fields (seconds optional), day of month AND day of week must
 * both match, `L`, `L-n`, `nW`, `LW` in day of month, `n#k` and `nL` in day of week.
 */
import cron from 'node-cron';
import { lastDayOfMonth, weekdayOf, type LocalDate } from '../time/index.js';

export interface CronSpec {
  /** The expression as written. */
  readonly expression: string;
  readonly seconds: readonly number[];
  readonly minutes: readonly number[];
  readonly hours: readonly number[];
  readonly daysOfMonth: readonly (number | string)[];
  readonly months: readonly number[];
  readonly daysOfWeek: readonly (number | string)[];
}

/** Parses with node-cron; on failure returns node-cron's reason (English, one line). */
export function parseCron(expression: string): { spec: CronSpec } | { error: string } {
  const r = cron.validateDetailed(expression);
  if (!r.valid || !r.fields) return { error: r.errors.map((e) => e.message).join('; ') || 'invalid expression' };
  const f = r.fields;
  const asc = (xs: number[]): number[] => [...new Set(xs)].sort((a, b) => a - b);
  return {
    spec: {
      expression,
      seconds: asc(f.second),
      minutes: asc(f.minute),
      hours: asc(f.hour),
      daysOfMonth: f.dayOfMonth,
      months: f.month,
      // node-cron accepts 7 for Sunday.
      daysOfWeek: f.dayOfWeek.map((v) => (v === 7 ? 0 : v)),
    },
  };
}

function nearestWeekday(y: number, m: number, target: number): number {
  const last = lastDayOfMonth(y, m);
  if (target < 1 || target > last) return -1;
  const wd = weekdayOf({ y, m, d: target });
  if (wd === 6) return target === 1 ? 3 : target - 1;
  if (wd === 0) return target === last ? target - 2 : target + 1;
  return target;
}

function dayOfMonthMatches(tokens: readonly (number | string)[], date: LocalDate): boolean {
  const last = lastDayOfMonth(date.y, date.m);
  return tokens.some((v) => {
    if (v === date.d) return true;
    if (typeof v !== 'string') return false;
    if (v === 'L') return date.d === last;
    const w = /^(\d{1,2}|L)W$/.exec(v);
    if (w) return nearestWeekday(date.y, date.m, w[1] === 'L' ? last : Number(w[1])) === date.d;
    const off = /^L-(\d{1,2})$/.exec(v);
    return off !== null && last - Number(off[1]) === date.d;
  });
}

function dayOfWeekMatches(tokens: readonly (number | string)[], date: LocalDate): boolean {
  const wd = weekdayOf(date);
  return tokens.some((v) => {
    if (v === wd) return true;
    if (typeof v !== 'string') return false;
    const nth = /^([0-7])#([1-5])$/.exec(v);
    if (nth) return Number(nth[1]) % 7 === wd && Math.floor((date.d - 1) / 7) + 1 === Number(nth[2]);
    const lastOf = /^([0-7])L$/i.exec(v);
    return lastOf !== null && Number(lastOf[1]) % 7 === wd && date.d + 7 > lastDayOfMonth(date.y, date.m);
  });
}

/** Does the expression fire at all on this calendar day? */
export function cronMatchesDay(spec: CronSpec, date: LocalDate): boolean {
  return spec.months.includes(date.m) && dayOfMonthMatches(spec.daysOfMonth, date) && dayOfWeekMatches(spec.daysOfWeek, date);
}

/** Wall-clock times of day (seconds since midnight, ascending) the expression fires at. */
export function cronTimesOfDay(spec: CronSpec): number[] {
  const out: number[] = [];
  for (const h of spec.hours) for (const mi of spec.minutes) for (const s of spec.seconds) out.push(h * 3600 + mi * 60 + s);
  return out;
}
