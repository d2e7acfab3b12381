/**
 * Air-now through the CLI and what the log and the status then say about it: the steps most cases
 * share (put something on air, wait for it, read its rows).
 */
import { longestHole, watchAir, type AirRecording, type AirWatch } from './air.js';
import { sleep, until } from './case.js';
import type { Ran } from './proc.js';
import type { Row, Station } from './station.js';
import { notice } from './texts.js';

export interface Sent {
  readonly ran: Ran;
  /** Playout keys the station answered (`--json`), one per repeat. */
  readonly keys: string[];
  readonly title: string;
  /** When the CLI was started. */
  readonly at: number;
}

/** `loaphuong air-now FILE --json` with a fresh notice of about `seconds`. */
export async function airNow(st: Station, o: { title: string; seconds?: number; text?: string; priority?: string; repeat?: number; interval?: number; timeoutMs?: number }): Promise<Sent> {
  const file = st.sb.file(`${o.title.replace(/[^a-z0-9]+/gi, '-')}-${Date.now()}.txt`, o.text ?? notice(o.seconds ?? 20, o.title));
  const args = ['air-now', file, '--title', o.title, '--priority', o.priority ?? 'thuong', '--json'];
  if (o.repeat) args.push('--repeat', String(o.repeat));
  if (o.interval !== undefined) args.push('--interval', String(o.interval));
  const at = Date.now();
  const ran = await st.cli(args, o.timeoutMs ?? 90_000);
  let keys: string[] = [];
  try {
    keys = ran.code === 0 ? ((JSON.parse(ran.stdout) as { keys?: string[] }).keys ?? []) : [];
  } catch {
    keys = [];
  }
  return { ran, keys, title: o.title, at };
}

/** The first `LP_ERR_…` code in a text (CLI stderr, a JSON body), or null. */
export function codeIn(text: unknown): string | null {
  const s = typeof text === 'string' ? text : JSON.stringify(text ?? '');
  return /LP_ERR_[A-Z0-9_]+/.exec(s)?.[0] ?? null;
}

/** Waits until the channel says `title` is on air; the wall time it was first seen, or null. */
export async function onAir(st: Station, title: string, timeoutMs: number): Promise<number | null> {
  return until(async () => {
    const s = await st.status(2000);
    return s?.channels?.some((c: any) => c.onAir?.title === title) ? Date.now() : null;
  }, timeoutMs, 200);
}

/** Rows whose key starts with one of `keys` (a key's repeats and resumes carry suffixes). */
export function rowsOf(rows: readonly Row[], keys: readonly string[]): Row[] {
  return rows.filter((r) => keys.some((k) => r.key === k || r.key.startsWith(`${k}:`)));
}

/** Rows with this title. */
export const titled = (rows: readonly Row[], title: string): Row[] => rows.filter((r) => r.title === title);

/** Waits until no row of `title` is still on air (the item ended and its row was completed). */
export async function settled(st: Station, title: string, timeoutMs: number): Promise<Row[]> {
  return st.rowsUntil((rows) => titled(rows, title).length > 0 && titled(rows, title).every((r) => r.status !== 'on-air'), timeoutMs);
}

/** Keys aired (not missed/failed) more than once: the log's "nothing twice" rule. */
export function airedTwice(rows: readonly Row[]): string[] {
  const seen = new Map<string, number>();
  for (const r of rows) if (r.status !== 'missed' && r.status !== 'failed') seen.set(r.key, (seen.get(r.key) ?? 0) + 1);
  return [...seen].filter(([, n]) => n > 1).map(([k]) => k);
}

/** One row in a figure: `aired 44.1/44.0 s` or `partial 30.2/44.0 s "reason"`. */
export function describe(r: Row | undefined): string {
  if (!r) return 'no row';
  const secs = r.durationSec === null ? '' : ` ${r.durationSec.toFixed(1)}${r.plannedSec ? `/${r.plannedSec.toFixed(1)}` : ''} s`;
  const note = [r.reason, r.transmitterNote].filter(Boolean).join('; ');
  return `${r.status}${secs}${note ? ` "${note.slice(0, 120)}"` : ''}`;
}

export interface OnAirWatch {
  readonly air: AirWatch;
  readonly sent: Sent;
  /** When the status first showed it on air. */
  readonly onAt: number;
  /** When the 3 s of undisturbed air after `onAt` ended: the fault starts after this. */
  readonly calmUntil: number;
  /** Stops the listener and returns the recording (once; later calls return the same). */
  stop(): Promise<AirRecording>;
}

/**
 * The scene most cases need: a listener on the mount, a notice of `seconds` on air, then 3 s of
 * undisturbed air whose longest hole is the idle peer of the reading under the fault
 * (`idleHole`). Throws when it does not go on air.
 */
export async function onAirWithListener(st: Station, title: string, seconds: number): Promise<OnAirWatch> {
  const air = await watchAir(st.sb.mountUrl);
  let rec: Promise<AirRecording> | null = null;
  const stop = () => (rec ??= air.stop());
  try {
    const sent = await airNow(st, { title, seconds });
    if (sent.ran.code !== 0) throw new Error(`air-now ${title}: exit ${sent.ran.code} ${sent.ran.stderr.trim().slice(0, 200)}`);
    const onAt = await onAir(st, title, 60_000);
    if (onAt === null) throw new Error(`${title} never showed on air: ${st.tail()}`);
    await sleep(3000);
    return { air, sent, onAt, calmUntil: Date.now(), stop };
  } catch (e) {
    await stop();
    throw e;
  }
}

/** The longest hole of the calm seconds before the fault, in ms. */
export const idleHole = (w: OnAirWatch, rec: AirRecording): number => longestHole(rec, w.onAt + 300, w.calmUntil).ms;
