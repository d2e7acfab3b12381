/**
 * Google Cloud TTS failing: a local stand-in for its REST endpoint (LOAPHUONG_TTS=google,
 * LOAPHUONG_GOOGLE_ENDPOINT) answers 429, 500, or never, by a phrase in the text. Three air-now
 * requests at once; each must end within 150 s — aired once in the fallback voice, or refused with
 * a code — while the air (idle) gets no hole.
 */
import { createServer, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { longestHole, sec, watchAir } from '../harness/air.js';
import { airedTwice, airNow, codeIn, describe, settled, titled } from '../harness/airing.js';
import { check, skipped, verdict, type FaultCase, type Line } from '../harness/case.js';
import { HOLE_MS } from '../harness/limits.js';
import { nonce } from '../harness/texts.js';

const MODES = [
  { name: 'google-tts-429', phrase: 'quá hạn mức', status: 429, grpc: 'RESOURCE_EXHAUSTED' },
  { name: 'google-tts-500', phrase: 'lỗi máy chủ', status: 500, grpc: 'INTERNAL' },
  { name: 'google-tts-hang', phrase: 'treo máy', status: 0, grpc: '' },
] as const;

const c: FaultCase = {
  names: MODES.map((m) => m.name),
  timeoutMs: 300_000,
  async run(ctx) {
    const seen = new Map<string, number>();
    const sockets = new Set<Socket>();
    const fake: Server = createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (d: string) => (body += d));
      req.on('end', () => {
        const text = (() => {
          try {
            return String(JSON.parse(body).input?.text ?? '').toLowerCase();
          } catch {
            return '';
          }
        })();
        const mode = MODES.find((m) => text.includes(m.phrase));
        seen.set(mode?.name ?? 'unmatched', (seen.get(mode?.name ?? 'unmatched') ?? 0) + 1);
        if (!mode) {
          res.writeHead(400, { 'content-type': 'application/json' });
          return res.end(JSON.stringify({ error: { code: 400, message: 'fake: no test phrase', status: 'INVALID_ARGUMENT' } }));
        }
        if (mode.status === 0) return; // never answers
        res.writeHead(mode.status, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { code: mode.status, message: `fake ${mode.status}`, status: mode.grpc } }));
      });
    });
    fake.on('connection', (s) => {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    });
    await new Promise<void>((r) => fake.listen(0, '127.0.0.1', r));
    ctx.defer(() => {
      for (const s of sockets) s.destroy();
      fake.close();
    });
    const endpoint = `http://127.0.0.1:${(fake.address() as { port: number }).port}`;
    const st = await ctx.own({ env: { LOAPHUONG_TTS: 'google', LOAPHUONG_GOOGLE_ENDPOINT: endpoint } });
    const air = await watchAir(st.sb.mountUrl);
    const t0 = Date.now();
    const sent = await Promise.all(MODES.map((m) => airNow(st, {
      // One paragraph, the phrase in every sentence: whichever way the text is chunked, each
      // request carries it.
      title: `Google ${m.name}`, text: `Mẫu thử ${m.phrase} của dịch vụ giọng đọc, mã ${nonce()}. Đây là mẫu thử ${m.phrase} thứ hai.\n`, timeoutMs: 150_000,
    })));
    const rows = await Promise.all(sent.map((s) => (s.ran.code === 0 ? settled(st, s.title, 90_000) : st.rows().then((r) => r ?? []))));
    const rec = await air.stop();
    const hole = longestHole(rec, t0, Date.now());
    const all = (await st.rows()) ?? [];
    return MODES.map((m, i): Line => {
      if (!seen.get(m.name)) return skipped(m.name, `the station never called the endpoint with this text (${sent[i].ran.code === 0 ? 'accepted' : codeIn(sent[i].ran.stderr) ?? 'refused'})`);
      const s = sent[i];
      const mine = titled(rows[i], s.title);
      const outcome = s.ran.timedOut ? `no answer in ${sec(s.ran.ms)}` : s.ran.code === 0
        ? `accepted in ${sec(s.ran.ms)}, ${mine.map((r) => `${describe(r)} voice ${r.voice ?? '?'}`).join(', ') || 'no row'}`
        : `refused ${codeIn(s.ran.stderr) ?? 'without a code'} in ${sec(s.ran.ms)}`;
      const good = !s.ran.timedOut && (s.ran.code === 0 ? mine.length === 1 && mine[0].status === 'aired' : (codeIn(s.ran.stderr) ?? '').startsWith('LP_ERR_TTS'));
      return verdict(m.name, [
        check(good, outcome),
        check(hole.ms <= HOLE_MS, `hole on air ${sec(hole.ms)}`),
        check(airedTwice(all).length === 0, `aired twice: ${airedTwice(all).length}`),
      ], [`${seen.get(m.name)} request(s) to the fake${seen.get('unmatched') ? `, ${seen.get('unmatched')} without a test phrase` : ''}`]);
    });
  },
};
export default c;
