/**
 * The station as its users run it, for the benches: `loaphuong start` (dist/src/cli/main.js) in a
 * temp directory with its own config file, data dir, schedules dir and a free loopback port, driven
 * only through what a user has — the config, the CLI (`air-now`, `render`), the HTTP API and the
 * Icecast mounts. Nothing here reaches into src/playout, so the same bench measures whichever
 * playout the station has.
 *
 * The Icecast is the bench's own (one icecast2 on a free port, shared with the Liquidsoap peer) and
 * the station is pointed at it as an external server (`LOAPHUONG_ICECAST_URL`): the embedded server
 * caps sources at 16 today, too few for 40 channels, and this way icecast2 is never in the
 * station's process tree when its CPU is read.
 */
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { startEmbeddedIcecast, type IcecastServer } from '../src/stream/index.js';
import { freeLoopbackPort } from '../tests/support/listener.js';
import { until } from './measure.js';
import { spawnChild, stopChild, tail } from './proc.js';

/** The project root (this file runs from dist/bench/). */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CLI = join(ROOT, 'dist', 'src', 'cli', 'main.js');

export interface BenchIcecast {
  readonly server: IcecastServer;
  /** Source password (generated), for the peer's outputs. */
  readonly password: string;
  /** `http://source:PASS@127.0.0.1:PORT` for LOAPHUONG_ICECAST_URL. */
  readonly externalUrl: string;
}

/** An icecast2 for one bench, room for `sources` mounts. */
export async function startBenchIcecast(dir: string, sources = 100): Promise<BenchIcecast> {
  const server = await startEmbeddedIcecast({ dataDir: dir, port: await freeLoopbackPort(), maxSources: sources, log: () => undefined });
  const password = decodeURIComponent(/^icecast:\/\/source:([^@]+)@/.exec(server.sourceUrl('/x'))![1]);
  return { server, password, externalUrl: `http://source:${encodeURIComponent(password)}@${server.host}:${server.port}` };
}

export interface ChannelSpec {
  readonly id: string;
  readonly mount: string;
  /** Hardware profile name. @default 'none' */
  readonly hardware?: string;
}

export interface StationSpec {
  /** Temp directory the station lives in (config, data, schedules). */
  readonly dir: string;
  readonly icecast: BenchIcecast;
  readonly channels: readonly ChannelSpec[];
  /** Directory of hardware profiles. @default the project's hardware/ */
  readonly hardwareDir?: string;
  /** More config-file keys (the relay bench's `relay.hosts`, a hub's `wards`). @default none */
  readonly config?: Readonly<Record<string, unknown>>;
}

export interface RunningBenchStation {
  readonly pid: number;
  readonly env: Record<string, string>;
  readonly schedulesDir: string;
  /** GET an API path with the admin session; parsed JSON. */
  get<T>(path: string): Promise<T>;
  /** Runs a CLI command against this station (same env); resolves with its exit and output. */
  cli(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }>;
  /** Last lines the station printed. */
  output(): string;
  stop(): Promise<void>;
}

interface ChannelStatus {
  readonly id: string;
  readonly stream: string;
  readonly onAir: { readonly startedAt: string } | null;
}
export interface StatusView {
  readonly channels: readonly ChannelStatus[];
  readonly next: readonly { readonly key: string; readonly startAt: string; readonly render: string }[];
}

/**
 * Writes the config, starts `loaphuong start`, logs in as admin and waits until every channel's
 * stream is up (bounded: 10 s plus 2 s a channel).
 */
