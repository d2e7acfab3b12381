/**
 * Processes the suite starts, and what it learns about the station's own through /proc. Everything
 * is spawned in its own process group and recorded, so `killEverything` ends it all — also the
 * icecast2, encoders and render workers a station started and left behind when it was killed -9.
 */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

const groups = new Set<number>();
const finals = new Set<() => void>();

/** Something to undo even if the suite is interrupted (a tmpfs to unmount); returns its remover. */
export function alsoAtTheEnd(fn: () => void): () => void {
  finals.add(fn);
  return () => void finals.delete(fn);
}

/** Spawns `cmd` as the leader of a new process group that `killEverything` will end. */
export function spawnTracked(cmd: string, args: readonly string[], opts: SpawnOptions = {}): ChildProcess {
  const child = spawn(cmd, args, { ...opts, detached: true });
  if (child.pid) groups.add(child.pid);
  // A failed spawn is reported through the child's exit, not thrown at the suite's event loop.
  child.on('error', () => undefined);
  return child;
}

/** SIGKILL to a whole group (the leader and whatever it started that stayed in it). */
export function killGroup(pgid: number, signal: NodeJS.Signals = 'SIGKILL'): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // already gone
  }
}

/** Ends every process group the suite started, and forgets them. */
export function killEverything(): void {
  for (const g of groups) killGroup(g);
  groups.clear();
  for (const fn of finals) {
    try {
      fn();
    } catch {
      // best effort: the suite is ending
    }
  }
  finals.clear();
}

export function alive(pid: number): boolean {
  try {
    const state = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0];
    return state !== undefined && state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}

export interface ProcInfo {
  readonly pid: number;
  readonly ppid: number;
  readonly pgid: number;
  /** Arguments joined by spaces. */
  readonly cmdline: string;
  /** utime + stime, clock ticks. */
  readonly cpuTicks: number;
}

function info(pid: number): ProcInfo | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces and parentheses: fields start after the last ") ".
    const f = stat.slice(stat.lastIndexOf(') ') + 2).split(' ');
    if (f[0] === 'Z') return null;
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');
    return { pid, ppid: Number(f[1]), pgid: Number(f[2]), cmdline, cpuTicks: Number(f[11]) + Number(f[12]) };
  } catch {
    return null;
  }
}

export function processes(): ProcInfo[] {
  const out: ProcInfo[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const p = info(Number(name));
    if (p) out.push(p);
  }
  return out;
}

/** Live descendants of `pid` (children, their children …). */
export function descendants(pid: number, all: readonly ProcInfo[] = processes()): ProcInfo[] {
  const out: ProcInfo[] = [];
  let frontier = [pid];
  while (frontier.length) {
    const next = all.filter((p) => frontier.includes(p.ppid));
    out.push(...next);
    frontier = next.map((p) => p.pid);
  }
  return out;
}

/** Live members of a process group. */
export function groupMembers(pgid: number): ProcInfo[] {
  return processes().filter((p) => p.pgid === pgid);
}

export function cpuTicksOf(pid: number): number | null {
  return info(pid)?.cpuTicks ?? null;
}

/** A command's result; `timedOut` when it had to be killed at the bound. */
export interface Ran {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
  readonly timedOut: boolean;
  /** Killed because it grew past `maxRssMb`. */
  readonly tooBig: boolean;
  /** Highest resident set seen while it ran, MB (sampled every 200 ms). */
  readonly peakRssMb: number;
}

function rssMb(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

/**
 * Runs a command to its end, or kills its group at `timeoutMs` or when it grows past `maxRssMb`
 * (a CLI reading /dev/zero into memory must not take the shared machine down with it).
 */
export function runBounded(
  cmd: string,
  args: readonly string[],
  opts: { env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs: number; maxRssMb?: number; input?: string },
): Promise<Ran> {
  return new Promise((resolve) => {
    const t0 = Date.now();
    const child = spawnTracked(cmd, args, { env: opts.env, cwd: opts.cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    let tooBig = false;
    let peak = 0;
    child.stdout!.on('data', (d: Buffer) => (stdout = (stdout + d.toString()).slice(-200_000)));
    child.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-200_000)));
    child.stdin!.on('error', () => undefined);
    child.stdin!.end(opts.input ?? '');
    const stopIt = () => {
      if (child.pid) killGroup(child.pid);
    };
    const timer = setTimeout(() => {
      timedOut = true;
      stopIt();
    }, opts.timeoutMs);
    const sampler = setInterval(() => {
      if (!child.pid) return;
      peak = Math.max(peak, rssMb(child.pid));
      if (opts.maxRssMb && peak > opts.maxRssMb && !tooBig) {
        tooBig = true;
        stopIt();
      }
    }, 200);
    child.on('close', (code) => {
      clearTimeout(timer);
      clearInterval(sampler);
      // Whatever it started and left behind goes with it.
      if (child.pid) {
        killGroup(child.pid);
        groups.delete(child.pid);
      }
      resolve({ code, stdout, stderr, ms: Date.now() - t0, timedOut, tooBig, peakRssMb: Math.round(peak) });
    });
  });
}
