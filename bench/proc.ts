/**
 * Processes a bench starts, and the CPU time they use. Every child is spawned in its own process
 * group so that stopping it also stops what it spawned (a station's ffmpeg encoders), even when it
 * died first; `stopAll` runs at the end of each bench, and a last synchronous kill runs on exit.
 *
 * CPU is read from /proc as CPU time (utime + stime, in clock ticks), not wall-clock: on a shared
 * machine other people's load barely changes it.
 */
import { spawn, spawnSync, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

export interface ProcStat {
  readonly pid: number;
  readonly comm: string;
  readonly ppid: number;
  /** utime + stime of the process itself. */
  readonly ownTicks: number;
  /** cutime + cstime: children it has reaped (their whole lives). */
  readonly reapedTicks: number;
}

/** One `/proc/PID/stat` line. The name sits in parentheses and may itself hold spaces or ")". */
export function parseStat(line: string): ProcStat {
  const open = line.indexOf('(');
  const close = line.lastIndexOf(')');
  if (open < 0 || close < open) throw new Error(`not a /proc stat line: ${line.slice(0, 80)}`);
  // Fields after the name, numbered as in proc(5): [0] is field 3 (state).
  const f = line.slice(close + 2).trim().split(/\s+/);
  const n = (field: number) => Number(f[field - 3]);
  return { pid: Number(line.slice(0, open)), comm: line.slice(open + 1, close), ppid: n(4), ownTicks: n(14) + n(15), reapedTicks: n(16) + n(17) };
}

function allStats(): ProcStat[] {
  const out: ProcStat[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      out.push(parseStat(readFileSync(`/proc/${name}/stat`, 'utf8')));
    } catch {
      // Gone between readdir and read: its time is in its parent's reaped ticks by now.
    }
  }
  return out;
}

/**
 * CPU ticks used so far by `root` and every live descendant, each with the children it reaped.
 * A process whose name `exclude` matches is left out with its whole subtree.
 * The difference of two readings is what the tree used in between: a child that exits meanwhile
 * moves from "live" to its parent's reaped ticks with its full lifetime, so nothing is lost or
 * counted twice.
 */
export function treeTicks(root: number, exclude: (comm: string) => boolean = () => false, stats: ProcStat[] = allStats()): number {
  const kids = new Map<number, ProcStat[]>();
  let top: ProcStat | undefined;
  for (const s of stats) {
    if (s.pid === root) top = s;
    const list = kids.get(s.ppid) ?? [];
    list.push(s);
    kids.set(s.ppid, list);
  }
  if (!top) throw new Error(`process ${root} is not running`);
  let sum = 0;
  const walk = (s: ProcStat) => {
    if (exclude(s.comm)) return;
    sum += s.ownTicks + s.reapedTicks;
    for (const k of kids.get(s.pid) ?? []) walk(k);
  };
  walk(top);
  return sum;
}

const CLK_TCK = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

/** CPU seconds used so far by the tree of `root` (see {@link treeTicks}). */
export function cpuSeconds(root: number, exclude?: (comm: string) => boolean): number {
  return treeTicks(root, exclude) / CLK_TCK;
}

/** Percent of one core the tree of `root` uses over `windowMs` (CPU time / wall time). */
export async function cpuPercent(root: number, windowMs: number, exclude?: (comm: string) => boolean): Promise<number> {
  const t0 = performance.now();
  const a = cpuSeconds(root, exclude);
  await new Promise((r) => setTimeout(r, windowMs));
  const b = cpuSeconds(root, exclude);
  return ((b - a) / ((performance.now() - t0) / 1000)) * 100;
}

const started = new Set<ChildProcess>();

function killGroup(c: ChildProcess, signal: NodeJS.Signals): void {
  try {
    process.kill(-c.pid!, signal);
  } catch {
    // The group is gone already.
  }
}

let hooked = false;
/** Last resort (an exception, Ctrl-C): no child outlives the bench. Set on the first spawn only. */
function hookExit(): void {
  if (hooked) return;
  hooked = true;
  process.on('exit', () => {
    for (const c of started) killGroup(c, 'SIGKILL');
  });
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => process.exit(130));
}

/** Spawns a child in its own process group, remembered until {@link stopChild}. */
export function spawnChild(cmd: string, args: readonly string[], opts: SpawnOptions = {}): ChildProcess {
  const c = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], ...opts, detached: true });
  if (c.pid === undefined) {
    // spawn failed (ENOENT…): the 'error' event says why; nothing to track.
    return c;
  }
  hookExit();
  started.add(c);
  return c;
}

/** SIGTERM to the child's group, SIGKILL after `graceMs`; resolves when the child has exited. */
export async function stopChild(c: ChildProcess, graceMs = 5000): Promise<void> {
  if (c.pid === undefined) return;
  if (c.exitCode === null && c.signalCode === null) {
    const exited = new Promise<void>((r) => c.once('exit', () => r()));
    killGroup(c, 'SIGTERM');
    const timer = setTimeout(() => killGroup(c, 'SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  }
  // Whatever it left in its group (ffmpeg children of a crashed station).
  killGroup(c, 'SIGKILL');
  started.delete(c);
}

/** Keeps the last `max` characters a child wrote on stdout and stderr (for failure messages). */
export function tail(c: ChildProcess, max = 4000): () => string {
  let text = '';
  const add = (d: Buffer) => (text = (text + d.toString()).slice(-max));
  c.stdout?.on('data', add);
  c.stderr?.on('data', add);
  return () => text;
}
