/**
 * Scenario tables with a fixed clock (after AzuraCast's SchedulerCasesTest): each row is a set of
 * schedule files, a window and what must air; a failing row prints the planner's trace.
 */
import { describe, expect, test } from 'vitest';
import type { ConflictKind, ScheduleItem } from '../../src/schedule/index.js';
import { describeBlocks, describeSkipped, plan, schedulesFrom, traceOf, vn, yaml } from './helpers.js';

interface Row {
  name: string;
  files: Record<string, string>;
  from: string;
  until: string;
  channels?: string[];
  quietHours?: { from: string; to: string } | null;
  /** Seconds per item title; others use the default estimate. */
  durations?: Record<string, number>;
  blocks: string[];
  skipped?: string[];
  conflicts?: ConflictKind[];
}

const daily = (extra: Record<string, string> = {}, items = ['a']): string =>
  yaml({ campaign: 'NQ57', priority: 'thuong', slots: '[{cron: "0 30 6 * * *"}, {cron: "0 0 17 * * *"}]', ...extra }, items);

const rows: Row[] = [
  {
    name: 'thuong takes its slots, twice a day',
    files: { nq57: daily() },
    from: '2026-03-05T00:00:00', until: '2026-03-06T00:00:00',
    blocks: ['2026-03-05 06:30:00 chinh nq57 [a]', '2026-03-05 17:00:00 chinh nq57 [a]'],
  },
  {
    name: 'without rotation every item airs in order in each slot',
    files: { nq57: daily({}, ['a', 'b']) },
    from: '2026-03-05T06:00:00', until: '2026-03-05T12:00:00',
    blocks: ['2026-03-05 06:30:00 chinh nq57 [a, b]'],
  },
  {
    name: 'rotation: one bulletin per occurrence, counted from `from`, across days',
    files: { r: yaml({ campaign: 'R', priority: 'thuong', from: '2026-03-01', rotate: 'true', slots: '[{cron: "0 30 6 * * *"}]' }, ['a', 'b', 'c']) },
    from: '2026-03-03T00:00:00', until: '2026-03-07T00:00:00',
    // 1 March = a, 2 = b, so 3 March = c.
    blocks: ['2026-03-03 06:30:00 chinh r [c]', '2026-03-04 06:30:00 chinh r [a]', '2026-03-05 06:30:00 chinh r [b]', '2026-03-06 06:30:00 chinh r [c]'],
  },
  {
    name: 'rotation: holidays are skipped visibly and do not use up a bulletin',
    files: { r: yaml({ campaign: 'R', priority: 'thuong', from: '2026-04-28', rotate: 'true', skip: '["2026-04-30..2026-05-01"]', slots: '[{cron: "0 0 17 * * *"}]' }, ['a', 'b']) },
    from: '2026-04-28T00:00:00', until: '2026-05-04T00:00:00',
    blocks: ['2026-04-28 17:00:00 chinh r [a]', '2026-04-29 17:00:00 chinh r [b]', '2026-05-02 17:00:00 chinh r [a]', '2026-05-03 17:00:00 chinh r [b]'],
    skipped: ['2026-04-30 17:00:00 chinh r: ngày nghỉ 2026-04-30 (skip)', '2026-05-01 17:00:00 chinh r: ngày nghỉ 2026-05-01 (skip)'],
  },
  {
    name: 'quiet hours 22:00–05:00 wrap midnight: 23:00 and 04:30 skipped, 05:00 airs',
    files: { q: yaml({ campaign: 'Q', priority: 'uu-tien', slots: '[{cron: "0 0 23 * * *"}, {cron: "0 30 4 * * *"}, {cron: "0 0 5 * * *"}]' }) },
    from: '2026-03-05T12:00:00', until: '2026-03-06T12:00:00',
    blocks: ['2026-03-06 05:00:00 chinh q [a]'],
    skipped: ['2026-03-05 23:00:00 chinh q: trong giờ yên tĩnh 22:00–05:00', '2026-03-06 04:30:00 chinh q: trong giờ yên tĩnh 22:00–05:00'],
  },
  {
    name: 'no quiet hours configured: the night slot airs',
    files: { q: yaml({ campaign: 'Q', priority: 'thuong', slots: '[{cron: "0 0 23 * * *"}]' }) },
    from: '2026-03-05T12:00:00', until: '2026-03-06T12:00:00', quietHours: null,
    blocks: ['2026-03-05 23:00:00 chinh q [a]'],
  },
  {
    name: 'uu-tien at the same instant goes first, the normal block is pushed after it',
    files: { a: daily(), b: yaml({ campaign: 'Bão', priority: 'uu-tien', slots: '[{at: "2026-03-05T06:30"}]' }, ['canh-bao']) },
    from: '2026-03-05T06:00:00', until: '2026-03-05T08:00:00', durations: { 'canh-bao': 90 },
    blocks: ['2026-03-05 06:30:00 chinh b [canh-bao]', '2026-03-05 06:31:30 chinh a [a]'],
    conflicts: ['overlap'],
  },
  {
    name: 'uu-tien does not cut a normal block already on air; it waits for it',
    files: { a: daily(), b: yaml({ campaign: 'B', priority: 'uu-tien', slots: '[{at: "2026-03-05T06:31"}]' }, ['u']) },
    from: '2026-03-05T06:00:00', until: '2026-03-05T08:00:00', durations: { a: 300 },
    blocks: ['2026-03-05 06:30:00 chinh a [a]', '2026-03-05 06:35:00 chinh b [u]'],
    conflicts: ['too-long'],
  },
  {
    name: 'an over-long programme pushes the next one and is reported',
    files: { a: yaml({ campaign: 'A', priority: 'thuong', slots: '[{cron: "0 0 6 * * *"}, {cron: "0 10 6 * * *"}]' }, ['dai']) },
    from: '2026-03-05T00:00:00', until: '2026-03-05T12:00:00', durations: { dai: 900 },
    blocks: ['2026-03-05 06:00:00 chinh a [dai]', '2026-03-05 06:15:00 chinh a [dai]'],
    conflicts: ['too-long'],
  },
  {
    name: 'waiting blocks: uu-tien goes ahead of an earlier thuong that is still waiting',
    files: {
      a: yaml({ campaign: 'A', priority: 'thuong', slots: '[{at: "2026-03-05T07:00"}]' }, ['dai']),
      b: yaml({ campaign: 'B', priority: 'thuong', slots: '[{at: "2026-03-05T07:01"}]' }, ['b']),
      c: yaml({ campaign: 'C', priority: 'uu-tien', slots: '[{at: "2026-03-05T07:02"}]' }, ['c']),
    },
    from: '2026-03-05T00:00:00', until: '2026-03-05T12:00:00', durations: { dai: 600, b: 60, c: 60 },
    blocks: ['2026-03-05 07:00:00 chinh a [dai]', '2026-03-05 07:10:00 chinh c [c]', '2026-03-05 07:11:00 chinh b [b]'],
    conflicts: ['too-long', 'too-long'],
  },
  {
    name: 'khan-cap airs at its instant, cuts the block on air, which resumes after it',
    files: {
      a: daily(),
      k: yaml({ campaign: 'Cháy', priority: 'khan-cap', slots: '[{at: "2026-03-05T06:31:00+07:00"}]' }, ['chay']),
      n: yaml({ campaign: 'N', priority: 'thuong', slots: '[{at: "2026-03-05T06:34"}]' }, ['n']),
    },
    from: '2026-03-05T06:00:00', until: '2026-03-05T08:00:00', durations: { a: 180, chay: 120, n: 60 },
    // a: 06:30–06:31 + (cut 2 min) + 06:33–06:35; n waits until 06:35.
    blocks: ['2026-03-05 06:30:00 chinh a [a]', '2026-03-05 06:31:00 chinh k [chay]', '2026-03-05 06:35:00 chinh n [n]'],
    conflicts: ['preempt', 'too-long'],
  },
  {
    name: 'khan-cap may break quiet hours and repeats at its interval',
    files: { k: yaml({ campaign: 'Bão', priority: 'khan-cap', slots: '[{at: "2026-03-05T23:00"}]', repeat: '3', interval: '10' }, ['bao']) },
    from: '2026-03-05T12:00:00', until: '2026-03-06T12:00:00',
    blocks: ['2026-03-05 23:00:00 chinh k [bao]', '2026-03-05 23:10:00 chinh k [bao]', '2026-03-05 23:20:00 chinh k [bao]'],
  },
  {
    name: 'khan-cap with breakQuietHours: false keeps quiet hours (visible skip)',
    files: { k: yaml({ campaign: 'K', priority: 'khan-cap', breakQuietHours: 'false', slots: '[{at: "2026-03-05T23:00"}]' }, ['k']) },
    from: '2026-03-05T12:00:00', until: '2026-03-06T12:00:00',
    blocks: [],
    skipped: ['2026-03-05 23:00:00 chinh k: trong giờ yên tĩnh 22:00–05:00'],
  },
  {
    name: 'a push into quiet hours skips the block instead of airing it at night',
    files: {
      a: yaml({ campaign: 'A', priority: 'uu-tien', slots: '[{at: "2026-03-05T21:50"}]' }, ['dai']),
      b: yaml({ campaign: 'B', priority: 'thuong', slots: '[{at: "2026-03-05T21:55"}]' }, ['b']),
    },
    from: '2026-03-05T12:00:00', until: '2026-03-06T00:00:00', durations: { dai: 900 },
    blocks: ['2026-03-05 21:50:00 chinh a [dai]'],
    skipped: ['2026-03-05 21:55:00 chinh b: bị dời vào giờ yên tĩnh 22:00–05:00 (sau a)'],
    conflicts: ['quiet-hours'],
  },
  {
    name: 'weekdays: Monday to Friday only (5 March 2026 is a Thursday)',
    files: { w: daily({ weekdays: '[t2, t3, t4, t5, t6]' }) },
    from: '2026-03-05T00:00:00', until: '2026-03-09T00:00:00', quietHours: null,
    blocks: ['2026-03-05 06:30:00 chinh w [a]', '2026-03-05 17:00:00 chinh w [a]', '2026-03-06 06:30:00 chinh w [a]', '2026-03-06 17:00:00 chinh w [a]'],
  },
  {
    name: 'date range: nothing before `from` or after `until` (inclusive dates)',
    files: { d: daily({ from: '2026-03-06', until: '2026-03-06' }) },
    from: '2026-03-05T00:00:00', until: '2026-03-08T00:00:00',
    blocks: ['2026-03-06 06:30:00 chinh d [a]', '2026-03-06 17:00:00 chinh d [a]'],
  },
  {
    name: 'a one-off outside the date range is skipped, not silently dropped',
    files: { d: yaml({ campaign: 'D', priority: 'thuong', until: '2026-03-04', slots: '[{at: "2026-03-05T09:00"}]' }) },
    from: '2026-03-05T00:00:00', until: '2026-03-06T00:00:00',
    blocks: [],
    skipped: ['2026-03-05 09:00:00 chinh d: ngoài khoảng ngày … – 2026-03-04 của lịch'],
  },
  {
    name: 'two channels: a schedule for one zone, another for all, airing at once',
    files: {
      all: yaml({ campaign: 'All', priority: 'thuong', slots: '[{at: "2026-03-05T07:00"}]' }, ['chung']),
      zone: yaml({ campaign: 'Zone', priority: 'thuong', channels: '[cum-2]', slots: '[{at: "2026-03-05T07:00"}]' }, ['rieng']),
    },
    from: '2026-03-05T00:00:00', until: '2026-03-06T00:00:00', channels: ['chinh', 'cum-2'], durations: { chung: 60, rieng: 60 },
    blocks: ['2026-03-05 07:00:00 chinh all [chung]', '2026-03-05 07:00:00 cum-2 all [chung]', '2026-03-05 07:01:00 cum-2 zone [rieng]'],
    conflicts: ['overlap'],
  },
  {
    name: 'a channel the config no longer has is reported; the others still air',
    files: { z: yaml({ campaign: 'Z', priority: 'thuong', channels: '[chinh, cu]', slots: '[{at: "2026-03-05T07:00"}]' }) },
    from: '2026-03-05T00:00:00', until: '2026-03-06T00:00:00',
    blocks: ['2026-03-05 07:00:00 chinh z [a]'],
    conflicts: ['unknown-channel'],
  },
];

