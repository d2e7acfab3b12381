/**
 * The composition root of `loaphuong start`: opens the stores, recovers from a crash, brings up
 * Icecast (embedded unless configured), one channel per configured channel, the scheduler loop and
 * the web app. `stop()` undoes all of it in reverse, so Ctrl-C leaves no process behind.
 */
import type { FastifyInstance } from 'fastify';
import { journalWarning } from '../airing/index.js';
import { capabilitiesKnown } from '../audio/ffmpeg.js';
import { createRendererProcess } from '../audio/render-process.js';
import { ensureDirectories, type Config } from '../config/index.js';
import { documentWork } from '../documents/index.js';
import { loadHardwareProfile } from '../config/hardware.js';
import { LpError, toLpError } from '../errors.js';
import { createChannel, createPlayoutClock, type Channel } from '../playout/index.js';
import { externalIcecast, portInUse, startEmbeddedIcecast, type IcecastServer } from '../stream/index.js';
import { loadLexicon } from '../text/index.js';
import { createTransmitter } from '../transmitter/index.js';
import { buildApp } from '../web/app.js';
import { ensureAdmin } from '../web/auth.js';
import { join } from 'node:path';
import { airNow } from './air-now.js';
import { LiveSessions } from './live.js';
import type { StationApi, StationStatus } from './api.js';
import { prepareItem, type PrepareDeps } from './prepare.js';
import { wireHub, type HubWiring } from './hub.js';
import { Scheduler } from './scheduler.js';
import { createTurnGate } from './turns.js';
import { openStores } from './stores.js';

export interface StationOptions {
  /** Where progress and problems are written (the terminal). @default console.log */
  readonly log?: (line: string) => void;
  /** @default Date.now */
  readonly now?: () => number;
}

export interface RunningStation {
  readonly api: StationApi;
  /** URL of the web UI. */
  readonly url: string;
  /** Set only at the very first start when no password was configured: shown once. */
  readonly generatedAdminPassword?: string;
  stop(): Promise<void>;
}

export async function startStation(config: Readonly<Config>, opts: StationOptions = {}): Promise<RunningStation> {
  const log = opts.log ?? ((line: string) => console.log(line));
  const now = opts.now ?? Date.now;
  const undo: Array<() => Promise<void> | void> = [];
  const stopAll = async () => {
    for (const fn of undo.reverse()) {
      try {
        await fn();
      } catch (e) {
        log(toLpError(e).toLine());
      }
    }
    undo.length = 0;
  };

  try {
    ensureDirectories(config);
    if (await portInUse(config.http.port, config.http.host)) {
      throw new LpError('LP_ERR_PORT_IN_USE', `giao diện web ${config.http.host}:${config.http.port} (LOAPHUONG_HTTP_PORT)`);
    }
    const stores = await openStores(config, { airingJournal: true });
    undo.push(() => stores.close());
    const { airings } = stores;
    const lastActivity = await airings.lastActivityAt();
    for (const row of await airings.recoverUnfinished(new Date(now()))) log(`đánh dấu bị ngắt (đài dừng đột ngột): ${row.title}`);

    const server: IcecastServer = config.icecast.url
      ? externalIcecast(config.icecast.url)
      // Every channel holds a source connection: Icecast must take them all (its default is 16).
      : await startEmbeddedIcecast({ dataDir: config.dataDir, port: config.icecast.port, log, maxSources: Math.max(16, config.channels.length + 4) });
    undo.push(() => server.stop());

    // One clock paces every channel: forty idle channels cost one timer, not forty.
    const clock = createPlayoutClock({ now, log });
    const channels = new Map<string, Channel>();
    for (const c of config.channels) {
      const profile = loadHardwareProfile(config.hardwareDir, c.hardware);
      const channel = createChannel({
        id: c.id, name: c.name, mount: c.mount, server, profile, clock,
        transmitter: createTransmitter(profile.transmitter), airings, log,
        cacheDir: join(config.dataDir, 'playout-cache'), loudness: config.loudness, relayFiller: config.relay.filler ?? null,
        deadAirSeconds: config.deadAirSeconds, repeats: stores.repeatPlans,
      });
      await channel.start();
      undo.push(() => channel.stop());
      channels.set(c.id, channel);
    }

    const renderer = createRendererProcess(config);
    undo.push(() => renderer.close());
    // Ready before the first khẩn cấp: the render process, a text thread and ffmpeg's answers, booted on
    // demand, made a fresh station's first air-now wait for them (bench air-now: 2198 → 1865 ms).
    renderer.warm();
    documentWork().warm();
    void capabilitiesKnown();
    const lexicon = loadLexicon(config.dataDir);
    const hardwareOf = new Map(config.channels.map((c) => [c.id, c.hardware]));
    // Each channel's audio is voiced for its own loudspeakers (hardware profile).
    const depsFor = (channelId: string): PrepareDeps => ({ renderer, lexicon, profileName: hardwareOf.get(channelId)! });
    const scheduler = new Scheduler({
      config, channels, airings, now, log,
      prepare: (item, channelId) => prepareItem(item, depsFor(channelId)), profileOf: (channelId) => hardwareOf.get(channelId)!,
    });
    scheduler.reload();
    const missed = await scheduler.recordMissedSince(lastActivity);
    if (missed) log(`${missed} lượt phát đã bị bỏ lỡ khi đài không chạy (ghi vào nhật ký)`);
    scheduler.start();
    undo.push(() => scheduler.stop());

    const live = new LiveSessions({ channels, now, timezone: config.timezone, quietHours: config.quietHours, loudness: config.loudness, log });
    undo.push(() => live.stopAll());
    let link: HubWiring | null = null;
    const journalWarnings = () => {
      const j = airings.journalState();
      return j ? [journalWarning(j)] : [];
    };
    const api: StationApi = {
      status: (): StationStatus => ({
        ward: config.ward.name,
        now: new Date(now()).toISOString(),
        channels: [...channels.values()].map((c) => c.state()),
        next: scheduler.upcoming(),
        // A channel's alarms (the mount taken, the log not written) come first: they need someone now.
        warnings: [...[...channels.values()].flatMap((c) => c.warnings()), ...journalWarnings(), ...scheduler.warnings(), ...(link?.warnings() ?? [])],
      }),
      airNow: (req) => airNow(req, { channels, depsFor, now, timezone: config.timezone, quietHours: config.quietHours, airings, log }),
      reloadSchedules: async () => scheduler.reload(),
      goLive: (req) => live.start(req),
    };

    const hubLink = await wireHub({ config, stores, api, channels, depsFor, upcoming: (limit) => scheduler.upcoming(limit), now, log });
    link = hubLink;
    undo.push(() => hubLink.stop());

    const admin = await ensureAdmin(stores.users, config);
    const app: FastifyInstance = await buildApp({ config, stores, station: api, renderer, hub: hubLink.hub, ward: hubLink.ward });
    // A burst of requests must not hold the clock that paces the air (turns.ts).
    const turns = createTurnGate();
    app.addHook('onRequest', async () => turns.admit());
    undo.push(() => app.close());
    await app.listen({ host: config.http.host, port: config.http.port });
    const url = `http://${config.http.host}:${config.http.port}/`;
    return { api, url, generatedAdminPassword: admin?.generated ? admin.password : undefined, stop: stopAll };
  } catch (e) {
    await stopAll();
    throw e;
  }
}
