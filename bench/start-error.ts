/**
 * Start error at the listener: a 0.3 s marker tone is scheduled at 22 instants, 2 s apart, on our
 * station and, in the same run and on the same Icecast, on a peer — Debian's Liquidsoap 2.1.3. A
 * listener per mount decodes the stream (connected early, so it hears live audio after Icecast's
 * burst) and the error of each marker is when its onset reached the listener minus its instant.
 *
 * Ours, as a ward schedules it: `loaphuong start` (two channels, the shipped 64 kbit/s voicing and
 * the same at 128 kbit/s through a hardware profile of the bench's) and a schedule file with one
 * `at:` slot per instant and the marker as an `audio:` item, written while the station runs.
 *
 * The peer, as Liquidsoap's users air at an exact time: Liquidsoap has no timeline of future
 * items; its documented way to put a file on air on demand is a `request.queue` (its telnet
 * command `<id>.push URI`) under a `fallback(track_sensitive=false, …)`, so the pushed request cuts
 * in at the next frame instead of waiting for the end of a track, and a scheduler (cron, LibreTime's
 * pypo, AzuraCast) pushes at the instant. The bench is that scheduler: a telnet connection opened
 * beforehand, `q.push marker.wav` written at each instant (timer, then a short spin to the
 * millisecond). The time-of-day switch the previous peer used has second-resolution predicates and
 * heard its markers ~720 ms early: no operator would air that way.
 *
 * What the peer cannot do, ours does: hand audio over ahead of the instant by the stream's own
 * delivery delay. So besides the absolute errors (p50/p99 of |error|, ratio ours/peer of the p99s),
 * each side's median (signed: its fixed delay) and jitter (p99 of |error − median|: what remains
 * once a fixed delay is compensated) are printed, and the ratio of the jitters.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { runFfmpeg } from '../src/audio/ffmpeg.js';
import { freeLoopbackPort, listen, type Listener } from '../tests/support/listener.js';
import { jitterP99, percentile, sleep } from './measure.js';
import { peerOutput, peerPreamble, startLiquidsoap, telnet, type RunningPeer } from './liquidsoap.js';
import type { Emit } from './run.js';
import { startBenchIcecast, startBenchStation, untilStatus, writeSchedule, type BenchIcecast, type RunningBenchStation } from './station.js';

const MARKERS = 22;
const SPACING_MS = 2000;
/** From writing the schedule to the first marker: a scheduler tick (2 s), the file check, decoding ahead. */
const LEAD_IN_MS = 10_000;
/** |sample| that counts as the marker's onset (the marker peaks near full scale). */
const ONSET = 3000;

const log = (line: string) => process.stderr.write(`[bench] start-error: ${line}\n`);

/** Errors (ms) of each instant's onset at the listener; a marker never heard counts as missing. */
function measure(l: Listener, instants: readonly number[]): { errors: number[]; missing: number } {
  const errors: number[] = [];
  let missing = 0;
  for (const t of instants) {
    const at = l.onset(l.indexAt(t - 800), ONSET);
    const heard = at === undefined ? undefined : l.arrivalOf(at);
    if (heard === undefined || heard > t + 1500) missing++;
    else errors.push(heard - t);
  }
  return { errors, missing };
}

/** A hardware profile like the shipped `none`, at another bitrate. */
function profileYaml(name: string, kbps: number): string {
  return stringify({
    name, description: `bench ${kbps} kbit/s`, transmitter: { kind: 'none' }, preRollSeconds: 0, postRollSeconds: 0,
    audio: { highpassHz: 250, lowpassHz: 6000, compress: true, format: 'mp3', sampleRate: 44100, channels: 1, bitrateKbps: kbps },
  });
}

