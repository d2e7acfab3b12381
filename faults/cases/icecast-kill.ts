/** kill -9 of the station's icecast2 mid-airing: back on air within ~2 s (what held in issue 14: 1.99 s). */
import { sec } from '../harness/air.js';
import { airedTwice, describe } from '../harness/airing.js';
import { check, verdict, type FaultCase } from '../harness/case.js';
import { icecastOf } from '../harness/find.js';
import { BACK_MS } from '../harness/limits.js';
import { faultMidAiring } from '../harness/outage.js';
import { skipped } from '../harness/case.js';

const c: FaultCase = {
  names: ['icecast2-kill9'],
  timeoutMs: 200_000,
  async run(ctx) {
    const st = await ctx.own();
    if (!icecastOf(st)) return [skipped('icecast2-kill9', 'no icecast2 below the station to kill')];
    const o = await faultMidAiring(st, 'Bản tin khi Icecast chết', 30, async () => {
      const ice = icecastOf(st)!;
      process.kill(ice.pid, 'SIGKILL');
      return `killed icecast2 ${ice.pid}`;
    });
    return [verdict('icecast2-kill9', [
      check(o.holeMs <= BACK_MS, `back on air after ${sec(o.holeMs)} (limit ${sec(BACK_MS)})`),
      check(o.mine.length >= 1 && o.mine.every((r) => r.status !== 'on-air'), `airing ${o.mine.map(describe).join(', ') || 'no row'}`),
      check(airedTwice(o.rows).length === 0, `aired twice: ${airedTwice(o.rows).length}`),
      check((await st.status()) !== null, 'station answering'),
    ])];
  },
};
export default c;
