/**
 * A fault mid-airing and the outage it makes: the hole a listener measured from the fault on, and
 * what the station said about it — the airing row's "N s" and its own log lines.
 */
import { longestHole, type AirRecording } from './air.js';
import { onAirWithListener, settled, titled, type OnAirWatch } from './airing.js';
import { sleep } from './case.js';
import type { Row, Station } from './station.js';

export interface Outage {
  readonly w: OnAirWatch;
  readonly rec: AirRecording;
  readonly rows: Row[];
  /** This airing's rows. */
  readonly mine: Row[];
  /** When the fault was made. */
  readonly at: number;
  /** The longest hole from just before the fault to the end of the watch, ms. */
  readonly holeMs: number;
  /** What the station printed from the fault on. */
  readonly said: string;
  /** What the fault step returned (what it did). */
  readonly did: string;
}

/** Puts a notice on air, runs `fault` 3 s into it, and watches until the airing's row is closed. */
export async function faultMidAiring(st: Station, title: string, seconds: number, fault: () => Promise<string>): Promise<Outage> {
  const w = await onAirWithListener(st, title, seconds);
  const mark = st.output().length;
  const at = Date.now();
  const did = await fault();
  const rows = await settled(st, title, 120_000);
  await sleep(1000);
  const rec = await w.stop();
  return { w, rec, rows, mine: titled(rows, title), at, holeMs: longestHole(rec, at - 300, Date.now()).ms, said: st.output().slice(mark), did };
}

/**
 * The outage the station reported, seconds: the largest "N s" of a row's reason or note next to
 * words for lost air, or null when it reported none. (Vietnamese wording: "không lên sóng",
 * "mất sóng", "gián đoạn".)
 */
export function reportedSeconds(text: string): number | null {
  const found = [...text.matchAll(/(\d+(?:[.,]\d+)?)\s*s\b[^;\n]{0,40}?(không lên sóng|mất sóng|gián đoạn|mất kết nối)|(?:không lên sóng|mất sóng|gián đoạn|mất kết nối)[^;\n\d]{0,40}?(\d+(?:[.,]\d+)?)\s*s\b/gi)]
    .map((m) => Number((m[1] ?? m[3]).replace(',', '.')));
  return found.length ? Math.max(...found) : null;
}

/** A reported outage is honest within max(1 s, 25 %) under the measured hole, or up to 3 s over it. */
export const honestFigure = (reportedSec: number, holeMs: number): boolean =>
  reportedSec * 1000 >= holeMs - Math.max(1000, holeMs * 0.25) && reportedSec * 1000 <= holeMs + 3000;

/** What a row says beside its status: its reason and its transmitter notes. */
export const rowNotes = (rows: readonly Row[]): string => rows.map((r) => [r.reason, r.transmitterNote].filter(Boolean).join('; ')).join('; ');

/**
 * Whether rows tell the truth about a hole a listener measured: a hole over 1 s must not be
 * logged as a clean airing, and a figure given must be honest.
 */
export function rowsHonest(rows: readonly Row[], holeMs: number): { ok: boolean; say: string } {
  if (holeMs <= 1000) return { ok: true, say: 'row consistent with the air' };
  const fig = reportedSeconds(rowNotes(rows));
  if (fig === null) return { ok: false, say: `row reports no outage for a ${(holeMs / 1000).toFixed(1)} s hole` };
  return honestFigure(fig, holeMs)
    ? { ok: true, say: `row reports ${fig} s for the ${(holeMs / 1000).toFixed(1)} s hole` }
    : { ok: false, say: `row reports ${fig} s for a ${(holeMs / 1000).toFixed(1)} s hole` };
}
