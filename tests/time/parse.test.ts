/** Every written form of local time, read by the one module that reads them. */
import { describe, expect, it } from 'vitest';
import {
  monthRange, parseDailySpan, parseDate, parseDateTime, parseDuration, parseInstant, parseMonth, parseTimeOfDay, parseWeekday, requireDate,
  requireInstant, requireMonth, startOfDay,
} from '../../src/time/index.js';

const VN = 'Asia/Ho_Chi_Minh';
const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

describe('dates', () => {
  it.each([
    ['2026-03-05', { y: 2026, m: 3, d: 5 }],
    [' 2026-03-05 ', { y: 2026, m: 3, d: 5 }],
    ['2028-02-29', { y: 2028, m: 2, d: 29 }],
    ['2026-02-29', null],
    ['2026-02-30', null],
    ['2026-11-31', null],
    ['2026-13-01', null],
    ['2026-1-05', null],
    ['05/11/2026', null],
    ['hôm nay', null],
    ['', null],
  ])('%j → %j', (text, want) => {
    expect(parseDate(text)).toEqual(want);
  });

  it.each(['2026-02-30', '2026-11-31', '2026-1-05', '05/11/2026', 'hôm nay'])('the CLI and the API refuse %j with LP_ERR_DATE_INVALID', (d) => {
    expect(() => requireDate(d)).toThrow(expect.objectContaining({ code: 'LP_ERR_DATE_INVALID' }));
  });

  it('a local date starts at local midnight', () => {
    expect(new Date(startOfDay(requireDate('2026-11-05'), VN)).toISOString()).toBe('2026-11-04T17:00:00.000Z');
  });
});

describe('months', () => {
  it.each([
    ['2026-11', { y: 2026, m: 11 }],
    ['2026-13', null], ['2026-00', null], ['26-11', null], ['2026/11', null], ['tháng 11', null], ['', null], ['2026-1', null], ['1999-12', null],
  ])('%j → %j', (text, want) => {
    expect(parseMonth(text)).toEqual(want);
  });

  it.each(['2026-13', '2026-00', '26-11', '2026/11', 'tháng 11', '', '2026-1'])('refuses month %j with LP_ERR_MONTH_INVALID', (m) => {
    expect(() => requireMonth(m)).toThrow(expect.objectContaining({ code: 'LP_ERR_MONTH_INVALID' }));
    expect(() => monthRange(m, VN)).toThrow(expect.objectContaining({ code: 'LP_ERR_MONTH_INVALID' }));
  });

  it.each([
    ['2026-11', VN, '2026-10-31T17:00:00.000Z', '2026-11-30T17:00:00.000Z'],
    ['2026-12', VN, '2026-11-30T17:00:00.000Z', '2026-12-31T17:00:00.000Z'],
    ['2026-03', 'Europe/Paris', '2026-02-28T23:00:00.000Z', '2026-03-31T22:00:00.000Z'],
  ])('month %s in %s is [%s, %s)', (m, tz, from, to) => {
    const r = monthRange(m, tz);
    expect([r.from.toISOString(), r.to.toISOString()]).toEqual([from, to]);
  });
});

describe('times of day', () => {
  it.each([
    ['06:30', { h: 6, mi: 30, s: 0 }],
    ['6:30', { h: 6, mi: 30, s: 0 }],
    ['6h30', { h: 6, mi: 30, s: 0 }],
    ['17:00:15', { h: 17, mi: 0, s: 15 }],
    ['23:59', { h: 23, mi: 59, s: 0 }],
    ['00:00', { h: 0, mi: 0, s: 0 }],
    ['24:00', null], ['23:60', null], ['6', null], ['6:3', null], ['06-30', null], ['sáu giờ', null],
  ])('%j → %j', (text, want) => {
    expect(parseTimeOfDay(text)).toEqual(want);
  });

  it('a daily span is two times of day in seconds; a bad end makes none', () => {
    expect(parseDailySpan({ from: '22:00', to: '05:00' })).toEqual({ from: 79200, to: 18000 });
    expect(parseDailySpan({ from: '22:00', to: '25:00' })).toBeNull();
  });
});

