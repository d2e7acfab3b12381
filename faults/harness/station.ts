/**
 * A station as its users run it: `node dist/src/cli/main.js start` in a sandbox of its own (data
 * dir, schedules, config file, free loopback ports), reached only through its public doors — the
 * CLI, the HTTP API (the CLI's 0600 token, or a login with its CSRF token), the mount, the data
 * dir and signals.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync, cpSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ChildProcess } from 'node:child_process';
import { alive, descendants, killGroup, runBounded, spawnTracked, type ProcInfo, type Ran } from './proc.js';

export const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
export const CLI = join(ROOT, 'dist/src/cli/main.js');
export const ADMIN_PASSWORD = 'mat-khau-kiem-thu-su-co';

/**
 * A port nobody listens on right now on 127.0.0.1. Not imported from src/stream: the suite leans on
 * nothing inside the station, whose helpers move as it changes.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

export interface SandboxOptions {
  /** Config file keys (written as JSON, which YAML reads); `quietHours: null` unless given. */
  readonly config?: Record<string, unknown>;
  /** Extra environment (e.g. LOAPHUONG_TTS). */
  readonly env?: Record<string, string>;
  /** Where the data dir goes (a small tmpfs for the disk-full case). @default <sandbox>/data */
  readonly dataDir?: string;
}

export interface Sandbox {
  readonly dir: string;
  readonly dataDir: string;
  readonly schedulesDir: string;
  readonly env: Record<string, string>;
  readonly httpPort: number;
  readonly icecastPort: number;
  /** http://127.0.0.1:PORT */
  readonly base: string;
  /** The default channel's mount as a listener reaches it. */
  readonly mountUrl: string;
  /** Writes a file into the sandbox; returns its path. */
  file(name: string, content: string | Buffer): string;
}

export async function makeSandbox(opts: SandboxOptions = {}): Promise<Sandbox> {
  const dir = mkdtempSync(join(tmpdir(), 'lp-faults-'));
  const dataDir = opts.dataDir ?? join(dir, 'data');
  const schedulesDir = join(dir, 'schedules');
  mkdirSync(schedulesDir);
  cpSync(join(ROOT, 'hardware'), join(dir, 'hardware'), { recursive: true });
  // Quiet hours off unless a case sets them: the suite must not depend on the hour it runs at.
  writeFileSync(join(dir, 'loaphuong.config.yaml'), JSON.stringify({ quietHours: null, ...opts.config }, null, 2));
  const httpPort = await freePort();
  const icecastPort = await freePort();
  // The suite's own LOAPHUONG_* settings must not leak into the station under test.
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('LOAPHUONG_') && k !== 'GOOGLE_APPLICATION_CREDENTIALS')) as Record<string, string>;
  const env: Record<string, string> = {
    ...inherited,
    LOAPHUONG_CONFIG: join(dir, 'loaphuong.config.yaml'),
    LOAPHUONG_DATA_DIR: dataDir,
    LOAPHUONG_SCHEDULES_DIR: schedulesDir,
    LOAPHUONG_HARDWARE_DIR: join(dir, 'hardware'),
    LOAPHUONG_CONTENT_DIR: dir,
    LOAPHUONG_HTTP_PORT: String(httpPort),
    LOAPHUONG_ICECAST_PORT: String(icecastPort),
    LOAPHUONG_ADMIN_PASSWORD: ADMIN_PASSWORD,
    ...opts.env,
  };
  return {
    dir, dataDir, schedulesDir, env, httpPort, icecastPort,
    base: `http://127.0.0.1:${httpPort}`,
    mountUrl: `http://127.0.0.1:${icecastPort}/loaphuong`,
    file(name, content) {
      const p = join(dir, name);
      writeFileSync(p, content);
      return p;
    },
  };
}

/** One answer of the HTTP API. `status` 0: no answer within the bound (or the connection failed). */
export interface Answer {
  readonly status: number;
  readonly body: any;
  readonly ms: number;
  readonly error?: string;
}

/** The airing row as `loaphuong log --json` prints it (the fields the cases read). */
export interface Row {
  readonly id: number;
  readonly key: string;
  readonly title: string;
  readonly status: string;
  readonly priority: string;
  readonly startedAt: string | null;
  readonly endedAt: string | null;
  readonly durationSec: number | null;
  readonly plannedSec: number | null;
  readonly reason: string | null;
  readonly transmitterNote: string | null;
  readonly voice: string | null;
  readonly verified: boolean | null;
}

export interface Session {
  readonly cookie: string;
  readonly csrf: string;
}

export class Station {
  proc: ChildProcess | null = null;
  /** Every process group this station ran as (a restart after kill -9 leaves the old one's orphans). */
  readonly #groups: number[] = [];
  #out = '';
  #token: string | null = null;

  constructor(readonly sb: Sandbox) {}

  get pid(): number {
    return this.proc?.pid ?? 0;
  }

  /** Everything the station printed so far (stdout and stderr). */
  output(): string {
    return this.#out;
  }