export async function run(emit: Emit): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'lp-bench-start-'));
  const listeners: Listener[] = [];
  let ice: BenchIcecast | null = null;
  let station: RunningBenchStation | null = null;
  let peer: RunningPeer | null = null;
  try {
    const marker = join(dir, 'marker.wav');
    await runFfmpeg({
      label: 'bench marker',
      inputs: [{ source: 'sine=frequency=1000:duration=0.3:sample_rate=44100', options: ['-f', 'lavfi'] }],
      output: marker,
      outputOptions: ['-af', 'volume=4', '-ac', '1'],
    });
    ice = await startBenchIcecast(join(dir, 'icecast'), 10);
    const hardwareDir = join(dir, 'hardware');
    mkdirSync(hardwareDir);
    writeFileSync(join(hardwareDir, 'b64.yaml'), profileYaml('b64', 64));
    writeFileSync(join(hardwareDir, 'b128.yaml'), profileYaml('b128', 128));
    const stationDir = join(dir, 'station');
    mkdirSync(stationDir);
    station = await startBenchStation({
      dir: stationDir, icecast: ice, hardwareDir,
      channels: [{ id: 'lp64', mount: '/lp64', hardware: 'b64' }, { id: 'lp128', mount: '/lp128', hardware: 'b128' }],
    });

    const telnetPort = await freeLoopbackPort();
    peer = await startLiquidsoap(dir, 'peer', [
      ...peerPreamble(telnetPort),
      'q = request.queue(id="q")',
      'on_air = fallback(track_sensitive=false, [q, blank()])',
      peerOutput(ice, '/peer', 'on_air'),
    ], ice, ['/peer']);
    const control = await telnet(telnetPort);

    const ours = listen(ice.server.listenUrl('/lp64'));
    const ours128 = listen(ice.server.listenUrl('/lp128'));
    const heardPeer = listen(ice.server.listenUrl('/peer'));
    listeners.push(ours, ours128, heardPeer);

    // The planner takes an audio item it has not probed yet as 120 s long, and keeps the start it
    // first planned: 2 s apart, every marker after the first would be pushed back. A slot an hour
    // ahead gets the marker probed first (as a ward's recurring jingle would have been long before).
    const st = station;
    writeSchedule(st, 'warm-up', { audio: marker }, [Date.now() + 3600_000]);
    await untilStatus(st, (s) => s.next.some((n) => n.render === 'ready'), 20_000, 'the marker probed by the scheduler');

    const first = Math.ceil((Date.now() + LEAD_IN_MS) / 1000) * 1000;
    const instants = Array.from({ length: MARKERS }, (_, i) => first + i * SPACING_MS);
    writeSchedule(st, 'marker', { audio: marker }, instants);

    for (const t of instants) {
      await sleep(t - 15 - Date.now());
      while (Date.now() < t) {
        // spin the last few ms: a timer alone fires up to a few ms late
      }
      control.send(`q.push ${marker}`);
    }
    control.close();
    await sleep(instants[instants.length - 1] + 2500 - Date.now());

    /** Figures of one mount under `prefix`: |error| p50/p99, signed median, jitter, markers not heard. */
    const report = (prefix: string, label: string, l: Listener) => {
      const m = measure(l, instants);
      log(`${label} (signed ms): ${m.errors.map((e) => e.toFixed(0)).join(' ')}${m.missing ? ` — ${m.missing} not heard` : ''}`);
      const abs = m.errors.map(Math.abs);
      emit(`${prefix}_p50_ms`, percentile(abs, 50), 'ms');
      emit(`${prefix}_p99_ms`, percentile(abs, 99), 'ms');
      emit(`${prefix}_median_ms`, percentile(m.errors, 50), 'ms');
      emit(`${prefix}_jitter_p99_ms`, jitterP99(m.errors), 'ms');
      emit(`${prefix}_missed_markers`, m.missing, 'count');
      return { errors: m.errors, p99: percentile(abs, 99) };
    };
    const o = report('start_error', 'ours 64 kbit/s', ours);
    report('start_error_128kbps', 'ours 128 kbit/s', ours128);
    const p = report('start_error_peer', 'Liquidsoap request.queue pushed at the instant', heardPeer);
    emit('start_error_p99_ratio_to_peer', o.p99 / p.p99, 'x');
    emit('start_error_jitter_ratio_to_peer', jitterP99(o.errors) / jitterP99(p.errors), 'x');
  } finally {
    for (const l of listeners) await l.stop();
    await peer?.stop();
    await station?.stop();
    await ice?.server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
