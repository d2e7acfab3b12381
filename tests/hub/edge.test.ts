/**
 * The city edge server: `loaphuong hub edge-config` writes an icecast.xml whose `<relay>` elements
 * pull each ward's mounts (Icecast's own relay, nothing home-made); a real icecast2 started with it
 * on loopback carries a ward's mount, and a listener hears the ward's tone through it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startFfmpeg } from '../../src/audio/ffmpeg.js';
import { loadConfig } from '../../src/config/index.js';
import { openStores } from '../../src/station/stores.js';
import { startEmbeddedIcecast, type IcecastServer } from '../../src/stream/index.js';
import { hashWardKey } from '../../src/hub/keys.js';
import { cli, ROOT } from '../e2e/helpers.js';
import { freeLoopbackPort, listen } from '../support/listener.js';

describe('city edge server (Icecast relays)', () => {
  const undo: Array<() => Promise<unknown> | unknown> = [];
  afterAll(async () => {
    for (const u of undo.reverse()) await u();
  });

  it("generates the relays of every ward that reported its mounts, and an icecast2 run with it carries a ward's mount to a listener", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lp-edge-'));
    undo.push(() => rmSync(dir, { recursive: true, force: true }));
    // The ward's own Icecast, a tone on its mount.
    const wardPort = await freeLoopbackPort();
    const ward: IcecastServer = await startEmbeddedIcecast({ dataDir: join(dir, 'ward'), port: wardPort, log: () => undefined });
    undo.push(() => ward.stop());
    const tone = startFfmpeg({
      label: 'ward tone', inputs: [{ source: 'sine=frequency=880:sample_rate=22050', options: ['-re', '-f', 'lavfi'] }],
      output: ward.sourceUrl('/loaphuong'), outputOptions: ['-ac', '1', '-c:a', 'libmp3lame', '-b:a', '64k', '-content_type', 'audio/mpeg', '-f', 'mp3'],
    });
    undo.push(async () => (tone.kill(), await tone.exited));
    // The ward is on air before the edge starts (a relay that finds no mount waits for icecast2's own retry).
    for (const end = Date.now() + 15_000; !(await ward.mountUp('/loaphuong')) && Date.now() < end;) await new Promise((res) => setTimeout(res, 200));

    // The hub: two wards, one of which has reported its channels (to an address the edge cannot
    // use, so the hub's `stream` for it says where to pull from).
    const hubDir = join(dir, 'hub');
    for (const d of ['data', 'schedules']) mkdirSync(join(hubDir, d), { recursive: true });
    writeFileSync(join(hubDir, 'loaphuong.config.yaml'), [
      'wards:',
      `  - { id: gia-vien, name: Phường Gia Viên, key: ${'k'.repeat(32)}, stream: "http://127.0.0.1:${wardPort}" }`,
      `  - { id: an-bien, name: Phường An Biên, key: ${'q'.repeat(32)} }`,
      '',
    ].join('\n'));
    const env = { ...(process.env as Record<string, string>), LOAPHUONG_DATA_DIR: join(hubDir, 'data'), LOAPHUONG_SCHEDULES_DIR: join(hubDir, 'schedules'), LOAPHUONG_HARDWARE_DIR: join(ROOT, 'hardware') };
    const config = loadConfig({ cwd: hubDir, env });
    const stores = await openStores(config);
    await stores.wardDirectory.sync(config.wards.map((w) => ({ id: w.id, name: w.name, keyHash: hashWardKey(w.key) })));
    await stores.wardDirectory.reported('gia-vien', new Date(), {
      at: new Date().toISOString(), ward: 'Phường Gia Viên', warnings: [],
      channels: [{ id: 'chinh', name: 'Kênh chính', mount: '/loaphuong', listenUrl: 'http://10.8.0.12:8000/loaphuong', stream: 'up', transmitter: { kind: 'none', state: 'off' }, onAir: null }],
    });
    await stores.close();

    const edgePort = await freeLoopbackPort();
    const out = join(dir, 'icecast-edge.xml');
    const args = ['hub', 'edge-config', '-o', out, '--port', String(edgePort), '--bind', '127.0.0.1', '--log-dir', '-', ...(process.getuid?.() === 0 ? ['--changeowner'] : [])];
    const r = cli(args, { dir: hubDir, env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('bỏ qua an-bien: phường chưa báo cáo kênh nào');
    expect(r.stdout).toContain('/gia-vien/loaphuong');
    const xml = readFileSync(out, 'utf8');
    expect(xml).toContain(`<server>127.0.0.1</server>\n    <port>${wardPort}</port>\n    <mount>/loaphuong</mount>\n    <local-mount>/gia-vien/loaphuong</local-mount>`);
    // The hub's own programme (its default channel) is carried too, as it is.
    expect(xml).toContain('<local-mount>/loaphuong</local-mount>');
    expect(xml).not.toContain('hackme');
    expect(statSync(out).mode & 0o777).toBe(0o600);
    // Generated once: the edge's passwords stay the same when the file is made again.
    const again = cli(args, { dir: hubDir, env });
    expect(again.code).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(xml);

    const edge: ChildProcess = spawn('icecast2', ['-c', out], { stdio: ['ignore', 'ignore', 'pipe'] });
    let edgeErr = '';
    edge.stderr!.on('data', (d) => (edgeErr = (edgeErr + d).slice(-3000)));
    undo.push(() => new Promise<void>((res) => (edge.exitCode !== null ? res() : (edge.once('exit', () => res()), edge.kill('SIGTERM')))));

    // Through the edge: the ward's tone.
    const deadline = Date.now() + 30_000;
    let heard = 0;
    while (Date.now() < deadline && heard < 16_000) {
      const l = listen(`http://127.0.0.1:${edgePort}/gia-vien/loaphuong`);
      await new Promise((res) => setTimeout(res, 3000));
      // lavfi's sine peaks at 1/8 of full scale (4096): two thirds of its samples are above 2000.
      heard = l.samples().filter((s) => Math.abs(s) > 2000).length;
      await l.stop();
    }
    expect(heard, edgeErr).toBeGreaterThanOrEqual(16_000);
  }, 90_000);
});
