/**
 * The render pipeline: spoken script → speech (chosen voice, espeak-ng as fallback) → intro +
 * speech with natural pauses (an optional music bed ducked under it) + outro → the profile's
 * voicing chain → a measured linear gain to the loudness target → the profile's format, written to
 * a temp file and renamed into the content-addressed cache. Re-rendering an unchanged bulletin is a
 * cache hit.
 *
 * Where the time goes (775 s of a ward plan, CPU seconds on a 2-core machine: `npm run bench`
 * prints the breakdown): speech ≈ 2 (espeak-ng on both cores), voicing ≈ 1.8, trial ≈ 0.7, encode
 * ≈ 2.7 with the measure of the finished file ≈ 2.4 beside it. Four ffmpeg child processes, three passes:
 * - voicing: speech piped in from memory, joined with the jingles, voiced and measured (integrated
 *   loudness), at the speech's own rate when the profile's low-pass allows (`voicingRate`);
 * - one trial of the gain stage (how much the limiter takes) on a sample, no encoding: beside the
 *   voicing when the renderer knows the level to expect, else after it;
 * - encode (to the output's rate, limiter, gain, codec), teed to the cache's temp file and to a
 *   measure of the finished file (so the result reports what was really written) running beside it.
 * When the codec or the limiter moved the result outside ±0.5 LU or over the peak limit, the encode
 * is redone with a corrected gain (at most twice).
 */
