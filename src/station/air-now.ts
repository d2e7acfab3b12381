/**
 * Air-now, as the API and the CLI ask for it: the rules first (quiet hours, known channels), then
 * one render per hardware profile (channels sharing a profile share it), then the hand-over to
 * every channel at once — so a refusal airs nothing anywhere, and the last of forty channels is
 * not handed its bulletin after the other thirty-nine have decoded theirs.
 *
 * Quiet hours hold for air-now as they do for schedules: below khẩn cấp, a request inside them is
 * refused with LP_ERR_QUIET_HOURS; khẩn cấp airs (TT 39/2020: it airs at once).
 *
 * A long khẩn cấp is aired in parts so it is heard within seconds, not after its whole render: the
 * text goes through the gate whole, then its spoken form is cut at paragraphs (`partsForAir`) —
 * a short first part, each next one about twice the last — and the first part is queued as soon
 * as it is rendered (the request is answered then, with the estimated length). Each later part is
 * rendered while the one before it airs and queued to start PART_PAUSE_MS after it ends, so the
 * join sounds like a sentence pause. Each part is its own airing row (`<key>:<i>`, titled "(phần
 * i/n)"); repeats are queued once every part is, each repeat one block of all the parts.
 */
import type { AiringSink } from '../airing/port.js';
import { LpError, toLpError } from '../errors.js';
import { recordMissed, type Channel } from '../playout/index.js';
import type { FileItem } from '../playout/queue.js';
import { estimateSeconds } from '../text/index.js';
import { inDailySpan, localTimeOf, parseDailySpan, secondOfDay } from '../time/index.js';
import type { AirNowRequest, AirNowResult } from './api.js';
import { renderSpoken, spokenText, type PrepareDeps, type PreparedAudio } from './prepare.js';

export interface AirNowContext {
  readonly channels: ReadonlyMap<string, Channel>;
  readonly depsFor: (channelId: string) => PrepareDeps;
  readonly now: () => number;
  readonly timezone: string;
  /** "HH:MM" local; null: none. */
  readonly quietHours: { readonly from: string; readonly to: string } | null;
  /** Where a later part that cannot be rendered goes on record (missed, with why). */
  readonly airings: AiringSink;
  readonly log: (line: string) => void;
}

/** Whether `instant` falls in the daily window [from, to) of `timezone` (a window may wrap midnight). */
export function inQuietHours(instant: number, quiet: AirNowContext['quietHours'], timezone: string): boolean {
  return !!quiet && inDailySpan(parseDailySpan(quiet), secondOfDay(localTimeOf(instant, timezone)));
}

/** The first part of a long khẩn cấp, characters of spoken text: a few seconds to render, ~20 s on air. */
export const FIRST_PART_CHARS = 250;
/** Between two parts, about a sentence pause of the voice. */
export const PART_PAUSE_MS = 400;

/**
 * A spoken text cut at paragraphs into parts for air: the first at least `firstChars` long, each
 * next one at least twice the one before (so each renders while the one before airs), the last
 * taking what is left; a text not longer than two first parts stays whole. A paragraph is never cut.
 */
export function partsForAir(spoken: string, firstChars = FIRST_PART_CHARS): string[] {
  const paras = spoken.split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean);
  if (spoken.length <= 2 * firstChars || paras.length < 2) return [spoken];
  const parts: string[] = [];
  let cur: string[] = [];
  let len = 0;
  let want = firstChars;
  for (const p of paras) {
    cur.push(p);
    len += p.length;
    if (len >= want) {
      parts.push(cur.join('\n\n'));
      cur = [];
      len = 0;
      want *= 2;
    }
  }
  if (cur.length) {
    // A short tail joins the part before it rather than trailing after its own render.
    if (parts.length && len < firstChars) parts[parts.length - 1] += `\n\n${cur.join('\n\n')}`;
    else parts.push(cur.join('\n\n'));
  }
  return parts;
}

