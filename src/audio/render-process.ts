/**
 * A {@link Renderer} that renders in a child process, for the running station: the playout clock
 * shares its event loop with the web app and the scheduler, and must never wait behind a render.
 * The CLI `render` command has no clock to protect and renders in-process.
 */
import { fork, type ChildProcess } from 'node:child_process';
import type { Config } from '../config/index.js';
import { LpError, type ErrorCode } from '../errors.js';
import { compiledModule } from '../files.js';
import type { Renderer, RenderRequest, RenderResult } from './render.js';

export type ToWorker =
  | { type: 'render'; id: number; req: Omit<RenderRequest, 'onProgress' | 'signal'> }
  | { type: 'cancel'; id: number };

export type FromWorker =
  | { type: 'progress'; id: number; stage: string; fraction: number }
  | { type: 'done'; id: number; result: RenderResult }
  | { type: 'failed'; id: number; code: ErrorCode; detail: string; exitCode: number };

interface Pending {
  readonly req: RenderRequest;
  readonly message: ToWorker & { type: 'render' };
  /** Workers this render was sent to, and the last one. */
  tries: number;
  worker: ChildProcess | null;
  resolve(r: RenderResult): void;
  reject(e: unknown): void;
}

export interface RendererProcess extends Renderer {
  /** Starts the child now: the first khẩn cấp after a start should not wait for a process to boot. */
  warm(): void;
  /** Ends the child; renders still running are rejected. */
  close(): Promise<void>;
}

/**
 * Workers a render is sent to before its worker's death is the operator's answer: a worker killed
 * (OOM killer, kill -9) mid-render is most often not the render's fault, so the operator's air-now
 * is tried once more on a fresh worker; a render that kills two workers is refused with a code.
 */
const TRIES = 2;

export function createRendererProcess(config: Readonly<Config>): RendererProcess {
  let child: ChildProcess | null = null;
  let closing = false;
  let nextId = 1;
  const pending = new Map<number, Pending>();

  function fail(p: Pending, id: number, e: LpError): void {
    pending.delete(id);
    p.reject(e);
  }

  /** What a dead worker held: sent again to a fresh one (once), else refused. */
  function workerDied(dead: ChildProcess, detail: string): void {
    const held = [...pending.entries()].filter(([, p]) => p.worker === dead);
    for (const [id, p] of held) {
      if (closing || p.req.signal?.aborted) fail(p, id, new LpError('LP_ERR_INTERNAL', detail));
      else if (p.tries >= TRIES) fail(p, id, new LpError('LP_ERR_AUDIO_RENDER_CRASHED', `${p.req.title}: ${detail}`));
      else send(id, p);
    }
  }

  function spawnChild(): ChildProcess {
    const c = fork(compiledModule('station/render-worker.js'), [], {
      env: { ...process.env, LOAPHUONG_RENDER_CONFIG: JSON.stringify(config) },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    c.on('message', (m: FromWorker) => {
      const p = pending.get(m.id);
      if (!p) return;
      if (m.type === 'progress') return p.req.onProgress?.({ stage: m.stage, fraction: m.fraction });
      pending.delete(m.id);
      if (m.type === 'done') p.resolve(m.result);
      else p.reject(new LpError(m.code, m.detail, { exitCode: m.exitCode }));
    });
    // A crashed worker's renders go to the next one (spawned on demand).
    c.on('exit', (code, signal) => {
      if (child === c) child = null;
      workerDied(c, `tiến trình dựng âm thanh dừng đột ngột (${signal ?? code})`);
    });
    // Without a listener a failed fork would be thrown at the station's event loop.
    c.on('error', (e) => {
      if (child === c) child = null;
      if (c.connected) c.disconnect(); // the worker exits when its parent lets go
      workerDied(c, `tiến trình dựng âm thanh: ${e.message}`);
    });
    return c;
  }

  function send(id: number, p: Pending): void {
    child ??= spawnChild();
    p.tries++;
    p.worker = child;
    child.send(p.message, (e) => {
      if (e && pending.get(id) === p) fail(p, id, new LpError('LP_ERR_INTERNAL', `tiến trình dựng âm thanh: ${e.message}`));
    });
  }

  return {
    warm() {
      if (!closing) child ??= spawnChild();
    },
    render(req: RenderRequest): Promise<RenderResult> {
      if (req.signal?.aborted) return Promise.reject(new LpError('LP_ERR_AUDIO_FFMPEG_FAILED', `${req.title}: đã hủy`));
      const id = nextId++;
      const { onProgress: _p, signal, ...plain } = req;
      return new Promise<RenderResult>((resolveRender, reject) => {
        // A cancel for a render that has ended, or to a worker gone, has nothing to do (and sending
        // on a closed channel without a callback would throw at the event loop).
        const onAbort = () => child?.send({ type: 'cancel', id } satisfies ToWorker, () => {});
        const settled = () => signal?.removeEventListener('abort', onAbort);
        const entry: Pending = {
          req,
          message: { type: 'render', id, req: plain },
          tries: 0,
          worker: null,
          resolve(r) {
            settled();
            resolveRender(r);
          },
          reject(e) {
            settled();
            reject(e);
          },
        };
        pending.set(id, entry);
        signal?.addEventListener('abort', onAbort, { once: true });
        send(id, entry);
      });
    },
    async close(): Promise<void> {
      const c = child;
      child = null;
      if (!c || c.exitCode !== null) return;
      closing = true; // what the worker held is refused, not sent to a new one
      try {
        await new Promise<void>((done) => {
          c.once('exit', () => done());
          c.kill('SIGTERM');
        });
      } finally {
        closing = false;
      }
    },
  };
}
