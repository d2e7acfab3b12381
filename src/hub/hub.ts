/**
 * The hub: sends bulletins down to its wards and keeps what they report. Wards call in (they sit
 * behind 4G and NAT); a ward waiting in a long-poll is answered the moment a bulletin for it is
 * sent, so a khẩn cấp reaches every online ward in well under a second instead of a poll period.
 * Every action on the hub is audited: sends, what each ward says became of a delivery, calls refused
 * for a wrong key.
 */
import { randomUUID } from 'node:crypto';
import type { AiringStore } from '../airing/index.js';
import type { Config } from '../config/index.js';
import type { Priority } from '../domain.js';
import { LpError } from '../errors.js';
import type { AuditTrail } from '../store/audit.js';
import type { DeliveryRecord, DeliveryStore, SentBulletin } from './deliveries.js';
import { hashWardKey, wardOfKey } from './keys.js';
import type { Delivery, DeliveryState, ReportedAiring, StateReport, StatusReport } from './protocol.js';
import type { WardDirectory, WardRecord } from './wards.js';

/** A ward that has not called for this long is shown offline (a long-poll calls every ≤ 30 s). */
export const ONLINE_MS = 90_000;
/** `last seen` is written at most this often per ward: a long-poll loop must not write on every call. */
const SEEN_WRITE_MS = 15_000;

export interface HubWard {
  readonly id: string;
  readonly name: string;
  readonly keyHash: string;
}

export interface SendRequest {
  readonly text: string;
  readonly title: string;
  readonly priority: Priority;
  /** Ward ids; empty or absent: every ward. */
  readonly to?: readonly string[];
  readonly until?: Date | null;
  /** The hub user (or `cli`) who sent it. */
  readonly by: string;
}

export interface SendResult {
  readonly bulletin: SentBulletin;
  readonly deliveries: readonly DeliveryRecord[];
}

export interface WardOverview {
  readonly id: string;
  readonly name: string;
  readonly online: boolean;
  readonly lastSeenAt: string | null;
  readonly lastReportAt: string | null;
  readonly status: StatusReport | null;
}

export interface SentOverview extends SentBulletin {
  /** Per ward; a pending delivery past its until shows as `expired` (it will never be handed out). */
  readonly deliveries: ReadonlyArray<DeliveryRecord & { readonly shown: DeliveryState }>;
}

export interface HubDeps {
  readonly config: Readonly<Pick<Config, 'wards' | 'ward'>>;
  readonly deliveries: DeliveryStore;
  readonly directory: WardDirectory;
  readonly airings: AiringStore;
  readonly audit: AuditTrail;
  readonly now: () => Date;
  /** @default crypto.randomUUID */
  readonly newId?: () => string;
}

export class Hub {
  readonly wards: readonly HubWard[];
  readonly #d: HubDeps;
  readonly #waiting = new Map<string, Set<() => void>>();
  readonly #seenWritten = new Map<string, number>();
  /** Refused calls audited per address at most once a minute: a flood cannot flood the trail. */
  readonly #refusedAudited = new Map<string, number>();

  constructor(deps: HubDeps) {
    this.#d = deps;
    this.wards = deps.config.wards.map((w) => ({ id: w.id, name: w.name, keyHash: hashWardKey(w.key) }));
  }

  /** Brings the directory in line with the config (names, key hashes). Run once at start. */
  async start(): Promise<void> {
    await this.#d.directory.sync(this.wards);
  }

