/**
 * A ward's link to its hub. The ward calls out (4G, NAT): one long-poll held open by the hub brings
 * each bulletin the moment it is sent; a work loop every few seconds moves what it received on
 * (src/hub/decide.ts says how), tells the hub what became of each, and reports the ward's airings and
 * channel state up. Each delivery is written to the ward's own store before it is acknowledged, and
 * handed to playout under keys made from its delivery id, so a delivery handed out twice, or a
 * restart in the middle, never airs it twice. The air never waits for the hub: a hub that cannot be
 * reached is a warning on the home page and a back-off, nothing more.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { AiringRow, AiringStore } from '../airing/index.js';
import { LpError, toLpError, type ErrorCode } from '../errors.js';
import type { StationStatus, StationWarning } from '../station/api.js';
import { backoff } from '../stream/backoff.js';
import { decideDelivery, type NextSession } from './decide.js';
import { HUB_PATH, MAX_REPORTED_AIRINGS, pollAnswerSchema, type Delivery, type ReportedAiring, type StatusReport, type WardState } from './protocol.js';
import type { InboxItem, UpstreamStore } from './upstream-store.js';

/** What the ward's station does for its hub's bulletins (wired in src/station/hub.ts). */
export interface WardPlayout {
  /** The channels bulletins from the hub air on (all of them). */
  channels(): readonly string[];
  /** khẩn cấp: the station's air-now on every channel; its airing keys are `${key}:${channel}:0`. */
  airNow(r: { key: string; title: string; text: string }): Promise<void>;
  /** ưu tiên: ahead of the normal items of the session starting at `startAt` on `channelId`. */
  airAt(r: { key: string; title: string; text: string; channelId: string; startAt: number }): Promise<void>;
  /** Upcoming planned sessions (blocks of the schedule files), any number per channel. */
  sessions(): readonly NextSession[];
  hasAired(key: string): Promise<boolean>;
  status(): StationStatus;
}

export interface WardLinkOptions {
  readonly upstream: { readonly url: string; readonly key: string; readonly waitSeconds: number; readonly reportSeconds: number };
  readonly store: UpstreamStore;
  readonly airings: AiringStore;
  readonly playout: WardPlayout;
  readonly now: () => number;
  readonly log: (line: string) => void;
}

/** The airing key a delivery airs under on a channel (block `hub:<id>:<channel>`, its one item `…:0`). */
export const hubAiringKey = (deliveryId: string, channelId: string): string => `hub:${deliveryId}:${channelId}:0`;
const blockKey = (deliveryId: string) => `hub:${deliveryId}`;

/** A row is final once it is off air and its read-back is in (or will not come any more). */
const SETTLE_MS = 60_000;
/** Channel state is sent again at least this often even when nothing changed (it is also a sign of life). */
const STATUS_EVERY_MS = 30_000;
/** Reading the log ahead of the cursor: pages of rows per report. */
const REPORT_PAGES = 10;
/** The hub is shown unreachable on the home page once it has been for this long. */
const UNREACHABLE_WARN_MS = 60_000;

const WORK_STATES: readonly WardState[] = ['received', 'queued'];
/** The subject of this link's own warning (not reported to the hub: it is the hub it is about). */
const HUB_SUBJECT = 'trạm trung tâm';

export interface WardLinkState {
  /** The hub answered the last call. */
  readonly connected: boolean;
  readonly lastContactAt: string | null;
  readonly lastError: string | null;
  /** Who the hub says this ward is. */
  readonly ward: { readonly id: string; readonly name: string } | null;
}

