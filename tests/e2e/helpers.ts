/** Running the real `loaphuong` binary (dist/) as a user would, on free loopback ports. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freeLoopbackPort as freePort } from '../support/listener.js';

export const ROOT = new URL('../..', import.meta.url).pathname;
export const CLI = join(ROOT, 'dist/src/cli/main.js');

export interface Sandbox {
  readonly dir: string;
  readonly env: Record<string, string>;
}

/** A temp station: its own data dir, schedules dir and ports; hardware profiles from the project. */
export async function sandbox(): Promise<Sandbox> {
  const dir = mkdtempSync(join(tmpdir(), 'lp-e2e-'));
  mkdirSync(join(dir, 'schedules'));
  cpSync(join(ROOT, 'hardware'), join(dir, 'hardware'), { recursive: true });
  // No quiet hours unless a test asks for them: the suite must not depend on the hour it runs at.
  writeFileSync(join(dir, 'loaphuong.config.yaml'), 'quietHours: null\n');
  const env = {
    ...(process.env as Record<string, string>),
    LOAPHUONG_DATA_DIR: join(dir, 'data'),
    LOAPHUONG_SCHEDULES_DIR: join(dir, 'schedules'),
    LOAPHUONG_HARDWARE_DIR: join(dir, 'hardware'),
    LOAPHUONG_CONTENT_DIR: dir,
    LOAPHUONG_HTTP_PORT: String(await freePort()),
    LOAPHUONG_ICECAST_PORT: String(await freePort()),
    LOAPHUONG_ADMIN_PASSWORD: 'mat-khau-thu-nghiem',
  };
  return { dir, env };
}

export function cli(args: string[], sb: Sandbox): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: sb.dir, env: sb.env, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** `loaphuong start` in the background; resolves once the web UI answers. */
export async function startStation(sb: Sandbox): Promise<{ proc: ChildProcess; output: () => string }> {
  const proc = spawn(process.execPath, [CLI, 'start'], { cwd: sb.dir, env: sb.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (out += d));
  const url = `http://127.0.0.1:${sb.env.LOAPHUONG_HTTP_PORT}/api/status`;
  const deadline = Date.now() + 45_000;
  while (Date.now() < deadline) {
    if (proc.exitCode !== null) throw new Error(`start exited ${proc.exitCode}:\n${out}`);
    try {
      if ((await fetch(url)).status < 500) return { proc, output: () => out };
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  proc.kill('SIGKILL');
  throw new Error(`station did not come up:\n${out}`);
}

export function stopped(proc: ChildProcess, signal: NodeJS.Signals = 'SIGINT'): Promise<number | null> {
  return new Promise((resolve) => {
    if (proc.exitCode !== null) return resolve(proc.exitCode);
    proc.once('exit', (code) => resolve(code));
    proc.kill(signal);
  });
}

/** Decodes a mount for `seconds` and returns the loudness (RMS, 0..1) of each 100 ms window. */
export function listen(url: string, seconds: number): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const ff = spawn('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-i', url, '-t', String(seconds), '-f', 's16le', '-ac', '1', '-ar', '16000', 'pipe:1']);
    const chunks: Buffer[] = [];
    ff.stdout.on('data', (d: Buffer) => chunks.push(d));
    ff.on('error', reject);
    ff.on('close', () => {
      const pcm = Buffer.concat(chunks);
      const win = 1600;
      const rms: number[] = [];
      for (let off = 0; off + win * 2 <= pcm.length; off += win * 2) {
        let sum = 0;
        for (let i = 0; i < win; i++) sum += (pcm.readInt16LE(off + i * 2) / 32768) ** 2;
        rms.push(Math.sqrt(sum / win));
      }
      resolve(rms);
    });
  });
}

/** True while a process whose command line contains `needle` runs (orphan check). */
export function processRunning(needle: string): boolean {
  const r = spawnSync('pgrep', ['-f', needle], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.trim().length > 0;
}

/** ISO with the +07:00 offset that ward schedules are written in. */
export function vnIso(ms: number): string {
  return new Date(ms + 7 * 3600_000).toISOString().replace(/\.\d{3}Z$/, '+07:00');
}

/** Wall-clock time at which sound (RMS over 50 ms above `threshold`) first reaches a listener. */
export function onsetAtListener(url: string, seconds: number, threshold = 0.02): Promise<number | null> {
  return new Promise((resolve) => {
    const ff = spawn('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-i', url, '-t', String(seconds), '-f', 's16le', '-ac', '1', '-ar', '8000', 'pipe:1']);
    let pending = Buffer.alloc(0);
    let found: number | null = null;
    const win = 400 * 2; // 50 ms of 8 kHz s16
    ff.stdout.on('data', (d: Buffer) => {
      if (found !== null) return;
      const at = Date.now();
      pending = Buffer.concat([pending, d]);
      while (pending.length >= win) {
        let sum = 0;
        for (let i = 0; i < win; i += 2) sum += (pending.readInt16LE(i) / 32768) ** 2;
        pending = pending.subarray(win);
        if (Math.sqrt(sum / (win / 2)) > threshold) {
          found = at;
          ff.kill('SIGKILL');
          return;
        }
      }
    });
    ff.on('close', () => resolve(found));
  });
}
