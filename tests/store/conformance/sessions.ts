/** The sessions port (`SessionStore`) on each engine. */
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { SqlSessionStore } from '../../../src/store/sessions.js';
import { SqlUserStore } from '../../../src/store/users.js';
import type { EngineUnderTest } from '../engines.js';

const T0 = new Date('2026-11-20T01:00:00.000Z');
const later = (ms: number) => new Date(T0.getTime() + ms);

export function sessionStoreConformance(engine: EngineUnderTest): void {
  describe(`SessionStore conformance: ${engine.name}`, () => {
    afterEach(() => engine.cleanup());
    const open = async (ttlMs = 60_000) => {
      const db = await engine.open();
      const users = new SqlUserStore(db, { N: 1 << 10, r: 8, p: 1 });
      const a = await users.create('mot', 'mat-khau-dai', 'viewer', T0);
      const b = await users.create('hai', 'mat-khau-dai', 'viewer', T0);
      return { db, sessions: new SqlSessionStore(db, ttlMs), a: a.id, b: b.id };
    };

    it('a session lives until its TTL and keeps only a digest of the token', async () => {
      const { db, sessions, a } = await open();
      const { token, session } = await sessions.create(a, T0);
      expect(session).toEqual({ userId: a, csrf: expect.stringMatching(/^[\w-]{32}$/), expiresAt: later(60_000).toISOString() });
      expect(await sessions.get(token, later(59_999))).toEqual(session);
      expect(await sessions.get(token, later(60_000))).toBeNull();
      expect(await sessions.get('khong-phai-token', T0)).toBeNull();
      const stored = await db.all<{ token_hash: string }>('SELECT token_hash FROM sessions');
      expect(stored).toEqual([{ token_hash: createHash('sha256').update(token).digest('hex') }]);
    });

    it('logout ends one session; ending a user\'s sessions can keep the current one', async () => {
      const { sessions, a, b } = await open();
      const s1 = await sessions.create(a, T0);
      const s2 = await sessions.create(a, T0);
      const s3 = await sessions.create(a, T0);
      const other = await sessions.create(b, T0);
      await sessions.delete(s1.token);
      expect(await sessions.get(s1.token, T0)).toBeNull();
      await sessions.deleteForUser(a, s2.token);
      expect(await sessions.get(s2.token, T0)).not.toBeNull();
      expect(await sessions.get(s3.token, T0)).toBeNull();
      await sessions.deleteForUser(a);
      expect(await sessions.get(s2.token, T0)).toBeNull();
      expect(await sessions.get(other.token, T0)).not.toBeNull();
    });

    it('expired sessions are swept when a new one is made', async () => {
      const { db, sessions, a } = await open(1000);
      await sessions.create(a, T0);
      await sessions.create(a, T0);
      await sessions.create(a, later(5000));
      expect(await db.get<{ n: number }>('SELECT COUNT(*) AS n FROM sessions')).toEqual({ n: 1 });
    });
  });
}
