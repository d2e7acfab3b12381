/**
 * The reading side of the airing store (`AiringStore`) on each engine: filters, keyset pages, the
 * streamed rows reports use, crash recovery and the station's last sign of life. The writing side
 * is the AiringSink suite (tests/airing/sink-conformance.ts).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { AiringLog, type ReportedAiringRow } from '../../../src/airing/index.js';
import type { SqlDb } from '../../../src/store/sql.js';
import { start } from '../../airing/fixtures/airing-start.js';
import type { EngineUnderTest } from '../engines.js';

const t = (s: string) => new Date(s);

/** The database, counting the most rows any one statement returned. */
function counting(db: SqlDb): { db: SqlDb; maxRows: () => number } {
  let max = 0;
  const spy = new Proxy(db, {
    get(target, prop, receiver) {
      if (prop === 'all') {
        return async (sql: string, params?: readonly unknown[]) => {
          const rows = await target.all(sql, params);
          max = Math.max(max, rows.length);
          return rows;
        };
      }
      const v = Reflect.get(target, prop, receiver);
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
  return { db: spy, maxRows: () => max };
}

export function airingStoreConformance(engine: EngineUnderTest): void {
  describe(`AiringStore conformance: ${engine.name}`, () => {
    afterEach(() => engine.cleanup());

    /** Three rows across a month boundary (Hà Nội time), one missed, in insertion order a, b, c. */
    async function seeded() {
      const db = await engine.open();
      const log = new AiringLog(db);
      const a = await log.begin(start({ key: 'a', startedAt: t('2026-11-01T23:30:00Z'), channelId: 'to-3', campaign: 'NQ57' }));
      await log.finish(a, { status: 'aired', endedAt: t('2026-11-01T23:31:30Z') });
      const b = await log.begin(start({ key: 'b', startedAt: t('2026-10-31T23:30:00Z'), campaign: 'ATGT' }));
      await log.finish(b, { status: 'partial', endedAt: t('2026-10-31T23:30:40Z') });
      await log.recordMissed({ channelId: 'chinh', key: 'c', scheduledAt: t('2026-11-02T10:00:00Z'), title: 'x', campaign: 'NQ57', priority: 'thuong', reason: 'đài tắt' });
      return { db, log };
    }

    it('lists by time window (from inclusive, to exclusive), channel, status and campaign, in time order', async () => {
      const { log } = await seeded();
      const window = { from: t('2026-10-31T17:00:00Z'), to: t('2026-11-30T17:00:00Z') };
      const keys = async (q: Parameters<typeof log.list>[0]) => (await log.list(q)).map((r) => r.key);
      expect(await keys(window)).toEqual(['b', 'a', 'c']);
      expect(await keys({ ...window, from: t('2026-11-01T23:30:00Z') })).toEqual(['a', 'c']);
      expect(await keys({ ...window, to: t('2026-11-01T23:30:00Z') })).toEqual(['b']);
      expect(await keys({ channelId: 'to-3' })).toEqual(['a']);
      expect(await keys({ status: 'missed' })).toEqual(['c']);
      expect(await keys({ campaign: 'NQ57' })).toEqual(['a', 'c']);
      expect(await log.list({ limit: 1 })).toHaveLength(1);
      expect(await log.count(window)).toBe(3);
      expect(await log.count({ campaign: 'NQ57' })).toBe(2);
      // Counting stops one past `atMost`: enough to say "more than".
      expect([await log.count(window, { atMost: 1 }), await log.count(window, { atMost: 2 }), await log.count(window, { atMost: 3 })]).toEqual([2, 3, 3]);
      expect(await log.campaigns(window)).toEqual(['ATGT', 'NQ57']);
      expect(await log.campaigns({ from: t('2026-11-01T00:00:00Z') })).toEqual(['NQ57']);
    });

    it('reads back every field, the ward of a hub row included, and filters by ward', async () => {
      const { db, log } = await seeded();
      const [row] = await log.list({ status: 'missed' });
      expect(row).toEqual({
        id: row.id, channelId: 'chinh', key: 'c', scheduledAt: '2026-11-02T10:00:00.000Z', startedAt: null, endedAt: null, lastSeenAt: null,
        durationSec: null, plannedSec: null, title: 'x', campaign: 'NQ57', bulletinId: null, contentHash: null, priority: 'thuong', voice: null,
        transmitter: null, transmitterNote: null, status: 'missed', reason: 'đài tắt', verified: null, ward: null,
      });
      await db.run('UPDATE airings SET ward = ? WHERE key = ?', ['phuong-1', 'a']);
      expect((await log.list({ ward: 'phuong-1' })).map((r) => r.key)).toEqual(['a']);
      expect((await log.get(row.id))!.key).toBe('c');
      expect(await log.get(9999)).toBeNull();
    });

    it('pages by time with a cursor: each row once, in order, either direction, filters kept', async () => {
      const db = await engine.open();
      const log = new AiringLog(db);
      // Ten rows, two sharing each start instant, so the cursor must break ties by id.
      for (let i = 0; i < 10; i++) {
        const id = await log.begin(start({ key: `p${i}`, startedAt: new Date(Date.UTC(2026, 10, 1 + Math.floor(i / 2))), channelId: i % 3 ? 'chinh' : 'to-3' }));
        await log.finish(id, { status: 'aired', endedAt: new Date(Date.UTC(2026, 10, 1 + Math.floor(i / 2), 0, 1)) });
      }
      const walk = async (q: Omit<Parameters<typeof log.page>[0], 'after'>) => {
        const pages: string[][] = [];
        let after: string | undefined;
        do {
          const p = await log.page({ ...q, after });
          pages.push(p.rows.map((r) => r.key));
          after = p.next ?? undefined;
        } while (after);
        return pages;
      };
      expect(await walk({ limit: 4 })).toEqual([['p0', 'p1', 'p2', 'p3'], ['p4', 'p5', 'p6', 'p7'], ['p8', 'p9']]);
      expect(await walk({ limit: 5 })).toEqual([['p0', 'p1', 'p2', 'p3', 'p4'], ['p5', 'p6', 'p7', 'p8', 'p9']]);
      expect(await walk({ limit: 3, order: 'desc' })).toEqual([['p9', 'p8', 'p7'], ['p6', 'p5', 'p4'], ['p3', 'p2', 'p1'], ['p0']]);
      expect(await walk({ limit: 2, channelId: 'to-3', from: new Date(Date.UTC(2026, 10, 2)) })).toEqual([['p3', 'p6'], ['p9']]);
      expect(await log.page({ limit: 10 })).toMatchObject({ next: null });
      await expect(log.page({ limit: 2, after: 'rác' })).rejects.toMatchObject({ code: 'LP_ERR_BAD_REQUEST' });
    });

    it('streams every row in order while holding one page at a time', async () => {
      const { db, maxRows } = counting(await engine.open());
      const log = new AiringLog(db);
      const n = 257;
      await db.tx(async (q) => {
        for (let i = 0; i < n; i++) {
          const at = new Date(Date.UTC(2026, 10, 1) + i * 60_000).toISOString();
          await q.run(`INSERT INTO airings (channel_id, key, scheduled_at, started_at, title, priority, status) VALUES (?, ?, ?, ?, ?, ?, ?)`,
            ['chinh', `s${i}`, at, at, `Bản tin ${i}`, 'thuong', 'aired']);
        }
      });
      const keys: string[] = [];
      for await (const r of log.stream({ from: new Date(Date.UTC(2026, 10, 1)) }, { pageSize: 50 })) keys.push(r.key);
      expect(keys).toEqual(Array.from({ length: n }, (_, i) => `s${i}`));
      // One more than the page, to know whether another follows.
      expect(maxRows()).toBe(51);
      const none: unknown[] = [];
      for await (const r of log.stream({ from: new Date(Date.UTC(2030, 0, 1)) })) none.push(r);
      expect(none).toEqual([]);
    });

    it('lastActivityAt is the latest start, heartbeat or end, not a missed slot', async () => {
      const log = new AiringLog(await engine.open());
      expect(await log.lastActivityAt()).toBeNull();
      const id = await log.begin(start({ startedAt: t('2026-11-25T10:00:00Z') }));
      await log.heartbeat(id, t('2026-11-25T10:00:40Z'));
      expect(await log.lastActivityAt()).toEqual(t('2026-11-25T10:00:40Z'));
      await log.finish(id, { status: 'aired', endedAt: t('2026-11-25T10:01:10Z') });
      await log.recordMissed({ channelId: 'chinh', key: 'm', scheduledAt: t('2026-11-26T10:00:00Z'), title: 'x', campaign: null, priority: 'thuong', reason: 'đài tắt' });
      expect(await log.lastActivityAt()).toEqual(t('2026-11-25T10:01:10Z'));
    });

    it('recoverUnfinished closes on-air rows at their last heartbeat and leaves finished rows alone', async () => {
      const log = new AiringLog(await engine.open());
      const done = await log.begin(start({ key: 'done' }));
      await log.finish(done, { status: 'aired', endedAt: t('2026-11-25T10:01:00Z') });
      const open = await log.begin(start({ key: 'open', startedAt: t('2026-11-25T10:05:00Z') }));
      await log.heartbeat(open, t('2026-11-25T10:05:12.500Z'));
      const silent = await log.begin(start({ key: 'silent', startedAt: t('2026-11-25T10:06:00Z') }));
      const rec = await log.recoverUnfinished(t('2026-11-25T11:00:00Z'));
      expect(rec.map((r) => [r.key, r.status, r.endedAt, r.durationSec])).toEqual([
        ['open', 'interrupted', '2026-11-25T10:05:12.500Z', 12.5],
        ['silent', 'interrupted', '2026-11-25T10:06:00.000Z', 0],
      ]);
      expect(rec[0].reason).toContain('dừng đột ngột');
      expect(await log.get(open)).toEqual(rec[0]);
      expect((await log.get(done))!.status).toBe('aired');
      expect((await log.get(silent))!.status).toBe('interrupted');
      expect(await log.recoverUnfinished(t('2026-11-25T11:00:01Z'))).toEqual([]);
      // An interrupted item counts as aired: playout must not air it again under the same key.
      expect(await log.hasAired('open')).toBe(true);
    });

    it("a hub keeps each ward's reported rows under the ward's row id: a report sent again changes nothing, a final row never goes back on air", async () => {
      const log = new AiringLog(await engine.open());
      const own = await log.begin(start({ key: 'own' }));
      const row = (wardRow: number, over: Partial<ReportedAiringRow> = {}): ReportedAiringRow => ({
        wardRow, channelId: 'chinh', key: `k${wardRow}`, scheduledAt: '2026-11-25T10:00:00.000Z', startedAt: '2026-11-25T10:00:00.040Z', endedAt: null,
        durationSec: null, plannedSec: 95.5, title: 'Bão số 3', campaign: null, contentHash: 'sha256:abc', priority: 'khan-cap', voice: 'espeak',
        transmitter: 'none', transmitterNote: null, status: 'on-air', reason: null, verified: null, ...over,
      });
      expect(await log.putReported('gia-vien', [row(1), row(2)])).toBe(2);
      expect(await log.putReported('an-bien', [row(1, { title: 'Họp tổ' })])).toBe(1);
      expect(await log.putReported('gia-vien', [row(1), row(2)])).toBe(0);
      const aired = { status: 'aired' as const, endedAt: '2026-11-25T10:01:35.540Z', durationSec: 95.5, verified: true };
      expect(await log.putReported('gia-vien', [row(1, aired)])).toBe(1);
      // An older form of the row, sent late, does not undo its end.
      expect(await log.putReported('gia-vien', [row(1)])).toBe(0);
      const gv = await log.list({ ward: 'gia-vien' });
      expect(gv.map((r) => [r.key, r.status, r.durationSec, r.verified, r.ward, r.bulletinId])).toEqual([['k1', 'aired', 95.5, true, 'gia-vien', null], ['k2', 'on-air', null, null, 'gia-vien', null]]);
      expect((await log.list({ ward: 'an-bien' })).map((r) => r.title)).toEqual(['Họp tổ']);
      // Wards' rows are not the station's own: they never count for what it aired or must recover.
      expect(await log.hasAired('k1')).toBe(false);
      expect((await log.recoverUnfinished(t('2026-11-25T11:00:00Z'))).map((r) => r.key)).toEqual(['own']);
      expect((await log.ownAfter(0, 10)).map((r) => r.id)).toEqual([own]);
      expect(await log.ownAfter(own, 10)).toEqual([]);
      expect(await log.putReported('gia-vien', [])).toBe(0);
    });

    it('ownAfter pages the station\'s own rows by id', async () => {
      const log = new AiringLog(await engine.open());
      const ids: number[] = [];
      for (let i = 0; i < 5; i++) ids.push(await log.begin(start({ key: `r${i}`, startedAt: t(`2026-11-25T1${5 - i}:00:00Z`) })));
      expect((await log.ownAfter(0, 2)).map((r) => r.key)).toEqual(['r0', 'r1']);
      expect((await log.ownAfter(ids[1], 2)).map((r) => r.key)).toEqual(['r2', 'r3']);
      expect((await log.ownAfter(ids[3], 2)).map((r) => r.key)).toEqual(['r4']);
    });

    it('a closed or broken store gives LP_ERR_STORE_FAILED, never a raw driver error', async () => {
      const db = await engine.open();
      const log = new AiringLog(db);
      await db.close();
      await expect(log.begin(start())).rejects.toMatchObject({ code: 'LP_ERR_STORE_FAILED' });
      await expect(log.list()).rejects.toMatchObject({ code: 'LP_ERR_STORE_FAILED' });
      await expect(log.hasAired('x')).rejects.toMatchObject({ code: 'LP_ERR_STORE_FAILED' });
    });
  });
}
