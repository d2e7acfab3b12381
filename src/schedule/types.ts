/** The validated form of a schedule file and what the planner makes of it. */
import type { Priority } from '../domain.js';
import type { LocalClock, WrittenDateTime } from '../time/index.js';
import type { CronSpec } from './cron.js';

export type { Priority };

/** A file the station airs: a bulletin text it renders, or an audio file it airs as it is. */
export interface FileItem {
  kind: 'bulletin' | 'audio';
  /** Absolute path (the file's path resolved against `config.contentDir`). */
  path: string;
  /** Shown on air (stream metadata), in the UI and in the report. @default the file name */
  title: string;
  /**
   * Rough length read from the bulletin text at load time (syllables at an announcer's pace plus
   * jingles); the planner uses it when `durationOf` knows nothing better. Absent for audio files.
   */
  estimatedSeconds?: number;
  /**
   * Sound of a rendered bulletin, as the item chose it or else its schedule (`intro`, `outro`, `bed`
   * keys): an absolute audio file path, 'builtin' (the built-in chime or music bed), or null (none).
   * Absent = the renderer's default (built-in chimes, no bed). Never set on audio items.
   */
  intro?: string | null;
  outro?: string | null;
  bed?: string | null;
  /** Line of the item in the schedule file, for messages. */
  line: number;
}

/**
 * An upstream programme (district, province, national) relayed live for a fixed length: `duration`
 * as written, or up to the local time `until` counted from the slot's start.
 */
export interface RelayItem {
  kind: 'relay';
  /** http(s) URL of the upstream stream. */
  url: string;
  /** @default "Tiếp âm <host of the URL>" */
  title: string;
  length: { durationMs: number } | { until: LocalClock };
  line: number;
}

export type ScheduleItem = FileItem | RelayItem;

export type Slot =
  | { kind: 'cron'; cron: CronSpec; line: number }
  /** One-off; `at` as written: ISO with an offset, or a local wall-clock time in the config's zone. */
  | { kind: 'at'; at: string; when: WrittenDateTime; line: number };

/** A skipped day or span of days (holidays), local dates "YYYY-MM-DD", both ends included. */
export interface SkipRange {
  from: string;
  until: string;
}

export interface Schedule {
  /** The file name without `.yaml`: stable, used in block keys. */
  id: string;
  /** Absolute path of the schedule file. */
  file: string;
  campaign: string;
  priority: Priority;
  /** First local date the schedule airs, "YYYY-MM-DD". */
  from?: string;
  /** Last local date the schedule airs (included), "YYYY-MM-DD". */
  until?: string;
  items: ScheduleItem[];
  slots: Slot[];
  /** Days of week recurring slots may fire on (0 = Sunday … 6 = Saturday); null = every day. */
  weekdays: number[] | null;
  /** Days recurring slots do not air (holidays). */
  skip: SkipRange[];
  /** Channel ids this schedule airs on; null = every configured channel. */
  channels: string[] | null;
  /** One item per occurrence, rotating across occurrences; false = all items in every slot. */
  rotate: boolean;
  /** How many times each occurrence airs (khẩn cấp only). @default 1 */
  repeat: number;
  /** Minutes between repeats (khẩn cấp only). @default 0 */
  intervalMinutes: number;
  /** Whether it may air inside quiet hours: true only for khẩn cấp (its default). */
  breaksQuietHours: boolean;
}

export interface ScheduleProblem {
  code: 'LP_ERR_SCHEDULE_INVALID';
  /** Absolute path of the schedule file. */
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  /** What is wrong (Vietnamese). */
  message: string;
  /** What to write instead (Vietnamese). */
  fix: string;
}

/** A file item as planned. `key` is stable and unique: the block key + ":" + the item's index in the file. */
export interface PlannedFileItem extends Pick<FileItem, 'kind' | 'path' | 'title' | 'intro' | 'outro' | 'bed'> {
  key: string;
}

/** A relay as planned: what the channel relays and for how long (an `until` resolved against the slot). */
export interface PlannedRelayItem {
  kind: 'relay';
  key: string;
  url: string;
  durationMs: number;
  title: string;
}

export type PlannedItem = PlannedFileItem | PlannedRelayItem;

export interface PlannedBlock {
  /** Stable: schedule id, slot index, occurrence instant, repeat, channel. Survives re-planning. */
  key: string;
  scheduleId: string;
  campaign: string;
  priority: Priority;
  channelId: string;
  /** When the planner expects the block to start (after any push behind another block). */
  startAt: Date;
  /** The instant the rule asked for; equals `startAt` unless the block was pushed. */
  slotAt: Date;
  items: PlannedItem[];
  estimatedSeconds: number;
}

export type ConflictKind =
  /** Two blocks wanted the same channel at the same instant. */
  | 'overlap'
  /** A block runs past the start of the next one. */
  | 'too-long'
  /** A block that started before quiet hours runs into them. */
  | 'quiet-hours'
  /** A khẩn cấp block cuts into a block on air. */
  | 'preempt'
  /** A schedule fires more often than the planner will list. */
  | 'too-many'
  /** A schedule names a channel that is not configured. */
  | 'unknown-channel';

export interface Conflict {
  kind: ConflictKind;
  /** Keys of the blocks involved (or the schedule id when no block exists). */
  blocks: string[];
  /** What clashes (Vietnamese). */
  message: string;
  /** What the planner will do about it (Vietnamese). */
  resolution: string;
}

export interface SkippedOccurrence {
  /** The key the block would have had. */
  key: string;
  /** Why it will not air (Vietnamese). */
  reason: string;
  scheduleId: string;
  channelId: string;
  /** The instant the rule asked for. */
  at: Date;
}

export interface Plan {
  /** Ordered by start, then channel, then key. */
  blocks: PlannedBlock[];
  conflicts: Conflict[];
  /** Occurrences that will not air, with why (never silent). */
  skipped: SkippedOccurrence[];
  /** Each decision in words, in order. */
  trace: string[];
}
