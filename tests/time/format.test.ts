/** Every formatter of local time, and the calendar and zone arithmetic beneath them. */
import { describe, expect, it } from 'vitest';
import {
  addDays, addMonths, formatClock, formatDate, formatDateTime, formatDuration, formatDurationWords, formatIsoWithOffset, formatLocal, formatLocalDate,
  formatMonth, formatSecondOfDay, formatTime, formatViDate, formatViDayMonth, inDailySpan, localTimeOf, mondayOf, parseInstant, weekdayNameVi,
  weekdayOf, wholeDays,
} from '../../src/time/index.js';

const VN = 'Asia/Ho_Chi_Minh';
/** 2026-03-05 06:30:15 in Hà Nội (a Thursday). */
const AT = Date.parse('2026-03-04T23:30:15Z');

describe('formatters', () => {
  it.each([
    ['formatLocal', formatLocal(AT, VN), '2026-03-05 06:30:15'],
    ['formatLocal of an ISO text', formatLocal('2026-03-04T23:30:15.000Z', VN), '2026-03-05 06:30:15'],
    ['formatLocalDate', formatLocalDate(new Date(AT), VN), '2026-03-05'],
    ['formatDateTime', formatDateTime(AT, VN), '05/03/2026 06:30'],
    ['formatDateTime with seconds', formatDateTime(AT, VN, { seconds: true }), '05/03/2026 06:30:15'],
    ['formatTime', formatTime(AT, VN), '06:30'],
    ['formatTime with seconds', formatTime(AT, VN, { seconds: true }), '06:30:15'],
    ['formatIsoWithOffset', formatIsoWithOffset(AT, VN), '2026-03-05T06:30:15+07:00'],
    ['formatIsoWithOffset west of UTC', formatIsoWithOffset(AT, 'America/New_York'), '2026-03-04T18:30:15-05:00'],
    ['formatDate', formatDate({ y: 2026, m: 3, d: 5 }), '2026-03-05'],
    ['formatMonth', formatMonth({ y: 2026, m: 3 }), '2026-03'],
    ['formatViDate', formatViDate({ y: 2026, m: 3, d: 5 }), '05/03/2026'],
    ['formatViDayMonth', formatViDayMonth({ m: 11, d: 1 }), '01/11'],
    ['formatClock', formatClock({ h: 6, mi: 5, s: 9 }), '06:05'],
    ['formatClock with seconds', formatClock({ h: 6, mi: 5, s: 9 }, true), '06:05:09'],
    ['formatSecondOfDay', formatSecondOfDay(22 * 3600), '22:00'],
    ['formatDuration under an hour', formatDuration(125.4), '2:05'],
    ['formatDuration from an hour', formatDuration(3725), '1:02:05'],
    ['formatDuration of nothing', formatDuration(-3), '0:00'],
    ['formatDurationWords seconds', formatDurationWords(45), '45 giây'],
    ['formatDurationWords minutes', formatDurationWords(12 * 60 + 20), '12 phút'],
    ['weekdayNameVi', weekdayNameVi(weekdayOf({ y: 2026, m: 3, d: 5 })), 'Thứ Năm'],
    ['weekdayNameVi Sunday', weekdayNameVi(0), 'Chủ Nhật'],
  ])('%s', (_, got, want) => {
    expect(got).toBe(want);
  });

  it('what the formatters write, the parsers read back to the same instant', () => {
    for (const zone of [VN, 'America/New_York', 'Europe/London']) {
      expect(parseInstant(formatIsoWithOffset(AT, zone), zone)).toBe(AT);
      expect(parseInstant(formatLocal(AT, zone), zone)).toBe(AT);
    }
  });
});

describe('calendar', () => {
  it.each([
    ['a day later across a year', addDays({ y: 2026, m: 12, d: 31 }, 1), { y: 2027, m: 1, d: 1 }],
    ['a day earlier across a leap February', addDays({ y: 2028, m: 3, d: 1 }, -1), { y: 2028, m: 2, d: 29 }],
    ['a month later across a year', addMonths({ y: 2026, m: 12 }, 1), { y: 2027, m: 1 }],
    ['a month earlier across a year', addMonths({ y: 2026, m: 1 }, -1), { y: 2025, m: 12 }],
    ['the Monday of a Thursday', mondayOf({ y: 2026, m: 3, d: 5 }), { y: 2026, m: 3, d: 2 }],
    ['the Monday of a Sunday is six days before', mondayOf({ y: 2026, m: 3, d: 8 }), { y: 2026, m: 3, d: 2 }],
    ['the Monday of a Monday is itself', mondayOf({ y: 2026, m: 3, d: 2 }), { y: 2026, m: 3, d: 2 }],
  ])('%s', (_, got, want) => {
    expect(got).toEqual(want);
  });

  it.each([
    [{ from: 79200, to: 18000 }, 23 * 3600, true],
    [{ from: 79200, to: 18000 }, 4 * 3600, true],
    [{ from: 79200, to: 18000 }, 5 * 3600, false],
    [{ from: 43200, to: 48600 }, 12 * 3600, true],
    [{ from: 43200, to: 48600 }, 13.5 * 3600, false],
    [{ from: 3600, to: 3600 }, 3600, false],
    [null, 3600, false],
  ])('span %j holds second %d: %s', (span, second, want) => {
    expect(inDailySpan(span, second)).toBe(want);
  });

  it('a window becomes the whole local days it touches', () => {
    const w = wholeDays(Date.parse('2026-03-05T03:00:00Z'), Date.parse('2026-03-06T03:00:00Z'), VN);
    expect([new Date(w.from).toISOString(), new Date(w.until).toISOString()]).toEqual(['2026-03-04T17:00:00.000Z', '2026-03-06T17:00:00.000Z']);
    const exact = wholeDays(Date.parse('2026-03-04T17:00:00Z'), Date.parse('2026-03-05T17:00:00Z'), VN);
    expect([new Date(exact.from).toISOString(), new Date(exact.until).toISOString()]).toEqual(['2026-03-04T17:00:00.000Z', '2026-03-05T17:00:00.000Z']);
  });

  it('the wall clock of an instant, in the zone asked', () => {
    expect(localTimeOf(AT, VN)).toEqual({ y: 2026, m: 3, d: 5, h: 6, mi: 30, s: 15 });
    expect(localTimeOf(new Date(AT), 'UTC')).toEqual({ y: 2026, m: 3, d: 4, h: 23, mi: 30, s: 15 });
  });
});
