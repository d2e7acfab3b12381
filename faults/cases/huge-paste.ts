/** A 1.9-million-character paste into the Bản tin page during an airing (issue 14: an 8.6 s hole). */
import type { FaultCase } from '../harness/case.js';
import { hostileDuringAiring } from '../harness/hostile.js';
import { hugePaste } from '../harness/texts.js';
import { paste } from '../harness/upload.js';

const c: FaultCase = {
  names: ['huge-paste-on-air'],
  timeoutMs: 240_000,
  async run(ctx) {
    const st = await ctx.shared();
    const text = hugePaste(1_900_000);
    return [await hostileDuringAiring('huge-paste-on-air', st, (s) => paste(st, s, text, 60_000))];
  },
};
export default c;
