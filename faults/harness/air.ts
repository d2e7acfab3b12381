/**
 * Watching the air: a listener child (listen-child.ts) on a mount, and the pure readings taken
 * from what it recorded — the longest hole in the stream, when sound was heard.
 */
import { get } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AirRecording } from './listen-child.js';
import { spawnTracked } from './proc.js';

export type { AirRecording } from './listen-child.js';

const CHILD = join(fileURLToPath(new URL('.', import.meta.url)), 'listen-child.js');

export interface AirWatch {
  /** Stops the listener and returns what it heard. */
  stop(): Promise<AirRecording>;
}

/** Starts listening to `url`; resolves once the first piece of stream has arrived (or after `waitMs`). */
export async function watchAir(url: string, waitMs = 15_000): Promise<AirWatch> {
  const child = spawnTracked(process.execPath, [CHILD, url], { stdio: ['ignore', 'pipe', 'ignore'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((r) => child.on('close', () => r()));
  // Wait until the mount answers, then let the listener's burst pass.
  const deadline = Date.now() + waitMs;
  while (Date.now() < deadline) {
    const up = await new Promise<boolean>((resolve) => {
      const req = get(url, (res) => {
        res.destroy();
        resolve(res.statusCode === 200);
      });
      req.on('error', () => resolve(false));
      req.setTimeout(1000, () => req.destroy());
    });
    if (up) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  await new Promise((r) => setTimeout(r, 1500));
  return {
    async stop() {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(killer);
      const line = out.trim().split('\n').pop() ?? '';
      try {
        return JSON.parse(line) as AirRecording;
      } catch {
        return { connects: [], drops: [], chunks: [], windows: [], refusals: { 'no-record': 1 } };
      }
    },
  };
}

/**
 * The longest time in [from, to] during which no stream reached the listener: between two pieces
 * of stream, or from an edge of the span to the nearest piece. A span with no stream at all is
 * one hole as long as the span.
 */
export function longestHole(rec: AirRecording, from: number, to: number): { ms: number; at: number } {
  const times = rec.chunks.map(([t]) => t).filter((t) => t >= from && t <= to).sort((a, b) => a - b);
  let best = { ms: 0, at: from };
  let prev = from;
  for (const t of [...times, to]) {
    if (t - prev > best.ms) best = { ms: t - prev, at: prev };
    prev = t;
  }
  return best;
}

/** RMS × 1000 above which a 50 ms window counts as sound (speech and chimes sit far above, silence at 0). */
export const SOUND = 20;

/** Seconds of sound decoded in [from, to]. */
export function soundSeconds(rec: AirRecording, from: number, to: number, threshold = SOUND): number {
  return rec.windows.filter(([t, r]) => t >= from && t <= to && r > threshold).length * 0.05;
}

/** When the first sound at or after `after` was decoded, or null. */
export function firstSound(rec: AirRecording, after: number, threshold = SOUND): number | null {
  for (const [t, r] of rec.windows) if (t >= after && r > threshold) return t;
  return null;
}

/** Seconds, one decimal: the unit every figure uses. */
export const sec = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
