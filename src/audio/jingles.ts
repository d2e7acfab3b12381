/**
 * The built-in jingles: a short bell chime before a bulletin (rising) and after it (falling),
 * synthesised with ffmpeg so the project ships its own sound. The committed WAVs in
 * `scripts-audio/jingles/` come from `scripts-audio/jingles/make-jingles.sh`, which calls
 * `makeJingles`; the renderer regenerates them into the data dir if they are ever missing.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FfmpegCommand } from './ffmpeg.js';
import { runFfmpeg } from './ffmpeg.js';

export type JingleKind = 'intro' | 'outro';

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

/** Where the committed jingles live: `scripts-audio/jingles/` at the package root. */
export function builtinJingleDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return join(dir, 'scripts-audio', 'jingles');
}

export function jingleFile(dir: string, kind: JingleKind): string {
  return join(dir, `${kind}.wav`);
}

/** Writes intro.wav and outro.wav into `dir`. */
export async function makeJingles(dir: string): Promise<string[]> {
  mkdirSync(dir, { recursive: true });
  const out: string[] = [];
  for (const kind of ['intro', 'outro'] as const) {
    const path = jingleFile(dir, kind);
    await runFfmpeg(jingleCommand(kind, path));
    out.push(path);
  }
  return out;
}
