/** The audit port (`AuditTrail`) on each engine. */
import { afterEach, describe, expect, it } from 'vitest';
import { SqlAuditTrail } from '../../../src/store/audit.js';
import type { EngineUnderTest } from '../engines.js';

const at = (s: number) => new Date(Date.UTC(2026, 10, 20, 1, 0, s));

export function auditTrailConformance(engine: EngineUnderTest): void {
  describe(`AuditTrail conformance: ${engine.name}`, () => {
    afterEach(() => engine.cleanup());

    it('keeps who did what to what, details as given (text) or as JSON, newest first', async () => {
      const audit = new SqlAuditTrail(await engine.open());
      await audit.record({ at: at(0), actor: 'admin', action: 'login', detail: { ip: '127.0.0.1' } });
      await audit.record({ at: at(1), actor: 'bientap', action: 'bulletin.create', subject: 'bản tin 1', detail: 'Bão số 3' });
      await audit.record({ at: at(2), actor: 'bientap', action: 'logout' });
      expect(await audit.list()).toEqual([
        { id: 3, at: at(2).toISOString(), actor: 'bientap', action: 'logout', subject: null, detail: null },
        { id: 2, at: at(1).toISOString(), actor: 'bientap', action: 'bulletin.create', subject: 'bản tin 1', detail: 'Bão số 3' },
        { id: 1, at: at(0).toISOString(), actor: 'admin', action: 'login', subject: null, detail: '{"ip":"127.0.0.1"}' },
      ]);
    });

    it('filters by action and limits the page (at least one, at most 5000)', async () => {
      const audit = new SqlAuditTrail(await engine.open());
      for (let i = 0; i < 6; i++) await audit.record({ at: at(i), actor: 'a', action: i % 2 ? 'login' : 'login.failed' });
      expect((await audit.list({ action: 'login' })).map((e) => e.id)).toEqual([6, 4, 2]);
      expect((await audit.list({ limit: 2 })).map((e) => e.id)).toEqual([6, 5]);
      expect(await audit.list({ limit: 0 })).toHaveLength(1);
      expect(await audit.list({ limit: 10_000 })).toHaveLength(6);
    });
  });
}
