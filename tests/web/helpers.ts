/** A temp station directory, an in-test StationApi, and login helpers for the web tests. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser } from 'playwright-core';
import { loadConfig, type Config } from '../../src/config/index.js';
import { createRenderer } from '../../src/audio/render.js';
import { createVoices } from '../../src/station/voices.js';
import type { AirNowRequest, AirNowResult, LiveRequest, LiveSession, LiveState, StationApi, StationStatus, StationWarning } from '../../src/station/api.js';
import { openStores, type Stores } from '../../src/station/stores.js';
import type { Role, ScryptParams } from '../../src/store/users.js';
import { buildApp } from '../../src/web/app.js';
import { ensureAdmin } from '../../src/web/auth.js';

/** Cheaper than production so the suite stays fast; the format and code path are the same. */
export const TEST_SCRYPT: ScryptParams = { N: 1 << 12, r: 8, p: 1 };
export const ADMIN_PASSWORD = 'mat-khau-quan-tri-1';
/** The repository's hardware profiles (the renderer reads `none`). */
const HARDWARE_DIR = fileURLToPath(new URL('../../hardware', import.meta.url));

/** A live session the test drives: what the web wrote to it, and its state set by hand. */
export class RecordingLiveSession implements LiveSession {
  readonly written: Buffer[] = [];
  stopped = false;
  dropped: string | null = null;
  current: LiveState = 'starting';
  #ended: ((why: string | null) => void) | null = null;
  keys = () => ['live:1:chinh'];
  state = () => this.current;
  onAirSince = () => (this.current === 'on-air' ? 1 : null);
  write(pcm: Buffer): void {
    this.written.push(pcm);
  }
  stop(): void {
    this.stopped = true;
  }
  drop(why: string): void {
    this.dropped = why;
  }
  onEnded(cb: (why: string | null) => void): void {
    this.#ended = cb;
  }
  /** The station says it is over. */
  end(why: string | null = null): void {
    this.current = 'ended';
    this.#ended?.(why);
  }
}

/** Our own port implemented in the test: records what the web asked of the station. */
export class RecordingStation implements StationApi {
  readonly liveCalls: LiveRequest[] = [];
  readonly liveSessions: RecordingLiveSession[] = [];
  liveError: Error | null = null;
  readonly airNowCalls: AirNowRequest[] = [];
  reloads = 0;
  reloadWarnings: StationWarning[] = [];
  airNowError: Error | null = null;
  /** Channel alarms the station reports (a mount taken, the log not written). */
  alarms: StationWarning[] = [];
  constructor(private readonly config: Readonly<Config>, private readonly clock: () => Date) {}

  status(): StationStatus {
    const last = this.airNowCalls.at(-1);
    return {
      ward: this.config.ward.name,
      now: this.clock().toISOString(),
      channels: this.config.channels.map((c) => ({
        id: c.id, name: c.name, mount: c.mount, listenUrl: `http://127.0.0.1:8000${c.mount}`,
        onAir: last ? { title: last.title ?? 'Bản tin', campaign: null, priority: last.priority, startedAt: new Date(this.clock().getTime() - 65_000).toISOString(), airingId: 1 } : null,
        stream: 'up', transmitter: { kind: 'none', state: last ? 'on' : 'off' },
      })),
      next: [{ key: 'nq57#0@x/chinh', title: 'Nghị quyết 57 về khoa học công nghệ', campaign: 'Tuyên truyền Nghị quyết 57-NQ/TW', priority: 'thuong', channelId: 'chinh', startAt: new Date(this.clock().getTime() + 3600_000).toISOString(), render: 'ready' }],
      warnings: [...this.alarms, { code: 'LP_ERR_TEXT_SUSPECT', message: 'Văn bản có dấu hiệu lỗi nhận dạng chữ', subject: 'scripts-audio/ocr.txt' }],
    };
  }

  async airNow(req: AirNowRequest): Promise<AirNowResult> {
    if (this.airNowError) throw this.airNowError;
    this.airNowCalls.push(req);
    const keys = Array.from({ length: req.repeat ?? 1 }, (_, i) => `air-now-${this.airNowCalls.length}-${i}/chinh`);
    return { keys, startsAt: this.clock().toISOString() };
  }

  async reloadSchedules(): Promise<readonly StationWarning[]> {
    this.reloads++;
    return this.reloadWarnings;
  }

  goLive(req: LiveRequest): LiveSession {
    if (this.liveError) throw this.liveError;
    this.liveCalls.push(req);
    const s = new RecordingLiveSession();
    this.liveSessions.push(s);
    return s;
  }
}

export interface Harness {
  readonly dir: string;
  readonly config: Readonly<Config>;
  /** The real stores (SQLite in the temp data dir), as the station builds them. */
  readonly stores: Stores;
  readonly station: RecordingStation;
  readonly app: FastifyInstance;
  /** Mutable test clock. */
  clock: { now: Date };
  close(): Promise<void>;
}

/**
 * `configYaml`: a `loaphuong.config.yaml` for the station (keys the environment cannot set);
 * `env`: extra settings (LOAPHUONG_…) on top of the temp station's.
 */
export async function makeHarness(start = new Date('2026-11-20T01:00:00Z'), opts: { configYaml?: string; env?: Record<string, string> } = {}): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'lp-web-'));
  for (const d of ['data', 'schedules', 'content']) mkdirSync(join(dir, d));
  if (opts.configYaml) writeFileSync(join(dir, 'loaphuong.config.yaml'), opts.configYaml);
  const config = loadConfig({
    cwd: dir,
    env: { LOAPHUONG_DATA_DIR: 'data', LOAPHUONG_SCHEDULES_DIR: 'schedules', LOAPHUONG_CONTENT_DIR: 'content', LOAPHUONG_HARDWARE_DIR: HARDWARE_DIR, LOAPHUONG_ADMIN_PASSWORD: ADMIN_PASSWORD, ...opts.env },
  });
  const clock = { now: start };
  const stores = await openStores(config, { scrypt: TEST_SCRYPT });
  await ensureAdmin(stores.users, config, { now: start });
  const station = new RecordingStation(config, () => clock.now);
  const app = await buildApp({ config, stores, station, renderer: createRenderer(config, { voices: createVoices(config) }), now: () => clock.now });
  return {
    dir, config, stores, station, app, clock,
    async close() {
      await app.close();
      await stores.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function addUser(h: Harness, username: string, role: Role, password = `${username}-mat-khau`): Promise<string> {
  await h.stores.users.create(username, password, role, h.clock.now);
  return password;
}

export interface Login {
  readonly cookie: string;
  readonly csrf: string;
  /** Headers for a JSON request that changes state. */
  readonly headers: Record<string, string>;
}

export async function login(app: FastifyInstance, username: string, password: string): Promise<Login> {
  const res = await app.inject({ method: 'POST', url: '/api/login', payload: { username, password } });
  if (res.statusCode !== 200) throw new Error(`login ${username}: ${res.statusCode} ${res.body}`);
  const c = res.cookies.find((x) => x.name === 'lp_session')!;
  const cookie = `lp_session=${c.value}`;
  const csrf = res.json().csrf as string;
  return { cookie, csrf, headers: { cookie, 'x-csrf-token': csrf } };
}

/**
 * Debian's Chromium, never a downloaded browser; the flags keep it off the (closed) network.
 * `extraArgs`: more flags (a fake microphone playing a WAV file, for the live page).
 */
export function launchChromium(extraArgs: readonly string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', ...extraArgs],
  });
}
