/**
 * One conformance suite for the TTS port, run against every adapter: espeak-ng for real, Google
 * through the real client library against a local fake endpoint. Then the Google-only cases:
 * the request on the wire, errors, timeout, quota with retries, and the fallback to espeak-ng.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEspeakTts } from '../../src/speech/espeak.js';
import { toTtsError } from '../../src/speech/errors.js';
import { createGoogleTts } from '../../src/speech/google.js';
import type { Pcm, TtsPort } from '../../src/speech/port.js';
import { speak, speakWith } from '../../src/speech/synthesize.js';
import { startFakeGoogle, type FakeGoogle } from './fake-google.js';

let fake: FakeGoogle;
const googles: Array<ReturnType<typeof createGoogleTts>> = [];
function google(opts: Parameters<typeof createGoogleTts>[0] = {}) {
  const g = createGoogleTts({ endpoint: fake.endpoint, timeoutMs: 5000, ...opts });
  googles.push(g);
  return g;
}

beforeAll(async () => {
  fake = await startFakeGoogle();
});
afterAll(async () => {
  for (const g of googles) await g.close();
  await fake.close();
});

function rmsDb(pcm: Pcm): number {
  const s = new Int16Array(pcm.samples.buffer, pcm.samples.byteOffset, pcm.samples.length >> 1);
  let q = 0;
  for (const v of s) q += v * v;
  return 10 * Math.log10(q / s.length / 32768 ** 2);
}

const SENTENCE = 'Ủy ban nhân dân phường Gia Viên thông báo lịch tiêm chủng cho trẻ em.';

const adapters: Array<[string, () => TtsPort]> = [
  ['espeak-ng', () => createEspeakTts()],
  ['google (fake endpoint)', () => google()],
];

describe.each(adapters)('TTS port conformance: %s', (_name, make) => {
  it('speaks a Vietnamese sentence as audible mono PCM of a plausible length', async () => {
    const port = make();
    const pcm = await port.synthesize(SENTENCE);
    expect(pcm.sampleRate).toBeGreaterThanOrEqual(16000);
    const seconds = pcm.samples.length / 2 / pcm.sampleRate;
    expect(seconds).toBeGreaterThan(2);
    expect(seconds).toBeLessThan(15);
    expect(rmsDb(pcm)).toBeGreaterThan(-40);
  });

  it('refuses digits and empty text as LP_ERR_TTS_REJECTED, naming the digit', async () => {
    const port = make();
    const e1 = toTtsError(port.id, await port.synthesize('Ngày 30 tháng tư').catch((e) => e));
    expect(e1.code).toBe('LP_ERR_TTS_REJECTED');
    expect(e1.message).toContain('"3"');
    expect(toTtsError(port.id, await port.synthesize('   ').catch((e) => e)).code).toBe('LP_ERR_TTS_REJECTED');
  });

  it('stops when the caller aborts', async () => {
    const port = make();
    const ac = new AbortController();
    ac.abort();
    const e = await port.synthesize(SENTENCE, { signal: ac.signal }).catch((x) => x);
    expect(toTtsError(port.id, e).code).toBe('LP_ERR_TTS_FAILED');
  });

  it('declares limits the synthesiser can honour and a stable fingerprint', () => {
    const a = make();
    const b = make();
    expect(a.maxChunkBytes).toBeGreaterThan(200);
    expect(a.maxChunkBytes).toBeLessThanOrEqual(5000);
    expect(a.concurrency).toBeGreaterThanOrEqual(1);
    expect(a.perMinute).toBeGreaterThan(0);
    expect(a.fingerprint).toBe(b.fingerprint);
    expect(a.fingerprint).toContain(a.id === 'espeak' ? 'espeak' : 'vi-VN');
  });
});

describe('Google adapter against the fake endpoint', () => {
  it('sends the documented request: POST text:synthesize, bearer token, vi-VN voice, NFC text, LINEAR16', async () => {
    fake.script = () => 'ok';
    const before = fake.seen.length;
    const decomposed = 'Hòa bình'.normalize('NFD');
    const pcm = await google({ voice: 'vi-VN-Wavenet-A', staticToken: 'test-token', sampleRateHertz: 16000 }).synthesize(decomposed);
    const req = fake.seen[before];
    expect(req.method).toBe('POST');
    expect(req.url).toMatch(/^\/v1\/text:synthesize/);
    expect(req.authorization).toBe('Bearer test-token');
    expect(req.body.input?.text).toBe('Hòa bình'.normalize('NFC'));
    expect(req.body.voice).toEqual({ languageCode: 'vi-VN', name: 'vi-VN-Wavenet-A' });
    // The client encodes enums as numbers on the wire: LINEAR16 is 1.
    expect([1, 'LINEAR16']).toContain(req.body.audioConfig?.audioEncoding);
    expect(req.body.audioConfig?.sampleRateHertz).toBe(16000);
    expect(pcm.sampleRate).toBe(16000);
  });

  it.each([
    [{ status: 429, grpcStatus: 'RESOURCE_EXHAUSTED' }, 'LP_ERR_TTS_QUOTA'],
    [{ status: 500 }, 'LP_ERR_TTS_UNAVAILABLE'],
    [{ status: 503, grpcStatus: 'UNAVAILABLE' }, 'LP_ERR_TTS_UNAVAILABLE'],
    [{ status: 400, grpcStatus: 'INVALID_ARGUMENT' }, 'LP_ERR_TTS_REJECTED'],
    [{ status: 401, grpcStatus: 'UNAUTHENTICATED' }, 'LP_ERR_TTS_AUTH'],
  ] as const)('maps an answer of %o to %s', async (answer, code) => {
    fake.script = () => answer;
    const e = await google().synthesize(SENTENCE).catch((x) => x);
    expect(toTtsError('google', e).code).toBe(code);
  });

  it('gives up on a server that never answers after its deadline: LP_ERR_TTS_TIMEOUT', async () => {
    fake.script = () => 'hang';
    const e = toTtsError('google', await google({ timeoutMs: 400 }).synthesize(SENTENCE).catch((x) => x));
    // The server never answered: the adapter gave up on the deadline it was given, and says so.
    expect(e.code).toBe('LP_ERR_TTS_TIMEOUT');
    expect(e.message).toMatch(/\b400\b/);
  });

  it('an unreachable endpoint is LP_ERR_TTS_UNAVAILABLE', async () => {
    const g = createGoogleTts({ endpoint: 'http://127.0.0.1:9', timeoutMs: 2000 });
    googles.push(g);
    expect(toTtsError('google', await g.synthesize(SENTENCE).catch((x) => x)).code).toBe('LP_ERR_TTS_UNAVAILABLE');
  });

  it('retries quota and outage answers with backoff, then succeeds', async () => {
    const before = fake.seen.length;
    fake.script = (n) => (n - before === 0 ? { status: 429, grpcStatus: 'RESOURCE_EXHAUSTED' } : n - before === 1 ? { status: 503 } : 'ok');
    const segs = await speakWith(google({ concurrency: 1 }), SENTENCE, { retry: { attempts: 4, baseDelayMs: 20 } });
    expect(segs).toHaveLength(1);
    expect(fake.seen.length - before).toBe(3);
  });

  it('does not retry a rejected chunk, and names it in the error', async () => {
    const before = fake.seen.length;
    fake.script = () => ({ status: 400, grpcStatus: 'INVALID_ARGUMENT' });
    const e = await speakWith(google(), SENTENCE, { retry: { attempts: 4, baseDelayMs: 20 } }).catch((x) => x);
    expect(e.code).toBe('LP_ERR_TTS_REJECTED');
    expect(e.message).toContain('đoạn 1/1');
    expect(fake.seen.length - before).toBe(1);
  });

  it('chunks a long script under the byte limit and keeps paragraph order', async () => {
    fake.script = () => 'ok';
    const before = fake.seen.length;
    const para = Array.from({ length: 6 }, (_, i) => `Đây là câu thứ ${['một', 'hai', 'ba', 'bốn', 'năm', 'sáu'][i]} của đoạn văn.`).join(' ');
    const g = createGoogleTts({ endpoint: fake.endpoint });
    googles.push(g);
    // A small limit makes several requests out of a short text.
    const small: TtsPort = { ...g, id: 'google', maxChunkBytes: 120, synthesize: (t, o) => g.synthesize(t, o) };
    const segs = await speakWith(small, `${para}\n\n${para}`, { retry: { attempts: 1 } });
    const texts = fake.seen.slice(before).map((r) => r.body.input?.text ?? '');
    expect(texts.length).toBe(segs.length);
    expect(texts.length).toBeGreaterThan(2);
    for (const t of texts) expect(Buffer.byteLength(t)).toBeLessThanOrEqual(120);
    expect(segs.some((s) => s.pauseAfterMs >= 700)).toBe(true); // the paragraph break
  });

  it('an urgent speak does not wait out a hung Google: espeak-ng reads it once the deadline passes', async () => {
    const before = fake.seen.length;
    fake.script = () => 'hang';
    // Google's own per-request deadline (30 s) and four tries would hold an air-now for two minutes.
    const r = await speak(SENTENCE, google({ timeoutMs: 30_000 }), createEspeakTts(), { primaryWithinMs: 300 });
    expect(r.voiceUsed).toBe('espeak');
    expect(r.fallbackFrom?.code).toBe('LP_ERR_TTS_TIMEOUT');
    expect(r.segments.length).toBeGreaterThan(0);
    expect(fake.seen.length - before).toBe(1);
  });

  it('when Google fails for good, espeak-ng reads the bulletin and says so', async () => {
    fake.script = () => ({ status: 503, grpcStatus: 'UNAVAILABLE' });
    const r = await speak(SENTENCE, google(), createEspeakTts(), { retry: { attempts: 2, baseDelayMs: 10 } });
    expect(r.voiceUsed).toBe('espeak');
    expect(r.fallbackFrom?.code).toBe('LP_ERR_TTS_UNAVAILABLE');
    expect(r.segments.length).toBeGreaterThan(0);
  });
});
