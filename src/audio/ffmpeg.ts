/**
 * The one place ffmpeg runs. Everything else builds an {@link FfmpegCommand} as plain data (so tests
 * read the exact arguments) and hands it here. fluent-ffmpeg drives the process: it gives us progress
 * parsing, stream piping and ffprobe; we give it only pre-built option arrays, never fluent chains
 * spread around the code.
 */
import { spawnSync } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import ffmpeg from 'fluent-ffmpeg';
import { LpError, type ErrorCode } from '../errors.js';

export interface FfmpegInput {
  /** A file path, or a Readable piped to stdin (for the playout encoder). */
  readonly source: string | Readable;
  /** Options placed before `-i` (e.g. `-f s16le -ar 44100 -ac 1`). */
  readonly options: readonly string[];
}

export interface FfmpegCommand {
  /** What this command is for, shown in logs and errors ("render mix", "encoder chinh"). */
  readonly label: string;
  readonly inputs: readonly FfmpegInput[];
  /** A -filter_complex graph; omit for simple filters given in output options. */
  readonly filterComplex?: string;
  /** A file path, an icecast:// URL, or a Writable (stdout pipe). */
  readonly output: string | Writable;
  /** Options placed before the output (codec, format, -map, -af …). */
  readonly outputOptions: readonly string[];
  /** Outputs to files written by the same process before `output`, each with its own options. */
  readonly alsoTo?: ReadonlyArray<{ readonly path: string; readonly options: readonly string[] }>;
}

/** The argv the command runs with (fluent-ffmpeg adds `-y`); for tests and logs. */
export function toArgs(cmd: FfmpegCommand): string[] {
  const args: string[] = [];
  for (const i of cmd.inputs) args.push(...i.options, '-i', typeof i.source === 'string' ? i.source : 'pipe:0');
  if (cmd.filterComplex) args.push('-filter_complex', cmd.filterComplex);
  for (const o of cmd.alsoTo ?? []) args.push(...o.options, o.path);
  args.push(...cmd.outputOptions, typeof cmd.output === 'string' ? cmd.output : 'pipe:1');
  return args;
}

export interface RunOptions {
  /** Called with seconds of output written so far. */
  readonly onProgress?: (seconds: number) => void;
  readonly signal?: AbortSignal;
}

// fluent-ffmpeg splits each element of an array argument at its one space ("-ice_name Kênh chính"
// would become a file named "chính"); options given as separate arguments are passed verbatim.
function verbatim(opts: readonly string[]): string[] {
  if (opts.length === 1 && opts[0].includes(' ')) throw new Error(`ffmpeg option with a space must come with its flag: ${opts[0]}`);
  return [...opts];
}

function build(cmd: FfmpegCommand): ffmpeg.FfmpegCommand {
  const f = ffmpeg();
  for (const i of cmd.inputs) {
    f.input(i.source as string);
    if (i.options.length) f.inputOptions(...verbatim(i.options));
  }
  if (cmd.filterComplex) f.complexFilter(cmd.filterComplex);
  for (const o of cmd.alsoTo ?? []) {
    f.output(o.path);
    if (o.options.length) f.outputOptions(...verbatim(o.options));
  }
  f.output(cmd.output as string);
  if (cmd.outputOptions.length) f.outputOptions(...verbatim(cmd.outputOptions));
  return f;
}

/**
 * A kill that works at any moment. fluent-ffmpeg spawns only after an asynchronous capability check,
 * and its own kill() before that is a no-op: the process would then run on (an encoder forever,
 * and whoever awaits its exit with it). The request is remembered and carried out on start.
 */
function killer(f: ffmpeg.FfmpegCommand): { kill(): void; readonly requested: boolean } {
  let requested = false;
  f.on('start', () => {
    if (requested) f.kill('SIGKILL');
  });
  return {
    kill() {
      requested = true;
      f.kill('SIGKILL');
    },
    get requested() {
      return requested;
    },
  };
}

/**
 * fluent-ffmpeg asks ffmpeg for its formats and encoders before a process's first command and caches
 * the answer, but commands started before the answer each ask again: forty channels going on air at
 * once spawned 74 extra ffmpeg runs (~0.1 CPU-s each). Every command waits for one shared question;
 * a process that will soon run ffmpeg asks it at its start, so the first command does not wait.
 */
let capabilities: Promise<void> | null = null;
export function capabilitiesKnown(): Promise<void> {
  // An error (no ffmpeg) is the command's own to report, with its code.
  capabilities ??= new Promise((resolve) => ffmpeg.getAvailableFormats(() => ffmpeg.getAvailableEncoders(() => resolve())));
  return capabilities;
}

function parseTimemark(mark: string | undefined): number {
  const m = /^(\d+):(\d+):(\d+(?:\.\d+)?)$/.exec(mark ?? '');
  return m ? Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]) : 0;
}

