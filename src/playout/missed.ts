/**
 * The one way a slot that will not air goes on record: each item as `missed` with the reason,
 * unless something under its key is already in the log (it aired, or it is already missed). Used
 * by the channel (a block too late) and the scheduler (a slot whose audio never got ready, slots
 * that fell while the station was down).
 */
import type { AiringSink } from '../airing/port.js';
import type { Priority } from '../domain.js';

export interface MissedBlock {
  readonly channelId: string;
  readonly campaign: string | null;
  readonly priority: Priority;
  readonly items: ReadonlyArray<{ readonly key: string; readonly title: string; readonly scheduledAt: Date }>;
}

/** Resolves with how many rows were written; rejects only when the store fails. */
export async function recordMissed(sink: AiringSink, block: MissedBlock, reason: string): Promise<number> {
  let written = 0;
  for (const it of block.items) {
    if (await sink.hasAired(it.key)) continue;
    await sink.recordMissed({ channelId: block.channelId, key: it.key, scheduledAt: it.scheduledAt, title: it.title, campaign: block.campaign, priority: block.priority, reason });
    written++;
  }
  return written;
}