  /** The ward whose key is in `authorization` (`Bearer …`), or LP_ERR_HUB_KEY_INVALID (audited). */
  async authenticate(authorization: string | undefined, address: string): Promise<HubWard> {
    const key = authorization?.startsWith('Bearer ') ? authorization.slice(7).trim() : '';
    const ward = wardOfKey(this.wards, key);
    if (ward) return ward;
    const now = this.#d.now().getTime();
    if (now - (this.#refusedAudited.get(address) ?? -Infinity) >= 60_000) {
      if (this.#refusedAudited.size > 1000) this.#refusedAudited.clear();
      this.#refusedAudited.set(address, now);
      await this.#d.audit.record({ at: this.#d.now(), actor: `địa chỉ ${address}`, action: 'hub.key-refused', detail: { keyGiven: key.length > 0 } });
    }
    throw new LpError('LP_ERR_HUB_KEY_INVALID');
  }

  /** The ward called: its `last seen`, written at most every 15 s. */
  async seen(ward: HubWard): Promise<void> {
    const now = this.#d.now();
    if (now.getTime() - (this.#seenWritten.get(ward.id) ?? -Infinity) < SEEN_WRITE_MS) return;
    this.#seenWritten.set(ward.id, now.getTime());
    await this.#d.directory.seen(ward.id, now);
  }

  async send(req: SendRequest): Promise<SendResult> {
    if (!this.wards.length) throw new LpError('LP_ERR_HUB_NOT_CONFIGURED');
    const to = req.to?.length ? [...new Set(req.to)] : this.wards.map((w) => w.id);
    for (const id of to) if (!this.wards.some((w) => w.id === id)) throw new LpError('LP_ERR_HUB_WARD_UNKNOWN', id);
    const now = this.#d.now();
    if (req.until && req.until.getTime() <= now.getTime()) throw new LpError('LP_ERR_HUB_EXPIRED', `--until ${req.until.toISOString()} đã qua`);
    if (!req.text.trim()) throw new LpError('LP_ERR_INPUT_EMPTY');
    const result = await this.#d.deliveries.send(
      { title: req.title, text: req.text, priority: req.priority, until: req.until ?? null }, to, req.by, now, this.#d.newId ?? randomUUID);
    await this.#d.audit.record({
      at: now, actor: req.by, action: 'hub.send', subject: `bản tin gửi ${result.bulletin.id}`,
      detail: { title: req.title, priority: req.priority, until: result.bulletin.until, to },
    });
    for (const id of to) for (const wake of this.#waiting.get(id) ?? []) wake();
    return result;
  }

  /**
   * A ward's long-poll: its pending deliveries at once if it has any, else the first sent within
   * `waitMs` (or none when the time is up or `signal` aborts: the ward hung up).
   */
  async poll(ward: HubWard, waitMs: number, signal?: AbortSignal): Promise<Delivery[]> {
    await this.seen(ward);
    let wake: () => void = () => undefined;
    const woken = new Promise<void>((resolve) => (wake = resolve));
    // Registered before the first read, so a send between the read and the wait is not missed.
    const set = this.#waiting.get(ward.id) ?? new Set();
    set.add(wake);
    this.#waiting.set(ward.id, set);
    const timer = setTimeout(wake, Math.max(0, waitMs));
    signal?.addEventListener('abort', wake, { once: true });
    try {
      const first = await this.#pending(ward);
      if (first.length || waitMs <= 0) return first;
      await woken;
      return signal?.aborted ? [] : await this.#pending(ward);
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', wake);
      set.delete(wake);
      if (!set.size) this.#waiting.delete(ward.id);
    }
  }

  #pending(ward: HubWard): Promise<Delivery[]> {
    return this.#d.deliveries.pending(ward.id, this.#d.now(), this.#d.config.ward.name);
  }

  /** Long-polls open now (the bench and the wards page read it). */
  waitingCount(): number {
    let n = 0;
    for (const s of this.#waiting.values()) n += s.size;
    return n;
  }

  /** What the ward says became of one of its deliveries; LP_ERR_NOT_FOUND if it is not its own. */
  async report(ward: HubWard, deliveryId: string, r: StateReport): Promise<DeliveryRecord> {
    const rec = await this.#d.deliveries.report(ward.id, deliveryId, { state: r.state, at: new Date(r.at), by: r.by, note: r.note });
    if (!rec) throw new LpError('LP_ERR_NOT_FOUND', `bản tin gửi ${deliveryId} cho ${ward.id}`);
    await this.#d.audit.record({
      at: this.#d.now(), actor: `phường ${ward.id}`, action: `hub.delivery.${r.state}`, subject: `bản tin gửi ${rec.bulletinId}`,
      detail: { delivery: deliveryId, by: r.by ?? null, note: r.note ?? null, at: r.at },
    });
    await this.seen(ward);
    return rec;
  }

  /** The ward's airing rows, kept under its id (never another ward's: the id comes from its key). */
  async putAirings(ward: HubWard, rows: readonly ReportedAiring[]): Promise<number> {
    const changed = await this.#d.airings.putReported(ward.id, rows.map(({ id, ...r }) => ({ ...r, wardRow: id })));
    await this.#d.directory.reported(ward.id, this.#d.now());
    return changed;
  }

  async putStatus(ward: HubWard, status: StatusReport): Promise<void> {
    await this.#d.directory.reported(ward.id, this.#d.now(), status);
  }

  /** Every configured ward, online or not, with what it last reported. */
  async overview(): Promise<WardOverview[]> {
    const now = this.#d.now().getTime();
    const known = new Map<string, WardRecord>((await this.#d.directory.list()).map((r) => [r.id, r]));
    return this.wards.map((w) => {
      const r = known.get(w.id);
      const seen = r?.lastSeenAt ? Date.parse(r.lastSeenAt) : null;
      // A ward waiting in a long-poll right now is online whatever the throttled `last seen` says.
      const online = this.#waiting.has(w.id) || (seen !== null && now - seen < ONLINE_MS);
      return { id: w.id, name: w.name, online, lastSeenAt: r?.lastSeenAt ?? null, lastReportAt: r?.lastReportAt ?? null, status: r?.status ?? null };
    });
  }

  /** Sent bulletins, newest first, each with its deliveries. */
  async sent(q: { limit?: number; before?: number } = {}): Promise<SentOverview[]> {
    const bulletins = await this.#d.deliveries.bulletins(q);
    const deliveries = await this.#d.deliveries.deliveriesOf(bulletins.map((b) => b.id));
    const now = this.#d.now().getTime();
    return bulletins.map((b) => ({
      ...b,
      deliveries: deliveries.filter((d) => d.bulletinId === b.id).map((d) => ({
        ...d, shown: d.state === 'pending' && b.until !== null && Date.parse(b.until) <= now ? 'expired' as const : d.state,
      })),
    }));
  }

  /** Ward id → name, for the log and the report (a ward no longer configured keeps its id). */
  wardNames(): Record<string, string> {
    return Object.fromEntries(this.wards.map((w) => [w.id, w.name]));
  }
}
