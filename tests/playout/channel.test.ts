/**
 * A channel for real: embedded icecast2 on a free loopback port, the channel's own source
 * connection pacing MP3 frames, a listener decoding the mount, the SQLite airing log, an
 * http-relay transmitter on a local server. Times the channel decides are read from its injected
 * clock (what it recorded), never compared with a real-time window.
 */
import { connect, createServer as createTcpServer, type Server as TcpServer, type Socket } from 'node:net';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AiringStore } from '../../src/airing/index.js';
import type { HardwareProfile } from '../../src/config/hardware.js';
import { runFfmpeg } from '../../src/audio/ffmpeg.js';
import { createChannel, createPlayoutClock, type Channel, type ChannelOptions, type PlayoutBlock, type RepeatPlanStore } from '../../src/playout/index.js';
import { openStores } from '../../src/station/stores.js';
import { loadOrCreateSecrets, parseFrames, sourceRequest, startEmbeddedIcecast, type IcecastServer } from '../../src/stream/index.js';
import { createTransmitter, type TransmitterPort } from '../../src/transmitter/index.js';
import { listen, type Listener } from '../support/listener.js';
import { pacedUpstream } from '../support/upstream.js';
import { freePort, powerAt, sleep, tone, until } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'lp-playout-'));
let server: IcecastServer;
let log: AiringStore;
let repeats: RepeatPlanStore;
let relay: Server;
let relayBase = '';
const relaySeen: Array<{ what: string; at: number }> = [];
const channels: Channel[] = [];
const listeners: Listener[] = [];
const files: Record<string, string> = {};

const profile = (over: Partial<HardwareProfile> = {}): HardwareProfile => ({
  name: 'none', description: '', transmitter: { kind: 'none' }, preRollSeconds: 0, postRollSeconds: 0,
  audio: { highpassHz: 250, lowpassHz: 6000, compress: true, format: 'mp3', sampleRate: 44100, channels: 1, bitrateKbps: 64 },
  ...over,
});

/** The channels' clock: the wall time, read through one function so the test sees what they saw. */
const clock = createPlayoutClock({ log: () => undefined });
/** When (on the channels' clock) the transmitter was asked to key on and off, per channel. */
const keyed = new Map<string, Array<{ to: 'on' | 'off'; at: number }>>();
function recording(id: string, tx: TransmitterPort): TransmitterPort {
  const seen: Array<{ to: 'on' | 'off'; at: number }> = [];
  keyed.set(id, seen);
  return { kind: tx.kind, state: () => tx.state(), on: () => (seen.push({ to: 'on', at: clock.now() }), tx.on()), off: () => (seen.push({ to: 'off', at: clock.now() }), tx.off()) };
}

const logs = new Map<string, string[]>();
const upstreams: Array<{ kill(): void }> = [];
function channel(id: string, over: Partial<HardwareProfile> = {}, via: IcecastServer = server, airings: AiringStore = log, extra: Partial<ChannelOptions> = {}): Channel {
  const p = profile(over);
  const lines: string[] = [];
  logs.set(id, lines);
  const c = createChannel({
    id, name: `Kênh ${id}`, mount: `/${id}`, server: via, transmitter: recording(id, createTransmitter(p.transmitter)), profile: p, airings,
    clock, cacheDir: join(dir, 'cache'), log: (l) => lines.push(l), ...extra,
  });
  channels.push(c);
  return c;
}

const block = (key: string, startAt: number, audio: string, priority: PlayoutBlock['priority'] = 'thuong'): PlayoutBlock => ({
  key, startAt, priority, campaign: 'Thử nghiệm', items: [{ key: `${key}/1`, title: `Bản tin ${key}`, audioPath: audio, contentHash: key }],
});

const rows = async (key: string) => (await log.list()).filter((r) => r.key === key || r.key.startsWith(`${key}~`));

beforeAll(async () => {
  server = await startEmbeddedIcecast({ dataDir: dir, port: await freePort(), log: () => undefined });
  ({ airings: log, repeatPlans: repeats } = await openStores({ dataDir: dir }));
  relay = createServer((req, res) => {
    relaySeen.push({ what: new URL(req.url ?? '/', 'http://x').searchParams.get('turn') ?? '?', at: Date.now() });
    res.end('ok');
  });
  await new Promise<void>((r) => relay.listen(0, '127.0.0.1', r));
  relayBase = `http://127.0.0.1:${(relay.address() as AddressInfo).port}`;
  const [a, b, long] = await Promise.all([
    tone(join(dir, 'a-1000.mp3'), 1000, 1.5),
    tone(join(dir, 'b-440.mp3'), 440, 1.5),
    tone(join(dir, 'long-660.mp3'), 660, 4),
  ]);
  Object.assign(files, { a, b, long });
});

