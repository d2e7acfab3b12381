/**
 * espeak-ng adapter: the embedded, offline default. One child process per chunk (chunks run in
 * parallel across cores); the text goes in on stdin so no chunk ever lands on a command line.
 */
import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { refuseUnspeakable, TtsFailure } from './errors.js';
import type { Pcm, SynthesizeOptions, TtsPort } from './port.js';
import { parseWav } from './wav.js';

export interface EspeakOptions {
  /** espeak-ng voice. @default 'vi' */
  readonly voice?: string;
  /** Words per minute. @default 150 */
  readonly rate?: number;
  /** 0–99. @default 50 */
  readonly pitch?: number;
  /** A chunk taking longer than this is killed (long digit strings used to hang espeak). @default 60000 */
  readonly timeoutMs?: number;
  /** Parallel processes. @default the machine's cores */
  readonly concurrency?: number;
  /** Executable. @default 'espeak-ng' */
  readonly command?: string;
}

/** The argv for one chunk; exported so tests read it. */
export function espeakArgs(o: { voice: string; rate: number; pitch: number }): string[] {
  return ['-v', o.voice, '-s', String(o.rate), '-p', String(o.pitch), '--stdin', '--stdout'];
}

export function createEspeakTts(opts: EspeakOptions = {}): TtsPort {
  const voice = opts.voice ?? 'vi';
  const rate = opts.rate ?? 150;
  const pitch = opts.pitch ?? 50;
  const timeoutMs = opts.timeoutMs ?? 60_000;
  const command = opts.command ?? 'espeak-ng';
  const args = espeakArgs({ voice, rate, pitch });
  return {
    id: 'espeak',
    // espeak has no request limit; small chunks spread the work across cores.
    maxChunkBytes: 1500,
    concurrency: opts.concurrency ?? Math.max(1, availableParallelism()),
    perMinute: Infinity,
    fingerprint: `espeak-ng:${voice}:${rate}:${pitch}`,
    synthesize(text: string, so: SynthesizeOptions = {}): Promise<Pcm> {
      const refused = refuseUnspeakable(text);
      if (refused) return Promise.reject(refused);
      return runEspeak(command, args, text, timeoutMs, so.signal);
    },
  };
}

function runEspeak(command: string, args: string[], text: string, timeoutMs: number, signal?: AbortSignal): Promise<Pcm> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new TtsFailure('aborted', 'đã hủy'));
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let err = '';
    let failure: TtsFailure | null = null;
    const kill = (f: TtsFailure) => {
      failure = f;
      child.kill('SIGKILL');
    };
    const timer = setTimeout(() => kill(new TtsFailure('timeout', `espeak-ng chạy quá ${timeoutMs} ms`)), timeoutMs);
    const onAbort = () => kill(new TtsFailure('aborted', 'đã hủy'));
    signal?.addEventListener('abort', onAbort, { once: true });
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => {
      err = (err + b.toString('utf8')).slice(-2000);
    });
    child.stdin.on('error', () => {}); // a dead child closes stdin; the exit handler reports it
    child.on('error', (e: NodeJS.ErrnoException) => {
      failure = new TtsFailure(e.code === 'ENOENT' ? 'unavailable' : 'failed', e.code === 'ENOENT' ? `không có ${command}: sudo apt-get install espeak-ng` : e.message);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      if (failure) return reject(failure);
      const buf = Buffer.concat(out);
      if (code !== 0 || buf.length <= 44) return reject(new TtsFailure('failed', `espeak-ng thoát mã ${code}: ${err.trim().split('\n').pop() ?? 'không có âm thanh'}`));
      try {
        const pcm = parseWav(buf);
        if (pcm.samples.length === 0) return reject(new TtsFailure('rejected', 'espeak-ng không đọc ra âm nào'));
        resolve(pcm);
      } catch (e) {
        reject(new TtsFailure('failed', (e as Error).message));
      }
    });
    child.stdin.end(text, 'utf8');
  });
}
