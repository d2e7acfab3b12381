/**
 * kill -9 of the station's icecast2, and of the channel's encoder, mid-airing: back on air within
 * ~2 s (what held in issue 14: 1.99 s), the airing closed, nothing aired twice. Each on a station
 * of its own. A station that is its own Icecast source has no encoder process to kill: that line
 * is then `skipped` (outage-figure and mount-taken drop its connection instead).
 */
import { sec } from '../harness/air.js';
import { airedTwice, describe } from '../harness/airing.js';
import { check, skipped, verdict, type CaseContext, type FaultCase, type Line } from '../harness/case.js';
import { encoderOf, icecastOf } from '../harness/find.js';
import { BACK_MS } from '../harness/limits.js';
import type { ProcInfo } from '../harness/proc.js';
import { faultMidAiring } from '../harness/outage.js';
import type { Station } from '../harness/station.js';

async function killBack(ctx: CaseContext, name: string, what: string, find: (st: Station) => ProcInfo | undefined): Promise<Line> {
  const st = await ctx.own();
  if (!find(st)) return skipped(name, `no ${what} process below the station`);
  const o = await faultMidAiring(st, `Bản tin khi ${what} bị giết`, 30, async () => {
    const p = find(st)!;
    process.kill(p.pid, 'SIGKILL');
    return `killed ${p.pid}`;
  });
  const answering = (await st.status()) !== null;
  st.dispose();
  return verdict(name, [
    check(o.holeMs <= BACK_MS, `back on air after ${sec(o.holeMs)} (limit ${sec(BACK_MS)})`),
    check(o.mine.length >= 1 && o.mine.every((r) => r.status !== 'on-air'), `airing ${o.mine.map(describe).join(', ') || 'no row'}`),
    check(airedTwice(o.rows).length === 0, `aired twice: ${airedTwice(o.rows).length}`),
    check(answering, answering ? 'station answering' : 'station not answering'),
  ]);
}

const c: FaultCase = {
  names: ['icecast2-kill9', 'encoder-kill9'],
  timeoutMs: 360_000,
  async run(ctx) {
    return [
      await killBack(ctx, 'icecast2-kill9', 'icecast2', icecastOf),
      // An ffmpeg whose output is an Icecast mount.
      await killBack(ctx, 'encoder-kill9', 'encoder', encoderOf),
    ];
  },
};
export default c;
