/**
 * The documents worker thread: runs one job of jobs.ts at a time for work.ts and answers with its
 * result or its coded error. Nothing else lives here, so what the thread does is what jobs.ts says.
 */
import { parentPort } from 'node:worker_threads';
import { toLpError } from '../errors.js';
import { JOBS, type JobKind } from './jobs.js';
import type { FromThread, ToThread } from './work.js';

const port = parentPort!;

port.on('message', async (m: ToThread) => {
  let answer: FromThread;
  try {
    const job = JOBS[m.kind as JobKind] as (arg: unknown) => unknown;
    answer = { id: m.id, ok: true, result: await job(m.arg) };
  } catch (e) {
    const err = toLpError(e);
    answer = { id: m.id, ok: false, code: err.code, detail: err.detail ?? err.message, exitCode: err.exitCode };
  }
  port.postMessage(answer);
});
