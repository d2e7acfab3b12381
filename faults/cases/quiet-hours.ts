/**
 * Quiet hours hold for air-now (issue 14, item 3): with quiet hours around the present moment,
 * thông thường and ưu tiên are refused with LP_ERR_QUIET_HOURS and never air; khẩn cấp airs.
 */
import { airNow, codeIn, describe, settled, titled } from '../harness/airing.js';
import { check, sleep, verdict, type FaultCase } from '../harness/case.js';
import { vnHhmm } from '../harness/time.js';

const c: FaultCase = {
  names: ['quiet-hours-air-now'],
  timeoutMs: 180_000,
  async run(ctx) {
    const now = Date.now();
    const quiet = { from: vnHhmm(now - 3600_000), to: vnHhmm(now + 3600_000) };
    const st = await ctx.own({ config: { quietHours: quiet } });
    const thuong = await airNow(st, { title: 'Yên tĩnh thông thường', seconds: 5, priority: 'thuong' });
    const uuTien = await airNow(st, { title: 'Yên tĩnh ưu tiên', seconds: 5, priority: 'uu-tien' });
    const khanCap = await airNow(st, { title: 'Yên tĩnh khẩn cấp', seconds: 5, priority: 'khan-cap' });
    // Whatever was accepted has had its chance to air once the khẩn cấp one is done.
    let rows = await settled(st, khanCap.title, 90_000);
    if (thuong.ran.code === 0 || uuTien.ran.code === 0) {
      await sleep(15_000);
      rows = (await st.rows()) ?? rows;
    }
    const refused = (s: typeof thuong) => s.ran.code !== 0 && codeIn(s.ran.stderr) === 'LP_ERR_QUIET_HOURS';
    const said = (s: typeof thuong) => (s.ran.code === 0 ? 'accepted' : `exit ${s.ran.code} ${codeIn(s.ran.stderr) ?? 'no code'}`);
    const airedOf = (t: string) => titled(rows, t).filter((r) => r.status !== 'missed' && r.status !== 'failed');
    return [verdict('quiet-hours-air-now', [
      check(refused(thuong) && airedOf(thuong.title).length === 0, `thuong in ${quiet.from}–${quiet.to}: ${said(thuong)}, ${airedOf(thuong.title).map(describe).join(', ') || 'not aired'}`),
      check(refused(uuTien) && airedOf(uuTien.title).length === 0, `uu-tien: ${said(uuTien)}, ${airedOf(uuTien.title).map(describe).join(', ') || 'not aired'}`),
      check(khanCap.ran.code === 0 && titled(rows, khanCap.title).some((r) => r.status === 'aired'), `khan-cap: ${said(khanCap)}, ${titled(rows, khanCap.title).map(describe).join(', ') || 'no row'}`),
    ])];
  },
};
export default c;
