/**
 * The SQLite adapter of the database port (better-sqlite3): one file in the data dir, WAL,
 * synchronous=FULL. better-sqlite3 is synchronous, so a statement runs inside the call that issues
 * it (a row `begin` writes is on disk before the call returns); the port's promises only keep the
 * two engines interchangeable. Each distinct SQL text is prepared once and reused.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database, { type Statement } from 'better-sqlite3';
import { LpError } from '../errors.js';
import { storeFailed, toParam, type SqlDb, type SqlQueryable, type SqlRunResult } from './sql.js';

/** The file of a ward's store inside its data dir. */
export const SQLITE_FILE = 'loaphuong.sqlite';

const bindable = (params: readonly unknown[]): unknown[] => params.map(toParam);

class SqliteDb implements SqlDb {
  readonly engine = 'sqlite' as const;
  readonly #raw: Database.Database;
  readonly #statements = new Map<string, { stmt: Statement; names: string[] | null }>();
  /** Set while a transaction runs: statements from outside it wait. */
  #busy: Promise<void> | null = null;

  constructor(raw: Database.Database, readonly where: string, readonly readOnly: boolean) {
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

  #call<T>(sql: string, fn: () => T): T {
    try {
      return fn();
    } catch (e) {
      throw storeFailed('sqlite', sql, e);
    }
  }

  /** The statements themselves, run at once; `tx` hands this to its callback. */
  readonly #direct: SqlQueryable = {
    all: async <T>(sql: string, params: readonly unknown[] = []) => this.#call(sql, () => this.#rows<T>(sql, params, false)),
    get: async <T>(sql: string, params: readonly unknown[] = []) => this.#call(sql, () => this.#rows<T>(sql, params, true)[0]),
    run: async (sql: string, params: readonly unknown[] = []): Promise<SqlRunResult> =>
      this.#call(sql, () => ({ changes: this.#prepare(sql).stmt.run(...bindable(params)).changes })),
    exec: async (sql: string) => this.#call(sql, () => void this.#raw.exec(sql)),
  };

  async #idle(): Promise<void> {
    while (this.#busy) await this.#busy;
  }

  // Outside a transaction the statement runs before the first await: no tick of delay.
  async all<T>(sql: string, params?: readonly unknown[]): Promise<T[]> {
    if (this.#busy) await this.#idle();
    return this.#direct.all<T>(sql, params);
  }

  async get<T>(sql: string, params?: readonly unknown[]): Promise<T | undefined> {
    if (this.#busy) await this.#idle();
    return this.#direct.get<T>(sql, params);
  }

  async run(sql: string, params?: readonly unknown[]): Promise<SqlRunResult> {
    if (this.#busy) await this.#idle();
    return this.#direct.run(sql, params);
  }

  async exec(sql: string): Promise<void> {
    if (this.#busy) await this.#idle();
    return this.#direct.exec(sql);
  }

  async tx<T>(fn: (q: SqlQueryable) => Promise<T>): Promise<T> {
    await this.#idle();
    let release!: () => void;
    this.#busy = new Promise<void>((r) => (release = r));
    try {
      await this.#direct.exec('BEGIN IMMEDIATE');
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
export function openSqlite(path: string, opts: { readOnly?: boolean } = {}): SqlDb {
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
    raw.pragma('busy_timeout = 5000');
    return new SqliteDb(raw, path, readOnly);
  } catch (e) {
    throw new LpError('LP_ERR_STORE_FAILED', `${path}: ${(e as Error).message}`, { cause: e });
  }
}