export async function startBenchStation(spec: StationSpec): Promise<RunningBenchStation> {
  const schedulesDir = join(spec.dir, 'schedules');
  mkdirSync(schedulesDir, { recursive: true });
  const configFile = join(spec.dir, 'loaphuong.config.yaml');
  writeFileSync(configFile, stringify({
    // Benches run at any hour: quiet hours would hold back everything below khẩn cấp.
    quietHours: null,
    channels: spec.channels.map((c) => ({ id: c.id, name: `Kênh ${c.id}`, mount: c.mount, hardware: c.hardware ?? 'none' })),
    ...spec.config,
  }));
  const httpPort = await freeLoopbackPort();
  const password = randomBytes(12).toString('base64url');
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    LOAPHUONG_CONFIG: configFile,
    LOAPHUONG_DATA_DIR: join(spec.dir, 'data'),
    LOAPHUONG_SCHEDULES_DIR: schedulesDir,
    LOAPHUONG_CONTENT_DIR: spec.dir,
    LOAPHUONG_HARDWARE_DIR: spec.hardwareDir ?? join(ROOT, 'hardware'),
    LOAPHUONG_HTTP_HOST: '127.0.0.1',
    LOAPHUONG_HTTP_PORT: String(httpPort),
    LOAPHUONG_ICECAST_URL: spec.icecast.externalUrl,
    LOAPHUONG_ADMIN_PASSWORD: password,
    LOAPHUONG_TTS: 'espeak',
  };
  const proc = spawnChild(process.execPath, [CLI, 'start'], { cwd: spec.dir, env });
  const output = tail(proc);
  const base = `http://127.0.0.1:${httpPort}`;
  let cookie = '';

  const get = async <T>(path: string): Promise<T> => {
    const res = await fetch(base + path, { headers: { cookie } });
    if (!res.ok) throw new Error(`GET ${path}: HTTP ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
  const station: RunningBenchStation = {
    pid: proc.pid!,
    env,
    schedulesDir,
    get,
    cli: (args) => runCli(args, env, spec.dir),
    output,
    stop: () => stopChild(proc, 10_000),
  };
  try {
    const alive = () => {
      if (proc.exitCode !== null) throw new Error(`loaphuong start exited ${proc.exitCode}:\n${output()}`);
    };
    await until(async () => {
      alive();
      return fetch(`${base}/api/status`).then((r) => r.status > 0, () => false);
    }, 10_000 + 2000 * spec.channels.length, 'the station web API', 300);
    const login = await fetch(`${base}/api/login`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password }),
    });
    if (!login.ok) throw new Error(`login: HTTP ${login.status} ${await login.text()}`);
    cookie = (login.headers.getSetCookie?.() ?? []).map((c) => c.split(';')[0]).join('; ');
    await until(async () => {
      alive();
      const s = await get<StatusView>('/api/status');
      return s.channels.every((c) => c.stream === 'up');
    }, 10_000 + 1000 * spec.channels.length, 'every channel stream up', 500);
    return station;
  } catch (e) {
    await station.stop();
    throw new Error(`${(e as Error).message}\n--- station output ---\n${output().split('\n').slice(-15).join('\n')}`);
  }
}

/** A CLI command as a user types it, bounded to 10 minutes. */
export function runCli(args: readonly string[], env: Record<string, string>, cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((res, rej) => {
    const c: ChildProcess = spawnChild(process.execPath, [CLI, ...args], { cwd, env });
    let stdout = '';
    let stderr = '';
    c.stdout!.on('data', (d) => (stdout += d));
    c.stderr!.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => c.kill('SIGKILL'), 600_000);
    c.on('error', rej);
    c.on('close', (code, signal) => {
      clearTimeout(timer);
      void stopChild(c).then(() => res({ code: code ?? -1, stdout, stderr: stderr || (signal ? `killed by ${signal}` : '') }));
    });
  });
}

/**
 * Writes `schedules/<name>.yaml` of the running station: one item (a text `bulletin` or an `audio`
 * file) at each instant (`at:` slots, whole seconds), on every channel; the scheduler picks it up
 * on its next tick (2 s).
 */
export function writeSchedule(st: RunningBenchStation, name: string, item: { bulletin: string } | { audio: string }, instants: readonly number[]): void {
  writeFileSync(join(st.schedulesDir, `${name}.yaml`), stringify({
    campaign: `Bench: ${name}`,
    priority: 'thuong',
    items: [{ ...item, title: name }],
    slots: instants.map((t) => ({ at: new Date(Math.round(t / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z') })),
  }));
}

/** `n` channels `<prefix>01`… on mounts `/<prefix>01`…, all with the same hardware profile. */
export function channelList(n: number, prefix = 'c', hardware = 'none'): ChannelSpec[] {
  return Array.from({ length: n }, (_, i) => {
    const id = `${prefix}${String(i + 1).padStart(2, '0')}`;
    return { id, mount: `/${id}`, hardware };
  });
}

/** Waits until `pred` holds for the station status (bounded). */
export async function untilStatus(st: RunningBenchStation, pred: (s: StatusView) => boolean, ms: number, what: string): Promise<StatusView> {
  let last: StatusView | null = null;
  await until(async () => {
    last = await st.get<StatusView>('/api/status');
    return pred(last);
  }, ms, what, 300);
  return last!;
}
