/**
 * Pure decisions of a channel's queue, kept apart from the clock so they read (and test) as rules:
 * which waiting block airs next, whether a block preempts what is on air, how repeats are laid out,
 * and how a cut block comes back. Nothing here reads a clock: times come in the blocks.
 */
import { PRIORITY_RANK, type Priority } from '../domain.js';

/** A rendered bulletin or an audio file, aired from its pre-encoded frames. */
export interface FileItem {
  readonly kind?: 'file';
  /** Airing key: stable per planned item; a key already on record never airs again. */
  readonly key: string;
  readonly title: string;
  readonly audioPath: string;
  readonly contentHash: string;
  readonly bulletinId?: number | null;
  readonly voice?: string | null;
  /** When the plan wanted this item; @default the block's start plus the items before it. */
  readonly scheduledAt?: Date;
}

/** A relay (tiếp âm) of an upstream stream for `durationMs`, levelled and encoded live. */
export interface RelayItem {
  readonly kind: 'relay';
  readonly key: string;
  readonly title: string;
  /** HTTP/Icecast stream (MP3, AAC, Ogg …). */
  readonly url: string;
  readonly durationMs: number;
  /**
   * Epoch ms its window closes, set on a relay that comes back after a khẩn cấp cut: it resumes
   * for what is left of its window, and not at all once the window is over. @default its start + durationMs
   */
  readonly endsAt?: number;
  readonly scheduledAt?: Date;
}

/**
 * The officer's voice from the browser (phát trực tiếp): open-ended, it lasts until the session
 * ends (the audio says so), never longer than `maxMs`.
 */
export interface LiveItem {
  readonly kind: 'live';
  readonly key: string;
  readonly title: string;
  /** Who speaks (user name), kept as the airing's voice. */
  readonly speaker: string;
  readonly scheduledAt?: Date;
}

export type PlayoutItem = FileItem | RelayItem | LiveItem;

export interface PlayoutBlock {
  readonly key: string;
  /** Epoch ms of the first item's first sample. */
  readonly startAt: number;
  readonly priority: Priority;
  readonly campaign: string | null;
  /** Played back to back. */
  readonly items: readonly PlayoutItem[];
}

/** The ordering of due blocks: higher priority first, then the earlier slot, then the earlier request. */
export function compareDue(a: { block: PlayoutBlock; seq: number }, b: { block: PlayoutBlock; seq: number }): number {
  return (
    PRIORITY_RANK[b.block.priority] - PRIORITY_RANK[a.block.priority] ||
    a.block.startAt - b.block.startAt ||
    a.seq - b.seq
  );
}

/** Only khẩn cấp cuts in, and only into something of lower priority (an emergency never cuts an emergency). */
export function preempts(incoming: Priority, onAir: Priority): boolean {
  return incoming === 'khan-cap' && PRIORITY_RANK[onAir] < PRIORITY_RANK['khan-cap'];
}

/**
 * Repeats of an air-now block: copy `i` (1-based from the second) starts when the previous one
 * ends plus `intervalMs`, and its keys get `#i` so each airing has its own record.
 */
export function expandRepeats(block: PlayoutBlock, durationMs: number, repeat: number, intervalMs: number): PlayoutBlock[] {
  const out: PlayoutBlock[] = [block];
  for (let i = 2; i <= repeat; i++) {
    out.push({
      ...block,
      key: `${block.key}#${i}`,
      startAt: block.startAt + (i - 1) * (durationMs + intervalMs),
      items: block.items.map((it) => ({ ...it, key: `${it.key}#${i}`, scheduledAt: undefined })),
    });
  }
  return out;
}

/**
 * The rule for a block cut by an emergency: it comes back as soon as the channel is free again,
 * from the beginning of the cut item (a bulletin resumed mid-sentence is of no use to a listener),
 * followed by the items it had not reached. Its keys get `~rN` so the cut airing keeps its
 * `interrupted` row and the replay has its own. It keeps its slot time, so it goes ahead of later
 * blocks of the same priority.
 */
export function resumeAfterCut(block: PlayoutBlock, cutIndex: number): PlayoutBlock {
  const n = (/~r(\d+)$/.exec(block.key)?.[1] ?? '0') as string;
  const next = Number(n) + 1;
  const strip = (k: string) => k.replace(/~r\d+$/, '');
  return {
    ...block,
    key: `${strip(block.key)}~r${next}`,
    items: block.items.slice(cutIndex).map((it) => ({ ...it, key: `${strip(it.key)}~r${next}` })),
  };
}

/**
 * What a relay has left after a cut: the cut one ends its window where it started plus its length
 * (a relay airs the upstream as it is now, so the time spent on the emergency is not made up).
 */
export function relayWindowEnd(item: RelayItem, startedAirAt: number): number {
  return item.endsAt ?? startedAirAt + item.durationMs;
}
