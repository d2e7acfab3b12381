/**
 * Start error at the listener: a marker tone is placed at ≥ 20 scheduled instants on our channel
 * and, in the same run and on the same Icecast, on a peer — Debian's Liquidsoap airing the same
 * markers from a time-based switch. A listener per mount decodes the stream (after the initial
 * burst) and the error of each marker is when its onset reached the listener minus its instant.
 *
 * Prints start_error_p50_ms / _p99_ms (ours, the shipped 64 kbit/s profile), the same at 128 kbit/s,
 * the peer's (64 kbit/s, like ours), and the ratio ours/peer of the p99s (below 1: ours is closer).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runFfmpeg } from '../src/audio/ffmpeg.js';
import type { HardwareProfile } from '../src/config/hardware.js';
import { createChannel, type Channel } from '../src/playout/index.js';
import { openStores } from '../src/station/stores.js';
import { startEmbeddedIcecast, type IcecastServer } from '../src/stream/index.js';
import { freeLoopbackPort as freePort, listen, type Listener } from '../tests/support/listener.js';
import { createTransmitter } from '../src/transmitter/index.js';
import type { Emit } from './run.js';

const MARKERS = 22;
const SPACING_MS = 2000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(cond: () => boolean | Promise<boolean>, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`bench start-error: timed out waiting for ${what}`);
    await sleep(100);
  }
}

/** Nearest-rank percentile. */
function percentile(xs: number[], p: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

/** Liquidsoap: a time-based switch with one marker source per instant (whole UTC seconds). */
function liquidsoapScript(marker: string, instants: number[], server: IcecastServer, password: string, mount: string): string {
  const pred = (t: number) => {
    const d = new Date(t);
    return `{${d.getUTCHours()}h${d.getUTCMinutes()}m${d.getUTCSeconds()}s}`;
  };
  return [
    'settings.init.allow_root.set(true)',
    'settings.log.stdout.set(false)',
    ...instants.map((_, i) => `m${i} = single(${JSON.stringify(marker)})`),
    `s = switch(track_sensitive=false, [${instants.map((t, i) => `(${pred(t)}, m${i})`).join(', ')}, ({true}, blank())])`,
    `output.icecast(%mp3(bitrate=64, samplerate=44100, stereo=false), host=${JSON.stringify(server.host)}, port=${server.port}, password=${JSON.stringify(password)}, mount=${JSON.stringify(mount)}, mksafe(s))`,
    '',
  ].join('\n');
}

/** Errors (ms) of each instant's onset at the listener; a marker never heard counts as missing. */
function measure(l: Listener, instants: number[]): { errors: number[]; missing: number } {
  const errors: number[] = [];
  let missing = 0;
  for (const t of instants) {
    const from = l.indexAt(t - 800);
    const at = l.onset(from, 3000);
    const heard = at === undefined ? undefined : l.arrivalOf(at);
    if (heard === undefined || heard > t + 1500) missing++;
    else errors.push(heard - t);
  }
  return { errors, missing };
}

export async function run(emit: Emit): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'lp-bench-start-'));
  const children: ChildProcess[] = [];
  const listeners: Listener[] = [];
  let server: IcecastServer | null = null;
  const channels: Channel[] = [];
  try {
    const marker = join(dir, 'marker.wav');
    await runFfmpeg({
      label: 'bench marker',
      inputs: [{ source: 'sine=frequency=1000:duration=0.3:sample_rate=44100', options: ['-f', 'lavfi'] }],
      output: marker,
      outputOptions: ['-af', 'volume=4', '-ac', '1'],
    });
    server = await startEmbeddedIcecast({ dataDir: dir, port: await freePort(), log: () => undefined });
    // The peer is a source like ours: it uses the generated source password.
    const source = decodeURIComponent(/^icecast:\/\/source:([^@]+)@/.exec(server.sourceUrl('/peer'))![1]);

    // Instants on whole seconds (Liquidsoap's time predicates have second resolution), far enough
    // ahead for Liquidsoap's slow start and the listeners' burst.
    const first = Math.ceil(Date.now() / 1000) * 1000 + 16_000;
    const instants = Array.from({ length: MARKERS }, (_, i) => first + i * SPACING_MS);

    const script = join(dir, 'peer.liq');
    writeFileSync(script, liquidsoapScript(marker, instants, server, source, '/peer'));
    const liq = spawn('liquidsoap', [script], { env: { ...process.env, TZ: 'UTC' }, stdio: ['ignore', 'ignore', 'pipe'] });
    children.push(liq);
    let liqErr = '';
    liq.stderr?.on('data', (d: Buffer) => (liqErr = (liqErr + d.toString()).slice(-2000)));
    liq.on('error', (e) => (liqErr += e.message));

    // The shipped horn profile streams at 64 kbit/s; Icecast (1400-byte blocks) and the listener's
    // decoder hand MP3 on in byte blocks, so the same markers also air at 128 kbit/s to show what
    // the block size costs. Both channels use their default lead (the stream's delivery delay).
    const { airings } = await openStores({ dataDir: dir });
    const profile = (kbps: number): HardwareProfile => ({
      name: 'none', description: '', transmitter: { kind: 'none' }, preRollSeconds: 0, postRollSeconds: 0,
      audio: { highpassHz: 250, lowpassHz: 6000, compress: true, format: 'mp3', sampleRate: 44100, channels: 1, bitrateKbps: kbps },
    });
    for (const [mount, kbps] of [['/lp', 64], ['/lp128', 128]] as const) {
      const c = createChannel({ id: `bench${kbps}`, name: 'bench', mount, server, transmitter: createTransmitter({ kind: 'none' }), profile: profile(kbps), airings, log: () => undefined });
      channels.push(c);
      await c.start();
      for (const [i, t] of instants.entries()) {
        await c.schedule({ key: `${kbps}/m${i}`, startAt: t, priority: 'thuong', campaign: null, items: [{ key: `${kbps}/m${i}/1`, title: `marker ${i}`, audioPath: marker, contentHash: 'marker' }] });
      }
    }

    const s = server;
    const peerUp = await until(() => s.mountUp('/peer'), 14_000, 'liquidsoap mount').then(() => true, () => false);
    if (!peerUp) process.stderr.write(`[bench] start-error: Liquidsoap did not come up; peer not measured. ${liqErr.trim().split('\n').slice(-3).join(' | ')}\n`);
    const ours = listen(server.listenUrl('/lp'));
    const ours128 = listen(server.listenUrl('/lp128'));
    listeners.push(ours, ours128);
    const peer = peerUp ? listen(server.listenUrl('/peer')) : null;
    if (peer) listeners.push(peer);
    if (Date.now() > first - 2000) throw new Error('bench start-error: set-up too slow, markers already due');
    await sleep(instants[instants.length - 1] + 2500 - Date.now());

    const o = measure(ours, instants);
    const abs = o.errors.map(Math.abs);
    emit('start_error_p50_ms', percentile(abs, 50), 'ms');
    emit('start_error_p99_ms', percentile(abs, 99), 'ms');
    emit('start_error_missed_markers', o.missing, 'count');
    process.stderr.write(`[bench] start-error ours 64 kbit/s (signed ms): ${o.errors.map((e) => e.toFixed(0)).join(' ')}\n`);
    const o128 = measure(ours128, instants);
    emit('start_error_128kbps_p50_ms', percentile(o128.errors.map(Math.abs), 50), 'ms');
    emit('start_error_128kbps_p99_ms', percentile(o128.errors.map(Math.abs), 99), 'ms');
    process.stderr.write(`[bench] start-error ours 128 kbit/s (signed ms): ${o128.errors.map((e) => e.toFixed(0)).join(' ')}\n`);
    if (peer) {
      const p = measure(peer, instants);
      const pabs = p.errors.map(Math.abs);
      emit('start_error_peer_p50_ms', percentile(pabs, 50), 'ms');
      emit('start_error_peer_p99_ms', percentile(pabs, 99), 'ms');
      emit('start_error_peer_missed_markers', p.missing, 'count');
      emit('start_error_p99_ratio_to_peer', percentile(abs, 99) / percentile(pabs, 99), 'x');
      process.stderr.write(`[bench] start-error liquidsoap (signed ms): ${p.errors.map((e) => e.toFixed(0)).join(' ')}\n`);
    }
  } finally {
    for (const l of listeners) await l.stop();
    for (const c of channels) await c.stop();
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
