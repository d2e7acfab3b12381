/**
 * The SQLite adapter of the database port (better-sqlite3): one file in the data dir, WAL,
 * synchronous=FULL. better-sqlite3 is synchronous, so a statement runs inside the call that issues
 * it (a row `begin` writes is on disk before the call returns); the port's promises only keep the
 * two engines interchangeable. Each distinct SQL text is prepared once and reused.
 *
 * A file locked by another process (a backup, `sqlite3` left open in a transaction) must never
 * hold the event loop that paces the air: busy_timeout is 0, and a statement refused with
 * SQLITE_BUSY is tried again on timers with back-off, up to `busyRetryMs`, then LP_ERR_STORE_FAILED.
 * While a write waits, later writes queue behind it so rows still change in call order; reads
 * (which WAL never blocks) go on.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database, { type Statement } from 'better-sqlite3';
import { LpError } from '../errors.js';
import { storeFailed, toParam, type SqlDb, type SqlQueryable, type SqlRunResult } from './sql.js';

/** The file of a ward's store inside its data dir. */
export const SQLITE_FILE = 'loaphuong.sqlite';

const bindable = (params: readonly unknown[]): unknown[] => params.map(toParam);

/** How long a statement refused by another process's lock is retried before it fails. */
export const BUSY_RETRY_MS = 30_000;
const BACKOFF_FIRST_MS = 5;
const BACKOFF_MAX_MS = 250;

/** SQLITE_BUSY and its extended codes (SQLITE_BUSY_SNAPSHOT, …): another connection holds the lock. */
const isBusy = (e: unknown): boolean => typeof (e as { code?: unknown })?.code === 'string' && (e as { code: string }).code.startsWith('SQLITE_BUSY');

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

class SqliteDb implements SqlDb {
  readonly engine = 'sqlite' as const;
  readonly #raw: Database.Database;
  readonly #statements = new Map<string, { stmt: Statement; names: string[] | null }>();
  /** Set while a transaction runs: statements from outside it wait. */
  #busy: Promise<void> | null = null;
  /** Writes waiting for another process's lock, in call order; a new write goes behind them. */
  #waitingWrites = 0;
  #writeTail: Promise<unknown> = Promise.resolve();

  constructor(raw: Database.Database, readonly where: string, readonly readOnly: boolean, readonly busyRetryMs: number) {
    this.#raw = raw;
  }

