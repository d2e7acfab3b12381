/**
 * The TTS port: turn one chunk of spoken-form Vietnamese into mono 16-bit PCM. Adapters: espeak-ng
 * (embedded default, offline) and Google Cloud TTS. Every adapter passes the same conformance suite
 * (tests/speech/conformance.test.ts).
 *
 * What the port deliberately leaves out:
 * - Chunking, pauses, rate limits, retries and fallback: those live once in `speech/synthesize.ts`,
 *   so adapters stay a single request each and behave alike.
 * - SSML, per-call voice choice and streaming: a voice is fixed when the adapter is built (from
 *   config), and a chunk is plain text.
 * - Digits: the text stage reads numbers out; an adapter refuses digits (`LP_ERR_TTS_REJECTED`)
 *   rather than guess how to read them.
 * - Error wording: adapters throw whatever their library throws; `toTtsError` (speech/errors.ts) is
 *   the one place those failures become `LP_ERR_TTS_*`.
 */
export type VoiceId = 'espeak' | 'google';

export const VOICE_IDS: readonly VoiceId[] = ['espeak', 'google'];

/** Mono signed 16-bit little-endian samples. */
export interface Pcm {
  readonly sampleRate: number;
  readonly samples: Buffer;
}

export interface SynthesizeOptions {
  /** Aborts the request (and kills a child process). */
  readonly signal?: AbortSignal;
}

export interface TtsPort {
  readonly id: VoiceId;
  /** Largest chunk (UTF-8 bytes, NFC) one call accepts. */
  readonly maxChunkBytes: number;
  /** How many calls may run at once. */
  readonly concurrency: number;
  /** Calls per minute allowed (Google's quota); Infinity for a local voice. */
  readonly perMinute: number;
  /** What settings shape the sound (voice name, rate, pitch): part of the render cache key. */
  readonly fingerprint: string;
  /** One chunk of spoken-form text → PCM. Rejects with the library's own error. */
  synthesize(text: string, opts?: SynthesizeOptions): Promise<Pcm>;
}
