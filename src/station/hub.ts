/**
 * The hub and ward halves of a station, wired from its config: a hub (`wards` listed) gets the
 * `Hub` its web routes serve wards from; a ward (`upstream` set) gets a `WardLink` that takes its
 * hub's bulletins into this station's own playout — khẩn cấp through air-now, ưu tiên into the
 * next session of each channel ahead of its own items, thông thường into the Bản tin inbox.
 */
import type { Config } from '../config/index.js';
import { Hub } from '../hub/hub.js';
import { WardLink, type WardPlayout } from '../hub/ward.js';
import type { Channel } from '../playout/index.js';
import type { StationApi, StationWarning, UpcomingItem } from './api.js';
import { prepareText, type PrepareDeps } from './prepare.js';
import type { Stores } from './stores.js';

export interface HubWiring {
  readonly hub: Hub | null;
  readonly ward: WardLink | null;
  /** For the home page (the hub unreachable). */
  warnings(): StationWarning[];
  stop(): Promise<void>;
}

export interface HubWiringDeps {
  readonly config: Readonly<Config>;
  readonly stores: Stores;
  readonly api: StationApi;
  readonly channels: ReadonlyMap<string, Channel>;
  readonly depsFor: (channelId: string) => PrepareDeps;
  /** The scheduler's upcoming blocks, soonest first. */
  readonly upcoming: (limit: number) => UpcomingItem[];
  readonly now: () => number;
  readonly log: (line: string) => void;
}

/** Who asks for an airing that came from the hub (the log and the audit trail name it). */
const HUB_REQUESTER = 'trạm trung tâm';

export async function wireHub(d: HubWiringDeps): Promise<HubWiring> {
  const { config, stores } = d;
  let hub: Hub | null = null;
  if (config.wards.length) {
    hub = new Hub({
      config, deliveries: stores.deliveries, directory: stores.wardDirectory, airings: stores.airings, audit: stores.audit, now: () => new Date(d.now()),
    });
    await hub.start();
    d.log(`trạm trung tâm của ${config.wards.length} phường/xã`);
  }
  let ward: WardLink | null = null;
  if (config.upstream) {
    const playout: WardPlayout = {
      channels: () => [...d.channels.keys()],
      airNow: async (r) => {
        await d.api.airNow({ text: r.text, title: r.title, priority: 'khan-cap', requestedBy: HUB_REQUESTER, key: r.key });
      },
      airAt: async (r) => {
        const audio = await prepareText(r.text, r.title, d.depsFor(r.channelId));
        const key = `${r.key}:${r.channelId}`;
        await d.channels.get(r.channelId)!.schedule({
          key, startAt: r.startAt, priority: 'uu-tien', campaign: null,
          items: [{ key: `${key}:0`, title: r.title, audioPath: audio.audioPath, contentHash: audio.contentHash, voice: audio.voice, scheduledAt: new Date(r.startAt) }],
        });
      },
      sessions: () => d.upcoming(500).map((u) => ({ channelId: u.channelId, startAt: Date.parse(u.startAt) })),
      hasAired: (key) => stores.airings.hasAired(key),
      status: () => d.api.status(),
    };
    ward = new WardLink({ upstream: config.upstream, store: stores.upstream, airings: stores.airings, playout, now: d.now, log: d.log });
    ward.start();
    d.log(`phường của trạm trung tâm ${config.upstream.url}`);
  }
  return {
    hub,
    ward,
    warnings: () => ward?.warnings() ?? [],
    stop: async () => {
      await ward?.stop();
    },
  };
}
