/**
 * Every ffmpeg command the render pipeline runs, built as plain data (tests assert on the argument
 * arrays; `audio/ffmpeg.ts` runs them). Nothing here touches a process or a file.
 */
import type { Readable, Writable } from 'node:stream';
import type { AudioSettings } from '../config/hardware.js';
import type { FfmpegCommand, FfmpegInput } from './ffmpeg.js';
import type { GainPlan } from './loudness.js';

export type OutputFormat = 'mp3' | 'wav' | 'ogg';

/** Encoder per output format; the renderer checks the machine has it before it starts. */
export const ENCODERS: Record<OutputFormat, string> = { mp3: 'libmp3lame', wav: 'pcm_s16le', ogg: 'libopus' };

/** Opus only runs at these rates; other formats take the profile's rate as is. */
const OPUS_RATES = [48000, 24000, 16000, 12000, 8000];

export function outputSampleRate(format: OutputFormat, profileRate: number): number {
  return format === 'ogg' && !OPUS_RATES.includes(profileRate) ? 48000 : profileRate;
}

const f = (n: number, digits = 4) => Number(n.toFixed(digits)).toString();

/**
 * Into a pipe ffmpeg would write every frame on its own (a 64 kbit/s MP3 is 38 frames a second of
 * audio): buffered, the reader takes 32 KB at a time (measured: 0.1 s of our CPU for a 775 s file
 * instead of 1.9 s).
 */
const PIPE_WRITES = ['-flush_packets', '0'];

/**
 * Rate the voicing chain runs at. When the profile's low-pass leaves nothing near the speech's own
 * Nyquist frequency (horn voicing: 6 kHz against 22.05 or 24 kHz speech), the chain runs at the
 * speech's rate — half the samples of the output's 44.1 kHz for the same sound — and the encode
 * brings it up to the output's rate. Otherwise (a wide-band broadcast feed) it runs at the output's.
 */
export function voicingRate(a: Pick<AudioSettings, 'lowpassHz'>, speechRate: number, outputRate: number): number {
  return speechRate < outputRate && a.lowpassHz <= 0.45 * speechRate ? speechRate : outputRate;
}

/** The voicing chain of a profile: band limits for horn loudspeakers, then the compressor. */
export function voicingFilters(a: Pick<AudioSettings, 'highpassHz' | 'lowpassHz' | 'compress'>, sampleRate: number): string[] {
  const chain: string[] = [];
  if (a.highpassHz > 0) chain.push(`highpass=f=${a.highpassHz}:poles=2`);
  if (a.lowpassHz < sampleRate / 2) chain.push(`lowpass=f=${a.lowpassHz}:poles=2`);
  // Speech arrives at the reference level (−20 dBFS RMS): 3:1 above −24 dBFS evens out loud and
  // soft sentences; the release is slow enough to keep syllables natural. Peaks are the limiter's job.
  if (a.compress) chain.push('acompressor=threshold=0.063:ratio=3:attack=8:release=200:knee=2.8:makeup=1');
  return chain;
}

/**
 * How the music bed is ducked under the voice: a compressor on the bed keyed by the speech. Speech
 * sits at the reference level (−20 dBFS RMS), far above the threshold, so the bed drops by about
 * 10 dB while someone speaks; the 30 ms attack lets the first syllable through cleanly, the 250 ms
 * release brings the bed back up in paragraph and heading pauses but not between words.
 */
export const BED_DUCKING = 'sidechaincompress=threshold=0.025:ratio=8:attack=30:release=250:knee=4:makeup=1';
/** Fade of the bed in at the start of the speech and out at its end, s. */
const BED_FADE_IN_SEC = 1;
const BED_FADE_OUT_SEC = 1.5;

export interface BedInput {
  /** Music file, looped for as long as the speech lasts. */
  readonly path: string;
  /** Brings the bed to its level in pauses (the renderer measures the file). */
  readonly gainDb: number;
  /** Length of the speech the bed lies under, s. */
  readonly durationSec: number;
}

export interface VoicingInput {
  /** Intro jingle file, or null for none. */
  readonly intro: string | null;
  /** Raw mono s16le speech (a file, or piped from memory), its rate, and the gain that brings it to the reference level. */
  readonly speech: { readonly source: string | Readable; readonly sampleRate: number; readonly levelGainDb: number };
  readonly outro: string | null;
  /** Music bed under the speech (not under the jingles). @default none */
  readonly bed?: BedInput | null;
  readonly audio: Pick<AudioSettings, 'highpassHz' | 'lowpassHz' | 'compress'>;
  /** Rate the whole chain runs at ({@link voicingRate}). */
  readonly sampleRate: number;
  /** Raw 32-bit float mono at the chain's rate, read back by the trial and the encode (`voicedInput`). */
  readonly output: string;
  /**
   * The trial's sample of the voiced signal (the same raw float), written to a pipe as the voicing
   * goes, for a trial run beside it. @default none
   */
  readonly sampleTo?: { readonly stream: Writable; readonly sample?: TrialSample };
}

