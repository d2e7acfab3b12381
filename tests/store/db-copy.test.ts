/**
 * `loaphuong db copy --to postgres://…`: a ward's SQLite history (the file main 7b27d33 wrote, plus
 * rows of today's schema) moves into a PostgreSQL this file starts, without loss; and the web app
 * runs on that PostgreSQL when LOAPHUONG_DATABASE_URL names it.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { openStores, type Stores } from '../../src/station/stores.js';
import { copyDatabase, tableChecksum } from '../../src/store/copy.js';
import { migrate, TABLES } from '../../src/store/migrations.js';
import { openPostgres } from '../../src/store/postgres.js';
import { openSqlite, SQLITE_FILE } from '../../src/store/sqlite.js';
import { startPostgres, type TestPostgres } from '../support/postgres.js';
import { ADMIN_PASSWORD, login, makeHarness } from '../web/helpers.js';

const FIXTURE = fileURLToPath(new URL('./fixtures/ward-main-7b27d33.sqlite', import.meta.url));
let server: TestPostgres;
const root = mkdtempSync(join(tmpdir(), 'lp-dbcopy-'));
const dataDir = join(root, 'data');

beforeAll(async () => {
  server = await startPostgres();
  mkdirSync(dataDir);
  copyFileSync(FIXTURE, join(dataDir, SQLITE_FILE));
  // Rows of today's schema beside the old ones: a hub row, a missed slot, a second session.
  const s = await openStores({ dataDir }, { scrypt: { N: 1 << 10, r: 8, p: 1 } });
  await s.airings.recordMissed({ channelId: 'chinh', key: 'moi', scheduledAt: new Date('2026-11-06T00:00:00Z'), title: 'Bỏ lỡ "mới"', campaign: null, priority: 'khan-cap', reason: 'mất điện' });
  await s.db.run("UPDATE airings SET ward = 'phuong-a' WHERE key = 'k7'");
  await s.sessions.create(1, new Date('2026-11-20T01:00:00Z'));
  await s.close();
});
afterAll(async () => {
  await server?.stop();
  rmSync(root, { recursive: true, force: true });
});

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const sink = (f: (s: string) => void) => new Writable({ write(c, _e, cb) { f(c.toString()); cb(); } });
  const code = await main({ argv, env: { LOAPHUONG_DATA_DIR: dataDir }, cwd: root, stdout: sink((s) => (out += s)), stderr: sink((s) => (err += s)) });
  return { code, out, err };
}

/** Everything the stores can read, for comparing two engines. */
async function everything(s: Stores) {
  return {
    users: await s.users.list(),
    bulletins: await s.bulletins.list({ limit: 2000 }),
    audit: await s.audit.list({ limit: 5000 }),
    airings: await s.airings.list(),
    sessions: await s.db.all('SELECT * FROM sessions ORDER BY token_hash'),
  };
}

