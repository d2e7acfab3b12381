/**
 * The AiringSink conformance suite. Exported so another store (a different database, a remote log)
 * can prove it keeps the same promises playout relies on; run here against the SQLite AiringLog.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AiringLog, type AiringRow } from '../../src/airing/index.js';
import type { AiringSink } from '../../src/airing/port.js';
import { openDatabase } from '../../src/store/db.js';
import { at, start, T0 } from './fixtures/airing-start.js';

export interface SinkUnderTest {
  readonly sink: AiringSink;
  /** Reads a row back; the port itself deliberately has no reader. */
  read(id: number): AiringRow | null;
  close(): void;
}

export function airingSinkConformance(name: string, make: () => SinkUnderTest): void {
  describe(`AiringSink conformance: ${name}`, () => {
    let s: SinkUnderTest | null = null;
    const open = () => (s = make());
    afterEach(() => s?.close());

    it('begin writes an on-air row at once, with what playout knows', async () => {
      const { sink, read } = open();
      const id = await sink.begin(start({ key: 'k1' }));
      const row = read(id)!;
      expect(row).toMatchObject({
        channelId: 'chinh', key: 'k1', status: 'on-air', title: 'Bản tin số 1 - Nghị quyết 57',
        campaign: 'Tuyên truyền Nghị quyết 57-NQ/TW', priority: 'thuong', contentHash: 'sha256:abc',
        plannedSec: 95.5, voice: 'espeak', transmitter: 'none', endedAt: null, durationSec: null,
        scheduledAt: '2026-11-25T10:00:00.000Z', startedAt: '2026-11-25T10:00:00.040Z', verified: null,
      });
      expect(await sink.begin(start())).not.toBe(id);
    });

    it('finish closes the row with its status, end, reason and duration from the real start', async () => {
      const { sink, read } = open();
      const id = await sink.begin(start());
      await sink.heartbeat(id, at(30));
      expect(read(id)!.lastSeenAt).toBe(at(30).toISOString());
      await sink.finish(id, { status: 'aired', endedAt: at(95.54) });
      expect(read(id)).toMatchObject({ status: 'aired', endedAt: at(95.54).toISOString(), durationSec: 95.5, reason: null });
    });

    it('the first completion wins; heartbeats after the end change nothing', async () => {
      const { sink, read } = open();
      const id = await sink.begin(start());
      await sink.finish(id, { status: 'interrupted', endedAt: at(20.04), reason: 'khẩn cấp chen ngang' });
      await sink.finish(id, { status: 'aired', endedAt: at(96) });
      await sink.heartbeat(id, at(99));
      expect(read(id)).toMatchObject({ status: 'interrupted', durationSec: 20, reason: 'khẩn cấp chen ngang', lastSeenAt: at(20.04).toISOString() });
    });

    it('nothing airs twice: hasAired is true once begun, whatever the ending, except missed/failed', async () => {
      const { sink } = open();
      expect(await sink.hasAired('slot-a')).toBe(false);
      const a = await sink.begin(start({ key: 'slot-a' }));
      expect(await sink.hasAired('slot-a')).toBe(true);
      await sink.finish(a, { status: 'partial', endedAt: at(10) });
      expect(await sink.hasAired('slot-a')).toBe(true);
      const b = await sink.begin(start({ key: 'slot-b' }));
      await sink.finish(b, { status: 'failed', endedAt: at(1), reason: 'bộ mã hóa dừng' });
      expect(await sink.hasAired('slot-b')).toBe(false);
      await sink.recordMissed({ channelId: 'chinh', key: 'slot-c', scheduledAt: T0, title: 'x', campaign: null, priority: 'thuong', reason: 'đài tắt' });
      expect(await sink.hasAired('slot-c')).toBe(false);
    });

    it('recordMissed keeps the reason and is idempotent per key', async () => {
      const { sink, read } = open();
      const m = { channelId: 'chinh', key: 'slot-m', scheduledAt: T0, title: 'Bản tin 06:30', campaign: 'NQ57', priority: 'uu-tien' as const, reason: 'Đài không chạy lúc đến giờ phát' };
      const id = await sink.recordMissed(m);
      expect(await sink.recordMissed(m)).toBe(id);
      expect(read(id)).toMatchObject({ status: 'missed', startedAt: null, reason: m.reason, priority: 'uu-tien', scheduledAt: T0.toISOString() });
    });

    it('keeps the read-back verification and accumulates transmitter notes', async () => {
      const { sink, read } = open();
      const id = await sink.begin(start());
      await sink.setVerified(id, true);
      await sink.noteTransmitter(id, 'bật trước 3 s thất bại: hết thời gian chờ relay');
      await sink.noteTransmitter(id, 'tắt sau: OK lần 2');
      expect(read(id)).toMatchObject({ verified: true, transmitterNote: 'bật trước 3 s thất bại: hết thời gian chờ relay; tắt sau: OK lần 2' });
      await sink.setVerified(id, false);
      expect(read(id)!.verified).toBe(false);
    });

    it('rejects an invalid instant with a coded error instead of writing garbage', async () => {
      const { sink } = open();
      await expect(sink.begin(start({ startedAt: new Date(Number.NaN) }))).rejects.toMatchObject({ code: 'LP_ERR_INTERNAL' });
    });
  });
}

const dirs: string[] = [];
afterEach(() => {
  while (dirs.length) rmSync(dirs.pop()!, { recursive: true, force: true });
});

airingSinkConformance('AiringLog (SQLite)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lp-airing-'));
  dirs.push(dir);
  const db = openDatabase(dir);
  const log = new AiringLog(db);
  return { sink: log, read: (id) => log.get(id), close: () => db.close() };
});
