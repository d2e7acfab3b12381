/**
 * The CLI on inputs that never end (issue 14, item 8): /dev/zero, /dev/urandom, a FIFO nobody
 * writes and a FIFO that never stops. Each must end with a coded error within CLI_INPUT_MS; a run
 * is killed at twice that (or past 400 MB of memory) and counts as hung.
 */
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { codeIn } from '../harness/airing.js';
import { check, verdict, type FaultCase } from '../harness/case.js';
import { CLI_INPUT_MS } from '../harness/limits.js';
import { runBounded, spawnTracked, killGroup } from '../harness/proc.js';
import { CLI, makeSandbox } from '../harness/station.js';

const c: FaultCase = {
  names: ['cli-endless-input'],
  timeoutMs: 90_000,
  async run(ctx) {
    const sb = await makeSandbox();
    ctx.defer(() => rmSync(sb.dir, { recursive: true, force: true }));
    const silent = join(sb.dir, 'im-lang.fifo');
    const endless = join(sb.dir, 'khong-dung.fifo');
    for (const f of [silent, endless]) if (spawnSync('mkfifo', [f]).status !== 0) throw new Error(`mkfifo ${f} failed`);
    // A writer that never stops; opened by the CLI's read, it fills the pipe forever.
    const writer = spawnTracked('sh', ['-c', `yes 'Thông báo của phường.' > '${endless}'`], { stdio: 'ignore' });
    ctx.defer(() => writer.pid && killGroup(writer.pid));
    const tries: Array<[string, string[]]> = [
      ['text clean /dev/zero', ['text', 'clean', '/dev/zero']],
      ['text clean /dev/urandom', ['text', 'clean', '/dev/urandom']],
      ['air-now /dev/urandom', ['air-now', '/dev/urandom']],
      ['text speak on a silent FIFO', ['text', 'speak', silent]],
      ['text clean on an endless FIFO', ['text', 'clean', endless]],
    ];
    // At once: each is bounded, and the machine is shared.
    const runs = await Promise.all(tries.map(([, args]) =>
      runBounded(process.execPath, [CLI, ...args], { env: sb.env, cwd: sb.dir, timeoutMs: 2 * CLI_INPUT_MS, maxRssMb: 400 })));
    const checks = runs.map((r, i) => {
      const code = codeIn(r.stderr);
      const what = tries[i][0];
      if (r.tooBig) return check(false, `${what}: still reading at ${r.peakRssMb} MB after ${(r.ms / 1000).toFixed(1)} s, killed`);
      if (r.timedOut) return check(false, `${what}: hung, killed after ${(r.ms / 1000).toFixed(1)} s`);
      const ok = r.code !== 0 && code !== null && code !== 'LP_ERR_INTERNAL' && r.ms <= CLI_INPUT_MS;
      return check(ok, `${what}: ${code ?? `exit ${r.code}, no code`} in ${(r.ms / 1000).toFixed(1)} s`);
    });
    return [verdict('cli-endless-input', checks)];
  },
};
export default c;
