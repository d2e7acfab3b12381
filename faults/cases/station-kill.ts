/**
 * kill -9 of the station mid-airing, then a restart: the row is closed `interrupted` at the last
 * moment the station was known to be airing (not left on air, not `aired`), nothing airs twice,
 * what the dead station had started (icecast2, encoder, render worker) is gone, and the mount is
 * back.
 */
import { longestHole, sec, watchAir } from '../harness/air.js';
import { airedTwice, airNow, describe, onAir, titled } from '../harness/airing.js';
import { check, sleep, verdict, type FaultCase } from '../harness/case.js';
import { alive } from '../harness/proc.js';

const c: FaultCase = {
  names: ['station-kill9-mid-airing'],
  timeoutMs: 240_000,
  async run(ctx) {
    const st = await ctx.own();
    const title = 'Bản tin khi đài bị giết';
    const air = await watchAir(st.sb.mountUrl);
    const sent = await airNow(st, { title, seconds: 40 });
    const on = await onAir(st, title, 60_000);
    if (sent.ran.code !== 0 || on === null) throw new Error(`${title} did not go on air: ${sent.ran.stderr.trim()}`);
    await sleep(6000);
    const before = st.children();
    const killedAt = Date.now();
    await st.kill9();
    const restartAt = Date.now();
    await st.start();
    const upAfter = (Date.now() - restartAt) / 1000;
    // Listen on for a while after the restart: the listener reconnects by itself.
    await sleep(8000);
    const rec = await air.stop();
    const back = rec.chunks.some(([t]) => t > restartAt);
    const hole = longestHole(rec, killedAt - 200, Date.now());
    const orphans = before.filter((p) => alive(p.pid));
    const rows = (await st.rows()) ?? [];
    const mine = titled(rows, title);
    const r = mine[0];
    const onAirSec = (killedAt - Date.parse(r?.startedAt ?? '')) / 1000;
    const honest = !!r && r.status === 'interrupted' && r.durationSec !== null && r.durationSec <= onAirSec + 0.5 && r.durationSec >= onAirSec - 2.5;
    return [verdict('station-kill9-mid-airing', [
      check(honest, `row ${describe(r)} for ${onAirSec.toFixed(1)} s on air before the kill`),
      check(mine.length === 1, `${mine.length} row(s) of it`),
      check(airedTwice(rows).length === 0, `aired twice: ${airedTwice(rows).length}`),
      check(orphans.length === 0, `${orphans.length} of the dead station's ${before.length} processes still running after the restart${orphans.length ? ` (${orphans.map((p) => p.cmdline.split(' ')[0]).join(', ')})` : ''}`),
      check(back, back ? `mount back after a ${sec(hole.ms)} hole (restart took ${upAfter.toFixed(1)} s)` : 'mount not back 8 s after the restart'),
    ])];
  },
};
export default c;
