/**
 * Relay (tiếp âm), the 10-minute run of issue 11's "done when": `loaphuong start` with a schedule
 * file relaying a local upstream (an HTTP server pacing an MP3 of an 880 Hz tone, 128 kbit/s
 * stereo, as a district station's Icecast serves it) for 10 minutes; a listener of the mount
 * checks second by second that the upstream is what it hears; one minute before the window closes
 * the upstream is killed, and the airing must end `partial` with the seconds actually relayed.
 * The peer: Liquidsoap 2.1.3 relaying the same upstream (`input.http` → `normalize` → MP3 64 kbit/s
 * mono) to its own mount on the same Icecast, in the same minutes.
 *
 * Figures: `relay_heard_pct` (1-second windows of the window's live part where the tone is what is
 * heard, % — the peer's for its mount beside it), `relay_seconds_relayed` beside
 * `relay_seconds_before_kill` (what the row says against the upstream's real life in the window),
 * `relay_partial_row` (1 when the row is partial), `relay_level_dbfs` (RMS of the relayed tone; a
 * sine levelled to −16 LUFS reads about −16.5 dBFS), and the CPU time of the station's process tree
 * (its relay encoder and dead-air watch included) beside the peer's, % of one core over the live
 * part. LP_BENCH_RELAY_MINUTES shortens the window for a try (e.g. 2).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { runFfmpeg } from '../src/audio/ffmpeg.js';
import { powerAt } from '../tests/playout/helpers.js';
import { listen, type Listener } from '../tests/support/listener.js';
import { pacedUpstream } from '../tests/support/upstream.js';
import { sleep, until } from './measure.js';
import { peerOutput, peerPreamble, startLiquidsoap } from './liquidsoap.js';
import { cpuSeconds } from './proc.js';
import type { Emit } from './run.js';
import { startBenchIcecast, startBenchStation } from './station.js';

const MINUTES = Number(process.env.LP_BENCH_RELAY_MINUTES) || 10;
const WINDOW_MS = Math.round(MINUTES * 60_000);
/** The upstream dies this long before the window closes. */
const KILL_BEFORE_END_MS = Math.min(60_000, WINDOW_MS / 5);
/** Loudnorm's look-ahead and the start-up: the first seconds of the window are not judged. */
const SETTLE_MS = 8000;
const log = (line: string) => process.stderr.write(`[bench] relay: ${line}\n`);
const notIcecast = (comm: string) => comm.startsWith('icecast');

/** % of 1-second windows in [from, to) (wall ms) where 880 Hz dominates (a hundred times 440 Hz, and not silence). */
function heardPct(l: Listener, from: number, to: number): number {
  const s = l.samples();
  let ok = 0;
  let n = 0;
  for (let t = from; t + 1000 <= to; t += 1000) {
    const i = l.indexAt(t);
    const tone = powerAt(s, i, l.sampleRate, 880, l.sampleRate);
    n++;
    if (tone > 1e3 && tone > 100 * powerAt(s, i, l.sampleRate, 440, l.sampleRate)) ok++;
  }
  return n ? (100 * ok) / n : 0;
}

function rmsDbfs(l: Listener, from: number, to: number): number {
  const s = l.samples();
  const a = l.indexAt(from);
  const b = l.indexAt(to);
  let sum = 0;
  for (let i = a; i < b; i++) sum += (s[i] / 32768) ** 2;
  return 10 * Math.log10(sum / Math.max(1, b - a));
}