afterAll(async () => {
  for (const l of listeners) await l.stop();
  for (const f of intruders) f.close();
  for (const c of channels) await c.stop();
  await server?.stop();
  relay?.close();
  for (const u of upstreams) u.kill();
  rmSync(dir, { recursive: true, force: true });
});

/**
 * A TCP proxy between a channel and Icecast that the test can cut: `cut()` drops the connection
 * and refuses new ones until `restore()`. The channel sees it as the server (listeners and the
 * admin API still go straight to Icecast).
 */
async function cuttable(): Promise<{ server: IcecastServer; cut(): void; restore(): void; close(): void }> {
  let open = true;
  const pairs = new Set<[Socket, Socket]>();
  const tcp: TcpServer = createTcpServer((inbound) => {
    if (!open) return inbound.destroy();
    const out = connect(server.port, '127.0.0.1');
    const pair: [Socket, Socket] = [inbound, out];
    pairs.add(pair);
    inbound.pipe(out).pipe(inbound);
    const end = () => (inbound.destroy(), out.destroy(), pairs.delete(pair));
    inbound.on('error', end).on('close', end);
    out.on('error', end).on('close', end);
  });
  await new Promise<void>((r) => tcp.listen(0, '127.0.0.1', r));
  const port = (tcp.address() as AddressInfo).port;
  return {
    server: { ...server, port },
    cut() {
      open = false;
      for (const [a, b] of pairs) (a.destroy(), b.destroy());
    },
    restore() {
      open = true;
    },
    close() {
      for (const [a, b] of pairs) (a.destroy(), b.destroy());
      tcp.close();
    },
  };
}

const intruders: Array<{ close(): void }> = [];
/** A foreign source: Icecast's PUT with the (leaked) source password, then a file's frames in a loop. */
async function foreignSource(mount: string, file: string): Promise<{ accepted: boolean; closed: boolean; close(): void }> {
  const { source } = loadOrCreateSecrets(join(dir, 'icecast'));
  const bytes = readFileSync(file);
  const p = parseFrames(bytes)!;
  const state = { accepted: false, closed: false, close: () => undefined as void };
  const sock = connect(server.port, '127.0.0.1');
  let timer: NodeJS.Timeout | null = null;
  state.close = () => {
    if (timer) clearInterval(timer);
    sock.destroy();
  };
  intruders.push(state);
  sock.on('close', () => {
    state.closed = true;
    if (timer) clearInterval(timer);
  });
  sock.on('error', () => undefined);
  sock.once('data', (d) => {
    state.accepted = /^HTTP\/1\.\d 200/.test(d.toString());
    let i = 0;
    timer = setInterval(() => {
      const frames: Buffer[] = [];
      for (let k = 0; k < 4; k++, i = (i + 1) % p.count) frames.push(bytes.subarray(p.offsets[i], p.offsets[i + 1]));
      sock.write(Buffer.concat(frames));
    }, 100);
  });
  sock.write(sourceRequest({ host: '127.0.0.1', port: server.port, mount, user: 'source', password: source, name: 'kẻ lạ', bitrateKbps: 64, sampleRate: 44100, channels: 1 }));
  return state;
}


/** Connects a listener and waits until the burst is through and live audio flows. */
async function listener(c: Channel): Promise<Listener> {
  const l = listen(c.state().listenUrl);
  listeners.push(l);
  await until(async () => l.samples().length > 0, 8000, 'listener audio');
  await sleep(500);
  return l;
}

