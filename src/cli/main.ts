#!/usr/bin/env node
/**
 * The `loaphuong` command: one table of commands, each in its own module, loaded on demand so
 * `text speak` never pays for fastify or SQLite. Every failure leaves as `LP_ERR_… : message`.
 */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isLpError, LpError, toLpError } from '../errors.js';
import type { CliContext, CommandRun } from './context.js';

const COMMANDS: Record<string, { help: string; load: () => Promise<{ run: CommandRun }> }> = {
  start: { help: 'start                      chạy đài: Icecast + lịch phát + giao diện web', load: () => import('./start.js') },
  text: { help: 'text clean|speak|split|check FILE [--json]   xử lý văn bản', load: () => import('./text.js') },
  render: { help: 'render FILE -o OUT.mp3 [--voice espeak|google] [--profile NAME] [--intro|--outro|--bed builtin|none|FILE] [--json]', load: () => import('./render.js') },
  schedule: { help: 'schedule check [--days N] [--from NGÀY] [--trace] [--json]', load: () => import('./schedule.js') },
  'air-now': { help: 'air-now FILE [--priority thuong|uu-tien|khan-cap] [--repeat N] [--interval PHÚT] [--channel ID] [--title TIÊU-ĐỀ] [--force] [--json]', load: () => import('./air-now.js') },
  log: { help: 'log [--from DATE] [--to DATE] [--ward ID] [--json]', load: () => import('./log.js') },
  report: { help: 'report --month YYYY-MM --format csv|xlsx|pdf -o FILE', load: () => import('./report.js') },
  send: { help: 'send FILE --priority thuong|uu-tien|khan-cap [--to ID,…] [--title T] [--until NGÀY-GIỜ] [--json]   trạm trung tâm gửi bản tin xuống phường', load: () => import('./send.js') },
  hub: { help: 'hub edge-config -o icecast-edge.xml | hub ward-key   cấu hình máy chủ Icecast biên của thành phố; tạo khóa cho một phường', load: () => import('./hub.js') },
  db: { help: 'db copy --to postgres://… [--force] [--json]   chép lịch sử từ SQLite sang PostgreSQL', load: () => import('./db.js') },
};

export function usage(): string {
  return ['Cách dùng: loaphuong <lệnh> …', '', ...Object.values(COMMANDS).map((c) => `  ${c.help}`), ''].join('\n');
}

export async function main(ctx: CliContext): Promise<number> {
  const [name, ...rest] = ctx.argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    ctx.stdout.write(usage());
    return name ? 0 : 1;
  }
  const cmd = COMMANDS[name];
  try {
    if (!cmd) throw new LpError('LP_ERR_USAGE', `không có lệnh "${name}"`);
    const mod = await cmd.load();
    return await mod.run({ ...ctx, argv: rest });
  } catch (e) {
    const err = toLpError(e);
    ctx.stderr.write(`${err.toLine()}\n`);
    if (!isLpError(e) && ctx.env.LOAPHUONG_DEBUG) ctx.stderr.write(`${(e as Error)?.stack ?? e}\n`);
    return err.exitCode;
  }
}

const invokedDirectly = (() => {
  try {
    return realpathSync(process.argv[1] ?? '') === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
})();

if (invokedDirectly) {
  main({ argv: process.argv.slice(2), env: process.env, cwd: process.cwd(), stdout: process.stdout, stderr: process.stderr })
    .then((code) => {
      // `start` keeps running: it resolves only when the station has stopped.
      process.exitCode = code;
    });
}