const toMono = (rate: number) => `aresample=${rate},aformat=sample_fmts=flt:channel_layouts=mono`;

/**
 * The bed graph: the looped bed levelled, cut to the speech's length with fades, ducked by the
 * speech (`[voice]` in) and mixed under it (`[out]`); `at` is the bed's input index.
 */
function bedGraph(bed: BedInput, at: number, sampleRate: number, out: string): string[] {
  const d = bed.durationSec;
  const fadeIn = Math.min(BED_FADE_IN_SEC, d / 2);
  const fadeOut = Math.min(BED_FADE_OUT_SEC, d / 2);
  return [
    '[voice]asplit=2[speech][key]',
    `[${at}:a]${toMono(sampleRate)},volume=${f(bed.gainDb)}dB,atrim=duration=${f(d)},afade=t=in:d=${f(fadeIn)},afade=t=out:st=${f(d - fadeOut)}:d=${f(fadeOut)}[bed]`,
    `[bed][key]${BED_DUCKING}[ducked]`,
    `[speech][ducked]amix=inputs=2:duration=first:normalize=0${out}`,
  ];
}

/** How the trial and the encode read the voicing's raw float output. */
export function voicedInput(source: string | Readable, rate: number): FfmpegInput {
  return { source, options: ['-f', 'f32le', '-ar', String(rate), '-ac', '1'] };
}

/**
 * Pass 1: intro + speech (with the bed ducked under it) + outro joined, voiced, measured (ebur128
 * summary on stderr), written as 32-bit float so nothing clips before the gain is known.
 */
export function voicingCommand(v: VoicingInput): FfmpegCommand {
  const inputs: FfmpegInput[] = [];
  if (v.intro) inputs.push({ source: v.intro, options: [] });
  inputs.push({ source: v.speech.source, options: ['-f', 's16le', '-ar', String(v.speech.sampleRate), '-ac', '1'] });
  if (v.outro) inputs.push({ source: v.outro, options: [] });
  const parts = inputs.length;
  const speechAt = v.intro ? 1 : 0;
  const norm = inputs.map((_, i) => {
    const level = i === speechAt ? `volume=${f(v.speech.levelGainDb)}dB,` : '';
    const label = i === speechAt && v.bed ? '[voice]' : `[a${i}]`;
    return `[${i}:a]${level}${toMono(v.sampleRate)}${label}`;
  });
  if (v.bed) {
    inputs.push({ source: v.bed.path, options: ['-stream_loop', '-1'] });
    norm.push(...bedGraph(v.bed, parts, v.sampleRate, `[a${speechAt}]`));
  }
  const labels = Array.from({ length: parts }, (_, i) => `[a${i}]`).join('');
  const head = parts > 1 ? `${labels}concat=n=${parts}:v=0:a=1,` : labels;
  const chain = [...voicingFilters(v.audio, v.sampleRate), 'ebur128=framelog=verbose'].join(',');
  const raw = ['-c:a', 'pcm_f32le', '-f', 'f32le'];
  if (!v.sampleTo) {
    return { label: 'render voicing', inputs, filterComplex: [...norm, `${head}${chain}[out]`].join(';'), output: v.output, outputOptions: ['-map', '[out]', ...raw] };
  }
  const select = v.sampleTo.sample ? `${sampleFilter(v.sampleTo.sample)},` : '';
  return {
    label: 'render voicing',
    inputs,
    filterComplex: [...norm, `${head}${chain},asplit=2[out][s]`, `[s]${select}anull[so]`].join(';'),
    alsoTo: [{ path: v.output, options: ['-map', '[out]', ...raw] }],
    output: v.sampleTo.stream,
    outputOptions: ['-map', '[so]', ...raw, ...PIPE_WRITES],
  };
}

export interface EncodeInput {
  readonly input: string;
  /** Rate of the voiced input; the gain stage runs at the output's rate. */
  readonly inputRate: number;
  readonly plan: GainPlan;
  readonly format: OutputFormat;
  readonly sampleRate: number;
  readonly channels: number;
  readonly bitrateKbps: number;
  /** A file, or a pipe (the renderer measures what it writes while it is written). */
  readonly output: string | Writable;
}

/**
 * Codec options per format (an explicit `-f`: the temp file's name says nothing). MP3 is constant
 * bitrate at the profile's rate with every frame self-contained (no bit reservoir: its cost is within
 * the noise of the measure, ±5 % of LAME's time, `render_mp3_reservoir0_cost_pct`) and nothing but
 * frames in the file (no ID3 tag, no Xing header), so playout can pace and splice it frame by frame.
 */
