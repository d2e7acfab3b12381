/**
 * What the running station offers the web API (and through it the CLI). `station/` implements it by
 * wiring schedule, audio, playout, stream and airing together; `web/` only depends on this shape.
 */
import type { Priority } from '../domain.js';
import type { ChannelState } from '../playout/channel.js';

// The channel's state is the playout stage's; the web reads it through this shape.
export type { ChannelState, OnAirNow } from '../playout/channel.js';
import type { LiveRequest, LiveSession } from './live.js';
export type { LiveRequest, LiveSession, LiveState } from './live.js';

export interface UpcomingItem {
  readonly key: string;
  readonly title: string;
  readonly campaign: string | null;
  readonly priority: Priority;
  readonly channelId: string;
  /** ISO. */
  readonly startAt: string;
  /** Whether its audio is rendered and ready ("ready"), still to render, or failed (with reason). */
  readonly render: 'ready' | 'pending' | 'failed';
  readonly renderError?: string;
}

export interface StationWarning {
  readonly code: string;
  readonly message: string;
  /** File, bulletin or slot the warning is about. */
  readonly subject?: string;
}

export interface StationStatus {
  readonly ward: string;
  readonly now: string;
  readonly channels: readonly ChannelState[];
  readonly next: readonly UpcomingItem[];
  readonly warnings: readonly StationWarning[];
}

export interface AirNowRequest {
  /** Raw text of the bulletin (cleaned and rendered by the station). */
  readonly text: string;
  readonly title?: string;
  readonly priority: Priority;
  /** Times to air; repeats follow each other after `intervalMinutes`. @default 1 */
  readonly repeat?: number;
  /** @default 0 (back to back) */
  readonly intervalMinutes?: number;
  /** Channels to air on; default all. */
  readonly channels?: readonly string[];
  /** Air even when the OCR guard flags the text. */
  readonly force?: boolean;
  /** Who asked (user name), for the audit trail and the log. */
  readonly requestedBy: string;
  /**
   * Airing keys start from this instead of the request time (`<key>:<channel>`, its item `…:0`):
   * a bulletin from the hub airs under keys made from its delivery, so it can never air twice.
   */
  readonly key?: string;
}

export interface AirNowResult {
  /** Playout keys of the queued airings, one per channel and repeat. */
  readonly keys: readonly string[];
  /** ISO time the first airing is expected to start. */
  readonly startsAt: string;
}

export interface StationApi {
  status(): StationStatus;
  airNow(req: AirNowRequest): Promise<AirNowResult>;
  /** Re-reads schedules/ after the UI wrote a file; returns the warnings of invalid files. */
  reloadSchedules(): Promise<readonly StationWarning[]>;
  /**
   * Starts the officer's live session (phát trực tiếp) on the chosen channels: refused with
   * LP_ERR_LIVE_BUSY when one of them has a session already, LP_ERR_QUIET_HOURS below khẩn cấp at
   * night. Who may is the caller's to check (the web: operators for khẩn cấp, approvers for any).
   * Absent where nothing can air live (a hub without channels, a double that only records).
   */
  goLive?(req: LiveRequest): LiveSession;
}
