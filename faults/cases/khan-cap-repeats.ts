/**
 * khẩn cấp repeats across a crash (issue 14, item 6): `air-now --priority khan-cap --repeat 3
 * --interval 1`, kill -9 of the station once the first has aired, restart at once. Repeats 2 and 3
 * must air when due (once each) or be logged missed with a reason — never vanish.
 */
import { airedTwice, airNow, codeIn, titled } from '../harness/airing.js';
import { check, sleep, verdict, type FaultCase } from '../harness/case.js';
import type { Row } from '../harness/station.js';

/** Which repeat a row is: its key's `#N` (1 without), resumes (`~rN`) counted with their repeat. */
const repeatOf = (r: Row) => Number(/#(\d+)/.exec(r.key)?.[1] ?? 1);

const c: FaultCase = {
  names: ['khan-cap-repeats-restart'],
  timeoutMs: 330_000,
  async run(ctx) {
    const st = await ctx.own();
    const title = 'Khẩn cấp lặp lại';
    const sent = await airNow(st, { title, seconds: 5, priority: 'khan-cap', repeat: 3, interval: 1 });
    if (sent.ran.code !== 0) throw new Error(`air-now: ${codeIn(sent.ran.stderr) ?? sent.ran.stderr.trim()}`);
    const first = await st.rowsUntil((rs) => titled(rs, title).some((r) => r.status === 'aired'), 90_000);
    const firstRow = titled(first, title).find((r) => r.status === 'aired');
    if (!firstRow) throw new Error('the first airing never completed');
    await st.kill9();
    await st.start();
    // Repeat N starts (N−1) × (length + 1 min) after the first; wait past the third with a margin.
    const length = (firstRow.plannedSec ?? firstRow.durationSec ?? 20) * 1000;
    const thirdDue = Date.parse(firstRow.startedAt!) + 2 * (length + 60_000);
    await sleep(Math.max(0, thirdDue + length + 20_000 - Date.now()));
    const rows = (await st.rows()) ?? [];
    const mine = titled(rows, title);
    const per = [1, 2, 3].map((n) => mine.filter((r) => repeatOf(r) === n));
    const fate = per.map((rs, i) => {
      const aired = rs.filter((r) => r.status === 'aired' || r.status === 'partial');
      const missed = rs.filter((r) => r.status === 'missed' && r.reason);
      return { n: i + 1, aired: aired.length, missed: missed.length, said: rs.map((r) => r.status).join('+') || 'no row' };
    });
    return [verdict('khan-cap-repeats-restart', [
      ...fate.slice(1).map((f) => check(f.aired === 1 || (f.aired === 0 && f.missed >= 1), `repeat ${f.n}: ${f.said}`)),
      check(airedTwice(rows).length === 0, `aired twice: ${airedTwice(rows).length}`),
    ], [`repeat 1: ${fate[0].said}`, `${sent.keys.length} keys answered`])];
  },
};
export default c;
