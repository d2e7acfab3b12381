/**
 * Test tooling (tests and the bench, not the product): a listener as a receiver would be — decodes
 * a mount to PCM in a child ffmpeg and keeps every sample with the wall-clock time it arrived — and
 * a free loopback port for servers run side by side.
 */
import { createServer } from 'node:net';
import { Writable } from 'node:stream';
import { startFfmpeg, type FfmpegCommand } from '../../src/audio/ffmpeg.js';

/** A loopback port nobody listens on right now (tests and the bench run servers side by side). */
export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

export interface Listener {
  /** Samples decoded so far (mono s16 at `sampleRate`). */
  samples(): Int16Array;
  readonly sampleRate: number;
  /** Wall-clock ms when sample `index` reached us; undefined if not yet. */
  arrivalOf(index: number): number | undefined;
  /** Index of the first sample at or after `from` whose magnitude exceeds `threshold`. */
  onset(from: number, threshold?: number): number | undefined;
  /** Samples that had arrived by wall-clock time `t` (where "now" was, for the listener, at t). */
  indexAt(t: number): number;
  stop(): Promise<void>;
}

export function listenerCommand(url: string, output: Writable, sampleRate: number): FfmpegCommand {
  return {
    label: `listener ${url}`,
    inputs: [{ source: url, options: ['-fflags', 'nobuffer', '-probesize', '8192', '-analyzeduration', '0', '-f', 'mp3'] }],
    output: output as unknown as FfmpegCommand['output'],
    outputOptions: ['-f', 's16le', '-acodec', 'pcm_s16le', '-ac', '1', '-ar', String(sampleRate), '-flush_packets', '1'],
  };
}

export function listen(url: string, opts: { sampleRate?: number } = {}): Listener {
  const sampleRate = opts.sampleRate ?? 16_000;
  let buf = Buffer.alloc(1 << 20);
  let len = 0;
  /** [sample count after the chunk, arrival ms] */
  const marks: Array<[number, number]> = [];
  const sink = new Writable({
    write(chunk: Buffer, _e, cb) {
      if (len + chunk.length > buf.length) {
        const bigger = Buffer.alloc(Math.max(buf.length * 2, len + chunk.length));
        buf.copy(bigger, 0, 0, len);
        buf = bigger;
      }
      chunk.copy(buf, len);
      len += chunk.length;
      marks.push([Math.floor(len / 2), Date.now()]);
      cb();
    },
  });
  const proc = startFfmpeg(listenerCommand(url, sink, sampleRate));
  const samples = () => new Int16Array(buf.buffer, buf.byteOffset, Math.floor(len / 2));
  return {
    sampleRate,
    samples,
    arrivalOf(index) {
      // Binary search: the first chunk whose end passes the index brought it.
      let lo = 0;
      let hi = marks.length - 1;
      if (hi < 0 || marks[hi][0] <= index) return undefined;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (marks[mid][0] > index) hi = mid;
        else lo = mid + 1;
      }
      return marks[lo][1];
    },
    onset(from, threshold = 4000) {
      const s = samples();
      for (let i = Math.max(0, from); i < s.length; i++) if (Math.abs(s[i]) > threshold) return i;
      return undefined;
    },
    indexAt(t) {
      let n = 0;
      for (const [count, at] of marks) {
        if (at > t) break;
        n = count;
      }
      return n;
    },
    async stop() {
      proc.kill();
      await proc.exited;
    },
  };
}
