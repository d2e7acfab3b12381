/**
 * Repeats that outlive the process: an air-now with `repeat` N queues its repeats 2…N in the
 * channel's memory, so a crash between them would leave them neither aired nor on record. The
 * channel writes them to a repeat plan as it queues them, and on start decides, per planned block,
 * what a restart does with it (`recoverRepeats`, pure): nothing when anything under its keys is on
 * record (it aired, was cut, or was missed — nothing airs twice), `missed` once it is further past
 * its instant than the channel's late window, and queued again otherwise.
 */
import type { PlayoutBlock } from './queue.js';

/** A planned repeat as the store gives it back. */
export interface PlannedRepeat {
  readonly block: PlayoutBlock;
  /** Something under one of its items' keys is in the airing log (any status). */
  readonly onRecord: boolean;
}

/**
 * The repeat plan port: blocks a channel has queued for later (their instants and audio paths),
 * kept until a start decides their fate. Left out: the audio itself (the plan names the rendered
 * file; a file gone by the restart fails the requeue and is recorded), editing a plan, and live
 * items (an officer's voice cannot be aired again).
 */
export interface RepeatPlanStore {
  /** Records blocks queued on a channel; a key already planned keeps its first record. */
  plan(channelId: string, blocks: readonly PlayoutBlock[], now: Date): Promise<void>;
  /** A channel's planned blocks, earliest first. */
  pending(channelId: string): Promise<PlannedRepeat[]>;
  /** Forgets planned blocks (their fate is decided, or they were cancelled). */
  drop(keys: readonly string[]): Promise<void>;
}

export type RepeatFate =
  | { readonly kind: 'done'; readonly block: PlayoutBlock }
  | { readonly kind: 'requeue'; readonly block: PlayoutBlock }
  | { readonly kind: 'missed'; readonly block: PlayoutBlock; readonly reason: string };

/** What a (re)started channel does with each planned repeat, at `now`, given its late window. */
export function recoverRepeats(plans: readonly PlannedRepeat[], now: number, maxLateMs: number): RepeatFate[] {
  return plans.map(({ block, onRecord }): RepeatFate => {
    if (onRecord) return { kind: 'done', block };
    if (now - block.startAt > maxLateMs) {
      return {
        kind: 'missed', block,
        reason: `lượt lặp lại không phát được: đài dừng trước giờ phát ${new Date(block.startAt).toISOString()} và khởi động lại quá ${Math.round(maxLateMs / 60000)} phút sau đó`,
      };
    }
    return { kind: 'requeue', block };
  });
}

/** Whether a block can be planned for after a restart (a live item's source dies with the process). */
export const replayable = (block: PlayoutBlock): boolean => block.items.every((it) => it.kind !== 'live');
