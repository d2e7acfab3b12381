/**
 * Versioned migrations on a ward's existing SQLite file: a database written by the code before
 * migrations (fixtures/ward-main-7b27d33.sqlite, see make-ward-main-7b27d33.mjs) upgrades in place,
 * every row and column kept, and the stores read it as they read a new one.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openStores } from '../../src/station/stores.js';
import { migrate, schemaVersion, SCHEMA_VERSION, TABLES } from '../../src/store/migrations.js';
import { openSqlite, SQLITE_FILE } from '../../src/store/sqlite.js';

const FIXTURE = fileURLToPath(new URL('./fixtures/ward-main-7b27d33.sqlite', import.meta.url));
const dirs: string[] = [];
afterEach(() => {
  while (dirs.length) rmSync(dirs.pop()!, { recursive: true, force: true });
});

/** A ward's data dir holding a copy of the old database. */
function oldWard(): string {
  const dir = mkdtempSync(join(tmpdir(), 'lp-migrate-'));
  dirs.push(dir);
  copyFileSync(FIXTURE, join(dir, SQLITE_FILE));
  return dir;
}

/** Every row of every table there is, read with the driver alone, in key order. */
function dump(path: string): Record<string, unknown[]> {
  const db = new Database(path, { readonly: true });
  try {
    const exists = (name: string) => db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;
    return Object.fromEntries(TABLES.filter((t) => exists(t.name)).map((t) => [t.name, db.prepare(`SELECT * FROM ${t.name} ORDER BY ${t.key}`).all()]));
  } finally {
    db.close();
  }
}

describe('migrations of an existing ward database (SQLite)', () => {
  it('upgrades in place: every row and value kept, the new column empty, version recorded', async () => {
    const dir = oldWard();
    const path = join(dir, SQLITE_FILE);
    const before = dump(path);
    expect(Object.values(before).map((rows) => rows.length)).toEqual([2, 1, 2, 2, 41]);
    const db = openSqlite(path);
    expect(await schemaVersion(db)).toBe(0);
    expect(await migrate(db)).toEqual(Array.from({ length: SCHEMA_VERSION }, (_, i) => i + 1));
    expect(await schemaVersion(db)).toBe(SCHEMA_VERSION);
    await db.close();
    const after = dump(path);
    for (const t of TABLES) {
      const added = t.name === 'airings' ? { ward: null, ward_row: null } : {};
      // Tables the old ward did not have yet (a hub's, a ward's inbox) start empty.
      expect(after[t.name], t.name).toEqual((before[t.name] ?? []).map((r) => ({ ...(r as object), ...added })));
    }
  });

  it('the stores read the upgraded ward: logins, sessions, bulletins, audit and the log', async () => {
    const dir = oldWard();
    const stores = await openStores({ dataDir: dir });
    try {
      expect(await stores.users.authenticate('admin', 'mat-khau-quan-tri-1')).toMatchObject({ username: 'admin', role: 'admin' });
      expect(await stores.users.byName('bientap')).toMatchObject({ username: 'BienTap', disabledAt: '2026-11-03T00:00:00.000Z' });
      expect(await stores.bulletins.list()).toMatchObject([
        { id: 2, title: 'Nháp "ngoặc" \'đơn\'', status: 'draft', quality: { suspect: true, warnings: ['mất dấu'] } },
        { id: 1, status: 'approved', approvedBy: 'admin', estimatedSeconds: 12.5 },
      ]);
      expect((await stores.audit.list()).map((e) => e.action)).toEqual(['bulletin.approve', 'login']);
      const rows = await stores.airings.list();
      expect(rows).toHaveLength(41);
      expect(rows.filter((r) => r.status === 'on-air').map((r) => r.key)).toEqual(['k39']);
      expect(await stores.airings.recoverUnfinished(new Date('2026-11-03T00:00:00Z'))).toMatchObject([{ key: 'k39', status: 'interrupted', durationSec: 29.96 }]);
      expect(await stores.airings.hasAired('k3')).toBe(true);
      expect(await stores.airings.count({ status: 'partial' })).toBe(6);
      // New rows follow the old ids.
      const id = await stores.airings.recordMissed({ channelId: 'chinh', key: 'moi', scheduledAt: new Date('2026-11-04T00:00:00Z'), title: 't', campaign: null, priority: 'thuong', reason: 'r' });
      expect(id).toBe(42);
    } finally {
      await stores.close();
    }
  });

  it('a reading command on a ward not yet upgraded upgrades it once, then reads through a read-only handle', async () => {
    const dir = oldWard();
    const stores = await openStores({ dataDir: dir }, { readOnly: true });
    try {
      expect(stores.db.readOnly).toBe(true);
      expect(await stores.airings.count()).toBe(41);
      expect(await schemaVersion(stores.db)).toBe(SCHEMA_VERSION);
      await expect(stores.audit.record({ at: new Date(), actor: 'x', action: 'login' })).rejects.toMatchObject({ code: 'LP_ERR_STORE_FAILED' });
    } finally {
      await stores.close();
    }
  });

  it('a database from a newer loaphuong is refused, not downgraded', async () => {
    const dir = oldWard();
    const db = openSqlite(join(dir, SQLITE_FILE));
    await migrate(db);
    await db.run("INSERT INTO schema_migrations (version, name, applied_at) VALUES (99, 'tương lai', '2030-01-01T00:00:00.000Z')");
    await expect(migrate(db)).rejects.toMatchObject({ code: 'LP_ERR_STORE_FAILED', message: expect.stringContaining('mới hơn') });
    await db.close();
  });

  it('the table list that db copy moves names every stored column of the schema', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lp-migrate-'));
    dirs.push(dir);
    const db = openSqlite(join(dir, SQLITE_FILE));
    await migrate(db);
    for (const t of TABLES) {
      // hidden = 2 or 3: generated columns, computed again on the other side.
      const cols = await db.all<{ name: string; hidden: number }>(`PRAGMA table_xinfo(${t.name})`);
      expect(cols.filter((c) => c.hidden === 0).map((c) => c.name), t.name).toEqual([...t.columns]);
    }
    await db.close();
  });
});
