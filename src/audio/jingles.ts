/**
 * The built-in jingles: a short bell chime before a bulletin (rising) and after it (falling), and a
 * soft loopable music bed (four gentle chords) to lay under speech, all synthesised with ffmpeg so
 * the project ships its own sound. The committed WAVs in `scripts-audio/jingles/` come from
 * `scripts-audio/jingles/make-jingles.sh`, which calls `makeJingles`; the renderer regenerates them
 * into the data dir if they are ever missing.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FfmpegCommand } from './ffmpeg.js';
import { runFfmpeg } from './ffmpeg.js';

export type JingleKind = 'intro' | 'outro';
/** Every built-in sound: the two chimes and the music bed. */
export type BuiltinSound = JingleKind | 'bed';

interface Note {
  /** Hz. */
  readonly freq: number;
  /** Start, s. */
  readonly at: number;
}

const CHIMES: Record<JingleKind, { notes: Note[]; duration: number }> = {
  // C major arpeggio up: "attention, a bulletin".
  intro: { notes: [{ freq: 784, at: 0 }, { freq: 1046.5, at: 0.22 }, { freq: 1318.5, at: 0.44 }, { freq: 1568, at: 0.66 }], duration: 2.6 },
  // And down to close.
  outro: { notes: [{ freq: 1568, at: 0 }, { freq: 1318.5, at: 0.28 }, { freq: 1046.5, at: 0.56 }, { freq: 784, at: 0.84 }], duration: 2.4 },
};

/** One bell strike: fundamental plus a fast-decaying inharmonic partial, 5 ms attack. */
function bell(n: Note): string {
  const t = `(t-${n.at})`;
  return `0.2*gte(t\\,${n.at})*min(1\\,${t}*200)*exp(-2.2*${t})*(sin(2*PI*${n.freq}*${t})+0.3*sin(2*PI*${(n.freq * 2.76).toFixed(1)}*${t})*exp(-5*${t}))`;
}

/** The ffmpeg command that synthesises one jingle as 44.1 kHz mono WAV. */
export function jingleCommand(kind: JingleKind, output: string): FfmpegCommand {
  const { notes, duration } = CHIMES[kind];
  return {
    label: `jingle ${kind}`,
    inputs: [{ source: `aevalsrc=exprs=${notes.map(bell).join('+')}:s=44100:d=${duration}`, options: ['-f', 'lavfi'] }],
    output,
    outputOptions: ['-af', `afade=t=out:st=${duration - 0.4}:d=0.4`, '-ac', '1', '-c:a', 'pcm_s16le', '-f', 'wav', '-map_metadata', '-1', '-fflags', '+bitexact'],
  };
}

/** Seconds per chord of the bed; four chords make one loop. */
const BED_CHORD_SEC = 2;
/** I – vi – IV – V around middle C (the horn loudspeakers' band starts near 250 Hz), with a soft root below. */
const BED_CHORDS: readonly (readonly number[])[] = [
  [130.81, 261.63, 329.63, 392.0],
  [110.0, 261.63, 329.63, 440.0],
  [174.61, 261.63, 349.23, 440.0],
  [98.0, 246.94, 293.66, 392.0],
];

/**
 * The bed as one aevalsrc expression. Each chord swells in and out on a cos² window over twice its
 * length, overlapping its neighbours by half, so the windows sum to one (a steady pad, no gaps),
 * wrapping around the loop. Every frequency is a multiple of 1/loop-length Hz, so the waveform at the
 * end of the loop continues exactly into its start: `-stream_loop` repeats it without a click.
 */
function bedExpression(): string {
  const loop = BED_CHORDS.length * BED_CHORD_SEC;
  return BED_CHORDS.map((notes, k) => {
    // Distance from the chord's centre, wrapped into [−loop/2, loop/2).
    const d = `(mod(t-${k * BED_CHORD_SEC}+${loop * 1.5}\\,${loop})-${loop / 2})`;
    const env = `lte(abs(${d})\\,${BED_CHORD_SEC})*pow(cos(PI*${d}/${2 * BED_CHORD_SEC})\\,2)`;
    const tones = notes.map((freq, i) => `${i === 0 ? 0.05 : 0.07}*sin(2*PI*${Math.round(freq * loop) / loop}*t)`).join('+');
    return `${env}*(${tones})`;
  }).join('+');
}

/** The ffmpeg command that synthesises the music bed: one seamless loop, 44.1 kHz mono WAV. */
export function bedCommand(output: string): FfmpegCommand {
  const loop = BED_CHORDS.length * BED_CHORD_SEC;
  return {
    label: 'jingle bed',
    inputs: [{ source: `aevalsrc=exprs=${bedExpression()}:s=44100:d=${loop}`, options: ['-f', 'lavfi'] }],
    output,
    outputOptions: ['-ac', '1', '-c:a', 'pcm_s16le', '-f', 'wav', '-map_metadata', '-1', '-fflags', '+bitexact'],
  };
}

/** Where the committed jingles live: `scripts-audio/jingles/` at the package root. */
export function builtinJingleDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return join(dir, 'scripts-audio', 'jingles');
}

export function jingleFile(dir: string, kind: BuiltinSound): string {
  return join(dir, `${kind}.wav`);
}

/** Writes intro.wav, outro.wav and bed.wav into `dir`. */
export async function makeJingles(dir: string): Promise<string[]> {
  mkdirSync(dir, { recursive: true });
  const out: string[] = [];
  for (const kind of ['intro', 'outro', 'bed'] as const) {
    const path = jingleFile(dir, kind);
    await runFfmpeg(kind === 'bed' ? bedCommand(path) : jingleCommand(kind, path));
    out.push(path);
  }
  return out;
}
