/**
 * The PostgreSQL adapter of the database port (`pg`), used when `LOAPHUONG_DATABASE_URL` is set: a
 * city's wards, or a ward that wants its history on a server. A small pool; every statement is a
 * named prepared statement, so the server parses each SQL text once per connection. Values come back
 * in the port's shapes: bigint as number, timestamptz as an ISO UTC string.
 */
import { createHash } from 'node:crypto';
import pg from 'pg';
import { LpError } from '../errors.js';
import { numberPlaceholders, storeFailed, toParam, type SqlDb, type SqlQueryable, type SqlRunResult } from './sql.js';

const INT8 = 20;
const TIMESTAMPTZ = 1184;

/**
 * timestamptz as the server prints it in our UTC/ISO session ("2026-11-25 10:00:00.04+00") to
 * `Date#toISOString` form by rearranging the text: half the cost of reading a row went into
 * parsing dates. Anything else takes the exact, slower way through Date.
 */
export function isoFromTimestamptz(v: string): string {
  const m = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})(?:\.(\d{1,6}))?\+00$/.exec(v);
  return m ? `${m[1]}T${m[2]}.${(m[3] ?? '').padEnd(3, '0').slice(0, 3)}Z` : new Date(v).toISOString();
}

const types = {
  getTypeParser: ((oid: number, format?: string) => {
    if (oid === INT8) return (v: string) => Number(v);
    if (oid === TIMESTAMPTZ) return isoFromTimestamptz;
    return pg.types.getTypeParser(oid, format as 'text');
  }) as typeof pg.types.getTypeParser,
};

/** The URL without its password, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://…';
  }
}

interface Prepared {
  readonly name: string;
  readonly text: string;
}

class PostgresDb implements SqlDb {
  readonly engine = 'postgres' as const;
  readonly #pool: pg.Pool;
  readonly #prepared = new Map<string, Prepared>();
  readonly #any: SqlQueryable;

  constructor(pool: pg.Pool, readonly where: string, readonly readOnly: boolean) {
    this.#pool = pool;
    this.#any = this.#on(pool);
  }

  #statement(sql: string): Prepared {
    let p = this.#prepared.get(sql);
    if (!p) {
      p = { name: `lp_${createHash('sha1').update(sql).digest('hex').slice(0, 20)}`, text: numberPlaceholders(sql) };
      this.#prepared.set(sql, p);
    }
    return p;
  }

  #on(client: pg.Pool | pg.PoolClient): SqlQueryable {
    const query = async (sql: string, params: readonly unknown[] = []): Promise<pg.QueryResult> => {
      const s = this.#statement(sql);
      try {
        return await client.query({ name: s.name, text: s.text, values: params.map(toParam) });
      } catch (e) {
        throw storeFailed('postgres', sql, e);
      }
    };
    return {
      all: async <T>(sql: string, params?: readonly unknown[]) => (await query(sql, params)).rows as T[],
      get: async <T>(sql: string, params?: readonly unknown[]) => (await query(sql, params)).rows[0] as T | undefined,
      run: async (sql: string, params?: readonly unknown[]): Promise<SqlRunResult> => ({ changes: (await query(sql, params)).rowCount ?? 0 }),
      exec: async (sql: string) => {
        try {
          await client.query(sql);
        } catch (e) {
          throw storeFailed('postgres', sql, e);
        }
      },
    };
  }

  all<T>(sql: string, params?: readonly unknown[]): Promise<T[]> { return this.#any.all<T>(sql, params); }
  get<T>(sql: string, params?: readonly unknown[]): Promise<T | undefined> { return this.#any.get<T>(sql, params); }
  run(sql: string, params?: readonly unknown[]): Promise<SqlRunResult> { return this.#any.run(sql, params); }
  exec(sql: string): Promise<void> { return this.#any.exec(sql); }

  async tx<T>(fn: (q: SqlQueryable) => Promise<T>): Promise<T> {
    let client: pg.PoolClient;
    try {
      client = await this.#pool.connect();
    } catch (e) {
      throw storeFailed('postgres', 'BEGIN', e);
    }
    const q = this.#on(client);
    try {
      await q.exec('BEGIN');
      const out = await fn(q);
      await q.exec('COMMIT');
      return out;
    } catch (e) {
      await client.query('ROLLBACK').catch(() => {});
      throw e;
    } finally {
      client.release();
    }
  }

  async close(): Promise<void> {
    await this.#pool.end();
  }
}

/**
 * Connects to `url` (`postgres://user:pass@host:port/db`) and checks the server answers. A
 * read-only handle runs every transaction read-only on the server side.
 */
export async function openPostgres(url: string, opts: { readOnly?: boolean; maxConnections?: number } = {}): Promise<SqlDb> {
  const readOnly = opts.readOnly ?? false;
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.maxConnections ?? 8,
    types,
    connectionTimeoutMillis: 10_000,
    // UTC and ISO output are what isoFromTimestamptz reads; the server's own defaults may differ.
    options: `-c TimeZone=UTC -c DateStyle=ISO${readOnly ? ' -c default_transaction_read_only=on' : ''}`,
  });
  // An idle connection the server drops would otherwise crash the process; the next query reports it.
  pool.on('error', () => {});
  try {
    await pool.query('SELECT 1');
  } catch (e) {
    await pool.end().catch(() => {});
    throw new LpError('LP_ERR_STORE_FAILED', `PostgreSQL ${redactUrl(url)}: ${(e as Error).message}`, { cause: e });
  }
  return new PostgresDb(pool, redactUrl(url), readOnly);
}
