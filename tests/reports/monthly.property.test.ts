import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AiringRow } from '../../src/airing/index.js';
import { AIRING_STATUSES } from '../../src/domain.js';
import { buildMonthlyReport } from '../../src/reports/index.js';
import { monthRange } from '../../src/time/index.js';
import { OPTS, row } from './fixtures.js';

const { from, to } = monthRange('2026-11', OPTS.timezone);
// From a week before the month to a week after, so edges are crossed often.
const instant = fc.integer({ min: from.getTime() - 7 * 86400_000, max: to.getTime() + 7 * 86400_000 });
const airing: fc.Arbitrary<AiringRow> = fc
  .record({
    at: instant,
    seconds: fc.integer({ min: 0, max: 1800 }),
    status: fc.constantFrom(...AIRING_STATUSES),
    campaign: fc.constantFrom(null, 'Nghị quyết 57', 'An toàn giao thông', ''),
    title: fc.constantFrom('Bản tin 1', 'Bản tin 2', 'Thông báo khẩn'),
    channelId: fc.constantFrom('chinh', 'to-3'),
  })
  .map((a) => {
    const never = a.status === 'missed';
    const iso = new Date(a.at).toISOString();
    return row({
      startedAt: never ? null : iso, scheduledAt: iso, durationSec: never ? null : a.seconds, status: a.status,
      campaign: a.campaign, title: a.title, channelId: a.channelId,
    });
  });

describe('buildMonthlyReport (properties)', () => {
  it('keeps every row of the month once, and its totals are the sums of its groups and of its lines', () => {
    fc.assert(
      fc.property(fc.array(airing, { maxLength: 60 }), (rows) => {
        const r = buildMonthlyReport(rows, OPTS);
        const inMonth = rows.filter((x) => {
          const t = Date.parse(x.startedAt ?? x.scheduledAt);
          return t >= from.getTime() && t < to.getTime();
        });
        expect(r.airings.map((a) => a.id).sort()).toEqual(inMonth.map((x) => x.id).sort());
        const sum = (f: (g: (typeof r.groups)[number]) => number) => r.groups.reduce((s, g) => s + f(g), 0);
        expect(sum((g) => g.airings)).toBe(r.totals.airings);
        for (const s of AIRING_STATUSES) expect(sum((g) => g.counts[s])).toBe(r.totals.counts[s]);
        expect(Object.values(r.totals.counts).reduce((a, b) => a + b, 0)).toBe(r.airings.length);
        const seconds = r.airings.reduce((s, a) => s + a.seconds, 0);
        expect(r.totals.minutes).toBe(Math.round(seconds / 6) / 10);
        expect(r.airings.every((a) => a.date.endsWith('/11/2026'))).toBe(true);
        // Times in order, numbered 1..n.
        expect(r.airings.map((a) => a.no)).toEqual(r.airings.map((_, i) => i + 1));
      }),
      { numRuns: 200 },
    );
  });
});
