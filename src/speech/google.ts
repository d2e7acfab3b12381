/**
 * Google Cloud TTS adapter through the official client. With an endpoint override (tests, a
 * proxy) the client runs in its HTTP/JSON fallback mode against that host with a static token;
 * otherwise credentials come the usual Google way (GOOGLE_APPLICATION_CREDENTIALS).
 *
 * The client's own retries are switched off: retries, backoff and the fallback to espeak-ng are
 * decided once for every voice in `speech/synthesize.ts`.
 */
import { TextToSpeechClient } from '@google-cloud/text-to-speech';
import { OAuth2Client } from 'google-auth-library';
import { refuseUnspeakable, TtsFailure } from './errors.js';
import type { Pcm, SynthesizeOptions, TtsPort } from './port.js';
import { parseWav } from './wav.js';

export interface GoogleOptions {
  /** vi-VN voice: Standard, Wavenet, Neural2 or Chirp 3 HD names. @default 'vi-VN-Standard-A' */
  readonly voice?: string;
  /** Service-account JSON; unset → Google's default credential lookup. */
  readonly credentials?: string;
  /** `http://127.0.0.1:PORT` (or https) to talk to instead of Google. */
  readonly endpoint?: string;
  /** Bearer token sent to an endpoint override. @default 'loaphuong-local' */
  readonly staticToken?: string;
  /** One request's deadline; Google's latency spikes to 10–20 s. @default 30000 */
  readonly timeoutMs?: number;
  /** Requests in flight. @default 4 */
  readonly concurrency?: number;
  /** Google's quota is about 1,000 requests a minute. @default 900 */
  readonly perMinute?: number;
  /** PCM rate asked of Google. @default 24000 */
  readonly sampleRateHertz?: number;
}

/** Google refuses requests over 5,000 bytes; keep a margin for the NFC re-encoding. */
export const GOOGLE_MAX_BYTES = 4800;

export function languageOf(voice: string): string {
  return /^[a-z]{2,3}-[A-Z]{2}/.exec(voice)?.[0] ?? 'vi-VN';
}

/** The request body the adapter sends for one chunk (tests check the fake received exactly this). */
export function googleRequest(text: string, voice: string, sampleRateHertz: number) {
  return {
    input: { text: text.normalize('NFC') },
    voice: { languageCode: languageOf(voice), name: voice },
    audioConfig: { audioEncoding: 'LINEAR16' as const, sampleRateHertz },
  };
}

type ClientOptions = NonNullable<ConstructorParameters<typeof TextToSpeechClient>[0]>;

function buildClient(o: GoogleOptions): TextToSpeechClient {
  if (!o.endpoint) return new TextToSpeechClient(o.credentials ? { keyFilename: o.credentials } : {});
  const url = new URL(o.endpoint);
  const authClient = new OAuth2Client();
  // A static token that never expires: the fake (or proxy) only checks that it is there.
  authClient.setCredentials({ access_token: o.staticToken ?? 'loaphuong-local', expiry_date: Date.now() + 10 * 365 * 86_400_000 });
  return new TextToSpeechClient({
    fallback: true,
    apiEndpoint: url.hostname,
    port: Number(url.port || (url.protocol === 'https:' ? 443 : 80)),
    protocol: url.protocol.replace(':', '') as 'http' | 'https',
    // google-gax bundles its own copy of google-auth-library, so the class types differ nominally;
    // at run time the client only calls `authClient.fetch`, which both copies share.
    authClient: authClient as unknown as ClientOptions['authClient'],
  });
}

export function createGoogleTts(opts: GoogleOptions = {}): TtsPort & { close(): Promise<void> } {
  const voice = opts.voice ?? 'vi-VN-Standard-A';
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const sampleRateHertz = opts.sampleRateHertz ?? 24_000;
  let client: TextToSpeechClient | null = null;
  return {
    id: 'google',
    maxChunkBytes: GOOGLE_MAX_BYTES,
    concurrency: opts.concurrency ?? 4,
    perMinute: opts.perMinute ?? 900,
    fingerprint: `google:${voice}:${sampleRateHertz}`,
    async synthesize(text: string, so: SynthesizeOptions = {}): Promise<Pcm> {
      if (so.signal?.aborted) throw new TtsFailure('aborted', 'đã hủy');
      const refused = refuseUnspeakable(text);
      if (refused) throw refused;
      client ??= buildClient(opts);
      const call = client.synthesizeSpeech(googleRequest(text, voice, sampleRateHertz), {
        timeout: timeoutMs,
        retry: { retryCodes: [] },
      }) as unknown as Promise<[{ audioContent?: Uint8Array | string | null }]> & { cancel?: () => void };
      // Our own deadline as well: it also covers a server that accepted the connection and went quiet.
      let timer: NodeJS.Timeout | undefined;
      let onAbort: (() => void) | undefined;
      const stop = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          call.cancel?.();
          reject(new TtsFailure('timeout', `Google không trả lời sau ${timeoutMs} ms`));
        }, timeoutMs);
        onAbort = () => {
          call.cancel?.();
          reject(new TtsFailure('aborted', 'đã hủy'));
        };
        so.signal?.addEventListener('abort', onAbort, { once: true });
      });
      try {
        const [res] = await Promise.race([call, stop]);
        const audio = res.audioContent;
        if (!audio || audio.length === 0) throw new TtsFailure('failed', 'Google trả về âm thanh rỗng');
        const buf = typeof audio === 'string' ? Buffer.from(audio, 'base64') : Buffer.from(audio);
        try {
          return parseWav(buf);
        } catch (e) {
          throw new TtsFailure('failed', `âm thanh Google không đọc được: ${(e as Error).message}`);
        }
      } finally {
        clearTimeout(timer);
        if (onAbort) so.signal?.removeEventListener('abort', onAbort);
      }
    },
    async close() {
      await client?.close();
      client = null;
    },
  };
}
