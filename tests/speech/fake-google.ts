/**
 * A local stand-in for Google Cloud TTS's REST endpoint, on 127.0.0.1 and a free port. It checks
 * each request the real client sends (path, bearer token, JSON body) and answers with real audio:
 * espeak-ng speech resampled by ffmpeg to the rate the request asked for, as LINEAR16 WAV.
 * `script` decides, per request, whether to answer normally, fail with a status, or hang.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runFfmpeg } from '../../src/audio/ffmpeg.js';

export interface SeenRequest {
  readonly method: string;
  readonly url: string;
  readonly authorization: string | undefined;
  readonly body: { input?: { text?: string }; voice?: { languageCode?: string; name?: string }; audioConfig?: { audioEncoding?: unknown; sampleRateHertz?: number } };
}

export type Answer = 'ok' | 'hang' | { status: number; grpcStatus?: string };

export interface FakeGoogle {
  readonly endpoint: string;
  readonly seen: SeenRequest[];
  /** Called for each request (0-based count); default: always 'ok'. */
  script: (n: number, req: SeenRequest) => Answer;
  close(): Promise<void>;
}

/** Real speech for `text` at `rate`, as a LINEAR16 WAV, the way Google returns it. */
async function speechWav(text: string, rate: number): Promise<Buffer> {
  const dir = mkdtempSync(join(tmpdir(), 'fake-google-'));
  try {
    const raw = join(dir, 'espeak.wav');
    execFileSync('espeak-ng', ['-v', 'vi', '-w', raw, text]);
    const out = join(dir, 'out.wav');
    await runFfmpeg({ label: 'fake google', inputs: [{ source: raw, options: [] }], output: out, outputOptions: ['-ar', String(rate), '-ac', '1', '-c:a', 'pcm_s16le', '-f', 'wav', '-map_metadata', '-1', '-fflags', '+bitexact'] });
    return readFileSync(out);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const readBody = (req: IncomingMessage) =>
  new Promise<string>((resolve) => {
    let b = '';
    req.setEncoding('utf8');
    req.on('data', (d: string) => (b += d));
    req.on('end', () => resolve(b));
  });

export async function startFakeGoogle(): Promise<FakeGoogle> {
  const seen: SeenRequest[] = [];
  const fake: { script: FakeGoogle['script'] } = { script: () => 'ok' };
  const server: Server = createServer(async (req, res) => {
    const text = await readBody(req);
    let body: SeenRequest['body'] = {};
    try {
      body = JSON.parse(text);
    } catch {
      /* recorded as empty; the test's assertions catch it */
    }
    const r: SeenRequest = { method: req.method ?? '', url: req.url ?? '', authorization: req.headers.authorization, body };
    seen.push(r);
    const answer = fake.script(seen.length - 1, r);
    if (answer === 'hang') return; // never answers; the client's deadline must fire
    const json = (status: number, o: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(o));
    };
    if (answer !== 'ok') return json(answer.status, { error: { code: answer.status, message: `fake ${answer.status}`, status: answer.grpcStatus } });
    if (!/^\/v1\/text:synthesize/.test(r.url) || r.method !== 'POST') return json(404, { error: { code: 404, message: 'no such method' } });
    if (!r.authorization?.startsWith('Bearer ')) return json(401, { error: { code: 401, message: 'no token', status: 'UNAUTHENTICATED' } });
    if (!body.input?.text) return json(400, { error: { code: 400, message: 'input.text missing', status: 'INVALID_ARGUMENT' } });
    if (Buffer.byteLength(body.input.text) > 5000) return json(400, { error: { code: 400, message: 'longer than 5000 bytes', status: 'INVALID_ARGUMENT' } });
    const wav = await speechWav(body.input.text, body.audioConfig?.sampleRateHertz ?? 24000);
    json(200, { audioContent: wav.toString('base64') });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    seen,
    get script() {
      return fake.script;
    },
    set script(f) {
      fake.script = f;
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
