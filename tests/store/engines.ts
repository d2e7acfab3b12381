/**
 * The two adapters of the database port, as the conformance suites see them: each `open()` gives
 * a migrated, empty database for one test. SQLite: a new file in a temp dir. PostgreSQL: one
 * database per engine instance (so per suite), emptied between tests; the server is the file's
 * one test cluster (tests/support/postgres.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate, TABLES } from '../../src/store/migrations.js';
import { openPostgres } from '../../src/store/postgres.js';
import type { SqlDb } from '../../src/store/sql.js';
import { openSqlite, SQLITE_FILE } from '../../src/store/sqlite.js';
import type { TestPostgres } from '../support/postgres.js';

export interface EngineUnderTest {
  readonly name: string;
  /** A migrated, empty database; the suite closes it (and every reopened handle) after the test. */
  open(): Promise<SqlDb>;
  /** Another handle on the database of the last `open()`. */
  reopen(opts?: { readOnly?: boolean }): Promise<SqlDb>;
  /** Closes what this test opened. */
  cleanup(): Promise<void>;
}

export function sqliteEngine(): EngineUnderTest {
  const dirs: string[] = [];
  const handles: SqlDb[] = [];
  let path = '';
  return {
    name: 'SQLite',
    async open() {
      const dir = mkdtempSync(join(tmpdir(), 'lp-store-'));
      dirs.push(dir);
      path = join(dir, SQLITE_FILE);
      const db = openSqlite(path);
      handles.push(db);
      await migrate(db);
      return db;
    },
    async reopen(opts = {}) {
      const db = openSqlite(path, opts);
      handles.push(db);
      return db;
    },
    async cleanup() {
      while (handles.length) await handles.pop()!.close().catch(() => {});
      while (dirs.length) rmSync(dirs.pop()!, { recursive: true, force: true });
    },
  };
}

/** `server` is read when a test runs, after the file's beforeAll has started it. */
export function postgresEngine(server: () => TestPostgres): EngineUnderTest {
  let url: string | null = null;
  const handles: SqlDb[] = [];
  return {
    name: 'PostgreSQL',
    async open() {
      if (!url) {
        url = await server().createDatabase();
        const db = await openPostgres(url);
        await migrate(db);
        await db.close();
      }
      const db = await openPostgres(url);
      handles.push(db);
      await db.exec(`TRUNCATE ${TABLES.map((t) => t.name).join(', ')} RESTART IDENTITY CASCADE`);
      return db;
    },
    async reopen(opts = {}) {
      const db = await openPostgres(url!, opts);
      handles.push(db);
      return db;
    },
    async cleanup() {
      while (handles.length) await handles.pop()!.close().catch(() => {});
    },
  };
}
