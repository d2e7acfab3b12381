/**
 * A hostile input sent through the Bản tin door while a notice is on air (issue 14, item 1): the
 * air may not get a hole, the request must be answered with a code (or accepted) within its bound,
 * one document may not flood the bulletin list, and the airing's row must not call a holed airing
 * clean.
 */
import { longestHole, sec } from './air.js';
import { airedTwice, describe, idleHole, onAirWithListener, settled, titled } from './airing.js';
import { check, verdict, type Line } from './case.js';
import { HOLE_MS, MAX_DRAFTS } from './limits.js';
import { rowsHonest } from './outage.js';
import type { Answer, Session, Station } from './station.js';
import { answered, draftsSince } from './upload.js';

export async function hostileDuringAiring(name: string, st: Station, send: (s: Session) => Promise<Answer>): Promise<Line> {
  const session = await st.login();
  const title = `Bản tin khi bị tấn công ${Date.now()}`;
  const w = await onAirWithListener(st, title, 40);
  const t0 = Date.now();
  const a = await send(session);
  const t1 = Date.now();
  // The rest of the airing is watched too: a blocked loop may still be catching up.
  const rows = await settled(st, title, 90_000);
  const rec = await w.stop();
  const hole = longestHole(rec, t0, Math.max(t1, t0 + 2000) + 1000);
  const row = titled(rows, title);
  const drafts = await draftsSince(st, t0);
  const honest = rowsHonest(row, hole.ms);
  return verdict(name, [
    check(hole.ms <= HOLE_MS, `hole on air ${sec(hole.ms)} (idle ${idleHole(w, rec)} ms, limit ${HOLE_MS} ms)`),
    check(a.status > 0 && a.status < 500, `answered ${answered(a)}`),
    check(drafts !== null && drafts <= MAX_DRAFTS, drafts === null ? 'bulletin list unreadable' : `${drafts}${drafts >= 200 ? ' or more' : ''} drafts from one document (at most ${MAX_DRAFTS})`),
    check(row.length === 1 && row[0].status !== 'on-air', `airing ${row.map(describe).join(', ') || 'no row'}`),
    check(honest.ok, honest.say),
    check(airedTwice(rows).length === 0, `aired twice: ${airedTwice(rows).length}`),
  ]);
}
