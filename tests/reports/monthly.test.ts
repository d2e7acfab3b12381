import { describe, expect, it } from 'vitest';
import { buildMonthlyReport, NO_CAMPAIGN, vietnameseDateLine } from '../../src/reports/index.js';
import { ATGT, NQ57, novemberRows, OPTS, row } from './fixtures.js';

describe('buildMonthlyReport', () => {
  const r = buildMonthlyReport(novemberRows(), OPTS);

  it('keeps exactly the rows of the local month (UTC+7 edges)', () => {
    expect(r.airings.map((a) => `${a.date} ${a.time}`)).toEqual([
      '01/11/2026 06:30', '01/11/2026 17:00', '02/11/2026 06:30', '02/11/2026 07:15', '02/11/2026 17:00',
      '15/11/2026 06:30', '30/11/2026 23:59',
    ]);
    expect(r.airings.map((a) => a.no)).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it.each([
    // campaign, title, airings, minutes, times, counts (aired/partial/interrupted/missed/failed), channels, transmitters
    [ATGT, 'Đội mũ bảo hiểm đúng cách', 1, 0.5, '15/11: 06:30; 30/11: 23:59', [0, 1, 0, 0, 1], ['Cụm loa tổ 3', 'Kênh chính'], ['relay-to-3', 'none']],
    [NQ57, 'Bản tin số 1: Nghị quyết 57-NQ/TW về khoa học, công nghệ', 3, 3.8, '01/11-02/11: 06:30, 17:00', [2, 0, 1, 1, 0], ['Kênh chính'], ['none']],
    [NO_CAMPAIGN, 'Thông báo khẩn: phòng chống bão số 15', 1, 1, '02/11: 07:15', [1, 0, 0, 0, 0], ['Kênh chính'], ['none']],
  ] as const)('group %s / %s: %i airings, %d min, at %s', (campaign, title, airings, minutes, times, counts, channels, transmitters) => {
    const g = r.groups.find((x) => x.campaign === campaign && x.title === title);
    expect(g, JSON.stringify(r.groups, null, 1)).toBeDefined();
    expect({ airings: g!.airings, minutes: g!.minutes, times: g!.times, channels: g!.channels, transmitters: g!.transmitters }).toEqual({ airings, minutes, times, channels, transmitters });
    expect([g!.counts.aired, g!.counts.partial, g!.counts.interrupted, g!.counts.missed, g!.counts.failed]).toEqual(counts);
  });

  it('orders campaigns alphabetically (Vietnamese) with the no-campaign bucket last, and totals everything', () => {
    expect(r.groups.map((g) => g.campaign)).toEqual([ATGT, NQ57, NO_CAMPAIGN]);
    // Seconds are summed before rounding: 95 + 95 + 40 + 62 + 30 (+0 failed, +0 missed) = 322 s.
    expect(r.totals).toEqual({
      airings: 5, minutes: 5.4, campaigns: 3, bulletins: 3, deadAir: 0,
      counts: { 'on-air': 0, aired: 3, partial: 1, interrupted: 1, missed: 1, failed: 1 },
    });
  });

  it('counts dead air: each LP_ERR_DEAD_AIR note on a row of the month, shown on its line and counted in total', () => {
    const dead = (n: number) => Array.from({ length: n }, (_, i) => `LP_ERR_DEAD_AIR : im lặng hơn 8 s từ 2026-11-05T00:0${i}:00.000Z`).join('; ');
    const x = buildMonthlyReport([
      row({ startedAt: '2026-11-05T00:00:00.000Z', transmitterNote: dead(2), status: 'partial', title: 'Tiếp âm đài huyện' }),
      row({ startedAt: '2026-11-06T00:00:00.000Z', transmitterNote: `pre-roll: rơ-le không trả lời; ${dead(1)}` }),
      row({ startedAt: '2026-11-07T00:00:00.000Z', transmitterNote: 'pre-roll: rơ-le không trả lời' }),
    ], OPTS);
    expect(x.airings.map((a) => a.note.match(/LP_ERR_DEAD_AIR/g)?.length ?? 0)).toEqual([2, 1, 0]);
    expect(x.totals.deadAir).toBe(3);
  });

  it('carries channel names, labels, notes and verification into each airing line', () => {
    const storm = r.airings.find((a) => a.priority === 'khan-cap')!;
    expect(storm).toMatchObject({ campaign: NO_CAMPAIGN, priorityLabel: 'Khẩn cấp', channel: 'Kênh chính', statusLabel: 'Đã phát', seconds: 62, minutes: 1, endTime: '07:16', note: 'Máy phát: bật trước 3 s: relay trả lời chậm', verified: true });
    const missed = r.airings.find((a) => a.status === 'missed')!;
    expect(missed).toMatchObject({ statusLabel: 'Bỏ lỡ', seconds: 0, endTime: '', note: 'Đài không chạy lúc đến giờ phát' });
  });

  it.each([
    // now (UTC), complete, date line
    ['2026-12-01T02:00:00Z', true, 'Hải Phòng, ngày 01 tháng 12 năm 2026'],
    ['2026-11-20T16:59:00Z', false, 'Hải Phòng, ngày 20 tháng 11 năm 2026'],
    ['2026-11-30T16:59:59Z', false, 'Hải Phòng, ngày 30 tháng 11 năm 2026'],
    ['2026-11-30T17:00:00Z', true, 'Hải Phòng, ngày 01 tháng 12 năm 2026'],
  ])('made at %s: complete=%s, "%s"', (now, complete, line) => {
    const x = buildMonthlyReport([], { ...OPTS, now: new Date(now) });
    expect(x.complete).toBe(complete);
    expect(x.dateLine).toBe(line);
    expect(x.monthLabel).toBe('tháng 11 năm 2026');
    expect(x.totals.airings).toBe(0);
  });

  it('pads day < 10 and months 1–2 in the date line, as administrative documents do', () => {
    expect(vietnameseDateLine('Hải Phòng', new Date('2027-02-04T03:00:00Z'), 'Asia/Ho_Chi_Minh')).toBe('Hải Phòng, ngày 04 tháng 02 năm 2027');
    expect(vietnameseDateLine('Hải Phòng', new Date('2027-03-04T03:00:00Z'), 'Asia/Ho_Chi_Minh')).toBe('Hải Phòng, ngày 04 tháng 3 năm 2027');
  });

  it.each([
    // (day, local hour:minute) airings → the times cell
    [[[1, '06:30'], [1, '17:00'], [2, '06:30'], [2, '17:00'], [3, '06:30'], [3, '17:00'], [5, '06:30'], [5, '17:00']], '01/11-03/11, 05/11: 06:30, 17:00'],
    [[[1, '06:30'], [2, '06:30'], [2, '17:00'], [4, '06:30']], '01/11, 04/11: 06:30; 02/11: 06:30, 17:00'],
    [[[9, '08:00']], '09/11: 08:00'],
    // One slot on two channels is one time of day.
    [[[9, '08:00'], [9, '08:00'], [9, '17:00'], [10, '08:00'], [10, '17:00']], '09/11-10/11: 08:00, 17:00'],
    // A city's bulletin, aired at many times a day: the span and the count.
    [[5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17].map((h) => [3, `${String(h).padStart(2, '0')}:15`] as const), '03/11: 05:15-17:15 (13 giờ)'],
  ] as const)('writes the air times compactly: %j → %s', (airings, cell) => {
    const rows = airings.map(([d, hm]) => row({ startedAt: new Date(Date.UTC(2026, 10, d, Number(hm.slice(0, 2)) - 7, Number(hm.slice(3)))).toISOString() }));
    expect(buildMonthlyReport(rows, OPTS).groups[0].times).toBe(cell);
  });

  it('counts a row still on air as an airing', () => {
    const x = buildMonthlyReport([row({ startedAt: '2026-11-10T00:00:00.000Z', status: 'on-air', durationSec: null, endedAt: null })], OPTS);
    expect(x.totals.airings).toBe(1);
    expect(x.totals.counts['on-air']).toBe(1);
  });
});

describe('months', () => {
  // Parsing months and dates is the time module's (tests/time); the builder refuses what it refuses.
  it.each(['2026-13', '2026-00', '26-11', '2026/11', 'tháng 11', '', '2026-1'])('refuses month %j with LP_ERR_MONTH_INVALID', (m) => {
    expect(() => buildMonthlyReport([], { ...OPTS, month: m })).toThrow(expect.objectContaining({ code: 'LP_ERR_MONTH_INVALID' }));
  });
});
