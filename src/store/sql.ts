/**
 * The database port every store is written against: a few async calls over SQL that both engines
 * speak. Adapters: SQLite (`sqlite.ts`, better-sqlite3, the embedded default in the data dir) and
 * PostgreSQL (`postgres.ts`, `pg`, when `LOAPHUONG_DATABASE_URL` is set). The stores (users,
 * sessions, bulletins, audit, the airing log) are written once against this port; their conformance
 * suites in tests/store/ run on both adapters.
 *
 * The SQL a store sends is the common subset: `?` placeholders (the PostgreSQL adapter numbers
 * them), `INSERT … ON CONFLICT DO NOTHING`, `RETURNING`, row values, `COALESCE`, `lower()`. Times
 * are passed and read back as ISO UTC strings (`Date#toISOString`) whatever the column type;
 * 64-bit integers come back as numbers; booleans are stored as 0/1.
 *
 * Deliberately left out: schema changes outside `migrations.ts`, engine-specific SQL in stores,
 * streaming cursors (readers page by key instead, which bounds memory the same way on both), and
 * connection details (pool size, file modes) beyond what `open…` takes.
 */
import { LpError } from '../errors.js';

export type Engine = 'sqlite' | 'postgres';

export interface SqlRunResult {
  /** Rows changed by an INSERT, UPDATE or DELETE. */
  readonly changes: number;
}

/** What a statement can be run on: the database, or one transaction of it. */
export interface SqlQueryable {
  /** All rows of a query. */
  all<T>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  /** The first row, or undefined. */
  get<T>(sql: string, params?: readonly unknown[]): Promise<T | undefined>;
  run(sql: string, params?: readonly unknown[]): Promise<SqlRunResult>;
  /** Statements without parameters, `;`-separated (migrations only). */
  exec(sql: string): Promise<void>;
}

export interface SqlDb extends SqlQueryable {
  readonly engine: Engine;
  /** Where it is, for messages (a file path, or the URL without its password). */
  readonly where: string;
  /** Opened for reading only: every write fails with LP_ERR_STORE_FAILED. */
  readonly readOnly: boolean;
  /**
   * Runs `fn` in one transaction: commits when it resolves, rolls back when it throws, and nobody
   * sees it half done. SQLite (BEGIN IMMEDIATE) runs statements from outside only after it ends;
   * PostgreSQL (read committed) runs them beside it, so a check-then-insert in `fn` is atomic
   * against this process's own calls only when the caller orders them (as the airing log does).
   */
  tx<T>(fn: (q: SqlQueryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/**
 * The one place a driver failure becomes a user-facing error (disk full, locked file, lost
 * connection, refused write on a read-only handle): LP_ERR_STORE_FAILED naming the engine and
 * the statement's verb, whichever store and engine failed; a full disk is LP_ERR_STORE_DISK_FULL
 * (HTTP 507), which says what to free.
 */
export function storeFailed(engine: Engine, sql: string, e: unknown): LpError {
  if (e instanceof LpError) return e;
  const verb = sql.trim().split(/\s+/, 3).join(' ');
  const name = engine === 'sqlite' ? 'SQLite' : 'PostgreSQL';
  return new LpError(isDiskFull(e) ? 'LP_ERR_STORE_DISK_FULL' : 'LP_ERR_STORE_FAILED', `${name}, ${verb}…: ${(e as Error)?.message ?? String(e)}`, { cause: e });
}

/**
 * A write refused for want of space: SQLITE_FULL, PostgreSQL's disk_full (53100), or either engine
 * passing on the system's ENOSPC ("could not extend file …: No space left on device").
 */
export function isDiskFull(e: unknown): boolean {
  const code = String((e as { code?: unknown })?.code ?? '');
  return code === 'SQLITE_FULL' || code === '53100' || code === 'ENOSPC' || /No space left on device|database or disk is full/i.test(String((e as Error)?.message ?? ''));
}

/** A parameter as both drivers take it: booleans as 0/1 (the port's convention), undefined as null. */
export function toParam(p: unknown): unknown {
  return p === undefined ? null : typeof p === 'boolean' ? (p ? 1 : 0) : p;
}

/** `?` placeholders → `$1, $2, …` (the SQL of stores has no `?` inside string literals). */
export function numberPlaceholders(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

/** A checked ISO instant for a parameter; an invalid Date is a programming error, never stored. */
export function iso(d: Date, what: string): string {
  if (!(d instanceof Date) || Number.isNaN(d.getTime())) throw new LpError('LP_ERR_INTERNAL', `${what} không phải thời điểm hợp lệ`);
  return d.toISOString();
}
