/**
 * The child process that renders, and the composition root of that process: speech assembly and
 * loudness passes touch every sample, which would stall the playout clock if done in the station's
 * own event loop. Speaks the small IPC protocol of audio/render-process.ts; the config arrives once,
 * already validated by the parent, and the voices are built here from it.
 */
import { capabilitiesKnown } from '../audio/ffmpeg.js';
import type { FromWorker, ToWorker } from '../audio/render-process.js';
import { createRenderer, type RenderRequest } from '../audio/render.js';
import type { Config } from '../config/index.js';
import { toLpError } from '../errors.js';
import { createVoices } from './voices.js';

const config = JSON.parse(process.env.LOAPHUONG_RENDER_CONFIG ?? '{}') as Config;
const renderer = createRenderer(config, { voices: createVoices(config) });
const running = new Map<number, { abort: AbortController; done: Promise<void> }>();
// Asked before the first render needs it (audio/ffmpeg.ts).
void capabilitiesKnown();

// Nobody to tell once the parent has gone; a callback keeps a closed channel from throwing.
const send = (m: FromWorker) => process.connected && process.send?.(m, undefined, {}, () => {});

process.on('message', (m: ToWorker) => {
  if (m.type === 'cancel') return running.get(m.id)?.abort.abort();
  const abort = new AbortController();
  const req: RenderRequest = { ...m.req, signal: abort.signal, onProgress: (p) => send({ type: 'progress', id: m.id, ...p }) };
  const done = renderer.render(req).then(
    (result) => void send({ type: 'done', id: m.id, result }),
    (e: unknown) => {
      const err = toLpError(e);
      send({ type: 'failed', id: m.id, code: err.code, detail: err.detail ?? err.message, exitCode: err.exitCode });
    },
  ).finally(() => running.delete(m.id));
  running.set(m.id, { abort, done });
});

/** Stops what is running (its ffmpeg and espeak-ng children are killed, its temp files removed), then exits. */
function stop(): void {
  for (const r of running.values()) r.abort.abort();
  // A step that cannot be aborted (making the built-in jingles) is not waited for long.
  setTimeout(() => process.exit(0), 2000);
  void Promise.allSettled([...running.values()].map((r) => r.done)).then(() => process.exit(0));
}

// The station closes (SIGTERM), or the parent went away (crash, kill -9): nothing left to render for.
process.on('SIGTERM', stop);
process.on('disconnect', stop);