describe('db copy', () => {
  it('moves every row into PostgreSQL, prints counts and checksums, and the station reads the same there', async () => {
    const url = await server.createDatabase();
    const r = await cli('db', 'copy', '--to', url, '--json');
    expect(r.err).toContain('airings: 42/42');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out) as { tables: { name: string; rows: number; checksum: string }[] };
    expect(report.tables.map((t) => [t.name, t.rows])).toEqual([['users', 2], ['sessions', 2], ['bulletins', 2], ['audit', 2], ['airings', 42],
      ['hub_bulletins', 0], ['hub_deliveries', 0], ['hub_wards', 0], ['ward_inbox', 0], ['upstream_state', 0], ['repeat_plans', 0]]);

    const sqlite = await openStores({ dataDir }, { readOnly: true });
    const pg = await openStores({ dataDir, databaseUrl: url });
    try {
      for (const t of TABLES) {
        const mine = await tableChecksum(sqlite.db, t);
        expect(await tableChecksum(pg.db, t), t.name).toEqual(mine);
        expect(report.tables.find((x) => x.name === t.name)).toEqual(mine);
      }
      expect(await everything(pg)).toEqual(await everything(sqlite));
      expect(await pg.users.authenticate('admin', 'mat-khau-quan-tri-1')).toMatchObject({ id: 1 });
      expect(await pg.airings.list({ ward: 'phuong-a' })).toHaveLength(1);
      // New rows continue after the copied ids.
      expect(await pg.airings.begin({ channelId: 'chinh', key: 'sau-khi-chep', scheduledAt: new Date(), startedAt: new Date(), title: 't', campaign: null, priority: 'thuong', contentHash: 'x' })).toBe(43);
      expect((await pg.bulletins.create({ title: 'mới', text: 'a', spoken: 'a', quality: { suspect: false, score: 1, warnings: [] } }, 'admin', new Date())).id).toBe(3);
    } finally {
      await Promise.all([sqlite.close(), pg.close()]);
    }
  });

  it('refuses a target that holds rows, leaving it as it was; --force empties it and copies again', async () => {
    const url = await server.createDatabase();
    expect((await cli('db', 'copy', '--to', url)).code).toBe(0);
    const pg = await openPostgres(url);
    try {
      await pg.run("INSERT INTO audit (at, actor, action) VALUES ('2030-01-01T00:00:00.000Z', 'khac', 'login')");
      const refused = await cli('db', 'copy', '--to', url);
      expect(refused.code).not.toBe(0);
      expect(refused.err).toMatch(/^LP_ERR_STORE_NOT_EMPTY : .*audit 3 dòng/m);
      expect(await pg.get('SELECT COUNT(*) AS n FROM audit')).toEqual({ n: 3 });
      const forced = await cli('db', 'copy', '--to', url, '--force');
      expect(forced.code).toBe(0);
      expect(forced.out).toMatch(/^airings +42 +[0-9a-f]{64}$/m);
      expect(forced.out).toContain('đích khớp nguồn');
      expect(await pg.get('SELECT COUNT(*) AS n FROM audit')).toEqual({ n: 2 });
    } finally {
      await pg.close();
    }
  });

  it('a row written to the source while copying is caught, not silently left behind', async () => {
    const dir = mkdtempSync(join(root, 'busy-'));
    copyFileSync(FIXTURE, join(dir, SQLITE_FILE));
    const from = openSqlite(join(dir, SQLITE_FILE));
    await migrate(from);
    const to = await openPostgres(await server.createDatabase());
    await migrate(to);
    try {
      let wrote = false;
      await expect(copyDatabase(from, to, {
        // The station adds an account right after that table was copied.
        progress: (table) => {
          if (table !== 'users' || wrote) return;
          wrote = true;
          void from.run("INSERT INTO users (username, role, password_hash, created_at) VALUES ('moi', 'viewer', 'x', '2026-11-30T00:00:00.000Z')");
        },
      })).rejects.toMatchObject({ code: 'LP_ERR_STORE_FAILED', message: expect.stringContaining('nguồn thay đổi') });
    } finally {
      await Promise.all([from.close(), to.close()]);
    }
  });

  it('says what is wrong with a missing or unreachable target', async () => {
    expect((await cli('db', 'copy')).err).toMatch(/^LP_ERR_USAGE : /);
    expect((await cli('db', 'chep', '--to', 'postgres://x')).err).toMatch(/^LP_ERR_USAGE : /);
    const down = await cli('db', 'copy', '--to', 'postgres://postgres@127.0.0.1:1/khong');
    expect(down.code).not.toBe(0);
    expect(down.err).toMatch(/^LP_ERR_STORE_FAILED : .*PostgreSQL postgres:\/\/postgres@127\.0\.0\.1:1\/khong/);
  });

  it('the table list names every stored column of the PostgreSQL schema too', async () => {
    const db = await openPostgres(await server.createDatabase());
    try {
      await migrate(db);
      for (const t of TABLES) {
        const cols = await db.all<{ column_name: string }>(
          "SELECT column_name FROM information_schema.columns WHERE table_name = ? AND is_generated = 'NEVER' ORDER BY ordinal_position", [t.name]);
        expect(cols.map((c) => c.column_name), t.name).toEqual([...t.columns]);
      }
    } finally {
      await db.close();
    }
  });
});

describe('the station on PostgreSQL', () => {
  it('LOAPHUONG_DATABASE_URL puts the web app on PostgreSQL: login, a draft, the audit and the log page read it back', async () => {
    const url = await server.createDatabase();
    const h = await makeHarness(undefined, { env: { LOAPHUONG_DATABASE_URL: url } });
    try {
      expect(h.stores.db.engine).toBe('postgres');
      const admin = await login(h.app, 'admin', ADMIN_PASSWORD);
      const made = await h.app.inject({ method: 'POST', url: '/api/bulletins', headers: admin.headers, payload: { text: 'Thông báo lịch tiêm chủng ngày 25/11 tại trạm y tế phường.', title: 'Tiêm chủng' } });
      expect(made.statusCode).toBe(200);
      const id = await h.stores.airings.begin({ channelId: 'chinh', key: 'pg-1', scheduledAt: h.clock.now, startedAt: h.clock.now, title: 'Tiêm chủng', campaign: 'Y tế', priority: 'thuong', contentHash: 'x' });
      await h.stores.airings.finish(id, { status: 'aired', endedAt: new Date(h.clock.now.getTime() + 60_000) });
      const page = await h.app.inject({ url: '/nhat-ky', headers: { cookie: admin.cookie, accept: 'text/html' } });
      expect(page.body).toContain('1 lượt phát');
      expect((await h.app.inject({ url: '/api/bulletins', headers: { cookie: admin.cookie } })).json()).toMatchObject([{ title: 'Tiêm chủng', status: 'draft' }]);
      expect((await h.stores.audit.list()).map((e) => e.action)).toEqual(['bulletin.create', 'login']);
      // Nothing was written to the data dir's SQLite file: there is none.
      expect(existsSync(join(h.config.dataDir, SQLITE_FILE))).toBe(false);
    } finally {
      await h.close();
    }
  });
});
