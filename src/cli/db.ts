/**
 * `loaphuong db copy --to postgres://… [--force] [--json]`: moves a ward's history from the SQLite
 * file in its data dir into PostgreSQL, without loss: every table, ids kept, each table's row count
 * and checksum printed and checked on the target. A target that already holds rows is refused
 * unless `--force` (which empties it first). Stop the station first: a row written during the copy
 * is detected and the copy refused.
 */
import { loadConfig } from '../config/index.js';
import { LpError } from '../errors.js';
import { openStores } from '../station/stores.js';
import { copyDatabase } from '../store/copy.js';
import { migrate } from '../store/migrations.js';
import { openPostgres } from '../store/postgres.js';
import { parseCli } from './args.js';
import type { CliContext } from './context.js';

export async function run(ctx: CliContext): Promise<number> {
  const [sub, ...rest] = ctx.argv;
  if (sub !== 'copy') throw new LpError('LP_ERR_USAGE', sub ? `không có lệnh "db ${sub}"; dùng "db copy --to postgres://…"` : 'thiếu lệnh con: db copy --to postgres://…');
  const { values, positionals } = parseCli(rest, {
    to: { type: 'string' },
    force: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  });
  if (positionals.length > 0) throw new LpError('LP_ERR_USAGE', `thừa tham số "${positionals[0]}"`);
  if (!values.to || !/^postgres(ql)?:\/\/\S+$/.test(values.to)) throw new LpError('LP_ERR_USAGE', 'cần --to postgres://người-dùng:mật-khẩu@máy:cổng/tên-csdl');
  const cfg = loadConfig({ env: ctx.env, cwd: ctx.cwd });

  // The ward's own SQLite file whatever LOAPHUONG_DATABASE_URL says: that is the history to move.
  const source = await openStores({ dataDir: cfg.dataDir }, { readOnly: true });
  try {
    const target = await openPostgres(values.to);
    try {
      await migrate(target);
      const say = (line: string) => ctx.stderr.write(`${line}\n`);
      say(`Chép ${source.db.where} → ${target.where}`);
      const said = new Map<string, number>();
      const tables = await copyDatabase(source.db, target, {
        force: values.force,
        // A line when a table is done, and every 50,000 rows of a long one.
        progress: (table, done, total) => {
          if (done < total && done - (said.get(table) ?? 0) < 50_000) return;
          said.set(table, done);
          say(`  ${table}: ${done}/${total}`);
        },
      });
      if (values.json) {
        ctx.stdout.write(`${JSON.stringify({ from: source.db.where, to: target.where, tables }, null, 2)}\n`);
      } else {
        const lines = ['Bảng        Số dòng  Tổng kiểm SHA-256 (nguồn = đích)', ...tables.map((t) => `${t.name.padEnd(10)} ${String(t.rows).padStart(8)}  ${t.checksum}`)];
        lines.push('', `Đã chép ${tables.reduce((n, t) => n + t.rows, 0)} dòng; đích khớp nguồn từng bảng.`,
          `Đặt LOAPHUONG_DATABASE_URL=${target.where} (với mật khẩu) để đài dùng PostgreSQL.`, '');
        ctx.stdout.write(lines.join('\n'));
      }
    } finally {
      await target.close();
    }
  } finally {
    await source.close();
  }
  return 0;
}
