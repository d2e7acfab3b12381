/** Time-zone edge cases: midnight, month and year boundaries, quiet hours across midnight, DST zones. */
import { describe, expect, test } from 'vitest';
import { formatLocal, instantOf, localTimeOf } from '../../src/time/index.js';
import { describeBlocks, describeSkipped, plan, schedulesFrom, traceOf, vn, yaml } from './helpers.js';

describe('wall clock in Asia/Ho_Chi_Minh (UTC+7, no DST)', () => {
  test('local midnight is 17:00 UTC the day before', () => {
    expect(new Date(instantOf({ y: 2026, m: 3, d: 1, h: 0, mi: 0, s: 0 }, 'Asia/Ho_Chi_Minh')).toISOString()).toBe('2026-02-28T17:00:00.000Z');
    expect(localTimeOf(Date.parse('2026-12-31T17:00:00Z'), 'Asia/Ho_Chi_Minh')).toEqual({ y: 2027, m: 1, d: 1, h: 0, mi: 0, s: 0 });
  });

  test('a midnight slot on the first of the month lands on the right local day', () => {
    const s = schedulesFrom({ m: yaml({ campaign: 'M', priority: 'khan-cap', slots: '[{cron: "0 0 0 1 * *"}]' }) });
    const p = plan(s, { from: vn('2026-01-15T00:00:00'), until: vn('2026-04-15T00:00:00') });
    expect(describeBlocks(p), traceOf(p)).toEqual([
      '2026-02-01 00:00:00 chinh m [a]', '2026-03-01 00:00:00 chinh m [a]', '2026-04-01 00:00:00 chinh m [a]',
    ]);
    expect(p.blocks[0].startAt.toISOString()).toBe('2026-01-31T17:00:00.000Z');
  });

  test('"L" is the last day of each month, leap years included', () => {
    const s = schedulesFrom({ l: yaml({ campaign: 'L', priority: 'thuong', slots: '[{cron: "0 0 17 L * *"}]' }) });
    const p = plan(s, { from: vn('2028-01-15T00:00:00'), until: vn('2028-04-01T00:00:00') });
    expect(describeBlocks(p)).toEqual(['2028-01-31 17:00:00 chinh l [a]', '2028-02-29 17:00:00 chinh l [a]', '2028-03-31 17:00:00 chinh l [a]']);
  });

  test('the window edges: a slot exactly at `from` is in, exactly at `until` is out', () => {
    const s = schedulesFrom({ e: yaml({ campaign: 'E', priority: 'thuong', slots: '[{cron: "0 0 6 * * *"}]' }) });
    const p = plan(s, { from: vn('2026-03-05T06:00:00'), until: vn('2026-03-06T06:00:00') });
    expect(describeBlocks(p)).toEqual(['2026-03-05 06:00:00 chinh e [a]']);
  });

  test('year boundary with rotation: the count continues from the first of January', () => {
    const s = schedulesFrom({ r: yaml({ campaign: 'R', priority: 'thuong', from: '2026-12-30', until: '2027-01-02', rotate: 'true', slots: '[{cron: "0 0 6 * * *"}]' }, ['a', 'b', 'c']) });
    const p = plan(s, { from: vn('2026-12-31T12:00:00'), until: vn('2027-01-05T00:00:00') });
    expect(describeBlocks(p), traceOf(p)).toEqual(['2027-01-01 06:00:00 chinh r [c]', '2027-01-02 06:00:00 chinh r [a]']);
  });

  test('quiet hours that wrap midnight, planned across the local midnight', () => {
    const s = schedulesFrom({ h: yaml({ campaign: 'H', priority: 'thuong', slots: '[{cron: "0 */30 * * * *"}]' }) });
    const p = plan(s, { from: vn('2026-03-05T21:00:00'), until: vn('2026-03-06T06:00:00'), durationOf: () => 60 });
    expect(describeBlocks(p).map((b) => b.slice(11, 16))).toEqual(['21:00', '21:30', '05:00', '05:30']);
    expect(describeSkipped(p)).toHaveLength(14);
    expect(describeSkipped(p)[0]).toBe('2026-03-05 22:00:00 chinh h: trong giờ yên tĩnh 22:00–05:00');
  });

  test('quiet hours that do not wrap (12:00–13:30, a noon rest)', () => {
    const s = schedulesFrom({ n: yaml({ campaign: 'N', priority: 'thuong', slots: '[{cron: "0 0 11-14 * * *"}]' }) });
    const p = plan(s, { from: vn('2026-03-05T00:00:00'), until: vn('2026-03-06T00:00:00'), quietHours: { from: '12:00', to: '13:30' } });
    expect(describeBlocks(p).map((b) => b.slice(11, 16))).toEqual(['11:00', '14:00']);
    expect(p.skipped.map((x) => formatLocal(x.at, 'Asia/Ho_Chi_Minh').slice(11, 16))).toEqual(['12:00', '13:00']);
  });
});

describe('any IANA zone through Intl', () => {
  const NY = 'America/New_York';

  test('spring forward: 02:30 does not exist on 8 March 2026, the slot airs once, an hour later', () => {
    const s = schedulesFrom({ d: yaml({ campaign: 'D', priority: 'thuong', slots: '[{cron: "0 30 2 * * *"}]' }) });
    const p = plan(s, { timezone: NY, quietHours: null, from: new Date('2026-03-07T00:00:00-05:00'), until: new Date('2026-03-10T00:00:00-04:00') });
    expect(describeBlocks(p, NY), traceOf(p)).toEqual(['2026-03-07 02:30:00 chinh d [a]', '2026-03-08 03:30:00 chinh d [a]', '2026-03-09 02:30:00 chinh d [a]']);
  });

  test('fall back: 01:30 happens twice on 1 November 2026, the slot airs once (the first)', () => {
    const s = schedulesFrom({ d: yaml({ campaign: 'D', priority: 'thuong', slots: '[{cron: "0 30 1 * * *"}]' }) });
    const p = plan(s, { timezone: NY, quietHours: null, from: new Date('2026-11-01T00:00:00-04:00'), until: new Date('2026-11-02T00:00:00-05:00') });
    expect(p.blocks.map((b) => b.startAt.toISOString())).toEqual(['2026-11-01T05:30:00.000Z']);
  });

  test('one-off with an explicit offset is that instant whatever the zone; without one it is local', () => {
    const s = schedulesFrom({
      o: yaml({ campaign: 'O', priority: 'thuong', slots: '[{at: "2026-03-05T10:00:00+07:00"}, {at: "2026-03-05T10:00"}]' }),
    });
    const p = plan(s, { timezone: 'Europe/London', quietHours: null, from: new Date('2026-03-05T00:00:00Z'), until: new Date('2026-03-06T00:00:00Z'), durationOf: () => 10 });
    expect(p.blocks.map((b) => b.startAt.toISOString())).toEqual(['2026-03-05T03:00:00.000Z', '2026-03-05T10:00:00.000Z']);
  });
});
