/**
 * kill -9 of the render worker mid-render, while another notice is on air: the air keeps going,
 * the request whose render died is answered (aired once, or refused with a code), what the worker
 * had started (espeak-ng, ffmpeg) does not linger, and the next air-now renders again.
 */
import { longestHole, sec } from '../harness/air.js';
import { airedTwice, airNow, codeIn, describe, idleHole, onAirWithListener, settled, titled } from '../harness/airing.js';
import { check, skipped, sleep, until, verdict, type FaultCase } from '../harness/case.js';
import { renderWorkerOf, workerChildren } from '../harness/find.js';
import { HOLE_MS } from '../harness/limits.js';
import { alive } from '../harness/proc.js';

const c: FaultCase = {
  names: ['render-worker-kill9'],
  timeoutMs: 300_000,
  async run(ctx) {
    const st = await ctx.own();
    const w = await onAirWithListener(st, 'Bản tin khi trình dựng chết', 60);
    // A long notice, so the render is still under way when the worker is found and killed.
    const victim = airNow(st, { title: 'Bản tin bị ngắt khi dựng', seconds: 240, priority: 'thuong', timeoutMs: 180_000 });
    const found = await until(() => {
      const wk = renderWorkerOf(st);
      const kids = wk ? workerChildren(wk) : [];
      return wk && kids.length ? { wk, kids } : null;
    }, 30_000, 100);
    if (!found) {
      await victim;
      await w.stop();
      return [skipped('render-worker-kill9', 'no render worker with a child (espeak-ng/ffmpeg) seen below the station within 30 s')];
    }
    const killedAt = Date.now();
    process.kill(found.wk.pid, 'SIGKILL');
    const sent = await victim;
    await sleep(5000);
    const lingering = found.kids.filter((k) => alive(k.pid));
    const after = await airNow(st, { title: 'Bản tin sau khi dựng lại', seconds: 5, priority: 'thuong', timeoutMs: 120_000 });
    const rows = await settled(st, w.sent.title, 120_000);
    const rec = await w.stop();
    const hole = longestHole(rec, killedAt - 200, killedAt + 8000);
    const victimRows = titled(rows, 'Bản tin bị ngắt khi dựng');
    const answered = sent.ran.code === 0 ? `accepted, ${victimRows.map(describe).join(', ') || 'no row yet'}` : `refused ${codeIn(sent.ran.stderr) ?? `exit ${sent.ran.code}, no code`}`;
    return [verdict('render-worker-kill9', [
      check(hole.ms <= HOLE_MS, `hole on air ${sec(hole.ms)} (idle ${idleHole(w, rec)} ms)`),
      check(sent.ran.code === 0 ? victimRows.length <= 1 : codeIn(sent.ran.stderr) !== null, `killed render: ${answered}`),
      check(lingering.length === 0, `${lingering.length} of the worker's ${found.kids.length} children still running 5 s later`),
      check(after.ran.code === 0, after.ran.code === 0 ? 'next air-now rendered' : `next air-now: ${codeIn(after.ran.stderr) ?? `exit ${after.ran.code}`}`),
      check(airedTwice(rows).length === 0, `aired twice: ${airedTwice(rows).length}`),
      check(titled(rows, w.sent.title).every((r) => r.status !== 'on-air'), `airing on air meanwhile ${titled(rows, w.sent.title).map(describe).join(', ')}`),
    ])];
  },
};
export default c;
