/**
 * 1,000 concurrent API requests during an airing (what held in issue 14: p50 86 ms, p99 237 ms,
 * no gap over 232 ms on air): status, the airing log and the home page at once, every one answered
 * without a 5xx, and the air watched for gaps.
 */
import { airedTwice, describe, idleHole, onAirWithListener, settled, titled } from '../harness/airing.js';
import { longestHole } from '../harness/air.js';
import { check, sleep, verdict, type FaultCase } from '../harness/case.js';
import { GAP_MS } from '../harness/limits.js';
import { percentile, tally, tallyText } from '../harness/stats.js';

const c: FaultCase = {
  names: ['api-1000-concurrent'],
  timeoutMs: 180_000,
  async run(ctx) {
    const st = await ctx.shared();
    const title = `Bản tin dưới tải ${Date.now()}`;
    const w = await onAirWithListener(st, title, 30);
    const paths = ['/api/status', '/api/airings', '/'];
    const t0 = Date.now();
    const answers = await Promise.all(Array.from({ length: 1000 }, (_, i) => {
      const path = paths[i % 10 < 7 ? 0 : i % 10 < 9 ? 1 : 2];
      return st.request('GET', path, { headers: path === '/' ? { accept: 'text/html' } : {}, timeoutMs: 60_000 });
    }));
    const t1 = Date.now();
    // The span measured ends 500 ms after the load: listen past it, or its end reads as a hole.
    await sleep(Math.max(0, t1 + 1000 - Date.now()));
    const rec = await w.stop();
    const rows = await settled(st, title, 90_000);
    const gap = longestHole(rec, t0, t1 + 500);
    const ms = answers.map((a) => a.ms);
    const bad = answers.filter((a) => a.status === 0 || a.status >= 500);
    const row = titled(rows, title);
    return [verdict('api-1000-concurrent', [
      check(bad.length === 0, `${bad.length} of 1000 failed or 5xx (${tallyText(tally(answers.map((a) => a.status)))})`),
      check(gap.ms <= GAP_MS, `longest gap on air ${gap.ms} ms under load (idle ${idleHole(w, rec)} ms, limit ${GAP_MS})`),
      check(row.length === 1 && row[0].status === 'aired', `airing ${describe(row[0])}`),
      check(airedTwice(rows).length === 0, `aired twice: ${airedTwice(rows).length}`),
    ], [`p50 ${percentile(ms, 50)} ms, p99 ${percentile(ms, 99)} ms, all in ${((t1 - t0) / 1000).toFixed(1)} s`])];
  },
};
export default c;
