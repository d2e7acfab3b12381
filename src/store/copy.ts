/**
 * Copies every store table from one database to another (a ward's SQLite history into PostgreSQL,
 * `loaphuong db copy`): ids kept, all in one transaction on the target (all or nothing), rows read
 * a page at a time. Each table's row count and SHA-256 over its rows in key order are computed on
 * the source while copying and again by reading the target back; any difference is an error.
 */
import { createHash } from 'node:crypto';
import { LpError } from '../errors.js';
import { TABLES, type TableSpec } from './migrations.js';
import type { SqlDb, SqlQueryable } from './sql.js';

export interface TableCopy {
  readonly name: string;
  readonly rows: number;
  /** SHA-256 (hex) of the table's rows in key order, in the port's value shapes. */
  readonly checksum: string;
}

const PAGE = 1000;
/** Rows per INSERT: PostgreSQL takes at most 65,535 parameters a statement. */
const BATCH = 500;

type Row = Record<string, unknown>;

/** Reads a table a page at a time in key order (keyset: no OFFSET). */
async function* rowsOf(q: SqlQueryable, t: TableSpec): AsyncIterable<Row[]> {
  const cols = t.columns.join(', ');
  let last: unknown;
  for (;;) {
    const page = last === undefined
      ? await q.all<Row>(`SELECT ${cols} FROM ${t.name} ORDER BY ${t.key} LIMIT ?`, [PAGE])
      : await q.all<Row>(`SELECT ${cols} FROM ${t.name} WHERE ${t.key} > ? ORDER BY ${t.key} LIMIT ?`, [last, PAGE]);
    if (page.length === 0) return;
    yield page;
    if (page.length < PAGE) return;
    last = page[page.length - 1][t.key];
  }
}

/** One line per row: the columns' values in order, as JSON. */
const rowLine = (t: TableSpec, r: Row): string => JSON.stringify(t.columns.map((c) => r[c] ?? null)) + '\n';

/** Count and checksum of a table as it is now. */
export async function tableChecksum(q: SqlQueryable, t: TableSpec): Promise<TableCopy> {
  const hash = createHash('sha256');
  let rows = 0;
  for await (const page of rowsOf(q, t)) {
    for (const r of page) hash.update(rowLine(t, r));
    rows += page.length;
  }
  return { name: t.name, rows, checksum: hash.digest('hex') };
}

/** Rows in each store table of `db`, by table. */
export async function tableCounts(db: SqlQueryable): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of TABLES) out[t.name] = (await db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM ${t.name}`))!.n;
  return out;
}

export interface CopyOptions {
  /** Empty a target that already holds rows instead of refusing. @default false */
  readonly force?: boolean;
  /** Told after each page: table, rows copied so far, rows in the table. */
  readonly progress?: (table: string, done: number, total: number) => void;
}

/**
 * Copies `from` into `to`; both must be migrated to the same schema version. Refuses a target
 * with any row in a store table (LP_ERR_STORE_NOT_EMPTY) unless `force`. Returns the source's
 * counts and checksums, each checked equal on the target.
 */
export async function copyDatabase(from: SqlDb, to: SqlDb, opts: CopyOptions = {}): Promise<TableCopy[]> {
  const totals = await tableCounts(from);
  const copied = await to.tx(async (q) => {
    const existing = Object.entries(await tableCounts(q)).filter(([, n]) => n > 0);
    if (existing.length && !opts.force) {
      throw new LpError('LP_ERR_STORE_NOT_EMPTY', `${to.where}: ${existing.map(([t, n]) => `${t} ${n} dòng`).join(', ')}`);
    }
    if (existing.length) {
      if (to.engine === 'postgres') await q.exec(`TRUNCATE ${TABLES.map((t) => t.name).join(', ')} RESTART IDENTITY CASCADE`);
      else for (const t of [...TABLES].reverse()) await q.run(`DELETE FROM ${t.name}`);
    }
    const out: TableCopy[] = [];
    for (const t of TABLES) {
      const hash = createHash('sha256');
      let rows = 0;
      for await (const page of rowsOf(from, t)) {
        for (let i = 0; i < page.length; i += BATCH) {
          const batch = page.slice(i, i + BATCH);
          const one = `(${t.columns.map(() => '?').join(', ')})`;
          await q.run(`INSERT INTO ${t.name} (${t.columns.join(', ')}) VALUES ${batch.map(() => one).join(', ')}`,
            batch.flatMap((r) => t.columns.map((c) => r[c])));
        }
        for (const r of page) hash.update(rowLine(t, r));
        rows += page.length;
        opts.progress?.(t.name, rows, totals[t.name]);
      }
      // New rows on the target continue after the copied ids.
      if (t.identity && to.engine === 'postgres') {
        await q.get(`SELECT setval(pg_get_serial_sequence('${t.name}', '${t.key}'), COALESCE(MAX(${t.key}), 0) + 1, false) AS v FROM ${t.name}`);
      }
      out.push({ name: t.name, rows, checksum: hash.digest('hex') });
    }
    return out;
  });
  for (const c of copied) {
    const back = await tableChecksum(to, TABLES.find((t) => t.name === c.name)!);
    if (back.rows !== c.rows || back.checksum !== c.checksum) {
      throw new LpError('LP_ERR_STORE_FAILED', `${to.where}: bảng ${c.name} ở đích (${back.rows} dòng, ${back.checksum.slice(0, 16)}) khác nguồn (${c.rows} dòng, ${c.checksum.slice(0, 16)})`);
    }
  }
  const after = await tableCounts(from);
  const grown = TABLES.filter((t) => after[t.name] !== copied.find((c) => c.name === t.name)!.rows);
  if (grown.length) {
    throw new LpError('LP_ERR_STORE_FAILED', `${from.where}: nguồn thay đổi trong lúc chép (${grown.map((t) => t.name).join(', ')}); hãy dừng đài rồi chép lại với --force`);
  }
  return copied;
}
