/**
 * What a ward does with a bulletin from its hub — pure, `now` passed in, with the reasons as a
 * trace (tests print it when a scenario fails). TT 39/2020: khẩn cấp airs at once; ưu tiên airs in
 * the next session ahead of the ward's own items; thông thường is the ward's to accept or decline.
 * Nothing past its `until` is aired, and nothing is handed to playout twice.
 */
import type { Priority } from '../domain.js';
import type { WardState } from './protocol.js';

/** A session a ưu tiên bulletin can go ahead of: the next planned block of a channel. */
export interface NextSession {
  readonly channelId: string;
  /** Epoch ms of the block's start. */
  readonly startAt: number;
}

/**
 * A ưu tiên bulletin goes into a session only if there is this long to render it first; a session
 * closer than that is left for the next one (it would otherwise air after the session's own items).
 */
export const PRIORITY_LEAD_MS = 20_000;

export type WardAction =
  /** Leave it as it is. */
  | { readonly kind: 'none' }
  | { readonly kind: 'air-now' }
  /** At each of these session starts, ahead of the session's own items. */
  | { readonly kind: 'air-at'; readonly sessions: readonly NextSession[] }
  /** Into the inbox for the ward's approver. */
  | { readonly kind: 'offer' }
  | { readonly kind: 'aired' }
  | { readonly kind: 'expire' };

export interface DeliveryFacts {
  readonly priority: Priority;
  /** ISO; null: no end. */
  readonly until: string | null;
  readonly state: WardState;
}

export interface DecisionContext {
  readonly now: number;
  /** Upcoming planned sessions (blocks), any number per channel. */
  readonly sessions: readonly NextSession[];
  /** Playout holds it in this run of the station (a restart empties playout's queues). */
  readonly queuedHere: boolean;
  /** An airing row exists under one of its keys (on air, aired, partial or interrupted). */
  readonly aired: boolean;
}

/** States nothing more happens to at the ward. */
const SETTLED: ReadonlySet<WardState> = new Set(['aired', 'expired', 'declined', 'accepted', 'failed']);

export function decideDelivery(d: DeliveryFacts, ctx: DecisionContext): { action: WardAction; trace: string[] } {
  const trace: string[] = [`${d.priority}, ${d.state}, until ${d.until ?? '—'}, now ${new Date(ctx.now).toISOString()}`];
  const done = (action: WardAction, why: string) => (trace.push(why), { action, trace });
  if (SETTLED.has(d.state)) return done({ kind: 'none' }, `${d.state}: settled`);
  if (ctx.aired) return done({ kind: 'aired' }, 'an airing row exists: aired');
  const until = d.until === null ? Infinity : Date.parse(d.until);
  if (ctx.now >= until) return done({ kind: 'expire' }, 'past until: never aired');
  if (d.state === 'offered') return done({ kind: 'none' }, 'waits for the approver');
  if (d.state === 'queued' && ctx.queuedHere) return done({ kind: 'none' }, 'queued in this run: waits for playout');
  if (d.state === 'queued') trace.push('queued before a restart: handed over again under the same keys');
  switch (d.priority) {
    case 'khan-cap':
      return done({ kind: 'air-now' }, 'khẩn cấp: air at once on every channel');
    case 'thuong':
      return done({ kind: 'offer' }, 'thông thường: the ward decides');
    case 'uu-tien': {
      // Per channel, the first session there is time to render for and that starts before until.
      const usable: NextSession[] = [];
      for (const s of [...ctx.sessions].sort((a, b) => a.startAt - b.startAt)) {
        const why = s.startAt < ctx.now + PRIORITY_LEAD_MS ? 'too close to render first' : s.startAt >= until ? 'after until' : null;
        if (why) trace.push(`${s.channelId}@${new Date(s.startAt).toISOString()}: ${why}`);
        else if (!usable.some((u) => u.channelId === s.channelId)) usable.push(s);
      }
      if (!usable.length) return done({ kind: 'none' }, 'ưu tiên: no usable session yet; looked at again later');
      return done({ kind: 'air-at', sessions: usable }, `ưu tiên: ahead of ${usable.map((s) => `${s.channelId}@${new Date(s.startAt).toISOString()}`).join(', ')}`);
    }
  }
}
