/** The accounts port (`UserStore`) on each engine. */
import { afterEach, describe, expect, it } from 'vitest';
import { SqlUserStore, type ScryptParams } from '../../../src/store/users.js';
import type { EngineUnderTest } from '../engines.js';

/** Cheap hashing for tests; the format and code path are production's. */
const SCRYPT: ScryptParams = { N: 1 << 10, r: 8, p: 1 };
const T0 = new Date('2026-11-20T01:00:00.000Z');
const BAD_REQUEST = expect.objectContaining({ code: 'LP_ERR_BAD_REQUEST' });

export function userStoreConformance(engine: EngineUnderTest): void {
  describe(`UserStore conformance: ${engine.name}`, () => {
    afterEach(() => engine.cleanup());
    const open = async () => new SqlUserStore(await engine.open(), SCRYPT);

    it('creates accounts and finds them by id and by name in any case', async () => {
      const users = await open();
      const u = await users.create('BienTap', 'mat-khau-dai', 'operator', T0);
      expect(u).toEqual({ id: u.id, username: 'BienTap', role: 'operator', createdAt: T0.toISOString(), disabledAt: null });
      expect(await users.byId(u.id)).toEqual(u);
      expect(await users.byName('bientap')).toEqual(u);
      expect(await users.byName('BIENTAP')).toEqual(u);
      expect(await users.byName('khac')).toBeNull();
      expect(await users.byId(999)).toBeNull();
    });

    it('refuses a taken name (whatever its case), a bad name, a short password or an unknown role', async () => {
      const users = await open();
      await users.create('admin', 'mat-khau-dai', 'admin', T0);
      await expect(users.create('ADMIN', 'mat-khau-dai', 'viewer', T0)).rejects.toEqual(BAD_REQUEST);
      await expect(users.create('có dấu', 'mat-khau-dai', 'viewer', T0)).rejects.toEqual(BAD_REQUEST);
      await expect(users.create('ngan', 'ngan', 'viewer', T0)).rejects.toEqual(BAD_REQUEST);
      await expect(users.create('vaitro', 'mat-khau-dai', 'chu-tich' as 'admin', T0)).rejects.toEqual(BAD_REQUEST);
      expect((await users.list()).map((u) => u.username)).toEqual(['admin']);
    });

    it('two creations of one new name at once: one account, the other a plain refusal', async () => {
      const users = await open();
      const results = await Promise.allSettled([users.create('trung', 'mat-khau-dai', 'viewer', T0), users.create('Trung', 'mat-khau-dai', 'viewer', T0)]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect(results.find((r) => r.status === 'rejected')).toMatchObject({ reason: BAD_REQUEST });
      expect(await users.list()).toHaveLength(1);
    });

    it('lists by name without regard to case', async () => {
      const users = await open();
      for (const n of ['tho', 'An', 'binh', 'Cuong']) await users.create(n, 'mat-khau-dai', 'viewer', T0);
      expect((await users.list()).map((u) => u.username)).toEqual(['An', 'binh', 'Cuong', 'tho']);
    });

    it('authenticates the right password only, unknown names included; a locked account still answers', async () => {
      const users = await open();
      const u = await users.create('duyet', 'mat-khau-dung', 'approver', T0);
      expect(await users.authenticate('DUYET', 'mat-khau-dung')).toEqual(u);
      expect(await users.authenticate('duyet', 'mat-khau-sai')).toBeNull();
      expect(await users.authenticate('khong-co', 'mat-khau-dung')).toBeNull();
      await users.setDisabled(u.id, new Date('2026-11-21T00:00:00.000Z'));
      expect(await users.authenticate('duyet', 'mat-khau-dung')).toMatchObject({ disabledAt: '2026-11-21T00:00:00.000Z' });
      await users.setDisabled(u.id, null);
      expect((await users.byId(u.id))!.disabledAt).toBeNull();
    });

    it('a new password replaces the old one; a short one is refused and changes nothing', async () => {
      const users = await open();
      const u = await users.create('vanhanh', 'mat-khau-cu-1', 'operator', T0);
      await users.setPassword(u.id, 'mat-khau-moi-2');
      expect(await users.authenticate('vanhanh', 'mat-khau-cu-1')).toBeNull();
      expect(await users.authenticate('vanhanh', 'mat-khau-moi-2')).toEqual(u);
      await expect(users.setPassword(u.id, 'ngan')).rejects.toEqual(BAD_REQUEST);
      expect(await users.authenticate('vanhanh', 'mat-khau-moi-2')).toEqual(u);
    });
  });
}