describe('planner scenarios (fixed clock, Asia/Ho_Chi_Minh)', () => {
  test.each(rows)('$name', (row) => {
    const durationOf = (item: ScheduleItem): number | undefined => row.durations?.[item.title];
    const p = plan(schedulesFrom(row.files), {
      from: vn(row.from), until: vn(row.until), durationOf,
      ...(row.channels ? { channels: row.channels } : {}),
      ...(row.quietHours !== undefined ? { quietHours: row.quietHours } : {}),
    });
    const why = traceOf(p);
    expect(describeBlocks(p), why).toEqual(row.blocks);
    expect(describeSkipped(p), why).toEqual(row.skipped ?? []);
    expect(p.conflicts.map((c) => c.kind), why).toEqual(row.conflicts ?? []);
    for (const c of p.conflicts) expect(c.resolution.length, why).toBeGreaterThan(10);
  });
});

describe('planner details', () => {
  test('the trace says in words why a slot did not air', () => {
    const p = plan(schedulesFrom({ q: yaml({ campaign: 'Q', priority: 'thuong', slots: '[{cron: "0 0 23 * * *"}]' }) }), {
      from: vn('2026-03-05T12:00:00'), until: vn('2026-03-06T00:00:00'),
    });
    expect(p.trace).toContain('2026-03-05 23:00:00 q: bỏ qua lượt phát (trong giờ yên tĩnh 22:00–05:00)');
  });

  test('the resolution names who goes first and when the pushed block starts', () => {
    const files = { a: daily(), b: yaml({ campaign: 'Bão', priority: 'uu-tien', slots: '[{at: "2026-03-05T06:30"}]' }, ['u']) };
    const p = plan(schedulesFrom(files), { from: vn('2026-03-05T06:00:00'), until: vn('2026-03-05T07:00:00'), durationOf: () => 60 });
    expect(p.conflicts[0].resolution).toBe('"b" (Ưu tiên, chinh) phát trước vì ưu tiên cao hơn; "a" (Thông thường, chinh) dời sang 2026-03-05 06:31:00');
    expect(p.blocks[1].slotAt.toISOString()).toBe(vn('2026-03-05T06:30:00').toISOString());
  });

  test('keys are stable across windows and item keys extend the block key', () => {
    const s = schedulesFrom({ nq57: daily({ from: '2026-01-01', rotate: 'true' }, ['a', 'b', 'c']) });
    const week = plan(s, { from: vn('2026-03-01T00:00:00'), until: vn('2026-03-08T00:00:00') });
    const day = plan(s, { from: vn('2026-03-04T00:00:00'), until: vn('2026-03-05T00:00:00') });
    const inWeek = week.blocks.filter((b) => day.blocks.some((d) => d.key === b.key));
    expect(inWeek.map((b) => b.items[0].key)).toEqual(day.blocks.map((b) => b.items[0].key));
    expect(day.blocks[0].key).toBe('nq57#0@2026-03-03T23:30:00.000Z/chinh');
    expect(day.blocks[0].items[0].key.startsWith(`${day.blocks[0].key}:`)).toBe(true);
  });

  test('a schedule firing every second is capped and reported, not planned forever', () => {
    const s = schedulesFrom({ f: yaml({ campaign: 'F', priority: 'thuong', slots: '[{cron: "* * * * * *"}]' }) });
    const p = plan(s, { from: vn('2026-03-05T08:00:00'), until: vn('2026-03-06T08:00:00'), quietHours: null, maxBlocksPerSchedule: 100 });
    expect(p.conflicts.map((c) => c.kind)).toContain('too-many');
    expect(p.blocks.length).toBeLessThanOrEqual(100);
  });
});
