/**
 * Density: how much CPU a channel costs, idle and airing, with 40 channels on one station — and the
 * same for Debian's Liquidsoap 2.1.3 doing the same work on the same Icecast in the same run.
 *
 * Ours: `loaphuong start` with 40 channels in its config file (see station.ts). Idle: nothing
 * scheduled. Active: a schedule file with one `at:` slot for every channel, as every ward airs in
 * the same morning window, of a ~4-minute bulletin (prepared once per hardware profile and handed to
 * every channel together); the window opens 10 s after all 40 are on air (their dead-air watches started; that start-up counts in `…_start_…`) and the run checks they still
 * are when it closes; "all on air N s after the slot" in the log is how late the last one was. The peer: one Liquidsoap process with 40
 * `output.icecast` MP3 outputs (64 kbit/s mono, like our profile) of `blank()` (idle), then 40
 * outputs each playing its own `single()` of the same rendered bulletin (active: each output decodes
 * and encodes, as each of our channels does today).
 *
 * CPU = utime+stime of the process and all its descendants except icecast2 (from /proc, see
 * proc.ts) over a fixed window, as % of one core, divided by the channel count. Our channels decode
 * a bulletin to PCM before it starts, outside the window; `density_active_start_…` is that one-off
 * work spread over the bulletin (add it to the active figure to compare with the peer, which
 * decodes as it plays). The same with one
 * channel shows the fixed cost of each process apart from the per-channel cost; `…_marginal_…` is
 * (CPU with 40 − CPU with 1) / 39.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sleep } from './measure.js';
import { noticeText } from './notice.js';
import { peerOutput, peerPreamble, startLiquidsoap } from './liquidsoap.js';
import { cpuPercent, cpuSeconds } from './proc.js';
import type { Emit } from './run.js';
import { channelList, startBenchIcecast, startBenchStation, untilStatus, writeSchedule, type BenchIcecast, type StatusView } from './station.js';

const CHANNELS = 40;
/** CPU window of the 40-channel runs, s; LP_BENCH_DENSITY_WINDOW_S overrides (e.g. 10 for a try). */
const WINDOW_MS = 1000 * (Number(process.env.LP_BENCH_DENSITY_WINDOW_S) || 30);
/** The 1-channel runs only show the fixed cost: a shorter window is enough. */
const WINDOW_1_MS = Math.max(5000, WINDOW_MS / 2);
/** The common slot is this far (plus 1 s a channel) after the schedule is written: render-cache look-ups, probes, decoding ahead. */
const SLOT_LEAD_MS = 30_000;
/** After start-up (ours and the peer's): let start-up work (JIT, decoders) settle. */
const SETTLE_MS = 3000;
/** After all channels are on air: their dead-air watches started (40 ffmpeg start-ups on 2 cores). */
const ON_AIR_SETTLE_MS = 10_000;

const notIcecast = (comm: string) => comm.startsWith('icecast');
const log = (line: string) => process.stderr.write(`[bench] density: ${line}\n`);

interface Figures {
  readonly idle: number;
  readonly active: number;
}

/**
 * Our station with `n` channels: whole-tree CPU % of one core, idle then all airing; and `start`,
 * the one-off work of putting the bulletin on air (render-cache look-ups, probing, decoding ahead,
 * queueing) above the idle rate, spread over the bulletin's length — steady airing leaves it out,
 * the peer decodes as it plays.
 */
async function measureOurs(dir: string, ice: BenchIcecast, n: number, bulletin: string, audio: string): Promise<Figures & { start: number }> {
  const st = await startBenchStation({ dir, icecast: ice, channels: channelList(n, `s${n}-`) });
  const windowMs = n === 1 ? WINDOW_1_MS : WINDOW_MS;
  try {
    // Rendered first, so the scheduler finds it in the render cache; the peer plays the same audio.
    const r = await st.cli(['render', bulletin, '-o', audio, '--json']);
    if (r.code !== 0) throw new Error(`render: ${r.stderr.trim().split('\n').pop()}`);
    const audioSec = (JSON.parse(r.stdout) as { durationSec: number }).durationSec;
    await sleep(SETTLE_MS);
    const idle = await cpuPercent(st.pid, windowMs, notIcecast);

    const t0 = performance.now();
    const cpu0 = cpuSeconds(st.pid, notIcecast);
    const slot = Date.now() + SLOT_LEAD_MS + 1000 * n;
    writeSchedule(st, 'dong-loat', { bulletin }, [slot]);
    const allOnAir = (s: StatusView) => s.channels.every((c) => c.onAir !== null);
    await untilStatus(st, allOnAir, slot - Date.now() + 60_000 + 2000 * n, `all ${n} channels on air`);
    const lateS = (Date.now() - slot) / 1000;
    // Each channel's dead-air watch (an ffmpeg decoding its mount) starts once it is on air; its
    // start-up is part of putting the bulletin on air, so the settle counts in `start`, not `active`.
    await sleep(ON_AIR_SETTLE_MS);
    const startCpu = cpuSeconds(st.pid, notIcecast) - cpu0 - (idle / 100) * ((performance.now() - t0) / 1000);
    const start = (Math.max(0, startCpu) / audioSec) * 100;

    const active = await cpuPercent(st.pid, windowMs, notIcecast);
    if (!allOnAir(await st.get<StatusView>('/api/status'))) {
      throw new Error(`the bulletin (${audioSec.toFixed(0)} s) ended on some channel before the CPU window closed (the last started ${lateS.toFixed(0)} s after its slot): make it longer`);
    }
    log(`ours, ${n} channel(s): idle ${idle.toFixed(1)} %, active ${active.toFixed(1)} % of one core (window ${windowMs / 1000} s); ` +
      `putting it on air: ${startCpu.toFixed(2)} CPU-s = ${start.toFixed(2)} % over the ${audioSec.toFixed(0)} s bulletin; all on air ${lateS.toFixed(1)} s after the slot`);
    return { idle, active, start };
  } finally {
    await st.stop();
  }
}