/** How an answer's length and parts read to the officer (the web's flash and the CLI say the same). */
export function describeLength(r: Pick<AirNowResult, 'parts' | 'estimatedSeconds'>): string {
  const sec = r.estimatedSeconds;
  const len = sec === undefined ? '' : sec < 90 ? `dài khoảng ${Math.round(sec)} giây` : `dài khoảng ${Math.round(sec / 60)} phút`;
  const parts = (r.parts ?? 1) > 1 ? `phát thành ${r.parts} phần nối tiếp: phần đầu đã vào hàng phát, các phần sau đang dựng trong lúc phần trước phát` : '';
  return [len, parts].filter(Boolean).join('; ');
}

/** One render per hardware profile: channels sharing a profile share it. */
function renderFor(targets: readonly string[], ctx: AirNowContext, render: (deps: PrepareDeps) => Promise<PreparedAudio>): Promise<PreparedAudio[]> {
  const byProfile = new Map<string, Promise<PreparedAudio>>();
  for (const id of targets) {
    const deps = ctx.depsFor(id);
    if (!byProfile.has(deps.profileName)) byProfile.set(deps.profileName, render(deps));
  }
  return Promise.all(targets.map((id) => byProfile.get(ctx.depsFor(id).profileName)!));
}

const itemOf = (key: string, title: string, audio: PreparedAudio, scheduledAt: Date): FileItem =>
  ({ key, title, audioPath: audio.audioPath, contentHash: audio.contentHash, voice: audio.voice, scheduledAt });

export async function airNow(req: AirNowRequest, ctx: AirNowContext): Promise<AirNowResult> {
  const targets = req.channels?.length ? req.channels : [...ctx.channels.keys()];
  for (const id of targets) if (!ctx.channels.has(id)) throw new LpError('LP_ERR_CHANNEL_UNKNOWN', id);
  if (req.priority !== 'khan-cap' && inQuietHours(ctx.now(), ctx.quietHours, ctx.timezone)) {
    throw new LpError('LP_ERR_QUIET_HOURS', `${ctx.quietHours!.from}–${ctx.quietHours!.to}; chọn mức khẩn cấp nếu cần phát ngay`);
  }
  const title = req.title?.trim() || 'Thông báo';
  // The gate sees the whole text once, whatever the profile (the lexicon is the station's).
  const spoken = await spokenText(req.text, title, ctx.depsFor(targets[0]), { force: req.force });
  const parts = req.priority === 'khan-cap' ? partsForAir(spoken) : [spoken];
  const repeat = Math.max(1, Math.min(20, req.repeat ?? 1));
  const intervalMs = Math.max(0, req.intervalMinutes ?? 0) * 60_000;
  const requestedAt = ctx.now();
  const keyOf = (id: string) => `${req.key ?? `air-now:${requestedAt}`}:${id}`;
  const partTitle = (i: number) => (parts.length > 1 ? `${title} (phần ${i + 1}/${parts.length})` : title);

  const first = await renderFor(targets, ctx, (deps) => renderSpoken(parts[0], partTitle(0), deps));
  const queued = await Promise.all(targets.map((id, i) => {
    const key = keyOf(id);
    return ctx.channels.get(id)!.airNow(
      { key, priority: req.priority, campaign: null, items: [itemOf(`${key}:0`, partTitle(0), first[i], new Date(requestedAt))] },
      { repeat: parts.length > 1 ? 1 : repeat, intervalMs },
    );
  }));
  const startsAt = Math.min(...queued.map((q) => q.startAt));
  if (parts.length === 1) {
    return { keys: queued.flatMap((q) => q.keys), startsAt: new Date(startsAt).toISOString(), parts: 1, estimatedSeconds: first[0].durationSec };
  }
  // The rest renders while the first part airs; the answer does not wait for it.
  const keys = targets.flatMap((id) => [keyOf(id), ...parts.slice(1).map((_, j) => `${keyOf(id)}:p${j + 1}`), ...Array.from({ length: repeat - 1 }, (_, r) => `${keyOf(id)}#${r + 2}`)]);
  void airRest(req, ctx, { targets, parts, partTitle, keyOf, first, starts: queued.map((q) => q.startAt), repeat, intervalMs, requestedAt });
  // Words are a floor on the length (numbers are read out longer): scaled from the part heard.
  const perChar = first[0].durationSec / Math.max(1, parts[0].length);
  const estimatedSeconds = Math.round(Math.max(estimateSeconds(spoken), perChar * spoken.length));
  return { keys, startsAt: new Date(startsAt).toISOString(), parts: parts.length, estimatedSeconds };
}

