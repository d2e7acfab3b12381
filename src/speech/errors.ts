/**
 * The one place adapter failures become `LP_ERR_TTS_*`: whichever voice failed, the user sees the
 * same code for the same kind of trouble, and the retry policy reads the same answer.
 */
import { isLpError, LpError, type ErrorCode } from '../errors.js';
import type { VoiceId } from './port.js';

/** A failure an adapter detected itself (not one its library threw). */
export class TtsFailure extends Error {
  constructor(
    readonly kind: 'rejected' | 'timeout' | 'unavailable' | 'failed' | 'aborted',
    message: string,
  ) {
    super(message);
    this.name = 'TtsFailure';
  }
}

/**
 * The port's input contract, checked by every adapter: spoken-form text, never empty, never digits
 * (the text stage reads numbers out; a voice would read them digit by digit, or hang).
 */
export function refuseUnspeakable(text: string): TtsFailure | null {
  if (!text.trim()) return new TtsFailure('rejected', 'đoạn văn bản trống');
  const digit = /\p{Nd}/u.exec(text);
  if (!digit) return null;
  const around = text.slice(Math.max(0, digit.index - 20), digit.index + 20);
  return new TtsFailure('rejected', `có chữ số "${digit[0]}" ở vị trí ${digit.index}: "${around}"`);
}

/** gRPC status codes (google-gax maps HTTP statuses onto these in fallback mode). */
const GRPC_TO_CODE: Record<number, ErrorCode> = {
  1: 'LP_ERR_TTS_FAILED', // CANCELLED
  3: 'LP_ERR_TTS_REJECTED', // INVALID_ARGUMENT: the text itself
  4: 'LP_ERR_TTS_TIMEOUT', // DEADLINE_EXCEEDED
  7: 'LP_ERR_TTS_AUTH', // PERMISSION_DENIED
  8: 'LP_ERR_TTS_QUOTA', // RESOURCE_EXHAUSTED (HTTP 429)
  11: 'LP_ERR_TTS_REJECTED', // OUT_OF_RANGE
  13: 'LP_ERR_TTS_UNAVAILABLE', // INTERNAL (HTTP 500)
  14: 'LP_ERR_TTS_UNAVAILABLE', // UNAVAILABLE (HTTP 503)
  16: 'LP_ERR_TTS_AUTH', // UNAUTHENTICATED
};

/** HTTP answers (the REST transport surfaces them as GaxiosError.status). */
function httpToCode(status: number): ErrorCode {
  if (status === 429) return 'LP_ERR_TTS_QUOTA';
  if (status === 401 || status === 403) return 'LP_ERR_TTS_AUTH';
  if (status === 408 || status === 504) return 'LP_ERR_TTS_TIMEOUT';
  if (status >= 500) return 'LP_ERR_TTS_UNAVAILABLE';
  if (status === 400 || status === 413 || status === 422) return 'LP_ERR_TTS_REJECTED';
  return 'LP_ERR_TTS_FAILED';
}

const KIND_TO_CODE: Record<TtsFailure['kind'], ErrorCode> = {
  rejected: 'LP_ERR_TTS_REJECTED',
  timeout: 'LP_ERR_TTS_TIMEOUT',
  unavailable: 'LP_ERR_TTS_UNAVAILABLE',
  failed: 'LP_ERR_TTS_FAILED',
  aborted: 'LP_ERR_TTS_FAILED',
};

/** Network failures below HTTP: the service was not reached. */
const NETWORK = /ECONNREFUSED|ECONNRESET|EHOSTUNREACH|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|socket hang up|fetch failed/i;

/**
 * Maps anything an adapter threw to a coded error. `where` names the voice and the chunk so the
 * user can find the text that failed.
 */
export function toTtsError(voice: VoiceId, e: unknown, where = ''): LpError {
  if (isLpError(e)) return e;
  const msg = e instanceof Error ? e.message : String(e);
  const detail = `${voice}${where ? ` ${where}` : ''}: ${msg.split('\n')[0].slice(0, 240)}`;
  let code: ErrorCode = 'LP_ERR_TTS_FAILED';
  const any = (e ?? {}) as { code?: unknown; status?: unknown; response?: { status?: unknown }; cause?: unknown };
  const http = Number(any.status ?? any.response?.status ?? (Number(any.code) >= 100 ? any.code : NaN));
  if (e instanceof TtsFailure) code = KIND_TO_CODE[e.kind];
  else if (http >= 400) code = httpToCode(http);
  else if (typeof any.code === 'number' && GRPC_TO_CODE[any.code]) code = GRPC_TO_CODE[any.code];
  else if (NETWORK.test(`${String(any.code ?? '')} ${msg} ${String(any.cause ?? '')}`)) code = 'LP_ERR_TTS_UNAVAILABLE';
  return new LpError(code, detail, { cause: e });
}

/** Worth another try: the service may answer later (quota, outage, slow answer). */
export function isRetryable(err: LpError): boolean {
  return err.code === 'LP_ERR_TTS_QUOTA' || err.code === 'LP_ERR_TTS_UNAVAILABLE' || err.code === 'LP_ERR_TTS_TIMEOUT';
}