export class WardLink {
  readonly #o: WardLinkOptions;
  readonly #base: string;
  #running = false;
  #stop = new AbortController();
  #loops: Promise<void>[] = [];
  #wake: (() => void) | null = null;
  /** Deliveries handed to playout in this run: a restart empties playout's queues, not the store. */
  readonly #queuedHere = new Set<string>();
  /** The last form of each row sent up since the cursor (by id): only changes are sent again. */
  readonly #sent = new Map<number, string>();
  #statusSent = '';
  #statusSentAt = 0;
  #connected = false;
  #lastContact: number | null = null;
  #failingSince: number | null = null;
  #lastError: string | null = null;
  /** Why the last call failed: the hub unreachable, or this ward's key refused. */
  #lastCode: ErrorCode = 'LP_ERR_HUB_UNREACHABLE';
  #ward: WardLinkState['ward'] = null;
  /** One delivery is worked on at a time: the poll loop and the work loop never race over one. */
  #chain: Promise<unknown> = Promise.resolve();

  constructor(o: WardLinkOptions) {
    this.#o = o;
    this.#base = o.upstream.url.replace(/\/+$/, '') + HUB_PATH;
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#stop = new AbortController();
    this.#failingSince = this.#o.now();
    this.#loops = [this.#pollLoop(), this.#workLoop()];
  }

