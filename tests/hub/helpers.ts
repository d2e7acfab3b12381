/**
 * A hub and its wards in one test process, on loopback: the hub's real web app (its real stores,
 * SQLite in a temp dir) listening on a free port, and each ward's real `WardLink` calling it over
 * HTTP with its own stores. The ward's playout is our own port (`WardPlayout`) implemented here: it
 * records what the ward asked of its station and writes the airing rows the station would, so a
 * test can follow a bulletin end to end without a sound card (tests/e2e/hub.test.ts does it with
 * real stations).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { createRenderer } from '../../src/audio/render.js';
import { createVoices } from '../../src/station/voices.js';
import { loadConfig, type Config } from '../../src/config/index.js';
import { Hub } from '../../src/hub/hub.js';
import type { NextSession } from '../../src/hub/decide.js';
import { WardLink, type WardPlayout } from '../../src/hub/ward.js';
import type { StationStatus } from '../../src/station/api.js';
import { openStores, type Stores } from '../../src/station/stores.js';
import { buildApp } from '../../src/web/app.js';
import { ensureAdmin } from '../../src/web/auth.js';
import { ADMIN_PASSWORD, RecordingStation, TEST_SCRYPT } from '../web/helpers.js';

const HARDWARE_DIR = fileURLToPath(new URL('../../hardware', import.meta.url));

/** Real time plus an offset the test moves forward (timers stay real; `until` and polls see the moved clock). */
export class TestClock {
  offsetMs = 0;
  readonly now = (): number => Date.now() + this.offsetMs;
  advance(ms: number): void {
    this.offsetMs += ms;
  }
}

function station(dir: string, yaml: string, env: Record<string, string> = {}): Readonly<Config> {
  for (const d of ['data', 'schedules', 'content']) mkdirSync(join(dir, d), { recursive: true });
  writeFileSync(join(dir, 'loaphuong.config.yaml'), yaml);
  return loadConfig({
    cwd: dir,
    env: { LOAPHUONG_DATA_DIR: 'data', LOAPHUONG_SCHEDULES_DIR: 'schedules', LOAPHUONG_CONTENT_DIR: 'content', LOAPHUONG_HARDWARE_DIR: HARDWARE_DIR, LOAPHUONG_ADMIN_PASSWORD: ADMIN_PASSWORD, ...env },
  });
}

export interface TestHub {
  readonly config: Readonly<Config>;
  readonly stores: Stores;
  readonly hub: Hub;
  readonly app: FastifyInstance;
  readonly url: string;
  /** Requests that reached the ward routes, by path (without the query). */
  readonly wardCalls: Map<string, number>;
  close(): Promise<void>;
}

export const WARD_KEYS = { 'gia-vien': 'khoa-phuong-gia-vien-0123456789abcdef', 'an-bien': 'khoa-phuong-an-bien-0123456789abcdefgh' } as const;

