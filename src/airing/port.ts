/**
 * What playout needs from the as-run log. `AiringLog` implements it on SQLite and on PostgreSQL;
 * the airing conformance suite in tests/airing/ runs against both. Calls take effect in the order
 * they are made, even when the caller does not await each one (a clock may fire and forget a
 * heartbeat). Deliberately left out: reading and reporting (that is `AiringLog.list`/`page`/`stream`
 * and `reports/`), so playout cannot depend on past rows except through `hasAired`.
 */
import type { AiringStatus, Priority } from '../domain.js';

export interface AiringStart {
  readonly channelId: string;
  /** Stable key of the planned item (schedule, slot occurrence, item) or of the air-now request. */
  readonly key: string;
  readonly scheduledAt: Date;
  /** The moment the first sample is handed to the encoder. */
  readonly startedAt: Date;
  readonly title: string;
  readonly campaign: string | null;
  readonly priority: Priority;
  readonly contentHash: string;
  readonly bulletinId?: number | null;
  /** Voice that actually rendered the audio (espeak, google, or a file). */
  readonly voice?: string | null;
  /** Transmitter profile name. */
  readonly transmitter?: string | null;
  /** Audio length, seconds. */
  readonly plannedSeconds?: number | null;
}

export interface AiringEnd {
  /**
   * `missed` only for an item that was begun but never got any audio on air (a relay whose
   * upstream never came): the store keeps it as a missed row, with no start, end or duration.
   */
  readonly status: Exclude<AiringStatus, 'on-air'>;
  readonly endedAt: Date;
  readonly reason?: string | null;
  /**
   * Seconds of the item's own audio that were on air, when that is less than its span (a relay
   * whose upstream dropped out: the gaps aired silence). The store keeps it as the row's duration.
   * @default the span from start to end
   */
  readonly airedSeconds?: number;
  /**
   * Set only when the first sample went out later than `begin` said (the row itself was written
   * late, or the stream was down at the instant): the real start. A store keeps it as the row's
   * start and counts the duration from it.
   */
  readonly startedAt?: Date;
}

export interface AiringMissed {
  readonly channelId: string;
  readonly key: string;
  readonly scheduledAt: Date;
  readonly title: string;
  readonly campaign: string | null;
  readonly priority: Priority;
  readonly reason: string;
}

/**
 * Every method is asynchronous: playout performs these writes beside the air, never in its way. A
 * write that fails or is slow never stops an item: playout logs the failure once and goes on.
 */
export interface AiringSink {
  /** Writes the row (status on-air) before the audio starts, so a crash cannot lose it; returns its id. */
  begin(a: AiringStart): Promise<number>;
  /** Proof of life while on air: after a crash the row is closed at the last heartbeat. */
  heartbeat(id: number, at: Date): Promise<void>;
  finish(id: number, end: AiringEnd): Promise<void>;
  /** Whether the on-air read-back (icecast-parser) showed this item's title. */
  setVerified(id: number, verified: boolean): Promise<void>;
  /** A note about the transmitter (pre-roll failed, relay timeout …) kept on the row. */
  noteTransmitter(id: number, note: string): Promise<void>;
  recordMissed(m: AiringMissed): Promise<number>;
  /** True when a row exists for this key that is not `missed`/`failed`: nothing airs twice. */
  hasAired(key: string): Promise<boolean>;
}

/**
 * Dead air goes on the row as a transmitter note beginning with this code, one per silence; the
 * monthly report counts them (a hub's copies of its wards' rows carry the same notes).
 */
export const DEAD_AIR_CODE = 'LP_ERR_DEAD_AIR';

/** The note for a silence longer than `seconds` that began at `since`. */
export function deadAirNote(seconds: number, since: Date): string {
  return `${DEAD_AIR_CODE} : im lặng hơn ${seconds} s từ ${since.toISOString()}`;
}

/** How many dead-air notes a row's transmitter note holds. */
export function deadAirCount(note: string | null): number {
  return note ? note.split(DEAD_AIR_CODE).length - 1 : 0;
}