/** The peer with `n` outputs, idle (blank) then active (each output its own single() of `audio`). */
async function measurePeer(dir: string, ice: BenchIcecast, n: number, audio: string): Promise<Figures> {
  const windowMs = n === 1 ? WINDOW_1_MS : WINDOW_MS;
  const mounts = (phase: string) => Array.from({ length: n }, (_, i) => `/p${n}-${phase}-${i + 1}`);
  const once = async (phase: 'idle' | 'active') => {
    const ms = mounts(phase);
    const source = phase === 'idle' ? 'blank()' : `single(${JSON.stringify(audio)})`;
    const peer = await startLiquidsoap(dir, `peer-${n}-${phase}`, [...peerPreamble(), ...ms.map((m) => peerOutput(ice, m, source))], ice, ms);
    try {
      await sleep(SETTLE_MS);
      return await cpuPercent(peer.pid, windowMs, notIcecast);
    } finally {
      await peer.stop();
    }
  };
  const idle = await once('idle');
  const active = await once('active');
  log(`Liquidsoap, ${n} output(s): idle ${idle.toFixed(1)} %, active ${active.toFixed(1)} % of one core (window ${windowMs / 1000} s)`);
  return { idle, active };
}

export async function run(emit: Emit): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'lp-bench-density-'));
  let ice: BenchIcecast | null = null;
  try {
    ice = await startBenchIcecast(join(dir, 'icecast'), 2 * CHANNELS + 10);
    const bulletin = join(dir, 'ban-tin.txt');
    // ~4 minutes of speech: covers late starts on a loaded machine, the settling and the window
    // (Liquidsoap 2.1.3's single() also fails at the end of an MP3 instead of looping).
    writeFileSync(bulletin, noticeText(0, 4));
    const audio = join(dir, 'ban-tin.mp3');
    const place = (name: string) => {
      const d = join(dir, name);
      mkdirSync(d);
      return d;
    };

    const ours1 = await measureOurs(place('ours-1'), ice, 1, bulletin, audio);
    const ours = await measureOurs(place('ours-40'), ice, CHANNELS, bulletin, join(dir, 'ban-tin-40.mp3'));
    const peer1 = await measurePeer(place('peer-1'), ice, 1, audio);
    const peer = await measurePeer(place('peer-40'), ice, CHANNELS, audio);

    const per = (f: Figures) => ({ idle: f.idle / CHANNELS, active: f.active / CHANNELS });
    const o = per(ours);
    const p = per(peer);
    emit('density_idle_cpu_pct_per_channel', o.idle, '%');
    emit('density_active_cpu_pct_per_channel', o.active, '%');
    emit('density_idle_peer_cpu_pct_per_channel', p.idle, '%');
    emit('density_active_peer_cpu_pct_per_channel', p.active, '%');
    emit('density_idle_ratio_to_peer', o.idle / p.idle, 'x');
    emit('density_active_ratio_to_peer', o.active / p.active, 'x');
    emit('density_active_start_cpu_pct_per_channel', ours.start / CHANNELS, '%');
    emit('density_1ch_idle_cpu_pct', ours1.idle, '%');
    emit('density_1ch_active_cpu_pct', ours1.active, '%');
    emit('density_1ch_idle_peer_cpu_pct', peer1.idle, '%');
    emit('density_1ch_active_peer_cpu_pct', peer1.active, '%');
    const marginal = (many: number, one: number) => (many - one) / (CHANNELS - 1);
    emit('density_idle_marginal_cpu_pct_per_channel', marginal(ours.idle, ours1.idle), '%');
    emit('density_active_marginal_cpu_pct_per_channel', marginal(ours.active, ours1.active), '%');
    emit('density_idle_peer_marginal_cpu_pct_per_channel', marginal(peer.idle, peer1.idle), '%');
    emit('density_active_peer_marginal_cpu_pct_per_channel', marginal(peer.active, peer1.active), '%');
  } finally {
    await ice?.server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
