/**
 * Fan-out of a hub: how long until a khẩn cấp sent from the hub is taken by 150 wards.
 *
 * The hub is `loaphuong start` with 150 wards in its config; the wards are 150 simulated clients in
 * this process, each with its own key and its own connection on loopback, speaking the protocol
 * as a ward does (docs/hub-api.yaml): wait for deliveries, then acknowledge each. A delivery is
 * "taken" when its acknowledgement has been answered (at a real ward, the row is written first).
 * Clock: from the send request (`POST /api/hub/send`, what `loaphuong send` calls, with the CLI
 * token) to the last ward's acknowledgement answered.
 *
 *  - `hub_fanout_150_wards_seconds`: the wards long-poll (held open up to 25 s, answered at once);
 *  - `hub_fanout_150_wards_peer_poll5s_seconds`: the same wards polling every 5 s (random phase),
 *    the slow poll the issue rules out, measured in the same run;
 *  - `…_p50_seconds` of each, and the hub's idle CPU holding 150 long-polls against answering 150
 *    wards polling every 5 s (CPU time of the station's process tree, icecast2 left out).
 * Bounded: 150 connections, two sends, two 20 s CPU windows.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { percentile, sleep, until } from './measure.js';
import { cpuSeconds } from './proc.js';
import type { Emit } from './run.js';
import { channelList, startBenchIcecast, startBenchStation, type RunningBenchStation } from './station.js';

const WARDS = 150;
const IDLE_WINDOW_MS = 20_000;
const POLL_MS = 5000;

const log = (line: string) => process.stderr.write(`[bench] hub: ${line}\n`);

type Mode = 'long-poll' | 'poll-5s' | 'off';

/** A simulated ward: the protocol's delivery loop, nothing else. */
class SimWard {
  mode: Mode = 'off';
  /** Delivery id → when its acknowledgement was answered. */
  readonly taken = new Map<string, number>();
  #abort = new AbortController();
  #loop: Promise<void> | null = null;

  constructor(readonly id: string, private readonly key: string, private readonly base: string) {}

  // Node's fetch opens a connection per request in flight: 150 long-polls are 150 connections.
  #fetch(path: string, init: RequestInit = {}): Promise<Response> {
    return fetch(this.base + path, { ...init, signal: this.#abort.signal, headers: { authorization: `Bearer ${this.key}`, 'content-type': 'application/json' } });
  }

  start(mode: Exclude<Mode, 'off'>): void {
    this.mode = mode;
    this.#abort = new AbortController();
    this.#loop = this.#run(mode);
  }

  async stop(): Promise<void> {
    this.mode = 'off';
    this.#abort.abort();
    await this.#loop?.catch(() => undefined);
  }

  async #run(mode: Exclude<Mode, 'off'>): Promise<void> {
    // Polling wards are not in step: each starts at its own point of the period.
    if (mode === 'poll-5s') await sleep(Math.random() * POLL_MS);
    while (this.mode === mode) {
      const began = Date.now();
      try {
        const res = await this.#fetch(`/hub/v1/deliveries?wait=${mode === 'long-poll' ? 25 : 0}`);
        const body = (await res.json()) as { deliveries: Array<{ id: string }> };
        for (const d of body.deliveries) {
          const ack = await this.#fetch(`/hub/v1/deliveries/${d.id}/state`, { method: 'POST', body: JSON.stringify({ state: 'queued', at: new Date().toISOString() }) });
          await ack.arrayBuffer();
          if (ack.ok && !this.taken.has(d.id)) this.taken.set(d.id, Date.now());
        }
      } catch {
        if (this.mode !== mode) return;
        await sleep(500);
      }
      if (mode === 'poll-5s') await sleep(POLL_MS - (Date.now() - began));
    }
  }
}

