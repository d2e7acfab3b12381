/**
 * Outage figures are honest (issue 14, item 7: "0.5 s không lên sóng" for ≥ 3.4 s without a
 * stream; "encoder chạy lại sau 0.3 s" after 30–43 s). Mid-airing, icecast2 is killed and its
 * port held by something that refuses every connection for 6 s, so the outage lasts several
 * seconds; the hole a listener measured is then compared with what the row and the log say.
 */
import { createServer, type Server } from 'node:net';
import { sec } from '../harness/air.js';
import { airedTwice, describe } from '../harness/airing.js';
import { check, skipped, sleep, verdict, type FaultCase } from '../harness/case.js';
import { icecastOf } from '../harness/find.js';
import { faultMidAiring, honestFigure, reportedSeconds, rowNotes } from '../harness/outage.js';

const HOLD_MS = 6000;

/** Takes the port as soon as the killed icecast2 has let go of it; every connection is dropped. */
async function holdPort(port: number): Promise<Server | null> {
  for (let i = 0; i < 100; i++) {
    const srv = createServer((sock) => sock.destroy());
    const ok = await new Promise<boolean>((resolve) => {
      srv.once('error', () => resolve(false));
      srv.listen(port, '127.0.0.1', () => resolve(true));
    });
    if (ok) return srv;
    await sleep(5);
  }
  return null;
}


const c: FaultCase = {
  names: ['outage-figure'],
  timeoutMs: 240_000,
  async run(ctx) {
    const st = await ctx.own();
    if (!icecastOf(st)) return [skipped('outage-figure', 'no icecast2 below the station to cut')];
    let held: Server | null = null;
    ctx.defer(() => held?.close());
    const o = await faultMidAiring(st, 'Bản tin khi mất sóng', 45, async () => {
      process.kill(icecastOf(st)!.pid, 'SIGKILL');
      held = await holdPort(st.sb.icecastPort);
      await sleep(HOLD_MS);
      const srv = held;
      held = null;
      await new Promise<void>((r) => (srv ? srv.close(() => r()) : r()));
      return srv ? 'port held' : 'port not taken in time';
    });
    const fromRow = reportedSeconds(rowNotes(o.mine));
    const fromLog = reportedSeconds(o.said);
    const measured = sec(o.holeMs);
    return [verdict('outage-figure', [
      check(o.did === 'port held' && o.holeMs >= 3000, `outage made: ${o.did}, hole ${measured} at the listener`),
      check(fromRow !== null && honestFigure(fromRow, o.holeMs), `row says ${fromRow === null ? 'no outage' : `${fromRow} s`} for the ${measured} hole (${o.mine.map(describe).join(', ') || 'no row'})`),
      check(fromLog === null || honestFigure(fromLog, o.holeMs), `log says ${fromLog === null ? 'no figure' : `${fromLog} s`}`),
      check(airedTwice(o.rows).length === 0, `aired twice: ${airedTwice(o.rows).length}`),
    ])];
  },
};
export default c;
