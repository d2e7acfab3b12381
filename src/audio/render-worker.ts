/**
 * The child process that renders: speech assembly and loudness passes touch every sample, which
 * would stall the playout clock if done in the station's own event loop. Speaks the small IPC
 * protocol of render-process.ts; the config arrives once, already validated by the parent.
 */
import type { Config } from '../config/index.js';
import { toLpError } from '../errors.js';
import { createRenderer, type RenderRequest } from './render.js';
import type { FromWorker, ToWorker } from './render-process.js';

const config = JSON.parse(process.env.LOAPHUONG_RENDER_CONFIG ?? '{}') as Config;
const renderer = createRenderer(config);
const running = new Map<number, AbortController>();

const send = (m: FromWorker) => process.send?.(m);

process.on('message', (m: ToWorker) => {
  if (m.type === 'cancel') return running.get(m.id)?.abort();
  const abort = new AbortController();
  running.set(m.id, abort);
  const req: RenderRequest = { ...m.req, signal: abort.signal, onProgress: (p) => send({ type: 'progress', id: m.id, ...p }) };
  renderer.render(req).then(
    (result) => send({ type: 'done', id: m.id, result }),
    (e: unknown) => {
      const err = toLpError(e);
      send({ type: 'failed', id: m.id, code: err.code, detail: err.detail ?? err.message, exitCode: err.exitCode });
    },
  ).finally(() => running.delete(m.id));
});

// The parent went away (crash, kill -9): nothing left to render for.
process.on('disconnect', () => process.exit(0));