export async function run(emit: Emit): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'lp-bench-relay-'));
  const ice = await startBenchIcecast(join(dir, 'icecast'), 10);
  const stops: Array<() => unknown> = [() => ice.server.stop()];
  try {
    const tone = join(dir, 'huyen.mp3');
    await runFfmpeg({ label: 'upstream tone', inputs: [{ source: 'sine=frequency=880:duration=60:sample_rate=44100', options: ['-f', 'lavfi'] }], output: tone, outputOptions: ['-af', 'volume=2', '-ac', '2', '-c:a', 'libmp3lame', '-b:a', '128k'] });
    const upstream = await pacedUpstream(tone);
    stops.push(() => upstream.kill());

    const stDir = join(dir, 'station');
    mkdirSync(stDir);
    const st = await startBenchStation({ dir: stDir, icecast: ice, channels: [{ id: 'chinh', mount: '/tiep-am' }], config: { relay: { hosts: [`127.0.0.1:${upstream.port}`] } } });
    stops.push(() => st.stop());
    const peer = await startLiquidsoap(dir, 'peer-relay', [...peerPreamble(), peerOutput(ice, '/peer-tiep-am', `mksafe(normalize(input.http(${JSON.stringify(upstream.url)})))`)], ice, ['/peer-tiep-am']);
    stops.push(() => peer.stop());

    const ours = listen(ice.server.listenUrl('/tiep-am'));
    const theirs = listen(ice.server.listenUrl('/peer-tiep-am'));
    stops.push(() => ours.stop(), () => theirs.stop());

    const slot = Math.ceil((Date.now() + 15_000) / 1000) * 1000;
    writeFileSync(join(st.schedulesDir, 'tiep-am.yaml'), stringify({
      campaign: 'Bench: tiếp âm', priority: 'thuong',
      items: [{ relay: upstream.url, duration: `${Math.round(WINDOW_MS / 1000)}s`, title: 'Tiếp âm đài huyện' }],
      slots: [{ at: new Date(slot).toISOString().replace(/\.\d{3}Z$/, 'Z') }],
    }));
    const killAt = slot + WINDOW_MS - KILL_BEFORE_END_MS;
    log(`relaying ${MINUTES} min from ${new Date(slot).toISOString()}; the upstream is killed at ${new Date(killAt).toISOString()}`);

    await sleep(slot + SETTLE_MS - Date.now());
    const cpuFrom = performance.now();
    const ours0 = cpuSeconds(st.pid, notIcecast);
    const peer0 = cpuSeconds(peer.pid);
    await sleep(killAt - 5000 - Date.now());
    const cpuS = (performance.now() - cpuFrom) / 1000;
    const oursCpu = (100 * (cpuSeconds(st.pid, notIcecast) - ours0)) / cpuS;
    const peerCpu = (100 * (cpuSeconds(peer.pid) - peer0)) / cpuS;
    const liveTo = killAt - 5000;
    const heard = heardPct(ours, slot + SETTLE_MS, liveTo);
    const peerHeard = heardPct(theirs, slot + SETTLE_MS, liveTo);
    const level = rmsDbfs(ours, slot + SETTLE_MS, liveTo);
    await sleep(killAt - Date.now());
    upstream.kill();

    type Row = { title: string; status: string; durationSec: number | null; reason: string | null };
    let row: Row | undefined;
    await until(async () => {
      const r = await st.cli(['log', '--json']);
      row = (JSON.parse(r.stdout || '[]') as Row[]).find((x) => x.title === 'Tiếp âm đài huyện');
      return row !== undefined && row.status !== 'on-air';
    }, KILL_BEFORE_END_MS + 60_000, 'the relay row completed', 2000);
    log(`row: ${row!.status}, ${row!.durationSec} s: ${row!.reason}`);
    log(`ours: heard ${heard.toFixed(1)} %, CPU ${oursCpu.toFixed(2)} % of one core; peer: heard ${peerHeard.toFixed(1)} %, CPU ${peerCpu.toFixed(2)} %`);

    emit('relay_heard_pct', heard, '%');
    emit('relay_peer_heard_pct', peerHeard, '%');
    emit('relay_seconds_relayed', row!.durationSec ?? 0, 's');
    emit('relay_seconds_before_kill', (killAt - slot) / 1000, 's');
    emit('relay_partial_row', row!.status === 'partial' ? 1 : 0, 'bool');
    emit('relay_level_dbfs', level, 'dBFS');
    emit('relay_cpu_pct', oursCpu, '%');
    emit('relay_peer_cpu_pct', peerCpu, '%');
  } finally {
    for (const stop of stops.reverse()) await Promise.resolve(stop()).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}
