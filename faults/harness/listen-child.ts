/**
 * A listener as a receiver would be, in its own process so that the suite's load (a thousand
 * requests, a big upload) cannot delay the times it records. Reads the mount over HTTP, noting
 * when each piece of the stream arrived, and decodes it with ffmpeg into 50 ms loudness windows,
 * each with the time it was decoded. Reconnects at once when the mount goes away. On SIGTERM it
 * prints everything it recorded as one JSON line and exits.
 *
 * Usage: node listen-child.js URL
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { get, type IncomingMessage } from 'node:http';

export interface AirRecording {
  /** Wall-clock ms of each connection that got a 200 and each loss of one. */
  readonly connects: number[];
  readonly drops: number[];
  /** [arrival ms, bytes] of every piece of stream read. */
  readonly chunks: Array<[number, number]>;
  /** [decoded at ms, RMS × 1000] of every 50 ms of decoded audio (8 kHz mono). */
  readonly windows: Array<[number, number]>;
  /** HTTP statuses other than 200 met while reconnecting, with how often. */
  readonly refusals: Record<string, number>;
}

const WINDOW = 400; // samples: 50 ms at 8 kHz

function main(): void {
  const url = process.argv[2];
  const rec: AirRecording = { connects: [], drops: [], chunks: [], windows: [], refusals: {} };
  let stopping = false;
  let res: IncomingMessage | null = null;
  let decoder: ChildProcess | null = null;

  const startDecoder = (): ChildProcess => {
    const ff = spawn('ffmpeg', ['-hide_banner', '-loglevel', 'quiet', '-fflags', 'nobuffer', '-probesize', '8192', '-analyzeduration', '0',
      '-f', 'mp3', '-i', 'pipe:0', '-f', 's16le', '-ac', '1', '-ar', '8000', '-flush_packets', '1', 'pipe:1'], { stdio: ['pipe', 'pipe', 'ignore'] });
    let pending: Buffer = Buffer.alloc(0);
    ff.stdout!.on('data', (d: Buffer) => {
      const at = Date.now();
      pending = pending.length ? Buffer.concat([pending, d]) : d;
      while (pending.length >= WINDOW * 2) {
        let sum = 0;
        for (let i = 0; i < WINDOW * 2; i += 2) sum += (pending.readInt16LE(i) / 32768) ** 2;
        rec.windows.push([at, Math.round(Math.sqrt(sum / WINDOW) * 1000)]);
        pending = pending.subarray(WINDOW * 2);
      }
    });
    ff.stdin!.on('error', () => undefined);
    ff.on('error', () => undefined);
    return ff;
  };

  const connect = (): void => {
    if (stopping) return;
    const req = get(url, { headers: { 'user-agent': 'loaphuong-faults-listener' } }, (r) => {
      if (r.statusCode !== 200) {
        rec.refusals[String(r.statusCode)] = (rec.refusals[String(r.statusCode)] ?? 0) + 1;
        r.resume();
        r.on('end', () => setTimeout(connect, 100));
        return;
      }
      res = r;
      rec.connects.push(Date.now());
      // One decoder per connection: a new source starts a new MP3 stream.
      decoder = startDecoder();
      const dec = decoder;
      r.on('data', (d: Buffer) => {
        rec.chunks.push([Date.now(), d.length]);
        dec.stdin!.write(d);
      });
      const lost = () => {
        if (res !== r) return;
        res = null;
        rec.drops.push(Date.now());
        dec.stdin!.end();
        setTimeout(connect, 100);
      };
      r.on('end', lost);
      r.on('error', lost);
      r.on('close', lost);
    });
    req.on('error', () => {
      rec.refusals.unreachable = (rec.refusals.unreachable ?? 0) + 1;
      setTimeout(connect, 100);
    });
  };

  process.on('SIGTERM', () => {
    stopping = true;
    res?.destroy();
    decoder?.stdin?.end();
    // The decoder's last windows arrive once its input has ended.
    setTimeout(() => {
      decoder?.kill('SIGKILL');
      process.stdout.write(`${JSON.stringify(rec)}\n`, () => process.exit(0));
    }, 300);
  });
  connect();
}

main();
