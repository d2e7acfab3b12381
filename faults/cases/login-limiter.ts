/**
 * The login limiter (issue 14, item 5): 200 parallel wrong passwords for one account may reach the
 * password check at most 5 times (the limit), and rotating X-Forwarded-For from loopback must not
 * buy more guesses. The same 200 failed logins must leave no gap on air (what held).
 */
import { airedTwice, idleHole, onAirWithListener, settled } from '../harness/airing.js';
import { longestHole } from '../harness/air.js';
import { check, sleep, verdict, type FaultCase } from '../harness/case.js';
import { GAP_MS } from '../harness/limits.js';
import { tally, tallyText } from '../harness/stats.js';
import type { Station } from '../harness/station.js';

const LIMIT = 5;

function guess(st: Station, username: string, forwardedFor?: string) {
  return st.request('POST', '/api/login', {
    auth: false, body: { username, password: `sai-${Math.random()}` },
    headers: { origin: st.sb.base, ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}) }, timeoutMs: 120_000,
  });
}

/** A guess reached the password check when it was told the password was wrong. */
const checked = (a: { body: any }) => a.body?.code === 'LP_ERR_AUTH_INVALID';

const c: FaultCase = {
  names: ['login-limiter', 'logins-200-air-gap'],
  timeoutMs: 240_000,
  async run(ctx) {
    const st = await ctx.own();
    const title = `Bản tin khi dò mật khẩu ${Date.now()}`;
    const w = await onAirWithListener(st, title, 30);
    const t0 = Date.now();
    const parallel = await Promise.all(Array.from({ length: 200 }, () => guess(st, 'admin')));
    const t1 = Date.now();
    const rotating = await Promise.all(Array.from({ length: 50 }, (_, i) => guess(st, 'khach', `203.0.113.${i + 1}`)));
    // The span measured ends 500 ms after the load: listen past it, or its end reads as a hole.
    await sleep(Math.max(0, t1 + 1000 - Date.now()));
    const rec = await w.stop();
    const rows = await settled(st, title, 90_000);
    const gap = longestHole(rec, t0, t1 + 500);
    const errors = [...parallel, ...rotating].filter((a) => a.status === 0 || a.status >= 500);
    return [
      verdict('login-limiter', [
        check(parallel.filter(checked).length <= LIMIT, `${parallel.filter(checked).length} of 200 parallel guesses reached the password check (limit ${LIMIT}; ${tallyText(tally(parallel.map((a) => a.body?.code ?? a.status)))})`),
        check(rotating.filter(checked).length <= LIMIT, `${rotating.filter(checked).length} of 50 guesses with rotating X-Forwarded-For reached it`),
        check(errors.length === 0, `${errors.length} failed or 5xx`),
      ]),
      verdict('logins-200-air-gap', [
        check(gap.ms <= GAP_MS, `longest gap on air ${gap.ms} ms during 200 failed logins (idle ${idleHole(w, rec)} ms, limit ${GAP_MS})`),
        check(airedTwice(rows).length === 0, `aired twice: ${airedTwice(rows).length}`),
      ], [`200 answered in ${((t1 - t0) / 1000).toFixed(1)} s`]),
    ];
  },
};
export default c;
