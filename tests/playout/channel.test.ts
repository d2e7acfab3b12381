/**
 * A channel for real: embedded icecast2 on a free loopback port, the long-lived ffmpeg encoder, a
 * listener decoding the mount, the SQLite airing log, an http-relay transmitter on a local server.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AiringStore } from '../../src/airing/index.js';
import type { HardwareProfile } from '../../src/config/hardware.js';
import { createChannel, type Channel, type PlayoutBlock } from '../../src/playout/index.js';
import { openStores } from '../../src/station/stores.js';
import { listen, startEmbeddedIcecast, type IcecastServer, type Listener } from '../../src/stream/index.js';
import { createTransmitter } from '../../src/transmitter/index.js';
import { freePort, powerAt, sleep, tone, until } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'lp-playout-'));
let server: IcecastServer;
let log: AiringStore;
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

function channel(id: string, over: Partial<HardwareProfile> = {}): Channel {
  const p = profile(over);
  const c = createChannel({ id, name: `Kênh ${id}`, mount: `/${id}`, server, transmitter: createTransmitter(p.transmitter), profile: p, airings: log, log: () => undefined });
  channels.push(c);
  return c;
}

const block = (key: string, startAt: number, audio: string, priority: PlayoutBlock['priority'] = 'thuong'): PlayoutBlock => ({
  key, startAt, priority, campaign: 'Thử nghiệm', items: [{ key: `${key}/1`, title: `Bản tin ${key}`, audioPath: audio, contentHash: key }],
});

const rows = async (key: string) => (await log.list()).filter((r) => r.key === key || r.key.startsWith(`${key}~`));

beforeAll(async () => {
  server = await startEmbeddedIcecast({ dataDir: dir, port: await freePort(), log: () => undefined });
  log = (await openStores({ dataDir: dir })).airings;
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
  for (const c of channels) await c.stop();
  await server?.stop();
  relay?.close();
  rmSync(dir, { recursive: true, force: true });
});

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
    const at = l.onset(from);
    expect(at, 'the tone is heard').toBeDefined();
    const heardAt = l.arrivalOf(at!)!;
    expect(Math.abs(heardAt - startAt)).toBeLessThan(1000);
    // The whole 1.5 s tone is there, not a blip.
    expect(powerAt(l.samples(), at! + 1600, 16000, 1000, l.sampleRate)).toBeGreaterThan(100 * powerAt(l.samples(), at! + 1600, 16000, 440, l.sampleRate));

    const r = (await rows('one/1'))[0];
    expect(r.channelId).toBe('mot');
    // Logged start = the moment the first sample went to the encoder: one lead (the stream's
    // delivery delay, 320 ms at 64 kbit/s) ahead of the instant, within a clock tick.
    const handoff = Date.parse(r.startedAt!) - startAt;
    expect(handoff).toBeGreaterThan(-320 - 100);
    expect(handoff).toBeLessThan(-320 + 100);
    expect(r.durationSec).toBeGreaterThan(1.2);
    await until(async () => (await log.list()).find((x) => x.key === 'one/1')?.verified === true, 15000, 'verified');

    await until(async () => relaySeen.some((s) => s.what === 'off'), 3000, 'relay off');
    const on = relaySeen.find((s) => s.what === 'on')!;
    const off = relaySeen.find((s) => s.what === 'off')!;
    expect(startAt - on.at).toBeGreaterThan(700); // pre-roll of 1 s
    expect(startAt - on.at).toBeLessThan(1000 + 320 + 300); // …counted from the encoder hand-off
    expect(off.at).toBeGreaterThan(startAt + 1500); // after the item and its post-roll
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
      const at = l.onset(l.indexAt(startAt - 1000));
      expect(at).toBeDefined();
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
    const keys = await c.airNow({ key: 'alarm', priority: 'khan-cap', campaign: 'Phòng chống bão', items: [{ key: 'alarm/1', title: 'Khẩn cấp: bão', audioPath: files.a, contentHash: 'alarm' }] }, { repeat: 2, intervalMs: 300 });
    expect(keys).toEqual(['alarm', 'alarm#2']);
    await until(async () => (await rows('normal/1')).some((r) => r.key === 'normal/1~r1' && r.status === 'aired'), 15000, 'resumed item aired');

    const cutRow = (await rows('normal/1')).find((r) => r.key === 'normal/1')!;
    expect(cutRow.status).toBe('interrupted');
    expect(cutRow.reason).toMatch(/alarm/);
    const alarm = (await log.list()).filter((r) => r.key.startsWith('alarm/1'));
    expect(alarm.map((r) => [r.key, r.status, r.priority])).toEqual([['alarm/1', 'aired', 'khan-cap'], ['alarm/1#2', 'aired', 'khan-cap']]);
    const resumed = (await rows('normal/1')).find((r) => r.key === 'normal/1~r1')!;
    // Order on the air: normal (cut) → alarm → alarm#2 → normal again, each after the previous ended.
    const starts = [cutRow, alarm[0], alarm[1], resumed].map((r) => Date.parse(r.startedAt!));
    expect([...starts].sort((x, y) => x - y)).toEqual(starts);
    expect(Date.parse(alarm[0].startedAt!)).toBeGreaterThanOrEqual(Date.parse(cutRow.endedAt!) - 50);
    expect(resumed.durationSec).toBeGreaterThan(3.5);
  });

  it('the encoder killed mid-item restarts; the item ends partial, nothing airs twice, the mount comes back', async () => {
    const c = channel('nam');
    await c.start();
    const startAt = Date.now() + 500;
    await c.schedule(block('victim', startAt, files.long));
    await until(async () => c.onAir()?.itemKey === 'victim/1', 3000, 'on air');
    await sleep(800);
    const pid = execFileSync('pgrep', ['-f', `${server.port}/nam$`], { encoding: 'utf8' }).trim().split('\n')[0];
    process.kill(Number(pid), 'SIGKILL');
    await until(async () => c.state().stream !== 'up', 2000, 'stream down');
    await until(async () => c.state().stream === 'up', 10000, 'stream up again');
    await until(async () => (await rows('victim/1'))[0]?.status !== 'on-air', 8000, 'victim ended');
    const r = (await rows('victim/1'));
    expect(r).toHaveLength(1);
    expect(r[0].status).toBe('partial');
    expect(r[0].reason).toMatch(/không lên sóng/);

    // The same key again is refused (on record), a new item airs normally on the recovered mount.
    const l = await listener(c);
    const again = Date.now() + 800;
    await c.schedule(block('victim', again, files.long));
    await c.schedule(block('after', again + 100, files.b));
    await until(async () => (await rows('after/1'))[0]?.status === 'aired', 8000, 'after aired');
    expect((await rows('victim/1'))).toHaveLength(1);
    const at = l.onset(l.indexAt(again - 1000));
    expect(at).toBeDefined();
    expect(Math.abs(l.arrivalOf(at!)! - (again + 100))).toBeLessThan(1000);
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
    expect(c.queued()).toEqual([]);
  });
});