describe('date-times', () => {
  it.each([
    // written, zone, the instant
    ['2026-11-25T17:00', VN, '2026-11-25T10:00:00.000Z'],
    ['2026-11-25 17:00:30', VN, '2026-11-25T10:00:30.000Z'],
    ['2026-11-25T17:00:00+07:00', 'Europe/London', '2026-11-25T10:00:00.000Z'],
    ['2026-11-25T10:00:00.250Z', VN, '2026-11-25T10:00:00.250Z'],
    ['2026-11-25T05:00:00-05:00', VN, '2026-11-25T10:00:00.000Z'],
    ['2026-03-08T02:30', 'America/New_York', '2026-03-08T07:30:00.000Z'],
    ['2026-03-05T25:00', VN, null],
    ['2026-03-05T10:61', VN, null],
    ['2026-02-30T10:00', VN, null],
    ['2026-03-05T10:00+25:00', VN, null],
    ['2026-03-05', VN, null],
    ['05/03/2026 10:00', VN, null],
  ])('%j in %s → %s', (text, zone, want) => {
    expect(iso(parseInstant(text, zone))).toBe(want);
  });

  it('keeps what was written: the wall clock and whether an offset was given', () => {
    expect(parseDateTime('2026-11-25T17:00')).toEqual({ local: { y: 2026, m: 11, d: 25, h: 17, mi: 0, s: 0 }, ms: 0, offsetMinutes: null });
    expect(parseDateTime('2026-11-25T17:00:00+07:00')?.offsetMinutes).toBe(420);
    expect(parseDateTime('2026-11-25T17:00:00Z')?.offsetMinutes).toBe(0);
  });

  it.each([
    // a bound as the CLI or the API takes it: a day (its start, or as an end the next day's start) or a date-time
    ['2026-11-05', false, '2026-11-04T17:00:00.000Z'],
    ['2026-11-05', true, '2026-11-05T17:00:00.000Z'],
    ['2026-12-31', true, '2026-12-31T17:00:00.000Z'],
    ['2026-11-05T06:30', true, '2026-11-04T23:30:00.000Z'],
  ])('bound %j (end of day: %s) → %s', (text, endOfDay, want) => {
    expect(iso(requireInstant(text, VN, { endOfDay }))).toBe(want);
  });

  it('a bound that is neither is LP_ERR_DATE_INVALID naming what it was', () => {
    expect(() => requireInstant('2026-03-05T25:00', VN, { what: '--from' })).toThrow(expect.objectContaining({ code: 'LP_ERR_DATE_INVALID', detail: '--from 2026-03-05T25:00' }));
    expect(() => requireInstant('20/11/2026', VN)).toThrow(expect.objectContaining({ code: 'LP_ERR_DATE_INVALID' }));
  });
});

describe('durations', () => {
  it.each([
    ['30m', 30 * 60_000],
    ['90s', 90_000],
    ['1h', 3600_000],
    ['1h30m', 90 * 60_000],
    ['2m30s', 150_000],
    [' 45m ', 45 * 60_000],
    ['24h', 24 * 3600_000],
    ['25h', null], ['0m', null], ['30', null], ['30 phút', null], ['m', null], ['', null], ['1.5h', null], ['-5m', null],
  ])('%j → %j ms', (text, want) => {
    expect(parseDuration(text)).toBe(want);
  });
});

describe('weekdays', () => {
  it.each([
    ['t2', 1], ['T7', 6], ['cn', 0], ['mon', 1], ['Sun', 0], [0, 0], [6, 6], [7, 0],
    ['thứ hai', null], [8, null], [1.5, null], [-1, null], [null, null],
  ] as const)('%j → %j', (value, want) => {
    expect(parseWeekday(value)).toBe(want);
  });
});
