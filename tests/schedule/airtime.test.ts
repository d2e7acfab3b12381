/**
 * Airtime rules over the planner's blocks: scenario tables with a fixed clock (the plan's window);
 * a failing row prints the planner's and the checker's traces.
 */
import { describe, expect, test } from 'vitest';
import { checkAirtime, describeAirtimeRules, type AirtimeRule, type AirtimeRules } from '../../src/schedule/index.js';
import { plan, schedulesFrom, traceOf, vn } from './helpers.js';

/** Hà Nội's urban wards (2021): two sessions a day, 15 minutes each, Monday to Friday. */
const HA_NOI: AirtimeRules = { sessionsPerDay: 2, minutesPerSession: 15, weekdays: [1, 2, 3, 4, 5], sessionGapMinutes: 30 };
/** Its rural wards: 45 minutes a day, relays included. */
const RURAL: AirtimeRules = { minutesPerDay: 45, sessionGapMinutes: 30 };

const bulletin = (title: string, crons: string[], priority = 'thuong', extra = ''): string =>
  `campaign: ${title}\npriority: ${priority}\n${extra}items:\n  - bulletin: ban-tin/${title}.txt\n    title: ${title}\nslots:\n${crons.map((c) => `  - cron: "${c}"`).join('\n')}\n`;
const relay = (title: string, duration: string, cron: string): string =>
  `campaign: ${title}\npriority: thuong\nitems:\n  - relay: http://127.0.0.1:18000/${title}\n    duration: ${duration}\n    title: ${title}\nslots:\n  - cron: "${cron}"\n`;

interface Row {
  name: string;
  files: Record<string, string>;
  rules: AirtimeRules;
  /** Minutes per item title. */
  minutes: Record<string, number>;
  channels?: string[];
  /** "day channel rule overrun", in order. */
  violations: string[];
  /** Substrings the first violation's message must hold: the rule, the day and the overrun. */
  says?: string[];
}

// Thursday 5 March 2026 (and the days after it, for the weekday rows).
const FROM = '2026-03-05T00:00:00';
const UNTIL = '2026-03-06T00:00:00';

const rows: Row[] = [
  {
    name: 'two 10-minute sessions on a weekday keep the Hà Nội rule',
    files: { nq57: bulletin('nq57', ['0 0 6 * * *', '0 0 17 * * *']) },
    rules: HA_NOI, minutes: { nq57: 10 },
    violations: [],
  },
  {
    name: 'a third session that day is over by one, and it is the one named',
    files: { nq57: bulletin('nq57', ['0 0 6 * * *', '0 0 11 * * *', '0 0 17 * * *']) },
    rules: HA_NOI, minutes: { nq57: 5 },
    violations: ['2026-03-05 chinh sessions-per-day 1'],
    says: ['05/03/2026 (Thứ Năm)', '3 buổi', 'tối đa 2 buổi/ngày', 'vượt 1 buổi', '17:00–17:05'],
  },
  {
    name: 'blocks under 30 minutes apart are one session: 06:00 + 06:10 for 10 minutes each is 20 minutes',
    files: { a: bulletin('a', ['0 0 6 * * *']), b: bulletin('b', ['0 10 6 * * *']) },
    rules: HA_NOI, minutes: { a: 10, b: 10 },
    violations: ['2026-03-05 chinh minutes-per-session 5'],
    says: ['buổi 06:00–06:20', 'dài 20 phút', 'tối đa 15 phút/buổi', 'vượt 5 phút'],
  },
  {
    name: 'blocks 30 minutes apart or more are two sessions, each within the rule',
    files: { a: bulletin('a', ['0 0 6 * * *']), b: bulletin('b', ['0 40 6 * * *']) },
    rules: HA_NOI, minutes: { a: 10, b: 10 },
    violations: [],
  },
  {
    name: 'relays count: a 30-minute relay is a 30-minute session',
    files: { huyen: relay('huyen', '30m', '0 0 6 * * *') },
    rules: HA_NOI, minutes: {},
    violations: ['2026-03-05 chinh minutes-per-session 15'],
  },
  {
    name: 'khẩn cấp is exempt: it neither counts as a session nor lengthens one',
    files: { nq57: bulletin('nq57', ['0 0 6 * * *', '0 0 17 * * *']), bao: bulletin('bao', ['0 5 6 * * *', '0 0 12 * * *'], 'khan-cap') },
    rules: HA_NOI, minutes: { nq57: 10, bao: 20 },
    violations: [],
  },
  {
    name: 'the rural rule counts minutes on air in the day, relays included',
    files: { huyen: relay('huyen', '30m', '0 0 6 * * *'), nq57: bulletin('nq57', ['0 0 17 * * *']) },
    rules: RURAL, minutes: { nq57: 20 },
    violations: ['2026-03-05 chinh minutes-per-day 5'],
    says: ['tổng cộng 50 phút', 'tối đa 45 phút/ngày', 'vượt 5 phút'],
  },
  {
    name: 'each channel keeps the rule on its own',
    files: {
      nq57: bulletin('nq57', ['0 0 6 * * *', '0 0 17 * * *'], 'thuong', 'channels: [chinh]\n'),
      cum2: bulletin('cum2', ['0 0 11 * * *', '0 0 18 * * *'], 'thuong', 'channels: [cum-2]\n'),
    },
    rules: HA_NOI, minutes: { nq57: 10, cum2: 10 }, channels: ['chinh', 'cum-2'],
    violations: [],
  },
  {
    name: 'no limits set: nothing is over',
    files: { nq57: bulletin('nq57', ['0 0 6 * * *', '0 0 11 * * *', '0 0 17 * * *']) },
    rules: { sessionGapMinutes: 30 }, minutes: { nq57: 60 },
    violations: [],
  },
];