  /** Starts `loaphuong start`; resolves once the API answers, rejects with its output if it exits or never does. */
  async start(timeoutMs = 60_000): Promise<void> {
    const proc = spawnTracked(process.execPath, [CLI, 'start'], { cwd: this.sb.dir, env: this.sb.env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.proc = proc;
    if (proc.pid) this.#groups.push(proc.pid);
    proc.stdout!.on('data', (d: Buffer) => (this.#out += d.toString()));
    proc.stderr!.on('data', (d: Buffer) => (this.#out += d.toString()));
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (proc.exitCode !== null || proc.signalCode !== null) throw new Error(`start exited (${proc.exitCode ?? proc.signalCode}): ${this.tail()}`);
      const r = await this.get('/api/status', { auth: false, timeoutMs: 1000 });
      if (r.status > 0 && r.status < 500) return;
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`station not up after ${timeoutMs / 1000} s: ${this.tail()}`);
  }

  /** The last lines of output, on one line (for a figure). */
  tail(lines = 3): string {
    return this.#out.trim().split('\n').slice(-lines).join(' | ').slice(0, 400);
  }

  running(): boolean {
    return !!this.proc && this.proc.exitCode === null && this.proc.signalCode === null && alive(this.pid);
  }

  /** The CLI token the station wrote 0600 into its data dir (the suite runs as the station's user). */
  token(): string {
    this.#token ??= readFileSync(join(this.sb.dataDir, 'cli-token'), 'utf8').trim();
    return this.#token;
  }

  async request(method: string, path: string, o: { body?: unknown; raw?: BodyInit; headers?: Record<string, string>; auth?: boolean | Session; timeoutMs?: number } = {}): Promise<Answer> {
    const t0 = Date.now();
    const headers: Record<string, string> = { ...o.headers };
    if (o.auth === undefined || o.auth === true) headers.authorization = `Bearer ${this.token()}`;
    else if (o.auth) {
      headers.cookie = o.auth.cookie;
      headers['x-csrf-token'] = o.auth.csrf;
    }
    let body: BodyInit | undefined = o.raw;
    if (o.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(o.body);
    }
    try {
      const res = await fetch(`${this.sb.base}${path}`, { method, headers, body, redirect: 'manual', signal: AbortSignal.timeout(o.timeoutMs ?? 10_000) });
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        // not JSON: kept as text
      }
      return { status: res.status, body: parsed, ms: Date.now() - t0 };
    } catch (e) {
      return { status: 0, body: null, ms: Date.now() - t0, error: (e as Error).message };
    }
  }

  get(path: string, o: { auth?: boolean | Session; timeoutMs?: number } = {}): Promise<Answer> {
    return this.request('GET', path, o);
  }

  /** /api/status, or null when it does not answer 200 within the bound. */
  async status(timeoutMs = 3000): Promise<any | null> {
    const r = await this.get('/api/status', { timeoutMs });
    return r.status === 200 ? r.body : null;
  }

  /** Logs in as a browser would (the login form's JSON twin) and keeps the cookie and CSRF token. */
  async login(username = 'admin', password = ADMIN_PASSWORD): Promise<Session> {
    const r = await fetch(`${this.sb.base}/api/login`, {
      method: 'POST', headers: { 'content-type': 'application/json', origin: this.sb.base },
      body: JSON.stringify({ username, password }), signal: AbortSignal.timeout(15_000),
    });
    if (r.status !== 200) throw new Error(`login ${username}: HTTP ${r.status} ${await r.text()}`);
    const cookie = (r.headers.get('set-cookie') ?? '').split(';')[0];
    const body = (await r.json()) as { csrf: string };
    return { cookie, csrf: body.csrf };
  }

  /** `loaphuong …` with this station's environment, bounded. */
  cli(args: readonly string[], timeoutMs = 60_000): Promise<Ran> {
    return runBounded(process.execPath, [CLI, ...args], { env: this.sb.env, cwd: this.sb.dir, timeoutMs, maxRssMb: 1500 });
  }

  /** The airing log (`loaphuong log --json`); null when the command failed. */
  async rows(): Promise<Row[] | null> {
    const r = await this.cli(['log', '--json'], 30_000);
    if (r.code !== 0) return null;
    try {
      return JSON.parse(r.stdout) as Row[];
    } catch {
      return null;
    }
  }

  /** Waits until `pick` finds something in the log (or the bound passes); returns the last rows read. */
  async rowsUntil(pick: (rows: Row[]) => boolean, timeoutMs: number): Promise<Row[]> {
    const deadline = Date.now() + timeoutMs;
    let rows: Row[] = [];
    for (;;) {
      rows = (await this.rows()) ?? rows;
      if (pick(rows) || Date.now() > deadline) return rows;
      await new Promise((r) => setTimeout(r, 1000));
    }
  }

  /** The station's processes below it: icecast2, encoders, the render worker, their children. */
  children(): ProcInfo[] {
    return this.pid ? descendants(this.pid) : [];
  }

  /** kill -9 of the station's own process only (what it started lives on, as after a crash). */
  async kill9(): Promise<void> {
    const p = this.proc;
    if (!p || !this.running()) return;
    const gone = new Promise<void>((r) => p.once('close', () => r()));
    process.kill(p.pid!, 'SIGKILL');
    await gone;
  }

  /** Ctrl-C, as an operator stops it; its whole group is killed if it has not stopped within the bound. */
  async stop(timeoutMs = 15_000): Promise<number | null> {
    const p = this.proc;
    if (!p) return null;
    if (this.running()) {
      const gone = new Promise<void>((r) => p.once('close', () => r()));
      p.kill('SIGINT');
      await Promise.race([gone, new Promise((r) => setTimeout(r, timeoutMs))]);
    }
    const code = p.exitCode;
    killGroup(p.pid!);
    return code;
  }

  /** Ends the station and everything in its process group at once. */
  dispose(): void {
    for (const g of this.#groups) killGroup(g);
  }
}

/** A sandbox and a station started in it. */
export async function startStation(opts: SandboxOptions = {}): Promise<Station> {
  const st = new Station(await makeSandbox(opts));
  try {
    await st.start();
  } catch (e) {
    st.dispose();
    throw e;
  }
  return st;
}
