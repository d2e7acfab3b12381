/**
 * The Icecast configuration of a city edge server: one icecast2 that pulls every ward's mounts
 * (and the hub's own programme) with Icecast's own `<relay>` and serves them to many listeners, so
 * a ward's 4G uplink carries one copy of its stream whatever the number of listeners. Built purely
 * from what the hub knows: each ward's reported channels, and where to reach its Icecast (the
 * ward's `stream` in the hub's config, else the address its channels report).
 *
 * Relays are always on (`on-demand` 0): loudspeaker receivers stay connected, and a relay started
 * on demand would cost its first listener the time to reach the ward.
 */
import { icecastXml, type IcecastRelay } from '../stream/icecast.js';

export interface EdgeWard {
  readonly id: string;
  readonly name: string;
  /** Base URL the edge pulls from (`http://host:port`); null: from the reported listen URLs. */
  readonly stream: string | null;
  /** The ward's channels as it last reported them; null: it has not reported yet. */
  readonly channels: ReadonlyArray<{ readonly mount: string; readonly listenUrl: string }> | null;
}

export interface EdgeOptions {
  readonly wards: readonly EdgeWard[];
  /** The hub's own channels (its programme mount, which wards relay with the `relay:` item). */
  readonly hubChannels: ReadonlyArray<{ readonly mount: string; readonly listenUrl: string }>;
  readonly port: number;
  readonly bindAddress: string;
  readonly hostname: string;
  readonly clients: number;
  /** null: logs to stderr. */
  readonly logDir: string | null;
  /** Add `<changeowner>` for an icecast2 started as root. */
  readonly changeOwner: boolean;
  readonly creds: { readonly source: string; readonly admin: string; readonly relay: string };
}

export interface EdgeConfig {
  readonly xml: string;
  readonly relays: readonly IcecastRelay[];
  /** Wards left out, and why (no report yet, an address that is not http). */
  readonly skipped: ReadonlyArray<{ readonly id: string; readonly reason: string }>;
}

function relayFrom(url: string, base: string | null, localMount: string): IcecastRelay | null {
  try {
    const u = new URL(url);
    const b = base ? new URL(base) : u;
    if (b.protocol !== 'http:') return null;
    return { server: b.hostname, port: Number(b.port || 80), mount: u.pathname, localMount };
  } catch {
    return null;
  }
}

/** Ward mounts appear on the edge as `/<ward id><mount>` (e.g. `/gia-vien/loaphuong`); the hub's as they are. */
export function edgeConfig(o: EdgeOptions): EdgeConfig {
  const relays: IcecastRelay[] = [];
  const skipped: Array<{ id: string; reason: string }> = [];
  for (const c of o.hubChannels) {
    const r = relayFrom(c.listenUrl, null, c.mount);
    if (r) relays.push(r);
  }
  for (const w of o.wards) {
    if (!w.channels?.length) {
      skipped.push({ id: w.id, reason: 'phường chưa báo cáo kênh nào lên trạm trung tâm' });
      continue;
    }
    for (const c of w.channels) {
      const r = relayFrom(c.listenUrl, w.stream, `/${w.id}${c.mount}`);
      if (r) relays.push(r);
      else skipped.push({ id: w.id, reason: `không tiếp âm được ${w.stream ?? c.listenUrl} (cần http://máy:cổng)` });
    }
  }
  const xml = icecastXml({
    port: o.port, creds: o.creds, logDir: o.logDir, asRoot: o.changeOwner, bindAddress: o.bindAddress, hostname: o.hostname,
    clients: o.clients, relays, maxSources: relays.length + 4,
  });
  return { xml, relays, skipped };
}
