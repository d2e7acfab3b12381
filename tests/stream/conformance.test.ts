/**
 * The one conformance suite of the stream port: every `IcecastServer` adapter must pass the same
 * checks, so playout can stay ignorant of which it has. The embedded adapter runs its own icecast2;
 * the external one is pointed at a second embedded server (another free loopback port) with that
 * server's generated source password, as a ward with its own Icecast would configure it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import {
  createSourceConnection, externalIcecast, frameMs, loadOrCreateSecrets, parseFrames, startEmbeddedIcecast,
  type IcecastServer, type SourceConnection,
} from '../../src/stream/index.js';
import { tone as toneFile, until } from '../playout/helpers.js';
import { freeLoopbackPort, listen, type Listener } from '../support/listener.js';

const dirs: string[] = [mkdtempSync(join(tmpdir(), 'lp-ice-tone-'))];
const cleanups: Array<() => Promise<void> | void> = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function embedded(): Promise<{ server: IcecastServer; dataDir: string; port: number }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'lp-ice-conf-'));
  dirs.push(dataDir);
  const port = await freeLoopbackPort();
  const server = await startEmbeddedIcecast({ dataDir, port, log: () => undefined });
  cleanups.push(() => server.stop());
  return { server, dataDir, port };
}

const answers = (port: number): Promise<boolean> =>
  fetch(`http://127.0.0.1:${port}/status-json.xsl`).then((r) => r.status === 200, () => false);

/** A 440 Hz tone's MP3 frames paced onto a source connection as a channel would: 0.3 s ahead, then in real time. */
async function pacedTone(source: SourceConnection): Promise<() => void> {
  const bytes = readFileSync(await toneFile(join(dirs[0], `tone-${Math.random().toString(36).slice(2)}.mp3`), 440, 30));
  const p = parseFrames(bytes)!;
  const F = frameMs(p.format);
  let i = 0;
  const t0 = Date.now();
  const timer = setInterval(() => {
    const due = Math.min(p.count, Math.floor((Date.now() - t0 + 300) / F));
    if (!source.writable()) return;
    const out: Buffer[] = [];
    for (; i < due; i++) out.push(bytes.subarray(p.offsets[i], p.offsets[i + 1]));
    if (out.length) source.write(Buffer.concat(out));
  }, 50);
  return () => clearInterval(timer);
}

interface Adapter {
  readonly name: string;
  /** The adapter under test, and whether the server it talks to still answers after its stop(). */
  make(): Promise<{ server: IcecastServer; answersAfterStop: boolean }>;
}

const adapters: Adapter[] = [
  {
    name: 'startEmbeddedIcecast',
    // Its own icecast2: stop() must take it down.
    make: async () => ({ server: (await embedded()).server, answersAfterStop: false }),
  },
  {
    name: 'externalIcecast',
    // Someone else's server: stop() lets go of it and must leave it running.
    make: async () => {
      const other = await embedded();
      const { source } = loadOrCreateSecrets(join(other.dataDir, 'icecast'));
      return { server: externalIcecast(`http://source:${encodeURIComponent(source)}@127.0.0.1:${other.port}`), answersAfterStop: true };
    },
  },
];

describe.each(adapters)('IcecastServer conformance: $name', (adapter) => {
  it('accepts our source connection, serves audio, sets and reads back a Vietnamese title, reports the mount, stops', async () => {
    const { server, answersAfterStop } = await adapter.make();
    const mount = '/kiem-tra';
    expect(await server.mountUp(mount)).toBe(false);

    // The credentials go in the request of our own connection (never on a command line): the mount appears.
    const { user, password } = server.sourceCredentials();
    const source = createSourceConnection({ host: server.host, port: server.port, mount, user, password, name: 'Kiểm tra', bitrateKbps: 64, sampleRate: 44100, channels: 1, log: () => undefined });
    source.start();
    const stopTone = await pacedTone(source);
    let listener: Listener | null = null;
    cleanups.push(async () => {
      stopTone();
      await listener?.stop();
      await source.close();
    });
    await until(() => source.state() === 'up', 8000, `${adapter.name}: source accepted`);
    const deadline = Date.now() + 8000;
    while (!(await server.mountUp(mount))) {
      if (Date.now() > deadline) throw new Error(`${adapter.name}: mount ${mount} never came up`);
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(await server.mountUp('/khong-co')).toBe(false);

    // listenUrl serves the tone a receiver would play.
    listener = listen(server.listenUrl(mount));
    const l = listener;
    await until(() => l.onset(0, 4000) !== undefined, 8000, `${adapter.name}: audio at ${server.listenUrl(mount)}`);

    // A title with every kind of Vietnamese diacritic comes back as written, not as entities.
    const title = 'Thông báo khẩn: Phường Đống Đa tiêm vắc-xin ngừa sởi (đợt 2)';
    await server.setTitle(mount, title);
    expect(await server.readBack(mount, title, 8000)).toBe(true);
    expect(await server.readBack(mount, 'Một tiêu đề chưa từng đặt', 1500)).toBe(false);
    expect(server.state()).toBe('up');

    // The source on the mount can be dropped (how a channel takes its mount back from a foreign source):
    // Icecast 2.4 takes the mount's source credentials for it as well as the admin's.
    expect(await server.killSource(mount)).toBe(true);
    await until(() => source.state() !== 'up', 5000, 'source dropped');

    await server.stop();
    expect(server.state()).toBe('down');
    expect(await answers(server.port)).toBe(answersAfterStop);
  }, 30_000);
});
