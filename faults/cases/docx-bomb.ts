/**
 * A small .docx that unpacks to 20 MB of XML (under the unpack cap) uploaded during an airing
 * (issue 14: the station blocked for six minutes, the mount gone from 12 s on, 297 drafts).
 */
import type { FaultCase } from '../harness/case.js';
import { hostileDuringAiring } from '../harness/hostile.js';
import { docxBomb } from '../harness/texts.js';
import { uploadFile } from '../harness/upload.js';

const c: FaultCase = {
  names: ['docx-bomb-on-air'],
  timeoutMs: 240_000,
  async run(ctx) {
    const st = await ctx.shared();
    const bomb = docxBomb(20);
    ctx.progress(`${Math.round(bomb.length / 1024)} KB .docx of 20 MB XML`);
    return [await hostileDuringAiring('docx-bomb-on-air', st, (s) => uploadFile(st, s, 'ke-hoach.docx', bomb, 60_000))];
  },
};
export default c;
