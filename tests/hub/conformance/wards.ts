/** The hub's ward directory port (`WardDirectory`) on each engine. */
import { afterEach, describe, expect, it } from 'vitest';
import type { StatusReport } from '../../../src/hub/protocol.js';
import { SqlWardDirectory } from '../../../src/hub/wards.js';
import type { EngineUnderTest } from '../../store/engines.js';

const T0 = new Date('2026-11-20T01:00:00.000Z');
const status: StatusReport = {
  at: T0.toISOString(), ward: 'Phường Gia Viên',
  channels: [{ id: 'chinh', name: 'Kênh chính', mount: '/loaphuong', listenUrl: 'http://127.0.0.1:8000/loaphuong', stream: 'up', transmitter: { kind: 'none', state: 'off' }, onAir: null }],
  warnings: [{ code: 'LP_ERR_STREAM_DOWN', message: 'mất luồng' }],
};

export function wardDirectoryConformance(engine: EngineUnderTest): void {
  describe(`WardDirectory conformance: ${engine.name}`, () => {
    afterEach(() => engine.cleanup());

    it('holds the configured wards (renamed and re-keyed in place), when each called and what it reported', async () => {
      const dir = new SqlWardDirectory(await engine.open());
      await dir.sync([{ id: 'gia-vien', name: 'Gia Viên', keyHash: 'sha256:aa' }, { id: 'an-bien', name: 'An Biên', keyHash: 'sha256:bb' }]);
      expect(await dir.list()).toEqual([
        { id: 'an-bien', name: 'An Biên', keyHash: 'sha256:bb', lastSeenAt: null, lastReportAt: null, status: null },
        { id: 'gia-vien', name: 'Gia Viên', keyHash: 'sha256:aa', lastSeenAt: null, lastReportAt: null, status: null },
      ]);
      await dir.seen('gia-vien', T0);
      await dir.reported('an-bien', new Date(T0.getTime() + 5000));
      await dir.reported('gia-vien', new Date(T0.getTime() + 9000), status);
      await dir.sync([{ id: 'gia-vien', name: 'Phường Gia Viên', keyHash: 'sha256:cc' }]);
      const [an, gv] = await dir.list();
      expect(an).toMatchObject({ name: 'An Biên', lastSeenAt: '2026-11-20T01:00:05.000Z', lastReportAt: '2026-11-20T01:00:05.000Z', status: null });
      expect(gv).toEqual({ id: 'gia-vien', name: 'Phường Gia Viên', keyHash: 'sha256:cc', lastSeenAt: '2026-11-20T01:00:09.000Z', lastReportAt: '2026-11-20T01:00:09.000Z', status });
      // A ward not in the directory has nothing to update.
      await dir.seen('nobody', T0);
      expect(await dir.list()).toHaveLength(2);
    });
  });
}
