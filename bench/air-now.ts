/**
 * Emergency latency: from typing `loaphuong air-now FILE --priority khan-cap` (a notice that reads
 * in about a minute) to its first sound at a listener of the mount.
 *
 * `loaphuong start` runs with one channel per run, so each run starts from silence; every mount
 * has a listener connected seconds before its request, so Icecast's burst-on-connect is long past
 * and the listener hears live audio. Each fresh run airs a notice with different numbers (its own
 * render: the render cache does not help); a last run airs the first notice again (cache hit).
 * First sound: the first 10 ms window whose RMS is above −30 dBFS (the opening chime).
 *
 * The figure is split where the work is:
 *  - request → accepted: the CLI's start, the HTTP call, the text stage and the render, up to the
 *    `startsAt` the API answers (today the instant the station hands the rendered airing to the
 *    channel); the CLI's own share is shown apart (`air_now_cli_overhead_ms`: the same command
 *    refused for a bad option, which loads the same code and stops before reading anything);
 *  - accepted → first frame: from then to the airing's logged start, the moment its first sample
 *    went to the stream (`startedAt` in `/api/airings`): decoding ahead, the channel's lead;
 *  - first frame → listener: encoder, Icecast and the listener's decoder (and the lead the channel
 *    hands audio over by).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listen, type Listener } from '../tests/support/listener.js';
import { firstLoudWindow, percentile, sleep, until } from './measure.js';
import { noticeText } from './notice.js';
import type { Emit } from './run.js';
import { channelList, startBenchIcecast, startBenchStation, type BenchIcecast, type RunningBenchStation } from './station.js';

const FRESH_RUNS = 5;
const SAMPLE_RATE = 16_000;
const WINDOW = SAMPLE_RATE / 100;
const THRESHOLD_DBFS = -30;
/** Listeners connect this long before the first request: the burst (~8 s of audio) is decoded at once. */
const LISTEN_AHEAD_MS = 4000;

const log = (line: string) => process.stderr.write(`[bench] air-now: ${line}\n`);

interface Run {
  readonly total: number;
  readonly accepted: number;
  readonly toFrame: number;
  readonly toListener: number;
  readonly audioSec: number;
}

interface AiringView {
  readonly key: string;
  readonly channelId: string;
  readonly startedAt: string | null;
  readonly plannedSec: number | null;
}

async function once(st: RunningBenchStation, l: Listener, channel: string, file: string): Promise<Run> {
  const from = l.samples().length;
  const t0 = Date.now();
  const r = await st.cli(['air-now', file, '--priority', 'khan-cap', '--channel', channel, '--json']);
  if (r.code !== 0) throw new Error(`air-now exited ${r.code}: ${r.stderr.trim()}`);
  const { keys, startsAt } = JSON.parse(r.stdout) as { keys: string[]; startsAt: string };
  // The station's clock is this machine's: its answer says when it accepted the airing.
  const accepted = Date.parse(startsAt);
  let onset: number | undefined;
  await until(() => (onset = firstLoudWindow(l.samples(), from, WINDOW, THRESHOLD_DBFS)) !== undefined, 30_000, `the first sound on ${channel}`, 20);
  const heard = l.arrivalOf(onset!)!;
  const rows = await st.get<AiringView[]>(`/api/airings?from=${encodeURIComponent(new Date(t0 - 60_000).toISOString())}&channel=${channel}`);
  const row = rows.find((x) => x.key.startsWith(keys[0]) && x.startedAt);
  if (!row) throw new Error(`no airing row for ${keys[0]} on ${channel}`);
  const started = Date.parse(row.startedAt!);
  return { total: heard - t0, accepted: accepted - t0, toFrame: started - accepted, toListener: heard - started, audioSec: row.plannedSec ?? NaN };
}

export async function run(emit: Emit): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'lp-bench-airnow-'));
  const listeners: Listener[] = [];
  let ice: BenchIcecast | null = null;
  let station: RunningBenchStation | null = null;
  try {
    ice = await startBenchIcecast(join(dir, 'icecast'), 20);
    const channels = channelList(FRESH_RUNS + 1, 'a');
    station = await startBenchStation({ dir, icecast: ice, channels });
    for (const c of channels) listeners.push(listen(ice.server.listenUrl(c.mount), { sampleRate: SAMPLE_RATE }));
    await sleep(LISTEN_AHEAD_MS);

    const files = Array.from({ length: FRESH_RUNS }, (_, i) => {
      const f = join(dir, `thong-bao-${i + 1}.txt`);
      writeFileSync(f, noticeText(i + 1));
      return f;
    });
    const overhead: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t = Date.now();
      const r = await station.cli(['air-now', files[0], '--priority', 'khong-co']);
      if (r.code === 0) throw new Error('air-now accepted a bad --priority');
      overhead.push(Date.now() - t);
    }
    const fresh: Run[] = [];
    for (let i = 0; i < FRESH_RUNS; i++) fresh.push(await once(station, listeners[i], channels[i].id, files[i]));
    // The first notice again, on a silent channel: its render is in the cache now.
    const cached = await once(station, listeners[FRESH_RUNS], channels[FRESH_RUNS].id, files[0]);

    const fmt = (r: Run) => `${r.total} ms = ${r.accepted} accepted + ${r.toFrame} to first frame + ${r.toListener} to listener`;
    for (const [i, r] of fresh.entries()) log(`run ${i + 1} (${r.audioSec.toFixed(1)} s notice): ${fmt(r)}`);
    log(`cached: ${fmt(cached)}`);
    const p50 = (f: (r: Run) => number) => percentile(fresh.map(f), 50);
    emit('air_now_to_listener_ms', p50((r) => r.total), 'ms');
    emit('air_now_request_to_accepted_ms', p50((r) => r.accepted), 'ms');
    emit('air_now_accepted_to_first_frame_ms', p50((r) => r.toFrame), 'ms');
    emit('air_now_first_frame_to_listener_ms', p50((r) => r.toListener), 'ms');
    emit('air_now_cli_overhead_ms', percentile(overhead, 50), 'ms');
    emit('air_now_to_listener_cached_ms', cached.total, 'ms');
    emit('air_now_cached_request_to_accepted_ms', cached.accepted, 'ms');
    emit('air_now_notice_seconds', p50((r) => r.audioSec), 's');
  } finally {
    for (const l of listeners) await l.stop();
    await station?.stop();
    await ice?.server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