/** Maps ffmpeg's stderr to the user's error: disk full and missing codecs get their own codes. */
export function classifyFfmpegFailure(label: string, stderr: string): LpError {
  const tail = stderr.trim().split('\n').slice(-4).join(' | ').slice(0, 400);
  let code: ErrorCode = 'LP_ERR_AUDIO_FFMPEG_FAILED';
  if (/No space left on device/i.test(stderr)) code = 'LP_ERR_AUDIO_DISK_FULL';
  else if (/Unknown encoder|Encoder .* not found|Unknown decoder/i.test(stderr)) code = 'LP_ERR_AUDIO_CODEC_MISSING';
  else if (/Invalid data found when processing input|could not find codec parameters|moov atom not found|Header missing/i.test(stderr)) code = 'LP_ERR_AUDIO_FILE_INVALID';
  return new LpError(code, `${label}: ${tail}`);
}

/** Runs a finite command to completion; rejects with a coded error carrying ffmpeg's last lines. */
export function runFfmpeg(cmd: FfmpegCommand, opts: RunOptions = {}): Promise<{ stderr: string }> {
  return new Promise((resolve, reject) => {
    if (opts.signal?.aborted) return reject(new LpError('LP_ERR_AUDIO_FFMPEG_FAILED', `${cmd.label}: đã hủy`));
    const f = build(cmd);
    let stderr = '';
    f.on('stderr', (line: string) => {
      // Keep only the tail: a long render prints thousands of progress lines.
      stderr = (stderr + line + '\n').slice(-8000);
    });
    if (opts.onProgress) f.on('progress', (p: { timemark?: string }) => opts.onProgress!(parseTimemark(p.timemark)));
    const onAbort = killer(f).kill;
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    f.on('error', (err: Error, _out: string | null, errText: string | null) => {
      opts.signal?.removeEventListener('abort', onAbort);
      if (opts.signal?.aborted) return reject(new LpError('LP_ERR_AUDIO_FFMPEG_FAILED', `${cmd.label}: đã hủy`));
      if (/ENOENT|Cannot find ffmpeg/.test(err.message)) return reject(new LpError('LP_ERR_DEPENDENCY_MISSING', 'ffmpeg: sudo apt-get install ffmpeg'));
      reject(classifyFfmpegFailure(cmd.label, errText || stderr || err.message));
    });
    f.on('end', () => {
      opts.signal?.removeEventListener('abort', onAbort);
      resolve({ stderr });
    });
    void capabilitiesKnown().then(() => f.run());
  });
}

export interface LongRunningFfmpeg {
  /** Resolves when the process has exited, with its exit description. */
  readonly exited: Promise<{ error?: LpError }>;
  kill(): void;
}

/**
 * Starts a long-lived command (a live source, a monitor): no progress, no completion promise to
 * await, just a handle to supervise. Its stdin is the input Readable given in the command;
 * `onStderr` sees each line ffmpeg prints (a filter's reports, such as silencedetect's).
 */
export function startFfmpeg(cmd: FfmpegCommand, opts: { onStderr?: (line: string) => void } = {}): LongRunningFfmpeg {
  const f = build(cmd);
  let stderr = '';
  f.on('stderr', (line: string) => {
    stderr = (stderr + line + '\n').slice(-8000);
    opts.onStderr?.(line);
  });
  const k = killer(f);
  const exited = new Promise<{ error?: LpError }>((resolve) => {
    f.on('error', (err: Error, _o: string | null, errText: string | null) => {
      // Our own kill is a clean stop; one from outside (the OOM killer) is a failure to report.
      if (k.requested) return resolve({});
      resolve({ error: classifyFfmpegFailure(cmd.label, errText || stderr || err.message) });
    });
    f.on('end', () => resolve({}));
  });
  void capabilitiesKnown().then(() => f.run());
  return { exited, kill: k.kill };
}

export interface ProbeResult {
  readonly durationSec: number;
  readonly sampleRate: number;
  readonly channels: number;
  readonly codec: string;
}

/** Reads an audio file's facts; a corrupt file becomes LP_ERR_AUDIO_FILE_INVALID. */
export function probe(path: string): Promise<ProbeResult> {
  return new Promise((resolve, reject) => {
    ffmpeg.ffprobe(path, (err, data) => {
      const audio = data?.streams?.find((s) => s.codec_type === 'audio');
      if (err || !audio) return reject(new LpError('LP_ERR_AUDIO_FILE_INVALID', `${path}: ${err ? String(err.message).split('\n').pop() : 'không có luồng âm thanh'}`));
      resolve({
        durationSec: Number(data.format.duration ?? audio.duration ?? 0),
        sampleRate: Number(audio.sample_rate ?? 0),
        channels: Number(audio.channels ?? 0),
        codec: String(audio.codec_name ?? ''),
      });
    });
  });
}

/** True when this machine's ffmpeg can encode with `encoder` (e.g. libmp3lame, libopus). */
export function hasEncoder(encoder: string): boolean {
  const r = spawnSync('ffmpeg', ['-hide_banner', '-encoders'], { encoding: 'utf8' });
  return r.status === 0 && new RegExp(`\\s${encoder}\\s`).test(r.stdout);
}