export async function startTestHub(clock: TestClock): Promise<TestHub> {
  const dir = mkdtempSync(join(tmpdir(), 'lp-hub-'));
  const config = station(dir, [
    'quietHours: null',
    'ward: { name: UBND thành phố Hải Phòng, place: Hải Phòng }',
    'wards:',
    `  - { id: gia-vien, name: Phường Gia Viên, key: ${WARD_KEYS['gia-vien']} }`,
    // The hub may hold only the hash of a key.
    `  - { id: an-bien, name: Phường An Biên, key: "sha256:${(await import('node:crypto')).createHash('sha256').update(WARD_KEYS['an-bien']).digest('hex')}" }`,
    '',
  ].join('\n'));
  const stores = await openStores(config, { scrypt: TEST_SCRYPT });
  const now = () => new Date(clock.now());
  await ensureAdmin(stores.users, config, { now: now() });
  const hub = new Hub({ config, deliveries: stores.deliveries, directory: stores.wardDirectory, airings: stores.airings, audit: stores.audit, now });
  await hub.start();
  const app = await buildApp({ config, stores, station: new RecordingStation(config, now), renderer: createRenderer(config, { voices: createVoices(config) }), hub, now });
  const wardCalls = new Map<string, number>();
  app.addHook('onRequest', async (req) => {
    const path = req.url.split('?')[0];
    if (path.startsWith('/hub/')) wardCalls.set(path, (wardCalls.get(path) ?? 0) + 1);
  });
  await app.listen({ host: '127.0.0.1', port: 0 });

  const { port } = app.server.address() as { port: number };
  return {
    config, stores, hub, app, url: `http://127.0.0.1:${port}`, wardCalls,
    async close() {
      await app.close();
      await stores.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Our own playout port, as a test station: records each request and writes its airing rows. */
export class RecordingPlayout implements WardPlayout {
  readonly airNowCalls: Array<{ key: string; title: string; text: string }> = [];
  readonly airAtCalls: Array<{ key: string; title: string; channelId: string; startAt: number }> = [];
  planned: NextSession[] = [];
  failWith: Error | null = null;
  constructor(private readonly stores: Stores, private readonly clock: TestClock, private readonly channelIds: readonly string[] = ['chinh']) {}

  channels(): readonly string[] {
    return this.channelIds;
  }

  async airNow(r: { key: string; title: string; text: string }): Promise<void> {
    if (this.failWith) throw this.failWith;
    this.airNowCalls.push(r);
    // As the station does: one row per channel under `<key>:<channel>:0`, before the audio.
    const at = this.clock.now();
    for (const ch of this.channelIds) {
      const id = await this.stores.airings.begin({
        channelId: ch, key: `${r.key}:${ch}:0`, scheduledAt: new Date(at), startedAt: new Date(at),
        title: r.title, campaign: null, priority: 'khan-cap', contentHash: 'sha256:test', plannedSeconds: 12, voice: 'espeak', transmitter: 'none',
      });
      await this.stores.airings.finish(id, { status: 'aired', endedAt: new Date(at + 12_000) });
      await this.stores.airings.setVerified(id, true);
    }
  }

  async airAt(r: { key: string; title: string; text: string; channelId: string; startAt: number }): Promise<void> {
    this.airAtCalls.push({ key: r.key, title: r.title, channelId: r.channelId, startAt: r.startAt });
  }

  sessions(): readonly NextSession[] {
    return this.planned;
  }

  hasAired(key: string): Promise<boolean> {
    return this.stores.airings.hasAired(key);
  }

  status(): StationStatus {
    return {
      ward: 'Phường Gia Viên', now: new Date(this.clock.now()).toISOString(), next: [], warnings: [],
      channels: this.channelIds.map((id) => ({
        id, name: `Kênh ${id}`, mount: `/${id}`, listenUrl: `http://127.0.0.1:8000/${id}`, onAir: null, stream: 'up', transmitter: { kind: 'none', state: 'off' },
      })),
    };
  }
}

export interface TestWard {
  readonly config: Readonly<Config>;
  readonly stores: Stores;
  readonly playout: RecordingPlayout;
  link: WardLink;
  /** The ward's own web app (inbox, bulletins), not listening: `inject` it. */
  readonly app: FastifyInstance;
  /** A new link on the same stores (a restart of the ward). */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export async function startTestWard(hubUrl: string, key: string, clock: TestClock, opts: { start?: boolean } = {}): Promise<TestWard> {
  const dir = mkdtempSync(join(tmpdir(), 'lp-ward-'));
  const config = station(dir, 'quietHours: null\nward: { name: Phường Gia Viên }\n', {
    LOAPHUONG_UPSTREAM_URL: hubUrl, LOAPHUONG_UPSTREAM_KEY: key,
  });
  const upstream = { ...config.upstream!, waitSeconds: 5, reportSeconds: 1 };
  const stores = await openStores(config, { scrypt: TEST_SCRYPT });
  const now = () => new Date(clock.now());
  await ensureAdmin(stores.users, config, { now: now() });
  const playout = new RecordingPlayout(stores, clock);
  const makeLink = () => new WardLink({ upstream, store: stores.upstream, airings: stores.airings, playout, now: clock.now, log: () => undefined });
  const ward: TestWard = {
    config, stores, playout, link: makeLink(),
    app: await buildApp({ config, stores, station: new RecordingStation(config, now), renderer: createRenderer(config, { voices: createVoices(config) }), ward: null, now }),
    async restart() {
      await ward.link.stop();
      ward.link = makeLink();
      ward.link.start();
    },
    async close() {
      await ward.link.stop();
      await ward.app.close();
      await stores.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  if (opts.start !== false) ward.link.start();
  return ward;
}

/** Waits (bounded) until `pred` holds, looking every `everyMs`; the failure names what was awaited and the last value seen. */
export async function until<T>(what: string, fn: () => Promise<T> | T, pred: (v: T) => boolean, ms = 20_000, everyMs = 50): Promise<T> {
  const deadline = Date.now() + ms;
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await fn();
    if (pred(last)) return last;
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`timed out (${ms} ms) waiting for ${what}; last: ${JSON.stringify(last)?.slice(0, 2000)}`);
}
