/**
 * A 60-line khẩn cấp notice (issue 14, item 9: 28.6 s from request to first sound). It must be
 * heard within FIRST_SOUND_MS of the request, or the answer must come at once and announce when it
 * will start — and the first sound must then come by that time.
 */
import { firstSound, sec, watchAir } from '../harness/air.js';
import { airNow, codeIn } from '../harness/airing.js';
import { check, sleep, verdict, type FaultCase } from '../harness/case.js';
import { FIRST_SOUND_MS } from '../harness/limits.js';
import { notice } from '../harness/texts.js';

const c: FaultCase = {
  names: ['khan-cap-60-lines'],
  timeoutMs: 200_000,
  async run(ctx) {
    const st = await ctx.own();
    const text = notice(5, 'Thông báo khẩn cấp', { lines: 60 });
    const air = await watchAir(st.sb.mountUrl);
    const asked = Date.now();
    const sending = airNow(st, { title: 'Khẩn cấp 60 dòng', text, priority: 'khan-cap', timeoutMs: 150_000 });
    const sent = await sending;
    const answeredMs = Date.now() - asked;
    let startsAt: number | null = null;
    try {
      startsAt = Date.parse((JSON.parse(sent.ran.stdout) as { startsAt?: string }).startsAt ?? '');
    } catch {
      startsAt = null;
    }
    // Listen until the sound comes, or long after any honest announcement.
    const waitUntil = Math.max(Date.now() + 5000, (startsAt ?? 0) + 5000);
    await sleep(Math.min(60_000, waitUntil - Date.now()));
    const rec = await air.stop();
    const heard = firstSound(rec, asked);
    const toSound = heard === null ? null : heard - asked;
    const announced = startsAt !== null && Number.isFinite(startsAt) && answeredMs <= 5000 && startsAt > asked + FIRST_SOUND_MS;
    const kept = announced && heard !== null && heard <= startsAt! + 3000;
    return [verdict('khan-cap-60-lines', [
      check(sent.ran.code === 0, sent.ran.code === 0 ? 'accepted' : `refused ${codeIn(sent.ran.stderr) ?? `exit ${sent.ran.code}`}`),
      check((toSound !== null && toSound <= FIRST_SOUND_MS) || kept,
        toSound === null ? 'never heard' : `first sound ${sec(toSound)} after the request (limit ${sec(FIRST_SOUND_MS)}${announced ? `, announced start ${sec(startsAt! - asked)}` : ', no wait announced'})`),
    ], [`answer in ${sec(answeredMs)}`])];
  },
};
export default c;
