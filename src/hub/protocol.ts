/**
 * The hub ↔ ward protocol on the wire (docs/hub-api.yaml is its OpenAPI description): the shapes
 * both sides send, validated by the side that receives them. A ward calls the hub, never the
 * reverse: it long-polls for deliveries, acknowledges each once its own row is written, tells the
 * hub what became of it, and reports its airings and channel state. Every call carries the ward's
 * key (`Authorization: Bearer …`); the hub names the ward from the key, never from the body.
 */
import { z } from 'zod';
import { AIRING_STATUSES, PRIORITIES } from '../domain.js';

/** Prefix of every route a ward calls. */
export const HUB_PATH = '/hub/v1';

/** A long-poll is held at most this long, seconds (proxies and 4G NATs drop idle connections near 60). */
export const MAX_WAIT_SECONDS = 30;

const isoInstant = z.iso.datetime({ offset: true });

/** One bulletin as sent to one ward. `id` is the delivery's idempotency key: a ward takes it once. */
export const deliverySchema = z.object({
  id: z.string().min(8).max(80),
  bulletinId: z.number().int().positive(),
  priority: z.enum(PRIORITIES),
  title: z.string().min(1).max(200),
  /** The text as decoded at the hub: each ward cleans, reads and renders it with its own voice. */
  text: z.string().min(1).max(100_000),
  /** Never aired from this instant on; null: no end. */
  until: isoInstant.nullable(),
  sentAt: isoInstant,
  sentBy: z.string(),
  /** Who sent it, as the ward's inbox says "offered by …" (the hub's own name). */
  from: z.string(),
});
export type Delivery = z.infer<typeof deliverySchema>;

export const pollAnswerSchema = z.object({
  ward: z.object({ id: z.string(), name: z.string() }),
  deliveries: z.array(deliverySchema),
});
export type PollAnswer = z.infer<typeof pollAnswerSchema>;

/**
 * What became of a delivery at the ward. `received`: its row is written (the acknowledgement);
 * `offered`: a thông thường waiting in the inbox; `accepted` / `declined`: the ward's approver
 * decided; `queued`: handed to playout (khẩn cấp at once, ưu tiên at the next session); `aired`;
 * `expired`: past `until` before it could air; `failed`: could not be prepared (note says why).
 */
export const WARD_STATES = ['received', 'offered', 'accepted', 'declined', 'queued', 'aired', 'expired', 'failed'] as const;
export type WardState = (typeof WARD_STATES)[number];
/** At the hub, a delivery no ward has acknowledged yet. */
export type DeliveryState = 'pending' | WardState;

export const DELIVERY_STATE_LABELS: Record<DeliveryState, string> = {
  pending: 'Chờ phường nhận',
  received: 'Phường đã nhận',
  offered: 'Chờ phường duyệt',
  accepted: 'Phường đã nhận phát',
  declined: 'Phường từ chối',
  queued: 'Đã xếp phát',
  aired: 'Đã phát',
  expired: 'Quá hạn, không phát',
  failed: 'Lỗi, không phát được',
};

export const stateReportSchema = z.object({
  state: z.enum(WARD_STATES),
  at: isoInstant,
  /** The ward user who decided (accepted, declined). */
  by: z.string().max(100).nullish(),
  note: z.string().max(500).nullish(),
});
export type StateReport = z.infer<typeof stateReportSchema>;

/** One airing row as the ward's log holds it; `id` is the ward's own row id. */
export const reportedAiringSchema = z.object({
  id: z.number().int().positive(),
  channelId: z.string().min(1).max(100),
  key: z.string().min(1).max(500),
  scheduledAt: isoInstant,
  startedAt: isoInstant.nullable(),
  endedAt: isoInstant.nullable(),
  durationSec: z.number().min(0).nullable(),
  plannedSec: z.number().min(0).nullable(),
  title: z.string().max(500),
  campaign: z.string().max(500).nullable(),
  contentHash: z.string().max(200).nullable(),
  priority: z.enum(PRIORITIES),
  voice: z.string().max(100).nullable(),
  transmitter: z.string().max(200).nullable(),
  transmitterNote: z.string().max(2000).nullable(),
  status: z.enum(AIRING_STATUSES),
  reason: z.string().max(2000).nullable(),
  verified: z.boolean().nullable(),
});
export type ReportedAiring = z.infer<typeof reportedAiringSchema>;

/** Rows in one report; a ward with more sends several. */
export const MAX_REPORTED_AIRINGS = 500;

export const airingsReportSchema = z.object({ airings: z.array(reportedAiringSchema).max(MAX_REPORTED_AIRINGS) });

/** A channel (loudspeaker cluster) of the ward as its home page shows it. */
export const wardChannelSchema = z.object({
  id: z.string(),
  name: z.string(),
  mount: z.string(),
  listenUrl: z.string(),
  stream: z.enum(['up', 'connecting', 'down']),
  transmitter: z.object({ kind: z.string(), state: z.enum(['on', 'off', 'error']), lastError: z.string().optional() }),
  onAir: z.object({ title: z.string(), priority: z.enum(PRIORITIES), startedAt: z.string() }).nullable(),
});

export const statusReportSchema = z.object({
  at: isoInstant,
  /** The ward's own name for itself (its config), shown beside the hub's. */
  ward: z.string().max(200),
  channels: z.array(wardChannelSchema).max(200),
  warnings: z.array(z.object({ code: z.string(), message: z.string().max(1000), subject: z.string().optional() })).max(100),
});
export type StatusReport = z.infer<typeof statusReportSchema>;