async function sendKhanCap(base: string, token: string, title: string): Promise<{ at: number; ids: Map<string, string> }> {
  const at = Date.now();
  const res = await fetch(`${base}/api/hub/send`, {
    method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ text: 'Thông báo khẩn: bão số ba sắp đổ bộ, bà con chằng chống nhà cửa.', title, priority: 'khan-cap' }),
  });
  const body = (await res.json()) as { deliveries?: Array<{ id: string; ward: string }>; code?: string };
  if (!res.ok || !body.deliveries) throw new Error(`send: HTTP ${res.status} ${JSON.stringify(body)}`);
  return { at, ids: new Map(body.deliveries.map((d) => [d.ward, d.id])) };
}

/** Seconds from the send to each ward's acknowledgement answered (bounded wait). */
async function fanout(st: RunningBenchStation, wards: readonly SimWard[], base: string, token: string, title: string, ms: number): Promise<number[]> {
  const sent = await sendKhanCap(base, token, title);
  await until(() => wards.every((w) => w.taken.has(sent.ids.get(w.id)!)), ms, `${title}: every ward to take it`, 50);
  return wards.map((w) => (w.taken.get(sent.ids.get(w.id)!)! - sent.at) / 1000);
}

async function idleCpuPct(st: RunningBenchStation): Promise<number> {
  const notIcecast = (comm: string) => comm.startsWith('icecast');
  const t0 = performance.now();
  const a = cpuSeconds(st.pid, notIcecast);
  await sleep(IDLE_WINDOW_MS);
  return ((cpuSeconds(st.pid, notIcecast) - a) / ((performance.now() - t0) / 1000)) * 100;
}

export async function run(emit: Emit): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'lp-bench-hub-'));
  const icecast = await startBenchIcecast(join(dir, 'icecast'), 8);
  const keys = Array.from({ length: WARDS }, () => randomBytes(32).toString('base64url'));
  const wardIds = keys.map((_, i) => `phuong-${String(i + 1).padStart(3, '0')}`);
  let st: RunningBenchStation | null = null;
  const wards: SimWard[] = [];
  try {
    st = await startBenchStation({
      dir, icecast, channels: channelList(1),
      config: { wards: wardIds.map((id, i) => ({ id, name: `Phường ${i + 1}`, key: keys[i] })) },
    });
    const base = `http://127.0.0.1:${st.env.LOAPHUONG_HTTP_PORT}`;
    const token = readFileSync(join(st.env.LOAPHUONG_DATA_DIR, 'cli-token'), 'utf8').trim();
    for (const [i, id] of wardIds.entries()) wards.push(new SimWard(id, keys[i], base));

    for (const w of wards) w.start('long-poll');
    await until(async () => (await st!.get<Array<{ online: boolean }>>('/api/hub/wards')).filter((w) => w.online).length === WARDS, 60_000, 'all wards online', 500);
    await sleep(2000);
    const longPollCpu = await idleCpuPct(st);
    const lp = await fanout(st, wards, base, token, 'Khẩn cấp (long-poll)', 60_000);
    log(`long-poll: last ${Math.max(...lp).toFixed(3)} s, median ${percentile(lp, 50).toFixed(3)} s`);

    await Promise.all(wards.map((w) => w.stop()));
    for (const w of wards) w.start('poll-5s');
    await sleep(POLL_MS + 1000);
    const pollCpu = await idleCpuPct(st);
    const p5 = await fanout(st, wards, base, token, 'Khẩn cấp (poll 5 s)', 60_000);
    log(`poll 5 s: last ${Math.max(...p5).toFixed(3)} s, median ${percentile(p5, 50).toFixed(3)} s`);
    await Promise.all(wards.map((w) => w.stop()));

    emit('hub_fanout_150_wards_seconds', Math.max(...lp), 's');
    emit('hub_fanout_150_wards_p50_seconds', percentile(lp, 50), 's');
    emit('hub_fanout_150_wards_peer_poll5s_seconds', Math.max(...p5), 's');
    emit('hub_fanout_150_wards_peer_poll5s_p50_seconds', percentile(p5, 50), 's');
    emit('hub_idle_cpu_pct_150_wards_longpoll', longPollCpu, '%');
    emit('hub_idle_cpu_pct_150_wards_peer_poll5s', pollCpu, '%');
  } finally {
    await Promise.all(wards.map((w) => w.stop()));
    await st?.stop();
    await icecast.server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
