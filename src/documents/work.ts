/**
 * Text work off the event loop. The station's one event loop paces PCM to the encoders and answers
 * HTTP; cleaning a million-character paste or parsing a Word file's XML there once made an 8.6 s
 * hole on air. Here each job of jobs.ts runs in a worker thread, with a time limit (the thread is
 * terminated past it) and a heap limit, and a failure comes back as a coded error.
 *
 * A small pool: at most `size` threads (one job each at a time), started on first use, unref'd while
 * idle so a CLI command exits when its work is done, and a bounded queue (LP_ERR_DOCUMENT_BUSY past
 * it) so a burst of uploads waits instead of taking every core.
 */
import { Worker } from 'node:worker_threads';
import { LpError, type ErrorCode } from '../errors.js';
import { compiledModule } from '../files.js';
import type { JobArg, JobKind, JobResult } from './jobs.js';

export type ToThread = { id: number; kind: JobKind; arg: unknown };
export type FromThread =
  | { id: number; ok: true; result: unknown }
  | { id: number; ok: false; code: ErrorCode; detail: string; exitCode: number };

/** How long a job may take unless it says otherwise: a 1 MB plan is cleaned in a few seconds. */
export const DEFAULT_JOB_TIMEOUT_MS = 60_000;
/** Heap of one thread: parsing a Word file's XML is the largest job. */
const THREAD_HEAP_MB = 1024;

interface Queued {
  readonly kind: JobKind;
  readonly arg: unknown;
  readonly timeoutMs: number;
  resolve(v: unknown): void;
  reject(e: unknown): void;
}

interface Slot {
  worker: Worker;
  job: (Queued & { id: number; timer: NodeJS.Timeout }) | null;
}

export interface WorkPoolOptions {
  /** Threads at most. @default 2 */
  readonly size?: number;
  /** Jobs waiting at most; more is LP_ERR_DOCUMENT_BUSY. @default 64 */
  readonly maxQueued?: number;
}

export class WorkPool {
  private readonly size: number;
  private readonly maxQueued: number;
  private readonly slots: Slot[] = [];
  private readonly queue: Queued[] = [];
  private nextId = 1;
  private closed = false;

  constructor(opts: WorkPoolOptions = {}) {
    this.size = Math.max(1, opts.size ?? 2);
    this.maxQueued = opts.maxQueued ?? 64;
  }

  /** Starts a thread now (idle and unref'd): the first job after a start does not wait for one to boot. */
  warm(): void {
    if (!this.closed && this.slots.length === 0) this.spawn();
  }

  /** Runs one job in a thread; rejects with LP_ERR_DOCUMENT_LIMIT past `timeoutMs` or the heap limit. */
  run<K extends JobKind>(kind: K, arg: JobArg<K>, opts: { timeoutMs?: number } = {}): Promise<JobResult<K>> {
    if (this.closed) return Promise.reject(new LpError('LP_ERR_INTERNAL', 'bộ xử lý tài liệu đã đóng'));
    if (this.queue.length >= this.maxQueued) return Promise.reject(new LpError('LP_ERR_DOCUMENT_BUSY', `${this.queue.length} việc đang chờ`));
    return new Promise<JobResult<K>>((resolveJob, rejectJob) => {
      this.queue.push({ kind, arg, timeoutMs: opts.timeoutMs ?? DEFAULT_JOB_TIMEOUT_MS, resolve: resolveJob as (v: unknown) => void, reject: rejectJob });
      this.pump();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const q of this.queue.splice(0)) q.reject(new LpError('LP_ERR_INTERNAL', 'bộ xử lý tài liệu đã đóng'));
    await Promise.all(this.slots.splice(0).map((s) => {
      if (s.job) this.finish(s, new LpError('LP_ERR_INTERNAL', 'bộ xử lý tài liệu đã đóng'));
      return s.worker.terminate();
    }));
  }

  private pump(): void {
    while (this.queue.length) {
      let slot = this.slots.find((s) => !s.job);
      if (!slot && this.slots.length < this.size) slot = this.spawn();
      if (!slot) return;
      const q = this.queue.shift()!;
      const id = this.nextId++;
      const s = slot;
      const timer = setTimeout(() => this.kill(s, `quá ${Math.round(q.timeoutMs / 1000)} giây`), q.timeoutMs);
      s.job = { ...q, id, timer };
      s.worker.ref();
      s.worker.postMessage({ id, kind: q.kind, arg: q.arg } satisfies ToThread);
    }
  }

  private spawn(): Slot {
    const worker = new Worker(compiledModule('documents/work-thread.js'), { execArgv: [], resourceLimits: { maxOldGenerationSizeMb: THREAD_HEAP_MB } });
    const slot: Slot = { worker, job: null };
    worker.on('message', (m: FromThread) => {
      if (!slot.job || slot.job.id !== m.id) return;
      this.finish(slot, m.ok ? null : new LpError(m.code, m.detail, { exitCode: m.exitCode }), m.ok ? m.result : undefined);
    });
    // A heap past its limit ends the thread with ERR_WORKER_OUT_OF_MEMORY; anything else is a crash.
    worker.on('error', (e: NodeJS.ErrnoException) => {
      const why = e.code === 'ERR_WORKER_OUT_OF_MEMORY' ? `vượt ${THREAD_HEAP_MB} MB bộ nhớ` : e.message;
      this.drop(slot, new LpError('LP_ERR_DOCUMENT_LIMIT', `${slot.job?.kind ?? 'việc'}: ${why}`));
    });
    worker.on('exit', () => this.drop(slot, new LpError('LP_ERR_DOCUMENT_LIMIT', `${slot.job?.kind ?? 'việc'}: luồng xử lý dừng đột ngột`)));
    // After the listeners: adding a 'message' listener refs the worker's port again.
    worker.unref();
    this.slots.push(slot);
    return slot;
  }

  private finish(slot: Slot, error: LpError | null, result?: unknown): void {
    const job = slot.job;
    if (!job) return;
    clearTimeout(job.timer);
    slot.job = null;
    slot.worker.unref();
    if (error) job.reject(error);
    else job.resolve(result);
    if (!this.closed) this.pump();
  }

  /** The job's thread is ended (a regex or a parser that never returns cannot be interrupted otherwise). */
  private kill(slot: Slot, why: string): void {
    const kind = slot.job?.kind ?? 'việc';
    this.drop(slot, new LpError('LP_ERR_DOCUMENT_LIMIT', `${kind}: ${why}`));
    void slot.worker.terminate();
  }

  private drop(slot: Slot, error: LpError): void {
    const i = this.slots.indexOf(slot);
    if (i >= 0) this.slots.splice(i, 1);
    this.finish(slot, error);
  }
}

/** The process's pool, made on first use: the station, the web app and the CLI share it. */
let shared: WorkPool | null = null;
export function documentWork(): WorkPool {
  shared ??= new WorkPool();
  return shared;
}