interface Rest {
  readonly targets: readonly string[];
  readonly parts: readonly string[];
  readonly partTitle: (i: number) => string;
  readonly keyOf: (id: string) => string;
  readonly first: readonly PreparedAudio[];
  readonly starts: readonly number[];
  readonly repeat: number;
  readonly intervalMs: number;
  readonly requestedAt: number;
}

/** Parts 2…n, each rendered and queued right after the part before it on every channel; then the repeats. */
async function airRest(req: AirNowRequest, ctx: AirNowContext, r: Rest): Promise<void> {
  const audios: PreparedAudio[][] = [[...r.first]];
  const ends = r.targets.map((_, c) => r.starts[c] + r.first[c].durationSec * 1000);
  for (let i = 1; i < r.parts.length; i++) {
    let rendered: PreparedAudio[];
    try {
      rendered = await renderFor(r.targets, ctx, (deps) => renderSpoken(r.parts[i], r.partTitle(i), deps));
    } catch (e) {
      // What cannot be rendered goes on record, with the parts after it: nothing accepted vanishes.
      const why = `không dựng được phần ${i + 1}/${r.parts.length}: ${toLpError(e).message}`;
      ctx.log(`${r.keyOf(r.targets[0])}: ${why}`);
      await Promise.all(r.targets.map((id, c) => recordMissed(ctx.airings, {
        channelId: id, campaign: null, priority: req.priority,
        items: r.parts.slice(i).map((_, j) => ({ key: `${r.keyOf(id)}:${i + j}`, title: r.partTitle(i + j), scheduledAt: new Date(ends[c]) })),
      }, why).catch((err: unknown) => ctx.log(toLpError(err).toLine()))));
      return;
    }
    audios.push(rendered);
    await Promise.all(r.targets.map(async (id, c) => {
      const key = `${r.keyOf(id)}:p${i}`;
      const startAt = ends[c] + PART_PAUSE_MS;
      try {
        const q = await ctx.channels.get(id)!.airNow({ key, startAt, priority: req.priority, campaign: null, items: [itemOf(`${r.keyOf(id)}:${i}`, r.partTitle(i), rendered[c], new Date(startAt))] });
        ends[c] = q.startAt + rendered[c].durationSec * 1000;
      } catch (e) {
        ctx.log(`${key}: ${toLpError(e).message}`);
      }
    }));
  }
  if (r.repeat < 2) return;
  // Each repeat is the whole notice as one block of its parts; the second starts the interval after
  // the last part really ends (pauses and any late part included), so it never jumps ahead of it.
  await Promise.all(r.targets.map((id, c) => ctx.channels.get(id)!.airNow(
    { key: r.keyOf(id), startAt: ends[c] - audios.reduce((s, a) => s + a[c].durationSec * 1000, 0), priority: req.priority, campaign: null, items: r.parts.map((_, i) => itemOf(`${r.keyOf(id)}:${i}`, r.partTitle(i), audios[i][c], new Date(r.requestedAt))) },
    { repeat: r.repeat, intervalMs: r.intervalMs, from: 2 },
  ).catch((e: unknown) => ctx.log(`${r.keyOf(id)}: lặp lại: ${toLpError(e).message}`))));
}
