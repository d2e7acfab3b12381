/**
 * kill -9 of the channel's encoder mid-airing: back on air within ~2 s (what held in issue 14).
 * A station that is its own Icecast source has no encoder process to kill: then `skipped` (the
 * source connection being lost is what outage-figure and mount-taken make happen).
 */
import { sec } from '../harness/air.js';
import { airedTwice, describe } from '../harness/airing.js';
import { check, skipped, verdict, type FaultCase } from '../harness/case.js';
import { encoderOf } from '../harness/find.js';
import { BACK_MS } from '../harness/limits.js';
import { faultMidAiring } from '../harness/outage.js';

const c: FaultCase = {
  names: ['encoder-kill9'],
  timeoutMs: 200_000,
  async run(ctx) {
    const st = await ctx.own();
    if (!encoderOf(st)) return [skipped('encoder-kill9', 'no encoder process (no ffmpeg sending to icecast://) below the station')];
    const o = await faultMidAiring(st, 'Bản tin khi bộ mã hóa chết', 30, async () => {
      const enc = encoderOf(st)!;
      process.kill(enc.pid, 'SIGKILL');
      return `killed encoder ${enc.pid}`;
    });
    return [verdict('encoder-kill9', [
      check(o.holeMs <= BACK_MS, `back on air after ${sec(o.holeMs)} (limit ${sec(BACK_MS)})`),
      check(o.mine.length >= 1 && o.mine.every((r) => r.status !== 'on-air'), `airing ${o.mine.map(describe).join(', ') || 'no row'}`),
      check(airedTwice(o.rows).length === 0, `aired twice: ${airedTwice(o.rows).length}`),
    ])];
  },
};
export default c;