describe('a channel on the air', () => {
  it('airs an item at its instant: heard within a second, logged aired and verified, transmitter keyed around it', async () => {
    const c = channel('mot', { name: 'relay', transmitter: { kind: 'http-relay', onUrl: `${relayBase}/?turn=on`, offUrl: `${relayBase}/?turn=off`, method: 'GET', timeoutMs: 1000 }, preRollSeconds: 1, postRollSeconds: 0.5 });
    await c.start();
    expect(c.state().stream).toBe('up');
    const l = await listener(c);
    const startAt = Date.now() + 2000;
    await c.schedule(block('one', startAt, files.a));
    expect(c.queued().map((q) => q.key)).toEqual(['one']);
    await until(async () => (await rows('one/1'))[0]?.status === 'aired', 8000, 'aired');

    const from = l.indexAt(startAt - 1500);
    // The row can be written before a loaded machine's listener has decoded what it received.
    await until(() => l.onset(from) !== undefined, 5000, 'the tone heard');
    const at = l.onset(from);
    const heardAt = l.arrivalOf(at!)!;
    expect(Math.abs(heardAt - startAt)).toBeLessThan(1000);
    // The whole 1.5 s tone is there, not a blip.
    expect(powerAt(l.samples(), at! + 1600, 16000, 1000, l.sampleRate)).toBeGreaterThan(100 * powerAt(l.samples(), at! + 1600, 16000, 440, l.sampleRate));

    const r = (await rows('one/1'))[0];
    expect(r.channelId).toBe('mot');
    // Logged start = the moment the first frame went to the stream: held to the instant less the
    // onset's delivery (5 ms), as the channel planned it — the row is exact, not a tick's jitter.
    expect(Date.parse(r.startedAt!)).toBe(startAt - 5);
    expect(r.durationSec).toBeGreaterThan(1.2);
    await until(async () => (await log.list()).find((x) => x.key === 'one/1')?.verified === true, 15000, 'verified');

    await until(() => relaySeen.some((s) => s.what === 'off'), 3000, 'relay off');
    // Keyed on never later than a pre-roll before the first frame, and released only after the end plus post-roll.
    const [on, off] = keyed.get('mot')!;
    expect(on.to).toBe('on');
    expect(on.at).toBeGreaterThanOrEqual(startAt - 5 - 1000);
    expect(on.at).toBeLessThanOrEqual(Date.parse(r.startedAt!) - 1000 + 100);
    expect(off.to).toBe('off');
    expect(off.at).toBeGreaterThanOrEqual(Date.parse(r.endedAt!) + 500);
    // The relay logs the request on arrival; the port records "off" once the answer is back.
    await until(async () => c.state().transmitter.state !== 'on', 3000, 'relay answered');
    expect(c.state().transmitter).toEqual({ kind: 'http-relay', state: 'off' });
  });

  it('two channels air different items at the same instant', async () => {
    const [c1, c2] = [channel('hai'), channel('ba')];
    await Promise.all([c1.start(), c2.start()]);
    const [l1, l2] = await Promise.all([listener(c1), listener(c2)]);
    const startAt = Date.now() + 1500;
    await Promise.all([c1.schedule(block('two-a', startAt, files.a)), c2.schedule(block('two-b', startAt, files.b))]);
    await until(async () => (await rows('two-a/1'))[0]?.status === 'aired' && (await rows('two-b/1'))[0]?.status === 'aired', 8000, 'both aired');
    await sleep(300);
    for (const [l, want, other] of [[l1, 1000, 440], [l2, 440, 1000]] as const) {
      await until(() => l.onset(l.indexAt(startAt - 1000)) !== undefined, 5000, 'the tone heard');
      const at = l.onset(l.indexAt(startAt - 1000));
      expect(Math.abs(l.arrivalOf(at!)! - startAt)).toBeLessThan(1000);
      const s = l.samples();
      expect(powerAt(s, at! + 1600, 16000, want, l.sampleRate)).toBeGreaterThan(100 * powerAt(s, at! + 1600, 16000, other, l.sampleRate));
    }
  });

  it('khẩn cấp cuts in: the cut item is logged interrupted and airs again afterwards from its start', async () => {
    const c = channel('bon');
    await c.start();
    const startAt = Date.now() + 800;
    await c.schedule(block('normal', startAt, files.long));
    await until(async () => c.onAir()?.itemKey === 'normal/1', 4000, 'normal on air');
    await sleep(1000);
    const { keys } = await c.airNow({ key: 'alarm', priority: 'khan-cap', campaign: 'Phòng chống bão', items: [{ key: 'alarm/1', title: 'Khẩn cấp: bão', audioPath: files.a, contentHash: 'alarm' }] }, { repeat: 2, intervalMs: 300 });
    expect(keys).toEqual(['alarm', 'alarm#2']);
    await until(async () => (await rows('normal/1')).some((r) => r.key === 'normal/1~r1' && r.status === 'aired'), 15000, 'resumed item aired');

    const cutRow = (await rows('normal/1')).find((r) => r.key === 'normal/1')!;
    expect(cutRow.status).toBe('interrupted');
    expect(cutRow.reason).toMatch(/alarm/);
    const alarm = (await log.list()).filter((r) => r.key.startsWith('alarm/1'));
    expect(alarm.map((r) => [r.key, r.status, r.priority])).toEqual([['alarm/1', 'aired', 'khan-cap'], ['alarm/1#2', 'aired', 'khan-cap']]);
    const resumed = (await rows('normal/1')).find((r) => r.key === 'normal/1~r1')!;
    // Order on the air: normal (cut) → alarm → alarm#2 → normal again, each after the previous ended
    // (within one frame: the end of an item is its last frame's air time, the next start its hand-off).
    const starts = [cutRow, alarm[0], alarm[1], resumed].map((r) => Date.parse(r.startedAt!));
    expect([...starts].sort((x, y) => x - y)).toEqual(starts);
    expect(Date.parse(alarm[0].startedAt!)).toBeGreaterThanOrEqual(Date.parse(cutRow.endedAt!) - 27);
    expect(resumed.durationSec).toBeGreaterThan(3.5);
  });

  it('air-now repeats outlive the channel: a restart airs each repeat still due once, and logs missed one past its late window', async () => {
    const first = channel('lap', {}, server, log, { repeats });
    await first.start();
    const alarm = { key: 'lap', priority: 'khan-cap' as const, campaign: null, items: [{ key: 'lap/1', title: 'Khẩn cấp lặp lại', audioPath: files.a, contentHash: 'lap' }] };
    expect((await first.airNow(alarm, { repeat: 3, intervalMs: 2500 })).keys).toEqual(['lap', 'lap#2', 'lap#3']);
    await until(async () => (await log.list()).some((r) => r.key === 'lap/1' && r.status === 'aired'), 8000, 'repeat 1 aired');
    // The process ends between repeats (its queue dies with it); a new one starts on the same store.
    await first.stop();
    expect((await repeats.pending('lap')).map((p) => [p.block.key, p.onRecord])).toEqual([['lap#2', false], ['lap#3', false]]);
    const again = channel('lap', {}, server, log, { repeats });
    await again.start();
    await until(async () => (await log.list()).some((r) => r.key === 'lap/1#3' && r.status === 'aired'), 20_000, 'repeat 3 aired');
    const mine = (await log.list()).filter((r) => r.key.startsWith('lap/1'));
    expect(mine.map((r) => [r.key, r.status]).sort((x, y) => (x[0] < y[0] ? -1 : 1)), JSON.stringify(logs.get('lap'))).toEqual([['lap/1', 'aired'], ['lap/1#2', 'aired'], ['lap/1#3', 'aired']]);
    // Each repeat kept its planned instant (or later, never earlier): the restart did not pull it forward.
    const planned = (k: string) => Date.parse(mine.find((r) => r.key === k)!.scheduledAt);
    expect(planned('lap/1#3') - planned('lap/1#2')).toBeGreaterThanOrEqual(2500);
    await again.stop();
    // A third start finds them on record: nothing airs twice, and the plan is emptied.
    const late: PlayoutBlock = { ...block('tre', clock.now() - 5000, files.a, 'khan-cap'), key: 'tre#2', items: [{ key: 'tre/1#2', title: 'Lặp quá hạn', audioPath: files.a, contentHash: 'tre' }] };
    await repeats.plan('lap', [late], new Date(clock.now() - 60_000));
    const third = channel('lap', {}, server, log, { repeats, maxLateMs: 1000 });
    await third.start();
    await until(async () => (await repeats.pending('lap')).length === 0, 5000, 'plan settled');
    const after = (await log.list()).filter((r) => r.key.startsWith('lap/1') || r.key.startsWith('tre/'));
    expect(after.filter((r) => r.key.startsWith('lap/1'))).toHaveLength(3);
    const missed = after.find((r) => r.key === 'tre/1#2');
    expect(missed?.status).toBe('missed');
    expect(missed?.reason).toMatch(/khởi động lại quá/);
  });

  it('the connection to Icecast cut mid-item: the item ends partial with the real seconds off the stream, nothing airs twice, the mount comes back', async () => {
    const proxy = await cuttable();
    const c = channel('nam', {}, proxy.server);
    await c.start();
    const startAt = clock.now() + 500;
    await c.schedule(block('victim', startAt, files.long));
    await until(async () => c.onAir()?.itemKey === 'victim/1', 3000, 'on air');
    await sleep(800);
    // Cut for 1.5 s on the channels' clock (as Icecast sees it: the connection is gone, new ones refused).
    const cutAt = clock.now();
    proxy.cut();
    await until(() => c.state().stream !== 'up', 2000, 'stream down');
    await sleep(1500);
    const heldMs = clock.now() - cutAt;
    proxy.restore();
    await until(() => c.state().stream === 'up', 10000, 'stream up again');
    await until(async () => (await rows('victim/1'))[0]?.status !== 'on-air', 8000, 'victim ended');
    const r = await rows('victim/1');
    expect(r).toHaveLength(1);
    expect(r[0].status).toBe('partial');
    // Never under-reported: at least the time the connection was held down; at most that plus the reconnect back-off.
    const lost = Number(/(\d+\.\d) s không lên sóng/.exec(r[0].reason ?? '')?.[1]) * 1000;
    expect(lost, r[0].reason ?? '').toBeGreaterThanOrEqual(heldMs - 100);
    expect(lost, r[0].reason ?? '').toBeLessThan(heldMs + 2500);
    const back = logs.get('nam')!.find((l) => /luồng phát lên lại sau/.test(l))!;
    expect(Number(/sau (\d+\.\d) s/.exec(back)![1]) * 1000).toBeGreaterThanOrEqual(heldMs - 100);

    // The same key again is refused (on record), a new item airs normally on the recovered mount.
    const l = await listener(c);
    const again = clock.now() + 800;
    await c.schedule(block('victim', again, files.long));
    await c.schedule(block('after', again + 100, files.b));
    await until(async () => (await rows('after/1'))[0]?.status === 'aired', 8000, 'after aired');
    expect((await rows('victim/1'))).toHaveLength(1);
    await until(() => l.onset(l.indexAt(again - 1000)) !== undefined, 5000, 'the tone heard');
    const at = l.onset(l.indexAt(again - 1000));
    expect(Math.abs(l.arrivalOf(at!)! - (again + 100))).toBeLessThan(1000);
    proxy.close();
  });

  it('a foreign source that takes the mount while our connection is down is detected, dropped, alarmed and noted', async () => {
    const proxy = await cuttable();
    const c = channel('tam', {}, proxy.server);
    await c.start();
    const l = await listener(c);
    await c.schedule(block('bi-chiem', clock.now() + 500, files.long));
    await until(() => c.onAir()?.itemKey === 'bi-chiem/1', 3000, 'on air');
    proxy.cut();
    await until(() => c.state().stream !== 'up', 2000, 'stream down');
    // Someone with the leaked password takes /tam with a 440 Hz tone while we are away.
    const intruder = await foreignSource('/tam', files.b);
    await until(() => intruder.accepted, 3000, 'intruder accepted');
    proxy.restore();
    await until(() => intruder.closed, 10_000, 'intruder dropped');
    await until(() => c.state().stream === 'up', 10_000, 'our stream back');
    const w = c.warnings().find((x) => x.code === 'LP_ERR_MOUNT_TAKEN');
    expect(w?.message).toMatch(/đã giành lại/);
    expect(logs.get('tam')!.some((x) => x.startsWith('LP_ERR_MOUNT_TAKEN'))).toBe(true);
    await until(async () => (await rows('bi-chiem/1'))[0]?.status !== 'on-air', 10_000, 'item ended');
    expect((await rows('bi-chiem/1'))[0].reason).toMatch(/bị nguồn lạ chiếm/);
    void l;
    proxy.close();
  });

  it('an item in another format (WAV) is converted once ahead of its slot and airs', async () => {
    const wav = join(dir, 'tone.wav');
    await runFfmpeg({ label: 'test wav', inputs: [{ source: 'sine=frequency=1000:duration=1:sample_rate=22050', options: ['-f', 'lavfi'] }], output: wav, outputOptions: ['-af', 'volume=4', '-ac', '2'] });
    const c = channel('chin');
    await c.start();
    const l = await listener(c);
    const startAt = clock.now() + 1500;
    await c.schedule(block('wav', startAt, wav));
    await until(async () => (await rows('wav/1'))[0]?.status === 'aired', 8000, 'wav aired');
    await until(() => l.onset(l.indexAt(startAt - 1000)) !== undefined, 5000, 'the tone heard');
    const at = l.onset(l.indexAt(startAt - 1000));
    expect(Math.abs(l.arrivalOf(at!)! - startAt)).toBeLessThan(1000);
  });

  it('relays an upstream stream live (tiếp âm): the listener hears it, the airing is logged', async () => {
    const up = channel('nguon');
    const relay = channel('tiep-am');
    await Promise.all([up.start(), relay.start()]);
    const l = await listener(relay);
    // The upstream airs a 12 s 660 Hz tone; the relay, loaded ahead like any block (its leveller
    // needs a few seconds), takes 4 s of it.
    const upstream = await tone(join(dir, 'upstream-660.mp3'), 660, 12);
    await up.schedule(block('goc', clock.now() + 1000, upstream));
    const startAt = clock.now() + 6000;
    await relay.schedule({ key: 'ra', startAt, priority: 'thuong', campaign: 'Tiếp âm huyện', items: [{ kind: 'relay', key: 'ra/1', title: 'Tiếp âm đài huyện', url: up.state().listenUrl, durationMs: 4000 }] });
    await until(async () => { const st = (await rows('ra/1'))[0]?.status; return st !== undefined && st !== 'on-air'; }, 15_000, 'relay ended');
    const row = (await rows('ra/1'))[0];
    expect(row.status, `${row.reason}\n${logs.get('tiep-am')!.join('\n')}`).toBe('aired');
    expect(row.voice).toBe('relay');
    const s = l.samples();
    const from = l.indexAt(Date.parse(row.startedAt!) + 1500);
    expect(powerAt(s, from, 16000, 660, l.sampleRate)).toBeGreaterThan(100 * powerAt(s, from, 16000, 1000, l.sampleRate));
  });

  it('an upstream killed mid-relay: the relay goes on in silence to the end of its window, partial with the seconds relayed', async () => {
    const upstream = await pacedUpstream(await tone(join(dir, 'upstream-880.mp3'), 880, 30));
    upstreams.push(upstream);
    const c = channel('tiep-am-dut');
    await c.start();
    const l = await listener(c);
    // Ahead enough for the leveller's 3 s look-ahead to fill before the slot.
    const startAt = clock.now() + 5000;
    await c.schedule({ key: 'rk', startAt, priority: 'thuong', campaign: 'Tiếp âm huyện', items: [{ kind: 'relay', key: 'rk/1', title: 'Thời sự huyện', url: upstream.url, durationMs: 8000 }] });
    await until(() => c.onAir()?.itemKey === 'rk/1', 8000, 'relay on air');
    await sleep(3000);
    upstream.kill();
    await until(async () => { const st = (await rows('rk/1'))[0]?.status; return st !== undefined && st !== 'on-air'; }, 20_000, 'relay ended');
    const row = (await rows('rk/1'))[0];
    const why = `${row.reason}\n${logs.get('tiep-am-dut')!.join('\n')}`;
    expect(row.status, why).toBe('partial');
    const m = /tiếp âm được (\d+\.\d) s trong (\d+\.\d) s; mất tín hiệu \d+ lần \(lần đầu ở giây (\d+\.\d)\)/.exec(row.reason ?? '');
    expect(m, why).not.toBeNull();
    const relayed = Number(m![1]);
    // Killed 3 s in; the leveller hands on what it held (up to its 3 s look-ahead, trimmed to the queue).
    expect(relayed).toBeGreaterThan(2);
    expect(relayed).toBeLessThan(7.5);
    expect(Number(m![2])).toBeCloseTo(8, 0);
    // The row's duration is what was relayed; its end is the window's end.
    expect(row.durationSec).toBeCloseTo(relayed, 0);
    expect(Date.parse(row.endedAt!) - Date.parse(row.startedAt!)).toBeGreaterThan(7800);
    // Heard: the upstream's 880 Hz tone in the first second of the relay.
    const s = l.samples();
    const from = l.indexAt(Date.parse(row.startedAt!) + 1300);
    expect(powerAt(s, from, 8000, 880, l.sampleRate)).toBeGreaterThan(100 * powerAt(s, from, 8000, 1000, l.sampleRate));
    expect(c.warnings().map((w) => w.code)).toContain('LP_ERR_RELAY_UPSTREAM');
  });

  it('two channels relaying the same upstream share one encoder (one connection upstream), each airs it to the end', async () => {
    const upstream = await pacedUpstream(await tone(join(dir, 'upstream-550.mp3'), 550, 30));
    upstreams.push(upstream);
    const [a, b] = [channel('chung-a'), channel('chung-b')];
    await Promise.all([a.start(), b.start()]);
    // Ahead enough for the leveller's 3 s look-ahead to fill before the slot, on a loaded machine too.
    const startAt = clock.now() + 7000;
    const relayOf = (key: string) => ({ key, startAt, priority: 'thuong' as const, campaign: 'Tiếp âm huyện', items: [{ kind: 'relay' as const, key: `${key}/1`, title: 'Thời sự huyện', url: upstream.url, durationMs: 3000 }] });
    await Promise.all([a.schedule(relayOf('ca')), b.schedule(relayOf('cb'))]);
    const done = async (k: string) => { const st = (await rows(k))[0]?.status; return st !== undefined && st !== 'on-air'; };
    await until(async () => (await done('ca/1')) && (await done('cb/1')), 20_000, 'both relays ended');
    for (const k of ['ca/1', 'cb/1']) {
      const row = (await rows(k))[0];
      expect(row.status, `${k}: ${row.reason}`).toBe('aired');
    }
    expect(upstream.connections()).toBe(1);
  });

  it('an upstream that never came: silence on the mount, the relay on record as missed with why, a warning', async () => {
    const c = channel('tiep-am-mat');
    await c.start();
    const port = await freePort();
    await c.schedule({ key: 'rm', startAt: clock.now() + 1500, priority: 'thuong', campaign: 'Tiếp âm huyện', items: [{ kind: 'relay', key: 'rm/1', title: 'Thời sự tỉnh', url: `http://127.0.0.1:${port}/tinh`, durationMs: 3000 }] });
    await until(() => c.onAir()?.itemKey === 'rm/1', 5000, 'relay window open');
    // While it waits, the home page says so.
    await until(() => c.warnings().some((w) => w.code === 'LP_ERR_RELAY_UPSTREAM' && /chưa có tín hiệu/.test(w.message)), 4000, 'waiting warning');
    await until(async () => { const st = (await rows('rm/1'))[0]?.status; return st !== undefined && st !== 'on-air'; }, 10_000, 'relay ended');
    const row = (await rows('rm/1'))[0];
    expect(row).toMatchObject({ status: 'missed', startedAt: null, durationSec: null });
    expect(row.reason).toMatch(/nguồn tiếp âm không có tín hiệu suốt 3\.\d s: .*(Connection refused|thử lại)/);
    expect(c.warnings().find((w) => w.code === 'LP_ERR_RELAY_UPSTREAM')?.message).toMatch(/Thời sự tỉnh/);
  });

  it('dead air: 10 s of silence inside an item is flagged on its row and on the home page; the idle mount before an item is not', async () => {
    const holey = join(dir, 'im-lang.mp3');
    await runFfmpeg({
      label: 'test silence', inputs: [{ source: "aevalsrc='if(lt(t,3)+gt(t,13),0.5*sin(2*PI*660*t),0)':d=15:s=44100", options: ['-f', 'lavfi'] }],
      output: holey, outputOptions: ['-ac', '1', '-c:a', 'libmp3lame', '-b:a', '64k'],
    });
    const c = channel('im-lang', {}, server, log, { deadAirSeconds: 4 });
    await c.start();
    // The mount idles (silence) well past Icecast's 8 s burst first: that silence is not dead air.
    await sleep(1000);
    await c.schedule(block('lien-tuc', clock.now() + 1000, files.long));
    await until(async () => (await rows('lien-tuc/1'))[0]?.status === 'aired', 10_000, 'tone aired');
    await c.schedule(block('ho', clock.now() + 1000, holey));
    await until(async () => (await rows('ho/1'))[0]?.status === 'aired', 25_000, 'holey aired');
    await sleep(500);
    const clean = (await rows('lien-tuc/1'))[0];
    const flagged = (await rows('ho/1'))[0];
    expect(clean.transmitterNote, logs.get('im-lang')!.join('\n')).toBeNull();
    expect(flagged.transmitterNote, logs.get('im-lang')!.join('\n')).toMatch(/^LP_ERR_DEAD_AIR : im lặng hơn 4 s từ /);
    expect(flagged.transmitterNote!.split('LP_ERR_DEAD_AIR')).toHaveLength(2);
    // It began about 3 s into the item.
    const since = Date.parse(/từ (\S+)$/.exec(flagged.transmitterNote!)![1]);
    expect(Math.abs(since - (Date.parse(flagged.startedAt!) + 3000))).toBeLessThan(1500);
    expect(c.warnings().find((w) => w.code === 'LP_ERR_DEAD_AIR')?.message).toMatch(/Bản tin ho/);
  });

  it('a store that fails mid-airing does not hold up the air: the item airs to its end, one log line, nothing false on record', async () => {
    const storeDir = mkdtempSync(join(tmpdir(), 'lp-playout-store-'));
    const stores = await openStores({ dataDir: storeDir });
    const c = channel('muoi', {}, server, stores.airings);
    await c.start();
    const l = await listener(c);
    const startAt = clock.now() + 800;
    await c.schedule(block('dia-day', startAt, files.long));
    await until(() => c.onAir()?.itemKey === 'dia-day/1', 3000, 'on air');
    await sleep(300);
    // The store goes away under the channel (what a full disk or a locked file does to every write).
    await stores.close();
    await until(() => c.onAir() === null, 8000, 'item ended');
    // Heard to its end: the 660 Hz tone is there in its last second.
    const s = l.samples();
    const last = l.indexAt(startAt + 3600) - 8000;
    expect(powerAt(s, last, 8000, 660, l.sampleRate)).toBeGreaterThan(100 * powerAt(s, last, 8000, 1000, l.sampleRate));
    // Every heartbeat and the finish failed: said once, and on the home page.
    await sleep(1500);
    expect(logs.get('muoi')!.filter((x) => x.startsWith('LP_ERR_STORE_FAILED'))).toHaveLength(1);
    expect(c.warnings().map((w) => w.code)).toContain('LP_ERR_STORE_FAILED');
    // The row says only what was written before the failure: on air since its start, nothing made up.
    const reopened = await openStores({ dataDir: storeDir });
    const row = (await reopened.airings.list()).find((r) => r.key === 'dia-day/1')!;
    expect(row.status).toBe('on-air');
    expect(Date.parse(row.startedAt!)).toBe(startAt - 5);
    await reopened.close();
    await c.stop();
    rmSync(storeDir, { recursive: true, force: true });
  });

  it('a block cancelled after its pre-roll keyed the transmitter releases it', async () => {
    const c = channel('bay', { name: 'relay', transmitter: { kind: 'http-relay', onUrl: `${relayBase}/?turn=on7`, offUrl: `${relayBase}/?turn=off7`, method: 'GET', timeoutMs: 1000 }, preRollSeconds: 5, postRollSeconds: 0 });
    await c.start();
    await c.schedule(block('huy', Date.now() + 4000, files.a));
    await until(async () => c.state().transmitter.state === 'on', 3000, 'pre-roll on');
    expect(c.cancel('huy')).toBe(true);
    await until(async () => relaySeen.some((s) => s.what === 'off7'), 3000, 'relay off after cancel');
    await until(async () => c.state().transmitter.state !== 'on', 3000, 'relay answered');
    expect(c.state().transmitter).toEqual({ kind: 'http-relay', state: 'off' });
    expect(c.queued()).toEqual([]);
    expect((await rows('huy/1'))).toEqual([]);
  });

  it('refuses at schedule time an item whose file cannot be decoded', async () => {
    const c = channel('sau');
    const bad = join(dir, 'not-audio.mp3');
    writeFileSync(bad, 'đây không phải âm thanh\n');
    await expect(c.schedule(block('bad', Date.now() + 60_000, bad))).rejects.toMatchObject({ code: 'LP_ERR_ITEM_KIND_UNSUPPORTED' });
    await expect(c.schedule(block('gone', Date.now() + 60_000, join(dir, 'missing.mp3')))).rejects.toMatchObject({ code: 'LP_ERR_ITEM_KIND_UNSUPPORTED' });
    // A kind playout has no way to air, and a relay that is not an HTTP stream, are refused the same way.
    const odd = { key: 'odd', startAt: Date.now() + 60_000, priority: 'thuong', campaign: null, items: [{ kind: 'video', key: 'odd/1', title: 'x' }] } as unknown as PlayoutBlock;
    await expect(c.schedule(odd)).rejects.toMatchObject({ code: 'LP_ERR_ITEM_KIND_UNSUPPORTED' });
    await expect(c.schedule({ ...odd, items: [{ kind: 'relay', key: 'r/1', title: 'x', url: 'file:///etc/passwd', durationMs: 1000 }] })).rejects.toMatchObject({ code: 'LP_ERR_ITEM_KIND_UNSUPPORTED' });
    expect(c.queued()).toEqual([]);
  });
});