describe('airtime rules', () => {
  test.each(rows)('$name', (row) => {
    const p = plan(schedulesFrom(row.files), {
      from: vn(FROM), until: vn(UNTIL), channels: row.channels ?? ['chinh'],
      durationOf: (item) => (row.minutes[item.title] ?? 1) * 60,
    });
    const check = checkAirtime(p.blocks, row.rules, 'Asia/Ho_Chi_Minh');
    const why = `${traceOf(p)}\n--- airtime ---\n${check.trace.join('\n')}`;
    expect(check.violations.map((v) => `${v.day} ${v.channelId} ${v.rule} ${v.overrun}`), why).toEqual(row.violations);
    for (const text of row.says ?? []) expect(check.violations[0].message, why).toContain(text);
    for (const v of check.violations) expect(v.code).toBe('LP_ERR_AIRTIME_EXCEEDED');
  });

  test('days outside the allowed weekdays are reported with all their airtime', () => {
    // Friday 6 to Sunday 8 March: Saturday and Sunday are not Hà Nội airing days.
    const p = plan(schedulesFrom({ nq57: bulletin('nq57', ['0 0 6 * * *']) }), {
      from: vn('2026-03-06T00:00:00'), until: vn('2026-03-09T00:00:00'), durationOf: () => 600,
    });
    const check = checkAirtime(p.blocks, HA_NOI, 'Asia/Ho_Chi_Minh');
    expect(check.violations.map((v): [string, AirtimeRule, number] => [v.day, v.rule, v.overrun]), check.trace.join('\n')).toEqual([
      ['2026-03-07', 'weekdays', 10], ['2026-03-08', 'weekdays', 10],
    ]);
    expect(check.violations[0].message).toContain('07/03/2026 (Thứ Bảy) không phải ngày được phát');
    expect(check.violations[0].blocks).toEqual([p.blocks[1].key]);
  });

  test('a session belongs to the day it starts on, even when it runs past midnight', () => {
    const p = plan(schedulesFrom({ dem: relay('dem', '1h', '0 30 23 * * *') }), {
      from: vn(FROM), until: vn('2026-03-07T00:00:00'), quietHours: null,
    });
    const check = checkAirtime(p.blocks, { sessionsPerDay: 1, minutesPerSession: 60, sessionGapMinutes: 30 }, 'Asia/Ho_Chi_Minh');
    expect(check.sessions.map((s) => s.day)).toEqual(['2026-03-05', '2026-03-06']);
    expect(check.violations).toEqual([]);
  });

  test('the rules in words, for the CLI and the calendar', () => {
    expect(describeAirtimeRules(HA_NOI)).toBe('tối đa 2 buổi/ngày, 15 phút/buổi, chỉ Thứ Hai, Thứ Ba, Thứ Tư, Thứ Năm, Thứ Sáu (khẩn cấp không tính)');
    expect(describeAirtimeRules({ sessionGapMinutes: 30 })).toBe('không giới hạn');
  });
});
