/**
 * The report fold's zone offsets (offsetLookup) agree with Intl's (offsetAt) at every instant,
 * across the days a zone changes its offset: whole hours, half hours (Lord Howe), a zone of +5:45,
 * and Việt Nam's, which has none.
 */
import { describe, expect, it } from 'vitest';
import { offsetAt, offsetLookup } from '../../src/time/zone.js';

const MIN = 60_000;
const DAY = 86_400_000;

/** Every 7 minutes and 13 seconds over the three UTC days around `change`, in order, then shuffled back and forth. */
function instantsAround(change: string): number[] {
  const from = Math.floor(Date.parse(change) / DAY) * DAY - DAY;
  const ordered = Array.from({ length: Math.floor((3 * DAY) / (7 * MIN + 13_000)) }, (_, i) => from + i * (7 * MIN + 13_000));
  return [...ordered, ...ordered.filter((_, i) => i % 3 === 0).reverse()];
}

describe('offsetLookup', () => {
  const cases: Array<{ zone: string; change: string }> = [
    { zone: 'Europe/Berlin', change: '2026-03-29T01:00:00Z' },
    { zone: 'Europe/Berlin', change: '2026-10-25T01:00:00Z' },
    { zone: 'America/New_York', change: '2026-11-01T06:00:00Z' },
    { zone: 'Australia/Lord_Howe', change: '2026-04-04T15:00:00Z' },
    { zone: 'Asia/Kathmandu', change: '2026-06-01T00:00:00Z' },
    { zone: 'Asia/Ho_Chi_Minh', change: '2026-11-30T17:00:00Z' },
  ];
  it.each(cases)('$zone around $change: the same offset as Intl at every instant', ({ zone, change }) => {
    const lookup = offsetLookup(zone);
    const wrong = instantsAround(change)
      .map((t) => ({ at: new Date(t).toISOString(), got: lookup(t), want: offsetAt(t, zone) }))
      .filter((r) => r.got !== r.want);
    expect(wrong.slice(0, 5)).toEqual([]);
  });

  it('the day of a change really holds two offsets (the cases above test a change, not a steady day)', () => {
    for (const { zone, change } of cases.slice(0, 4)) {
      const t = Date.parse(change);
      expect(offsetAt(t - 30 * MIN, zone), zone).not.toBe(offsetAt(t + 30 * MIN, zone));
    }
  });
});
