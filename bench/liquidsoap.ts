/**
 * The peer: Debian's Liquidsoap 2.1.3 (`/usr/bin/liquidsoap`) run as its users run it — one
 * process, a script of outputs to the same Icecast as ours, its telnet server on loopback for
 * control. Scripts are generated here as text; `startLiquidsoap` waits for its mounts.
 */
import { connect, type Socket } from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchIcecast } from './station.js';
import { until } from './measure.js';
import { spawnChild, stopChild, tail } from './proc.js';

/** MP3 as our shipped profile streams it: 64 kbit/s, mono, 44.1 kHz. */
export const PEER_MP3 = '%mp3(bitrate=64, samplerate=44100, stereo=false)';

const q = (s: string) => JSON.stringify(s);

/** Settings every peer script starts with; `telnetPort` turns the telnet server on (loopback only). */
export function peerPreamble(telnetPort?: number): string[] {
  return [
    // These machines run as root; Liquidsoap refuses to unless told.
    'settings.init.allow_root.set(true)',
    'settings.log.stdout.set(false)',
    'settings.log.file.set(false)',
    ...(telnetPort === undefined ? [] : [
      'settings.server.telnet.set(true)',
      'settings.server.telnet.bind_addr.set("127.0.0.1")',
      `settings.server.telnet.port.set(${telnetPort})`,
    ]),
  ];
}

/** One `output.icecast` line of the peer: `source` is a Liquidsoap expression. */
export function peerOutput(ice: BenchIcecast, mount: string, source: string): string {
  const { host, port } = ice.server;
  return `output.icecast(${PEER_MP3}, host=${q(host)}, port=${port}, password=${q(ice.password)}, mount=${q(mount)}, ${source})`;
}

export interface RunningPeer {
  readonly pid: number;
  output(): string;
  stop(): Promise<void>;
}

/** Writes `lines` as a script, starts Liquidsoap on it, waits (bounded) until every mount is up. */
export async function startLiquidsoap(dir: string, name: string, lines: readonly string[], ice: BenchIcecast, mounts: readonly string[]): Promise<RunningPeer> {
  const script = join(dir, `${name}.liq`);
  writeFileSync(script, [...lines, ''].join('\n'));
  const proc = spawnChild('liquidsoap', [script], { cwd: dir });
  const output = tail(proc);
  let failed: Error | null = null;
  proc.on('error', (e) => (failed = e));
  const peer: RunningPeer = { pid: proc.pid ?? -1, output, stop: () => stopChild(proc, 3000) };
  try {
    await until(async () => {
      if (failed) throw failed;
      if (proc.exitCode !== null) throw new Error(`liquidsoap exited ${proc.exitCode}`);
      // One at a time: 40 status requests at once time out on a loaded machine and read as "down".
      for (const m of mounts) if (!(await ice.server.mountUp(m))) return false;
      return true;
        // Its start-up is slow (5 s alone here, far more with 40 files to open on a loaded machine).
    }, 30_000 + 750 * mounts.length, `Liquidsoap's ${mounts.length} mount(s)`, 500);
    return peer;
  } catch (e) {
    await peer.stop();
    throw new Error(`${(e as Error).message}: ${output().trim().split('\n').slice(-4).join(' | ')}`);
  }
}

/** A kept-open connection to Liquidsoap's telnet server: one command a line, no reply awaited. */
export async function telnet(port: number): Promise<{ send(line: string): void; close(): void }> {
  const sock: Socket = await new Promise((res, rej) => {
    const s = connect(port, '127.0.0.1', () => res(s));
    s.once('error', rej);
  });
  sock.on('data', () => undefined); // replies ("0", "END") are not needed; keep the socket flowing
  sock.on('error', () => undefined);
  return {
    send: (line) => void sock.write(`${line}\n`),
    close: () => void sock.end('quit\n'),
  };
}