export function codecOptions(format: OutputFormat, bitrateKbps: number): string[] {
  if (format === 'mp3') return ['-c:a', ENCODERS.mp3, '-b:a', `${bitrateKbps}k`, '-compression_level', '7', '-reservoir', '0', '-f', 'mp3', '-write_xing', '0', '-id3v2_version', '0'];
  if (format === 'ogg') return ['-c:a', ENCODERS.ogg, '-b:a', `${bitrateKbps}k`, '-application', 'voip', '-f', 'ogg'];
  return ['-c:a', ENCODERS.wav, '-f', 'wav'];
}

/** The gain stage as filters: limiter at the planned ceiling between two linear gains. */
export function gainFilters(plan: GainPlan): string[] {
  const filters: string[] = [];
  if (plan.preGainDb !== 0) filters.push(`volume=${f(plan.preGainDb)}dB`);
  filters.push(`alimiter=limit=${f(plan.limit, 6)}:attack=5:release=50:level=false:latency=true`);
  filters.push(`volume=${f(plan.gainDb)}dB`);
  return filters;
}

/** The voiced signal brought to the output's rate, where the limiter holds its peaks. */
const toOutputRate = (inputRate: number, outputRate: number) => (inputRate === outputRate ? [] : [`aresample=${outputRate}`]);

/** A sample of a long signal: the first `blockSec` of every `periodSec`. */
export interface TrialSample {
  readonly periodSec: number;
  readonly blockSec: number;
}

/** An integrated-loudness meter whose running value is printed at full precision (`parseMeteredLufs`). */
const meter = (name: string) => `ebur128@${name}=metadata=1:framelog=verbose,ametadata@${name}=mode=print:key=lavfi.r128.I`;

/** The trial's sample as a filter: the first `blockSec` of every `periodSec`. */
const sampleFilter = (sample: TrialSample) => `aselect='lt(mod(t,${f(sample.periodSec)}),${f(sample.blockSec)})'`;

/** Names of the trial's meters (see `parseMeteredLufs`): the sample as it is, and after each plan's gain stage. */
export const TRIAL_METERS = { plain: 'plain', limited: (i: number) => `limited${i}` } as const;

/**
 * Pass 2 (trial): the gain stage exactly as the encode runs it, measured without encoding, to learn
 * how much loudness the limiter takes: the same sample measured without it and through the gain
 * stage of each plan (two ceilings give how the loss grows as the limiter holds harder). Integrated
 * loudness only (no true peak). On a long bulletin the trial runs on evenly spread blocks of it:
 * what the limiter takes is the same everywhere in one voice's speech.
 */
export function trialCommand(input: string | Readable, plans: readonly GainPlan[], rates: { readonly inputRate: number; readonly sampleRate: number }, sample?: TrialSample): FfmpegCommand {
  const select = sample ? `${sampleFilter(sample)},` : '';
  // Brought to the output's rate once, then split between the plans.
  const up = [...toOutputRate(rates.inputRate, rates.sampleRate), `asplit=${plans.length}`].join(',');
  const branches = plans.map((plan, i) => `[l${i}]${gainFilters(plan).join(',')},${meter(TRIAL_METERS.limited(i))}[lo${i}]`);
  return {
    label: 'render trial',
    inputs: [voicedInput(input, rates.inputRate)],
    filterComplex: [`[0:a]${select}asplit=2[p][g]`, `[p]${meter(TRIAL_METERS.plain)}[po]`, `[g]${up}${plans.map((_, i) => `[l${i}]`).join('')}`, ...branches].join(';'),
    output: '/dev/null',
    outputOptions: ['-map', '[po]', ...plans.flatMap((_, i) => ['-map', `[lo${i}]`]), '-f', 'null'],
  };
}

/** Pass 3: up to the output's rate, limiter at the planned ceiling, the measured linear gain, then the codec. */
export function encodeCommand(e: EncodeInput): FfmpegCommand {
  return {
    label: 'render encode',
    inputs: [voicedInput(e.input, e.inputRate)],
    output: e.output,
    outputOptions: [
      '-af', [...toOutputRate(e.inputRate, e.sampleRate), ...gainFilters(e.plan)].join(','), '-ar', String(e.sampleRate), '-ac', String(e.channels),
      ...codecOptions(e.format, e.bitrateKbps), '-map_metadata', '-1',
      ...(typeof e.output === 'string' ? [] : PIPE_WRITES),
    ],
  };
}

/**
 * Integrated loudness and true peak of a finished file, or of one being written (a pipe: `format`
 * names its container). Without the true peak and with a time limit it is a quick level check (the
 * music bed's).
 */
export function measureCommand(source: string | Readable, opts: { truePeak?: boolean; maxSec?: number; format?: OutputFormat } = {}): FfmpegCommand {
  const options = [...(opts.format ? ['-f', opts.format] : []), ...(opts.maxSec ? ['-t', String(opts.maxSec)] : [])];
  return {
    label: 'render measure',
    inputs: [{ source, options }],
    output: '/dev/null',
    outputOptions: ['-af', `ebur128=framelog=verbose${(opts.truePeak ?? true) ? ':peak=true' : ''}`, '-f', 'null'],
  };
}