  /**
   * A statement that returns rows runs in raw mode (arrays) and its rows are built here: a third
   * cheaper than the driver's own objects, which is most of reading a city's month.
   */
  #prepare(sql: string): { stmt: Statement; names: string[] | null } {
    let s = this.#statements.get(sql);
    if (!s) {
      const stmt = this.#raw.prepare(sql);
      s = { stmt, names: stmt.reader ? (stmt.raw(true), stmt.columns().map((c) => c.name)) : null };
      this.#statements.set(sql, s);
    }
    return s;
  }

  #rows<T>(sql: string, params: readonly unknown[], one: boolean): T[] {
    const { stmt, names } = this.#prepare(sql);
    if (!names) throw new Error('statement returns no rows; use run()');
    const raw = (one ? [stmt.get(...bindable(params))].filter((r) => r !== undefined) : stmt.all(...bindable(params))) as unknown[][];
    return raw.map((r) => {
      const o: Record<string, unknown> = {};
      for (let i = 0; i < names.length; i++) o[names[i]] = r[i];
      return o as T;
    });
  }

  /** Runs `fn` now; refused by a lock, again on timers (with back-off) until `busyRetryMs` has passed. */
  async #retried<T>(sql: string, fn: () => T): Promise<T> {
    let waited = 0;
    for (let backoff = BACKOFF_FIRST_MS; ; backoff = Math.min(backoff * 2, BACKOFF_MAX_MS)) {
      try {
        return fn();
      } catch (e) {
        if (!isBusy(e) || waited >= this.busyRetryMs) throw storeFailed('sqlite', sql, e);
      }
      await sleep(backoff);
      waited += backoff;
    }
  }

  /** The statements themselves; `tx` hands this to its callback. */
  readonly #direct: SqlQueryable = {
    all: <T>(sql: string, params: readonly unknown[] = []) => this.#retried(sql, () => this.#rows<T>(sql, params, false)),
    get: <T>(sql: string, params: readonly unknown[] = []) => this.#retried(sql, () => this.#rows<T>(sql, params, true)[0]),
    run: (sql: string, params: readonly unknown[] = []) => this.#retried(sql, () => this.#runNow(sql, params)),
    exec: (sql: string) => this.#retried(sql, () => void this.#raw.exec(sql)),
  };

  #runNow(sql: string, params: readonly unknown[]): SqlRunResult {
    return { changes: this.#prepare(sql).stmt.run(...bindable(params)).changes };
  }

  async #idle(): Promise<void> {
    while (this.#busy) await this.#busy;
  }

  #isRead(sql: string): boolean {
    try {
      return this.#prepare(sql).stmt.readonly;
    } catch {
      return false; // the statement reports its own error when it runs
    }
  }

  /**
   * A statement from outside a transaction. With nothing in the way it runs before the first await
   * (no tick of delay). A write refused by a lock, or issued while one waits, joins the queue of
   * waiting writes, so writes still land in call order; reads do not wait for them.
   */
  #outside<T>(sql: string, fn: () => T): Promise<T> {
    if (this.#isRead(sql)) return this.#busy ? this.#idle().then(() => this.#retried(sql, fn)) : this.#retried(sql, fn);
    if (!this.#busy && this.#waitingWrites === 0) {
      try {
        return Promise.resolve(fn());
      } catch (e) {
        if (!isBusy(e)) return Promise.reject(storeFailed('sqlite', sql, e));
      }
    }
    return this.#queueWrite(async () => {
      if (this.#busy) await this.#idle();
      return this.#retried(sql, fn);
    });
  }

  #queueWrite<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#writeTail.then(fn);
    this.#waitingWrites++;
    this.#writeTail = run.finally(() => void this.#waitingWrites--).catch(() => {});
    return run;
  }

  all<T>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    return this.#outside(sql, () => this.#rows<T>(sql, params, false));
  }

  get<T>(sql: string, params: readonly unknown[] = []): Promise<T | undefined> {
    return this.#outside(sql, () => this.#rows<T>(sql, params, true)[0]);
  }

  run(sql: string, params: readonly unknown[] = []): Promise<SqlRunResult> {
    return this.#outside(sql, () => this.#runNow(sql, params));
  }

  exec(sql: string): Promise<void> {
    return this.#outside(sql, () => void this.#raw.exec(sql));
  }

  /**
   * BEGIN IMMEDIATE takes the write lock; refused, it is retried like any write, and statements from
   * outside are held only once it is taken.
   */
  async tx<T>(fn: (q: SqlQueryable) => Promise<T>): Promise<T> {
    if (this.#waitingWrites > 0) await this.#queueWrite(async () => {});
    let waited = 0;
    for (let backoff = BACKOFF_FIRST_MS; ; backoff = Math.min(backoff * 2, BACKOFF_MAX_MS)) {
      await this.#idle();
      try {
        this.#raw.exec('BEGIN IMMEDIATE');
        break;
      } catch (e) {
        if (!isBusy(e) || waited >= this.busyRetryMs) throw storeFailed('sqlite', 'BEGIN IMMEDIATE', e);
      }
      await sleep(backoff);
      waited += backoff;
    }
    let release!: () => void;
    this.#busy = new Promise<void>((r) => (release = r));
    try {
      try {
        const out = await fn(this.#direct);
        await this.#direct.exec('COMMIT');
        return out;
      } catch (e) {
        if (this.#raw.inTransaction) this.#raw.exec('ROLLBACK');
        throw e;
      }
    } finally {
      this.#busy = null;
      release();
    }
  }

  async close(): Promise<void> {
    await this.#idle();
    this.#raw.close();
  }
}

/**
 * Opens (creating it unless read-only) the SQLite file at `path`. Read-only handles are what the
 * CLI's reading commands use: they cannot change a byte, even by mistake.
 */
export function openSqlite(path: string, opts: { readOnly?: boolean; busyRetryMs?: number } = {}): SqlDb {
  const readOnly = opts.readOnly ?? false;
  try {
    if (!readOnly) mkdirSync(dirname(path), { recursive: true });
    const raw = new Database(path, { readonly: readOnly, fileMustExist: readOnly });
    if (!readOnly) {
      raw.pragma('journal_mode = WAL');
      // FULL: an airing row written before the audio starts must survive a power cut, not only a crash.
      raw.pragma('synchronous = FULL');
      raw.pragma('foreign_keys = ON');
    }
    // 0: SQLite's own wait is a sleep inside the call, on the thread that paces the air.
    raw.pragma('busy_timeout = 0');
    return new SqliteDb(raw, path, readOnly, opts.busyRetryMs ?? BUSY_RETRY_MS);
  } catch (e) {
    throw new LpError('LP_ERR_STORE_FAILED', `${path}: ${(e as Error).message}`, { cause: e });
  }
}
