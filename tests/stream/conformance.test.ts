/**
 * The one conformance suite of the stream port: every `IcecastServer` adapter must pass the same
 * checks, so playout can stay ignorant of which it has. The embedded adapter runs its own icecast2;
 * the external one is pointed at a second embedded server (another free loopback port) with that
 * server's generated source password, as a ward with its own Icecast would configure it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { startFfmpeg, type LongRunningFfmpeg } from '../../src/audio/ffmpeg.js';
import {
  encoderCommand, externalIcecast, freeLoopbackPort, listen, loadOrCreateSecrets, PCM, startEmbeddedIcecast,
  type IcecastServer, type Listener,
} from '../../src/stream/index.js';
import { until } from '../playout/helpers.js';

const dirs: string[] = [];
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

/**
 * A paced 440 Hz tone (about −6 dBFS) in the channel's PCM, as the channel clock would write it:
 * half a second up front, then 100 ms every 100 ms.
 */
function tone(): { input: PassThrough; stop: () => void } {
  const input = new PassThrough();
  let n = 0;
  const chunk = (samples: number): Buffer => {
    const b = Buffer.alloc(samples * PCM.bytesPerSample);
    for (let i = 0; i < samples; i++, n++) b.writeInt16LE(Math.round(16_000 * Math.sin((2 * Math.PI * 440 * n) / PCM.sampleRate)), i * 2);
    return b;
  };
  input.write(chunk(PCM.sampleRate / 2));
  const timer = setInterval(() => input.write(chunk(PCM.sampleRate / 10)), 100);
  return { input, stop: () => clearInterval(timer) };
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
  it('accepts the encoder, serves audio, sets and reads back a Vietnamese title, reports the mount, stops', async () => {
    const { server, answersAfterStop } = await adapter.make();
    const mount = '/kiem-tra';
    expect(await server.mountUp(mount)).toBe(false);

    // The encoder's sourceUrl is accepted: the mount appears.
    const pcm = tone();
    const enc: LongRunningFfmpeg = startFfmpeg(encoderCommand({ sourceUrl: server.sourceUrl(mount), input: pcm.input, name: 'Kiểm tra' }));
    let listener: Listener | null = null;
    cleanups.push(async () => {
      pcm.stop();
      await listener?.stop();
      enc.kill();
      await enc.exited;
    });
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

    await server.stop();
    expect(server.state()).toBe('down');
    expect(await answers(server.port)).toBe(answersAfterStop);
  }, 30_000);
});
