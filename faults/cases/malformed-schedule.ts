/**
 * A malformed schedule file dropped into schedules/ of a running station, beside a valid one with
 * a one-off slot: the station keeps running and airing, names the bad file in its warnings (and
 * `schedule check` at file:line with exit 4), and the valid slot airs once.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { airedTwice, describe, codeIn } from '../harness/airing.js';
import { check, until, verdict, type FaultCase } from '../harness/case.js';
import { notice } from '../harness/texts.js';
import { vnIso } from '../harness/time.js';

const c: FaultCase = {
  names: ['malformed-schedule'],
  timeoutMs: 150_000,
  async run(ctx) {
    const st = await ctx.shared();
    const stamp = Date.now();
    const campaign = `Lịch kiểm thử ${stamp}`;
    const title = `Bản tin theo lịch ${stamp}`;
    st.sb.file(`lich-${stamp}.txt`, notice(8, 'Thông báo theo lịch'));
    const slot = Math.ceil((Date.now() + 45_000) / 1000) * 1000;
    const good = join(st.sb.schedulesDir, `faults-dung-${stamp}.yaml`);
    const broken = join(st.sb.schedulesDir, `faults-hong-${stamp}.yaml`);
    const wrong = join(st.sb.schedulesDir, `faults-sai-${stamp}.yaml`);
    ctx.defer(() => [good, broken, wrong].forEach((f) => rmSync(f, { force: true })));
    st.sb.file(`schedules/faults-dung-${stamp}.yaml`, `campaign: "${campaign}"\npriority: thuong\nitems:\n  - bulletin: lich-${stamp}.txt\n    title: "${title}"\nslots:\n  - at: ${vnIso(slot)}\n`);
    // Broken YAML (an unclosed flow sequence, a tab where YAML forbids one) and a file that parses
    // but means nothing (unknown priority, a minute of 61, a bulletin that does not exist).
    st.sb.file(`schedules/faults-hong-${stamp}.yaml`, 'campaign: [Chiến dịch hỏng\npriority: thuong\n\titems:\n  - bulletin: khong-co.txt\n');
    st.sb.file(`schedules/faults-sai-${stamp}.yaml`, 'campaign: Sai\npriority: rat-gap\nitems:\n  - bulletin: khong-co-tep.txt\nslots:\n  - cron: "0 61 6 * * *"\n');

    const named = await until(async () => {
      const s = await st.status();
      const text = JSON.stringify(s?.warnings ?? []);
      return text.includes(`faults-hong-${stamp}`) && text.includes(`faults-sai-${stamp}`) ? s.warnings : null;
    }, 15_000);
    const sc = await st.cli(['schedule', 'check', '--days', '1'], 60_000);
    const lineCol = new RegExp(`faults-(hong|sai)-${stamp}\\.yaml:\\d+:\\d+`).test(sc.stdout + sc.stderr);
    const rows = await st.rowsUntil((rs) => rs.some((r) => r.title === title && r.status !== 'on-air'), Math.max(10_000, slot - Date.now() + 60_000));
    const mine = rows.filter((r) => r.title === title);
    const aired = mine.filter((r) => r.status === 'aired');
    const startErr = aired[0]?.startedAt ? (Date.parse(aired[0].startedAt) - slot) / 1000 : null;
    const up = (await st.status()) !== null;
    return [verdict('malformed-schedule', [
      check(up, up ? 'station still answering' : 'station stopped answering'),
      check(named !== null, named ? `both bad files named in /api/status warnings (${codeIn(named)})` : 'bad files not named in /api/status warnings within 15 s'),
      check(sc.code === 4 && lineCol, `schedule check exit ${sc.code}${lineCol ? ', file:line:column given' : ', no file:line:column'}`),
      check(aired.length === 1 && mine.length === 1, `valid slot: ${mine.map(describe).join(', ') || 'no row'}${startErr === null ? '' : ` (start ${startErr.toFixed(1)} s after its slot)`}`),
      check(airedTwice(rows).length === 0, `aired twice: ${airedTwice(rows).length}`),
    ])];
  },
};
export default c;
