/**
 * Uploads that take minutes (a scanned PDF or a photo, read by OCR page by page): the form post is
 * answered at once with a page that follows the work ("trang 2/6: nhận dạng chữ"), and the drafts are
 * made when it ends, whether or not anyone still watches. Jobs live in memory: a restart loses the
 * ones running, never a draft already made. At most `maxRunning` at once (LP_ERR_DOCUMENT_BUSY past it).
 */
import { randomUUID } from 'node:crypto';
import type { DocumentProgress } from '../documents/index.js';
import { LpError, toLpError, type ErrorCode } from '../errors.js';

/** One document may make this many drafts at most: more is a mistake (or an attack) that would bury the list. */
export const MAX_DRAFTS_PER_DOCUMENT = 40;

export interface UploadJob {
  readonly id: string;
  /** User name of who uploaded; only they (or an admin) follow it. */
  readonly owner: string;
  readonly filename: string;
  readonly state: 'running' | 'done' | 'failed';
  readonly progress: DocumentProgress | null;
  /** The drafts made, when done. */
  readonly bulletinIds: readonly number[];
  readonly error: { readonly code: ErrorCode; readonly message: string } | null;
  /** ms since the epoch. */
  readonly startedAt: number;
}

type Task = (onProgress: (p: DocumentProgress) => void, signal: AbortSignal) => Promise<readonly number[]>;

export class UploadJobs {
  private readonly jobs = new Map<string, UploadJob>();
  private readonly aborts = new Map<string, AbortController>();

  constructor(private readonly opts: { now: () => number; maxRunning?: number; keepMs?: number }) {}

  /** Starts `task`; its progress and outcome are read with {@link get}. */
  start(owner: string, filename: string, task: Task): UploadJob {
    this.prune();
    const running = [...this.jobs.values()].filter((j) => j.state === 'running').length;
    if (running >= (this.opts.maxRunning ?? 2)) throw new LpError('LP_ERR_DOCUMENT_BUSY', `${running} tài liệu đang xử lý`);
    const id = randomUUID();
    const abort = new AbortController();
    let job: UploadJob = { id, owner, filename, state: 'running', progress: null, bulletinIds: [], error: null, startedAt: this.opts.now() };
    const set = (patch: Partial<UploadJob>) => {
      job = { ...job, ...patch };
      this.jobs.set(id, job);
    };
    set({});
    this.aborts.set(id, abort);
    task((progress) => set({ progress }), abort.signal).then(
      (bulletinIds) => set({ state: 'done', bulletinIds }),
      (e: unknown) => {
        const err = toLpError(e);
        set({ state: 'failed', error: { code: err.code, message: err.message } });
      },
    ).finally(() => this.aborts.delete(id));
    return job;
  }

  /** The job as its owner (or an admin) sees it; anyone else is told it does not exist. */
  get(id: string, viewer: { username: string; role: string }): UploadJob {
    const job = this.jobs.get(id);
    if (!job || (job.owner !== viewer.username && viewer.role !== 'admin')) throw new LpError('LP_ERR_NOT_FOUND', `việc xử lý tệp ${id}`);
    return job;
  }

  /** Stops what runs (its OCR children are killed); the app is closing. */
  close(): void {
    for (const a of this.aborts.values()) a.abort(new LpError('LP_ERR_DOCUMENT_LIMIT', 'đài đang dừng'));
  }

  /** Finished jobs are kept long enough for their page to be seen, then forgotten. */
  private prune(): void {
    const before = this.opts.now() - (this.opts.keepMs ?? 30 * 60_000);
    for (const [id, j] of this.jobs) if (j.state !== 'running' && j.startedAt < before) this.jobs.delete(id);
  }
}
