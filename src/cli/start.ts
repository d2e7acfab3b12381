import { loadConfig } from '../config/index.js';
import { startStation } from '../station/station.js';
import type { CliContext } from './context.js';
import { parseCli } from './args.js';

/** Runs until Ctrl-C (SIGINT) or SIGTERM, then stops everything it started, Icecast included. */
export async function run(ctx: CliContext): Promise<number> {
  parseCli(ctx.argv, {});
  const config = loadConfig({ env: ctx.env, cwd: ctx.cwd });
  const out = (line: string) => ctx.stdout.write(`${line}\n`);
  out(`loaphuong: đang khởi động đài ${config.ward.name}…`);
  const station = await startStation(config, { log: out });
  out(`Giao diện web: ${station.url}`);
  for (const c of station.api.status().channels) out(`${c.name}: nghe tại ${c.listenUrl}`);
  if (station.generatedAdminPassword) {
    out(`Tài khoản quản trị: admin / ${station.generatedAdminPassword}`);
    out(`(mật khẩu chỉ hiện một lần; đã lưu trong ${config.dataDir}/admin-password.txt, quyền 0600)`);
  }
  out('Nhấn Ctrl-C để dừng.');
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  out('loaphuong: đang dừng…');
  await station.stop();
  out('loaphuong: đã dừng.');
  return 0;
}