import { createWriteStream, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import type { Config } from '../config/index.js';
import { loadHardwareProfile } from '../config/hardware.js';
import { LpError, isLpError } from '../errors.js';
import type { RetryOptions } from '../speech/limit.js';
import type { TtsPort, VoiceId } from '../speech/port.js';
import { speak } from '../speech/synthesize.js';
import { cacheKey, fsError, hashFile, RenderCache } from './cache.js';
import { BED_DUCKING, encodeCommand, ENCODERS, measureCommand, outputSampleRate, TRIAL_METERS, trialCommand, voicingCommand, voicingRate, type EncodeInput, type OutputFormat, type TrialSample } from './commands.js';
import { hasEncoder, probe, runFfmpeg } from './ffmpeg.js';
import { builtinJingleDir, jingleFile, makeJingles, type BuiltinSound } from './jingles.js';
import { CODEC_TRAITS, levelBeforeGain, parseEbur128, parseMeteredLufs, planGain, trialLevels, type Loudness } from './loudness.js';
import { activeLevelDb, assembleSpeech } from './pcm.js';

export interface RenderRequest {
  /** Spoken-form script (text stage output): paragraphs separated by a blank line, no digits. */
  spoken: string;
  title: string;
  /** @default config.tts */
  voice?: VoiceId;
  /** Hardware profile in `hardware/`. @default 'none' */
  profileName?: string;
  /** @default the profile's format */
  format?: 'mp3' | 'wav' | 'ogg';
  /** Jingle file; undefined or 'builtin' = the built-in chime, null = none. */
  intro?: string | null;
  outro?: string | null;
  /**
   * Music looped under the speech, ducked while someone speaks: a file, or 'builtin' for the
   * built-in soft chords. @default none
   */
  bed?: string | null;
  /**
   * `now` (an air-now, a khẩn cấp notice): the chosen voice gets {@link URGENT_VOICE_MS}, retries
   * included, before espeak-ng reads it instead. `ahead` (render-ahead of a schedule, the CLI): the
   * full retry policy. @default 'ahead'
   */
  urgency?: 'now' | 'ahead';
  /** Stage name and overall fraction 0–1. */
  onProgress?: (p: { stage: string; fraction: number }) => void;
  signal?: AbortSignal;
}

/**
 * What an urgent render grants the chosen voice before falling back: a couple of retries of a
 * quick refusal (429, 500), one hung request cut short; espeak-ng then renders in about a second.
 */
export const URGENT_VOICE_MS = 2000;

export interface RenderResult {
  /** File in the render cache; callers copy, never modify. */
  path: string;
  durationSec: number;
  integratedLufs: number;
  truePeakDb: number;
  /** The voice that actually spoke (espeak when Google failed for good). */
  voiceUsed: VoiceId;
  cacheHit: boolean;
  /** Hash of everything that shapes the sound (script, voice, profile, target, jingles, bed). */
  contentHash: string;
  format: 'mp3' | 'wav' | 'ogg';
}

export interface Renderer {
  render(req: RenderRequest): Promise<RenderResult>;
}

/**
 * The voices a renderer speaks with, built by the composition root (`station/voices.ts`) and passed
 * in: espeak-ng always (it is every other voice's fallback), Google when configured.
 */
export interface Voices {
  readonly espeak: TtsPort;
  readonly google?: TtsPort;
}

export interface RendererOptions {
  readonly voices: Voices;
  /** Render cache bound. @default 2 GiB */
  readonly cacheMaxBytes?: number;
  /** Retry policy for every voice. @default 4 tries from 500 ms */
  readonly retry?: RetryOptions;
  /** Encoder check (tests pretend one is missing). @default ffmpeg -encoders */
  readonly hasEncoder?: (name: string) => boolean;
}

/**
 * How long a render of `audioSec` seconds of speech takes, to tell an operator before a long khẩn
 * cấp notice goes to air: the child processes' fixed cost and the speed, both rounded toward
 * caution from `npm run bench` on a 2-core machine (render_notice_60s_ms about 1 s,
 * render_realtime_factor well above 100×); the bench prints this estimate beside the measure.
 */
export function estimateRenderSec(audioSec: number): number {
  const SETUP_SEC = 1;
  const REALTIME_FACTOR = 80;
  return SETUP_SEC + Math.max(0, audioSec) / REALTIME_FACTOR;
}

/** Bump when the pipeline's sound changes, so old cache entries are not served. */
const PIPELINE_VERSION = 2;
/** Every voice is brought to this active-speech level (dBFS RMS) before the voicing chain. */
const SPEECH_REFERENCE_DB = -20;
/**
 * The music bed's loudness before voicing. Against speech at the reference level this puts the bed
 * about 15 dB (RMS) under the voice in pauses, and some 25 dB under it while someone speaks (ducked).
 */
const BED_LEVEL_LUFS = -42;
/** Enough of a long music file to know its level. */
const BED_MEASURE_SEC = 120;
/** How far from the target the result may land before the encode is redone. */
const LUFS_TOLERANCE = 0.5;

/**
 * The trial's sample of a long bulletin: 10 s blocks spread evenly, about 90 s in all (measured on
 * a 775 s ward plan: the same loss as the whole file to 0.05 LU, at a quarter of its cost).
 */
const TRIAL_BLOCK_SEC = 10;
const TRIAL_SAMPLE_SEC = 90;
function trialSample(durationSec: number): TrialSample | undefined {
  if (durationSec <= 2 * TRIAL_SAMPLE_SEC) return undefined;
  return { periodSec: Math.round((TRIAL_BLOCK_SEC * durationSec) / TRIAL_SAMPLE_SEC), blockSec: TRIAL_BLOCK_SEC };
}

/** What a trial learnt: the loss of the gain stage at two levels (null when it measured nothing). */
type TrialOutcome = { levels: [number, number]; losses: [number, number] } | null;

/** Stage weights for the overall progress fraction. */
const STAGES = { speech: [0, 0.2], voicing: [0.2, 0.45], trial: [0.45, 0.5], encode: [0.5, 0.95], measure: [0.95, 0.98], cache: [0.98, 1] } as const;

const NOT_MEASURED: Loudness = { integratedLufs: NaN, truePeakDb: NaN };

/**
 * An ffmpeg output (`input`, given to the command as its output stream) written to the file `path`
 * and, as it is written, to a second reader (`copy`). `written` settles with the file write's error,
 * or null, once the output has ended. A reader of `copy` that stops early must `resume()` it, or the
 * file and the command wait on it.
 */
function teeToFile(path: string): { input: PassThrough; copy: PassThrough; written: Promise<LpError | null> } {
  // No 'close' from the tee: fluent-ffmpeg fails a command whose output stream closes before the
  // process has been seen to exit, which a loaded machine can order either way.
  const input = new PassThrough({ emitClose: false });
  const copy = new PassThrough();
  const file = createWriteStream(path);
  input.pipe(file);
  input.pipe(copy);
  // A settled result, so it cannot reject unobserved while the command is awaited.
  const written = finished(file).then(() => null, (err: unknown) => fsError(err, path));
  return { input, copy, written };
}

/**
 * Encodes into the file `e.output` and measures what is written while it is being written: the
 * encoder's output is teed to the file and to a second ffmpeg that decodes and measures it, so the
 * check of the finished file costs no pass of its own (the two run side by side on two cores). WAV
 * is written to its file and measured after: its header is completed by seeking back, which a pipe
 * cannot do (and reading PCM back is cheap).
 */
async function encodeMeasured(
  e: EncodeInput & { readonly output: string },
  o: { readonly signal?: AbortSignal; readonly onEncoded: (seconds: number) => void; readonly onMeasuring: () => void },
): Promise<Loudness> {
  if (e.format === 'wav') {
    await runFfmpeg(encodeCommand(e), { signal: o.signal, onProgress: o.onEncoded });
    o.onMeasuring();
    return parseEbur128((await runFfmpeg(measureCommand(e.output), { signal: o.signal })).stderr) ?? NOT_MEASURED;
  }
  const { input: encoded, copy: toMeasure, written } = teeToFile(e.output);
  const measuring = runFfmpeg(measureCommand(toMeasure, { format: e.format }), { signal: o.signal }).then((r) => r, (err: unknown) => err as LpError);
  // A measurer that gave up early must not hold the encoder (and the file) back.
  void measuring.then(() => toMeasure.resume());
  // Whatever happens, the encoder's end ends the tee, and with it the file and the measurer's input.
  let failure: unknown = await runFfmpeg(encodeCommand({ ...e, output: encoded }), { signal: o.signal, onProgress: o.onEncoded }).then(() => null, (err: unknown) => err);
  failure ??= await written;
  if (failure) {
    await measuring;
    throw failure;
  }
  o.onMeasuring();
  const m = await measuring;
  if (m instanceof Error) throw m;
  return parseEbur128(m.stderr) ?? NOT_MEASURED;
}

export function createRenderer(config: Readonly<Config>, opts: RendererOptions): Renderer {
  const voices: Partial<Record<VoiceId, TtsPort>> = opts.voices;
  const cache = new RenderCache<RenderResult>(join(config.dataDir, 'render-cache'), opts.cacheMaxBytes ?? 2 * 1024 ** 3);
  const encoderOk = new Map<string, boolean>();
  const checkEncoder = (name: string) => {
    if (!encoderOk.has(name)) encoderOk.set(name, (opts.hasEncoder ?? hasEncoder)(name));
    return encoderOk.get(name)!;
  };

  /** The sound file to use: the given one, none, or the built-in one (made if missing). */
  async function soundPath(kind: BuiltinSound, given: string | null | undefined, fallback: 'builtin' | null): Promise<string | null> {
    const choice = given === undefined ? fallback : given;
    if (choice !== 'builtin') return choice;
    const committed = jingleFile(builtinJingleDir(), kind);
    if (existsSync(committed)) return committed;
    // A trimmed install without the committed sounds: make them once in the data dir.
    const own = jingleFile(join(config.dataDir, 'jingles'), kind);
    if (!existsSync(own)) await makeJingles(dirname(own));
    return own;
  }

  const SOUND_NAMES: Record<BuiltinSound, string> = { intro: 'nhạc hiệu mở đầu', outro: 'nhạc hiệu kết thúc', bed: 'nhạc nền' };
  /** The voiced level last measured per voice, profile and sounds: what a trial beside the voicing plans from. */
  const voicedLevels = new Map<string, number>();

  /** Content hashes of sound files found readable (a station renders with the same chimes all day). */
  const soundsOk = new Set<string>();
  async function checkSound(kind: BuiltinSound, path: string | null, hash: string | null): Promise<void> {
    if (!path || (hash && soundsOk.has(hash))) return;
    const p = await probe(path).catch((e: LpError) => {
      throw new LpError('LP_ERR_AUDIO_FILE_INVALID', `${SOUND_NAMES[kind]} ${path}: ${e.detail ?? e.message}`);
    });
    if (!(p.durationSec > 0)) throw new LpError('LP_ERR_AUDIO_FILE_INVALID', `${SOUND_NAMES[kind]} ${path}: không có độ dài`);
    if (hash) soundsOk.add(hash);
  }

  /** Integrated loudness of a bed file, by content hash (a station airs the same bed many times). */
  const bedLevels = new Map<string, number>();
  async function bedLevel(path: string, hash: string, signal?: AbortSignal): Promise<number> {
    if (!bedLevels.has(hash)) {
      const r = await runFfmpeg(measureCommand(path, { truePeak: false, maxSec: BED_MEASURE_SEC }), { signal }).catch((e: LpError) => {
        throw new LpError('LP_ERR_AUDIO_FILE_INVALID', `${SOUND_NAMES.bed} ${path}: ${e.detail ?? e.message}`);
      });
      const lufs = parseEbur128(r.stderr)?.integratedLufs;
      if (lufs === undefined || !(lufs > -69)) throw new LpError('LP_ERR_AUDIO_FILE_INVALID', `${SOUND_NAMES.bed} ${path}: toàn im lặng`);
      bedLevels.set(hash, lufs);
    }
    return bedLevels.get(hash)!;
  }

  /** Jingle content hashes, remembered by path, size and mtime (a cache hit should cost ~nothing). */
  const hashes = new Map<string, string>();
  async function jingleHash(path: string | null): Promise<string | null> {
    if (!path) return null;
    let st;
    try {
      st = statSync(path);
    } catch (e) {
      throw new LpError('LP_ERR_AUDIO_FILE_INVALID', `${path}: ${(e as Error).message}`);
    }
    const id = `${path}:${st.size}:${st.mtimeMs}`;
    if (!hashes.has(id)) hashes.set(id, await hashFile(path).catch((e: Error) => {
      throw new LpError('LP_ERR_AUDIO_FILE_INVALID', `${path}: ${e.message}`);
    }));
    return hashes.get(id)!;
  }

  return {
    async render(req: RenderRequest): Promise<RenderResult> {
      const spoken = req.spoken.normalize('NFC').trim();
      if (!spoken) throw new LpError('LP_ERR_TEXT_NOTHING_TO_AIR', req.title || 'bản tin trống');
      const voiceId = req.voice ?? config.tts;
      const primary = Object.hasOwn(voices, voiceId) ? voices[voiceId] : undefined;
      if (!primary) throw new LpError('LP_ERR_TTS_UNKNOWN_VOICE', String(voiceId));
      const profile = loadHardwareProfile(config.hardwareDir, req.profileName ?? 'none');
      const a = profile.audio;
      const format: OutputFormat = req.format ?? a.format;
      if (!checkEncoder(ENCODERS[format])) throw new LpError('LP_ERR_AUDIO_CODEC_MISSING', `${ENCODERS[format]} (định dạng ${format})`);
      const target = a.targetLufs ?? config.loudness.targetLufs;
      const peakLimit = a.truePeakDb ?? config.loudness.truePeakDb;
      const sampleRate = outputSampleRate(format, a.sampleRate);
      const intro = await soundPath('intro', req.intro, 'builtin');
      const outro = await soundPath('outro', req.outro, 'builtin');
      const bed = await soundPath('bed', req.bed, null);
      const bedHash = await jingleHash(bed);
      // No bed adds nothing to the key: renders cached before beds existed stay valid.
      const jingleKey = { intro: await jingleHash(intro), outro: await jingleHash(outro), ...(bedHash ? { bed: { file: bedHash, level: BED_LEVEL_LUFS, duck: BED_DUCKING } } : {}) };

      const progress = (stage: keyof typeof STAGES, within: number) => {
        const [from, to] = STAGES[stage];
        req.onProgress?.({ stage, fraction: from + (to - from) * Math.min(1, Math.max(0, within)) });
      };
      const keyOf = (voice: TtsPort) =>
        cacheKey({
          v: PIPELINE_VERSION,
          spoken,
          voice: voice.fingerprint,
          audio: { ...a, sampleRate, format },
          target,
          peakLimit,
          ...jingleKey,
        });

      const key = keyOf(primary);
      const hit = cache.get(key, format);
      if (hit) {
        req.onProgress?.({ stage: 'cache', fraction: 1 });
        return { ...hit.meta, path: hit.path, cacheHit: true };
      }

      progress('speech', 0);
      await checkSound('intro', intro, jingleKey.intro);
      await checkSound('outro', outro, jingleKey.outro);
      await checkSound('bed', bed, bedHash);
      const bedGainDb = bed && bedHash ? BED_LEVEL_LUFS - (await bedLevel(bed, bedHash, req.signal)) : 0;
      const work = mkdtempSync(join(tmpdir(), 'loaphuong-render-'));
      let temp = '';
      try {
        const speech = await speak(spoken, primary, primary.id === 'espeak' ? undefined : voices.espeak, {
          retry: opts.retry,
          signal: req.signal,
          primaryWithinMs: req.urgency === 'now' ? URGENT_VOICE_MS : undefined,
          onProgress: (done, total) => progress('speech', done / total),
        });
        const used = voices[speech.voiceUsed]!;
        // A fallback render is cached under the voice that spoke, so the chosen voice is tried again next time.
        const finalKey = used === primary ? key : keyOf(used);
        progress('voicing', 0);
        const pcm = assembleSpeech(speech.segments);
        const speechSec = pcm.samples.length / 2 / pcm.sampleRate;
        const expectSec = speechSec + (intro ? 3 : 0) + (outro ? 3 : 0);
        const level = activeLevelDb(pcm);
        if (!Number.isFinite(level)) throw new LpError('LP_ERR_TTS_FAILED', `${req.title}: giọng đọc ra toàn im lặng`);

        // The speech goes to ffmpeg through a pipe; only the voiced signal (read twice more) is a file.
        const voiced = join(work, 'voiced.f32');
        const chainRate = voicingRate(a, pcm.sampleRate, sampleRate);
        const speechIn = { source: Readable.from([pcm.samples]), sampleRate: pcm.sampleRate, levelGainDb: SPEECH_REFERENCE_DB - level };
        const bedIn = bed ? { path: bed, gainDb: bedGainDb, durationSec: speechSec } : null;

        // The limiter takes a little loudness off the peaks it holds, and more the harder it holds
        // them (on espeak-ng speech through the horn chain about 0.37 LU, and 0.5 LU more for each
        // dB lower ceiling). One trial of the gain stage at two ceilings, without encoding or true
        // peak and on a sample of a long bulletin, gives both, so the one real encode lands on the
        // target; the measure of the finished file checks it. The trial needs the voiced level to
        // plan its ceilings: when this renderer has voiced the same voice, profile and sounds before,
        // it plans from that level and runs beside the voicing, which writes the sample to it as it
        // goes (the second core is otherwise idle then); planned from a level more than 1 LU off,
        // or with nothing to plan from, it runs after, on the voiced file.
        const { marginDb: margin, loudnessOffsetLu } = CODEC_TRAITS[format];
        const preCodecTarget = target + loudnessOffsetLu;
        const rates = { inputRate: chainRate, sampleRate };
        const sample = trialSample(expectSec);
        const runTrial = (around: number, source: string | Readable, of?: TrialSample): Promise<TrialOutcome> => {
          const levels = trialLevels(around);
          const plans = levels.map((x) => planGain(x, preCodecTarget, peakLimit, margin));
          return runFfmpeg(trialCommand(source, plans, rates, of), { signal: req.signal }).then((r) => {
            const plain = parseMeteredLufs(r.stderr, TRIAL_METERS.plain);
            // What each plan's gain stage took: the sample's level through it, less what came out.
            const losses = plans.map((p, i) => (plain ?? NaN) + p.preGainDb + p.gainDb - (parseMeteredLufs(r.stderr, TRIAL_METERS.limited(i)) ?? NaN));
            return plain !== null && plain > -69 && losses.every(Number.isFinite) ? { levels, losses: [losses[0], losses[1]] } : null;
          });
        };
        const levelKey = cacheKey({ voice: used.fingerprint, audio: { ...a, sampleRate, format }, target, peakLimit, ...jingleKey });
        const expected = voicedLevels.get(levelKey);
        // The voicing writes the sample itself (a fraction of the signal) to the trial beside it.
        const toTrial = expected === undefined ? null : new PassThrough({ emitClose: false });
        const early = toTrial ? runTrial(expected!, toTrial).then((t) => t, () => null) : null;
        // A trial that gave up early must not hold the voicing back.
        if (early) void early.then(() => toTrial!.resume());
        const voicing = await runFfmpeg(voicingCommand({ intro, speech: speechIn, outro, bed: bedIn, audio: a, sampleRate: chainRate, output: voiced, ...(toTrial ? { sampleTo: { stream: toTrial, sample } } : {}) }), {
          signal: req.signal,
          onProgress: (s) => progress('voicing', s / expectSec),
        }).then((r) => r, (err: unknown) => err as Error);
        if (voicing instanceof Error) {
          await early;
          throw voicing;
        }
        const measured = parseEbur128(voicing.stderr);
        if (!measured || !(measured.integratedLufs > -69)) throw new LpError('LP_ERR_TTS_FAILED', `${req.title}: giọng đọc ra toàn im lặng`);
        voicedLevels.set(levelKey, measured.integratedLufs);
        progress('trial', 0);
        let trial = early && Math.abs(measured.integratedLufs - expected!) <= 1 ? await early : null;
        if (!trial) {
          await early;
          trial = await runTrial(measured.integratedLufs, voiced, sample);
        }
        const gainLufs = trial ? levelBeforeGain(measured.integratedLufs, trial.levels, trial.losses) : measured.integratedLufs;

        let peakLimitNow = peakLimit;
        let out: Loudness = { integratedLufs: NaN, truePeakDb: NaN };
        let planLevel = gainLufs;
        for (let attempt = 0; attempt < 3; attempt++) {
          if (temp) rmSync(temp, { force: true });
          temp = cache.tempPath(finalKey, format);
          const plan = planGain(planLevel, preCodecTarget, peakLimitNow, margin);
          if (attempt === 0) progress('encode', 0);
          out = await encodeMeasured({ input: voiced, ...rates, plan, format, channels: a.channels, bitrateKbps: a.bitrateKbps, output: temp }, {
            signal: req.signal,
            onEncoded: (s) => progress('encode', attempt === 0 ? s / expectSec : 1),
            onMeasuring: () => progress('measure', 0),
          });
          const over = out.truePeakDb - peakLimit;
          const off = out.integratedLufs - target;
          if (over <= 0 && Math.abs(off) <= LUFS_TOLERANCE) break;
          // Correct the measured level by what actually came out; tighten the ceiling by any overshoot.
          planLevel += off;
          if (over > 0) peakLimitNow -= over + 0.1;
        }
        // Written so that a measure that never parsed (NaN) fails too.
        if (!(out.truePeakDb <= peakLimit && Math.abs(out.integratedLufs - target) <= 1)) {
          throw new LpError('LP_ERR_AUDIO_FFMPEG_FAILED', `${req.title}: không đạt mức âm lượng ${target} LUFS / ${peakLimit} dBTP (được ${out.integratedLufs} LUFS, ${out.truePeakDb} dBTP)`);
        }
        // A cancel that came after the last child process ended still means no cache entry.
        if (req.signal?.aborted) throw new LpError('LP_ERR_AUDIO_FFMPEG_FAILED', `${req.title}: đã hủy`);
        progress('cache', 0);
        const facts = await probe(temp);
        const result: RenderResult = {
          path: '',
          durationSec: facts.durationSec,
          integratedLufs: out.integratedLufs,
          truePeakDb: out.truePeakDb,
          voiceUsed: speech.voiceUsed,
          cacheHit: false,
          contentHash: finalKey,
          format,
        };
        const path = cache.put(finalKey, format, temp, result);
        req.onProgress?.({ stage: 'done', fraction: 1 });
        return { ...result, path };
      } catch (e) {
        throw isLpError(e) ? e : new LpError('LP_ERR_INTERNAL', `render ${req.title}: ${(e as Error)?.message ?? e}`, { cause: e });
      } finally {
        rmSync(work, { recursive: true, force: true });
        // A failed render leaves no half-written file behind (after success it was renamed away).
        if (temp) rmSync(temp, { force: true });
      }
    },
  };
}