  async stop(): Promise<void> {
    this.#running = false;
    this.#stop.abort();
    this.#wake?.();
    await Promise.allSettled(this.#loops);
    await this.#chain.catch(() => undefined);
  }

  /** Report soon (an approver just decided): the next work round starts now. */
  poke(): void {
    this.#wake?.();
  }

  state(): WardLinkState {
    return { connected: this.#connected, lastContactAt: this.#lastContact ? new Date(this.#lastContact).toISOString() : null, lastError: this.#lastError, ward: this.#ward };
  }

  warnings(): StationWarning[] {
    const since = this.#failingSince;
    if (since === null || this.#o.now() - since < UNREACHABLE_WARN_MS) return [];
    const last = this.#lastContact ? `lần cuối liên lạc ${new Date(this.#lastContact).toISOString()}` : 'chưa liên lạc được lần nào';
    return [{ code: this.#lastCode, message: `${this.#o.upstream.url}: ${this.#lastError ?? 'không trả lời'} (${last})`, subject: HUB_SUBJECT }];
  }

  // --- calls to the hub ----------------------------------------------------------------------

  async #call(method: 'GET' | 'POST', path: string, body?: unknown, timeoutMs = 15_000): Promise<unknown> {
    let res: Response;
    try {
      res = await fetch(this.#base + path, {
        method,
        headers: { authorization: `Bearer ${this.#o.upstream.key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.any([this.#stop.signal, AbortSignal.timeout(timeoutMs)]),
      });
    } catch (e) {
      throw new LpError('LP_ERR_HUB_UNREACHABLE', `${this.#base}${path}: ${(e as Error).message}`, { cause: e });
    }
    const answer = await res.json().catch(() => ({})) as { code?: string; message?: string };
    if (res.status === 401) throw new LpError('LP_ERR_HUB_KEY_INVALID', `${this.#o.upstream.url}`);
    if (!res.ok) throw new LpError('LP_ERR_HUB_UNREACHABLE', `${path}: HTTP ${res.status} ${answer.code ?? ''} ${answer.message ?? ''}`.trim());
    this.#contact();
    return answer;
  }

  #contact(): void {
    this.#connected = true;
    this.#lastContact = this.#o.now();
    this.#failingSince = null;
    this.#lastError = null;
  }

  #failed(e: unknown): void {
    const err = toLpError(e, 'LP_ERR_HUB_UNREACHABLE');
    if (this.#connected || this.#lastError === null) this.#o.log(err.toLine());
    this.#connected = false;
    this.#failingSince ??= this.#o.now();
    this.#lastError = err.detail ?? err.message;
    this.#lastCode = err.code;
  }

  // --- the loops -----------------------------------------------------------------------------

  async #pollLoop(): Promise<void> {
    const retry = backoff(30_000);
    const wait = this.#o.upstream.waitSeconds;
    while (this.#running) {
      const began = this.#o.now();
      try {
        const answer = pollAnswerSchema.parse(await this.#call('GET', `/deliveries?wait=${wait}`, undefined, (wait + 15) * 1000));
        this.#ward = answer.ward;
        for (const d of answer.deliveries) await this.#serial(() => this.#take(d));
        retry.reset();
      } catch (e) {
        if (!this.#running) return;
        this.#failed(e);
        await delay(retry.failed(this.#o.now(), began), undefined, { signal: this.#stop.signal }).catch(() => undefined);
      }
    }
  }

  async #workLoop(): Promise<void> {
    while (this.#running) {
      try {
        await this.#serial(() => this.#revisit());
        await this.#reportStates();
        await this.#reportAirings();
        await this.#reportStatus();
      } catch (e) {
        if (!this.#running) return;
        this.#failed(e);
      }
      await this.#sleep(this.#o.upstream.reportSeconds * 1000);
    }
  }

  /** The work loop's pause; `poke` and `stop` end it early. */
  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(t);
        this.#wake = null;
        resolve();
      };
      const t = setTimeout(done, ms);
      this.#wake = done;
    });
  }

  #serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#chain.then(fn, fn);
    this.#chain = run.catch(() => undefined);
    return run;
  }

  // --- deliveries ----------------------------------------------------------------------------

  /** A delivery from a poll: written here first, acted on, then acknowledged with where it stands. */
  async #take(d: Delivery): Promise<void> {
    const { item, fresh } = await this.#o.store.receive(d, new Date(this.#o.now()));
    if (fresh) this.#o.log(`nhận bản tin từ ${d.from}: ${d.title} (${d.priority})`);
    const now = fresh ? await this.#act(item) : item;
    await this.#tell(now);
  }

  /** Items that are not settled yet: a ưu tiên waiting for a session, one queued before a restart, one that aired. */
  async #revisit(): Promise<void> {
    for (const item of await this.#o.store.inStates(WORK_STATES)) await this.#act(item);
  }

  async #aired(id: string): Promise<boolean> {
    for (const ch of this.#o.playout.channels()) if (await this.#o.playout.hasAired(hubAiringKey(id, ch))) return true;
    return false;
  }

  async #act(item: InboxItem): Promise<InboxItem> {
    const now = this.#o.now();
    const { action, trace } = decideDelivery(item, {
      now, sessions: this.#o.playout.sessions(), queuedHere: this.#queuedHere.has(item.id), aired: await this.#aired(item.id),
    });
    const at = new Date(now);
    const move = async (state: WardState, extra: { note?: string; airKeys?: string[] } = {}) =>
      (await this.#o.store.change(item.id, { state, at, ...extra })) ?? item;
    try {
      switch (action.kind) {
        case 'none':
          return item;
        case 'aired':
          return await move('aired');
        case 'expire':
          this.#o.log(`bản tin từ ${item.from} quá hạn, không phát: ${item.title}`);
          return await move('expired', { note: `quá hạn lúc ${item.until}` });
        case 'offer':
          return await move('offered');
        case 'air-now': {
          await this.#o.playout.airNow({ key: blockKey(item.id), title: item.title, text: item.text });
          this.#queuedHere.add(item.id);
          return await move('queued', { airKeys: this.#o.playout.channels().map((ch) => hubAiringKey(item.id, ch)) });
        }
        case 'air-at': {
          for (const s of action.sessions) await this.#o.playout.airAt({ key: blockKey(item.id), title: item.title, text: item.text, channelId: s.channelId, startAt: s.startAt });
          this.#queuedHere.add(item.id);
          return await move('queued', { airKeys: action.sessions.map((s) => hubAiringKey(item.id, s.channelId)), note: `trước buổi phát ${action.sessions.map((s) => new Date(s.startAt).toISOString()).join(', ')}` });
        }
      }
    } catch (e) {
      const err = toLpError(e);
      this.#o.log(`bản tin từ ${item.from} không phát được: ${item.title}: ${err.toLine()} [${trace.join(' → ')}]`);
      return await move('failed', { note: `${err.code}: ${err.message}`.slice(0, 500) });
    }
  }

  /** Tells the hub where one item stands (its acknowledgement, the first time). */
  async #tell(item: InboxItem): Promise<void> {
    await this.#call('POST', `/deliveries/${encodeURIComponent(item.id)}/state`, { state: item.state, at: item.stateAt, by: item.stateBy, note: item.note });
    await this.#o.store.markReported(item.id, item.state);
  }

  async #reportStates(): Promise<void> {
    for (const item of await this.#o.store.unreported()) await this.#tell(item);
  }

  // --- airings and channel state -------------------------------------------------------------

  async #reportAirings(): Promise<void> {
    const below = await this.#o.store.reportedBelow();
    const rows: AiringRow[] = [];
    for (let p = 0, after = below - 1; p < REPORT_PAGES; p++) {
      const page = await this.#o.airings.ownAfter(after, MAX_REPORTED_AIRINGS);
      rows.push(...page);
      if (page.length < MAX_REPORTED_AIRINGS) break;
      after = page[page.length - 1].id;
    }
    const changed = rows.map((r) => [r, JSON.stringify(wire(r))] as const).filter(([r, j]) => this.#sent.get(r.id) !== j);
    for (let i = 0; i < changed.length; i += MAX_REPORTED_AIRINGS) {
      const batch = changed.slice(i, i + MAX_REPORTED_AIRINGS);
      await this.#call('POST', '/airings', { airings: batch.map(([r]) => wire(r)) });
      for (const [r, j] of batch) this.#sent.set(r.id, j);
    }
    // The cursor passes the rows, from the oldest, that are final and sent as they are now.
    const now = this.#o.now();
    let next = below;
    for (const r of rows) {
      const final = r.status !== 'on-air' && (r.verified !== null || (r.endedAt !== null && now - Date.parse(r.endedAt) > SETTLE_MS) || r.endedAt === null);
      if (!final || this.#sent.get(r.id) !== JSON.stringify(wire(r))) break;
      next = r.id + 1;
    }
    if (next !== below) {
      await this.#o.store.setReportedBelow(next);
      for (const id of this.#sent.keys()) if (id < next) this.#sent.delete(id);
    }
  }

  async #reportStatus(): Promise<void> {
    const s = this.#o.playout.status();
    const report: Omit<StatusReport, 'at'> = {
      ward: s.ward,
      channels: s.channels.map((c) => ({
        id: c.id, name: c.name, mount: c.mount, listenUrl: c.listenUrl, stream: c.stream, transmitter: c.transmitter,
        onAir: c.onAir && { title: c.onAir.title, priority: c.onAir.priority, startedAt: c.onAir.startedAt },
      })),
      // The hub's own link is not news to the hub.
      warnings: s.warnings.filter((w) => w.subject !== HUB_SUBJECT).slice(0, 100).map((w) => ({ code: w.code, message: w.message.slice(0, 1000), ...(w.subject ? { subject: w.subject } : {}) })),
    };
    const json = JSON.stringify(report);
    const now = this.#o.now();
    if (json === this.#statusSent && now - this.#statusSentAt < STATUS_EVERY_MS) return;
    await this.#call('POST', '/status', { ...report, at: new Date(now).toISOString() });
    this.#statusSent = json;
    this.#statusSentAt = now;
  }
}

/** A log row as the hub takes it: the ward's row id, without what only means something here. */
function wire(r: AiringRow): ReportedAiring {
  return {
    id: r.id, channelId: r.channelId, key: r.key, scheduledAt: r.scheduledAt, startedAt: r.startedAt, endedAt: r.endedAt,
    durationSec: r.durationSec, plannedSec: r.plannedSec, title: r.title, campaign: r.campaign, contentHash: r.contentHash, priority: r.priority,
    voice: r.voice, transmitter: r.transmitter, transmitterNote: r.transmitterNote, status: r.status, reason: r.reason, verified: r.verified,
  };
}
