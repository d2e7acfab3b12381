/**
 * The AiringSink conformance suite: the promises playout relies on. Exported so another store (a
 * different database, a remote log) can prove it keeps them; tests/store/conformance.test.ts runs
 * it on SQLite and on PostgreSQL.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { AiringRow } from '../../src/airing/index.js';
import type { AiringSink } from '../../src/airing/port.js';
import { at, start, T0 } from './fixtures/airing-start.js';

export interface SinkUnderTest {
  readonly sink: AiringSink;
  /** Reads a row back; the port itself deliberately has no reader. */
  read(id: number): Promise<AiringRow | null>;
  close(): Promise<void>;
}

export function airingSinkConformance(name: string, make: () => Promise<SinkUnderTest>): void {
  describe(`AiringSink conformance: ${name}`, () => {
    let s: SinkUnderTest | null = null;
    const open = async () => (s = await make());
    afterEach(async () => {
      await s?.close();
      s = null;
    });

    it('begin writes an on-air row at once, with what playout knows', async () => {
      const { sink, read } = await open();
      const id = await sink.begin(start({ key: 'k1' }));
      const row = (await read(id))!;
      expect(row).toMatchObject({
        channelId: 'chinh', key: 'k1', status: 'on-air', title: 'Bản tin số 1 - Nghị quyết 57',
        campaign: 'Tuyên truyền Nghị quyết 57-NQ/TW', priority: 'thuong', contentHash: 'sha256:abc',
        plannedSec: 95.5, voice: 'espeak', transmitter: 'none', endedAt: null, durationSec: null,
        scheduledAt: '2026-11-25T10:00:00.000Z', startedAt: '2026-11-25T10:00:00.040Z', verified: null,
      });
      expect(await sink.begin(start())).not.toBe(id);
    });

    it('finish closes the row with its status, end, reason and duration from the real start', async () => {
      const { sink, read } = await open();
      const id = await sink.begin(start());
      await sink.heartbeat(id, at(30));
      expect((await read(id))!.lastSeenAt).toBe(at(30).toISOString());
      await sink.finish(id, { status: 'aired', endedAt: at(95.54) });
      expect(await read(id)).toMatchObject({ status: 'aired', endedAt: at(95.54).toISOString(), durationSec: 95.5, reason: null });
    });

    it('a finish that brings the real start (the first sample went out late) moves the start and counts from it', async () => {
      const { sink, read } = await open();
      const id = await sink.begin(start());
      await sink.finish(id, { status: 'aired', endedAt: at(100.54), startedAt: at(5.04) });
      expect(await read(id)).toMatchObject({ startedAt: at(5.04).toISOString(), endedAt: at(100.54).toISOString(), durationSec: 95.5, scheduledAt: T0.toISOString() });
    });

    it('a relay that relayed less than its span keeps the seconds relayed as its duration', async () => {
      const { sink, read } = await open();
      const id = await sink.begin(start({ key: 'relay-1' }));
      await sink.finish(id, { status: 'partial', endedAt: at(600.04), airedSeconds: 312.4, reason: 'tiếp âm được 312.4 s trong 600.0 s' });
      expect(await read(id)).toMatchObject({ status: 'partial', endedAt: at(600.04).toISOString(), durationSec: 312.4 });
    });

    it('a begun item that never got audio on air finishes as a missed row: no start, end or duration', async () => {
      const { sink, read } = await open();
      const id = await sink.begin(start({ key: 'relay-2' }));
      await sink.finish(id, { status: 'missed', endedAt: at(600.04), reason: 'nguồn tiếp âm không có tín hiệu' });
      expect(await read(id)).toMatchObject({ status: 'missed', startedAt: null, endedAt: null, durationSec: null, reason: 'nguồn tiếp âm không có tín hiệu', scheduledAt: T0.toISOString() });
      expect(await sink.hasAired('relay-2')).toBe(false);
    });

    it('the first completion wins; heartbeats after the end change nothing', async () => {
      const { sink, read } = await open();
      const id = await sink.begin(start());
      await sink.finish(id, { status: 'interrupted', endedAt: at(20.04), reason: 'khẩn cấp chen ngang' });
      await sink.finish(id, { status: 'aired', endedAt: at(96) });
      await sink.heartbeat(id, at(99));
      expect(await read(id)).toMatchObject({ status: 'interrupted', durationSec: 20, reason: 'khẩn cấp chen ngang', lastSeenAt: at(20.04).toISOString() });
    });

    it('nothing airs twice: hasAired is true once begun, whatever the ending, except missed/failed', async () => {
      const { sink } = await open();
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

    it('recordMissed keeps the reason and is idempotent per key, even asked twice at once', async () => {
      const { sink, read } = await open();
      const m = { channelId: 'chinh', key: 'slot-m', scheduledAt: T0, title: 'Bản tin 06:30', campaign: 'NQ57', priority: 'uu-tien' as const, reason: 'Đài không chạy lúc đến giờ phát' };
      const [id, again] = await Promise.all([sink.recordMissed(m), sink.recordMissed(m)]);
      expect(again).toBe(id);
      expect(await sink.recordMissed(m)).toBe(id);
      expect(await read(id)).toMatchObject({ status: 'missed', startedAt: null, reason: m.reason, priority: 'uu-tien', scheduledAt: T0.toISOString() });
    });

    it('keeps the read-back verification and accumulates transmitter notes', async () => {
      const { sink, read } = await open();
      const id = await sink.begin(start());
      await sink.setVerified(id, true);
      await sink.noteTransmitter(id, 'bật trước 3 s thất bại: hết thời gian chờ relay');
      await sink.noteTransmitter(id, 'tắt sau: OK lần 2');
      expect(await read(id)).toMatchObject({ verified: true, transmitterNote: 'bật trước 3 s thất bại: hết thời gian chờ relay; tắt sau: OK lần 2' });
      await sink.setVerified(id, false);
      expect((await read(id))!.verified).toBe(false);
    });

    it('calls made without waiting for each other take effect in the order made', async () => {
      const { sink, read } = await open();
      const key = 'fire-and-forget';
      const id = await sink.begin(start({ key }));
      const calls = [
        sink.heartbeat(id, at(1)), sink.noteTransmitter(id, 'một'), sink.heartbeat(id, at(2)), sink.noteTransmitter(id, 'hai'),
        sink.setVerified(id, true), sink.finish(id, { status: 'aired', endedAt: at(3.04) }), sink.heartbeat(id, at(4)),
        sink.finish(id, { status: 'partial', endedAt: at(5) }), sink.noteTransmitter(id, 'ba'),
      ];
      const aired = sink.hasAired(key);
      await Promise.all(calls);
      expect(await aired).toBe(true);
      expect(await read(id)).toMatchObject({ status: 'aired', durationSec: 3, lastSeenAt: at(3.04).toISOString(), verified: true, transmitterNote: 'một; hai; ba' });
    });

    it('rejects an invalid instant with a coded error instead of writing garbage', async () => {
      const { sink } = await open();
      await expect(sink.begin(start({ startedAt: new Date(Number.NaN) }))).rejects.toMatchObject({ code: 'LP_ERR_INTERNAL' });
      await expect(sink.finish(1, { status: 'aired', endedAt: new Date('x') })).rejects.toMatchObject({ code: 'LP_ERR_INTERNAL' });
    });

    it('an unknown id given to finish is LP_ERR_NOT_FOUND', async () => {
      const { sink } = await open();
      await expect(sink.finish(999, { status: 'aired', endedAt: at(1) })).rejects.toMatchObject({ code: 'LP_ERR_NOT_FOUND' });
    });
  });
}
