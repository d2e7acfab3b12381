/**
 * Air-now, as the API and the CLI ask for it: the rules first (quiet hours, known channels), then
 * one render per hardware profile (channels sharing a profile share it), then the hand-over to
 * every channel at once — so a refusal airs nothing anywhere, and the last of forty channels is
 * not handed its bulletin after the other thirty-nine have decoded theirs.
 *
 * Quiet hours hold for air-now as they do for schedules: below khẩn cấp, a request inside them is
 * refused with LP_ERR_QUIET_HOURS; khẩn cấp airs (TT 39/2020: it airs at once).
 */
import { LpError } from '../errors.js';
import type { Channel } from '../playout/index.js';
import { inDailySpan, localTimeOf, parseDailySpan, secondOfDay } from '../time/index.js';
import type { AirNowRequest, AirNowResult } from './api.js';
import { prepareText, type PrepareDeps, type PreparedAudio } from './prepare.js';

export interface AirNowContext {
  readonly channels: ReadonlyMap<string, Channel>;
  readonly depsFor: (channelId: string) => PrepareDeps;
  readonly now: () => number;
  readonly timezone: string;
  /** "HH:MM" local; null: none. */
  readonly quietHours: { readonly from: string; readonly to: string } | null;
}

/** Whether `instant` falls in the daily window [from, to) of `timezone` (a window may wrap midnight). */
export function inQuietHours(instant: number, quiet: AirNowContext['quietHours'], timezone: string): boolean {
  return !!quiet && inDailySpan(parseDailySpan(quiet), secondOfDay(localTimeOf(instant, timezone)));
}

export async function airNow(req: AirNowRequest, ctx: AirNowContext): Promise<AirNowResult> {
  const targets = req.channels?.length ? req.channels : [...ctx.channels.keys()];
  for (const id of targets) if (!ctx.channels.has(id)) throw new LpError('LP_ERR_CHANNEL_UNKNOWN', id);
  if (req.priority !== 'khan-cap' && inQuietHours(ctx.now(), ctx.quietHours, ctx.timezone)) {
    throw new LpError('LP_ERR_QUIET_HOURS', `${ctx.quietHours!.from}–${ctx.quietHours!.to}; chọn mức khẩn cấp nếu cần phát ngay`);
  }
  const title = req.title?.trim() || 'Thông báo';
  const byProfile = new Map<string, Promise<PreparedAudio>>();
  for (const id of targets) {
    const deps = ctx.depsFor(id);
    if (!byProfile.has(deps.profileName)) byProfile.set(deps.profileName, prepareText(req.text, title, deps, { force: req.force }));
  }
  const audios = await Promise.all(targets.map((id) => byProfile.get(ctx.depsFor(id).profileName)!));
  const requestedAt = ctx.now();
  const keys = await Promise.all(targets.map((id, i) => {
    const audio = audios[i];
    const key = `${req.key ?? `air-now:${requestedAt}`}:${id}`;
    return ctx.channels.get(id)!.airNow(
      {
        key, priority: req.priority, campaign: null,
        items: [{ key: `${key}:0`, title, audioPath: audio.audioPath, contentHash: audio.contentHash, voice: audio.voice, scheduledAt: new Date(requestedAt) }],
      },
      { repeat: Math.max(1, Math.min(20, req.repeat ?? 1)), intervalMs: Math.max(0, req.intervalMinutes ?? 0) * 60_000 },
    );
  }));
  return { keys: keys.flat(), startsAt: new Date(requestedAt).toISOString() };
}
