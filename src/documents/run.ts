/**
 * The one place poppler-utils and Tesseract run. Each {@link ToolCommand} is started under
 * `prlimit` (its kernel limits), at a lower CPU priority than the station (the playout clock keeps
 * its core), killed at its timeout or when it prints past its output cap, and killed when the
 * caller gives up (an AbortSignal). What the limits stop becomes LP_ERR_DOCUMENT_LIMIT; everything
 * else is handed back as exit code and stderr for the caller to name.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { setPriority } from 'node:os';
import { LpError } from '../errors.js';
import type { ToolCommand } from './commands.js';

export interface ToolResult {
  readonly stdout: Buffer;
  /** The last few kilobytes. */
  readonly stderr: string;
  readonly code: number;
}

const PRLIMIT = '/usr/bin/prlimit';
/** Below the station's own priority (0): OCR waits when the playout needs the CPU. */
const TOOL_NICENESS = 10;
/** Signals the kernel limits send: CPU time, file size; SIGKILL/SIGSEGV/SIGABRT follow a refused allocation. */
const LIMIT_SIGNALS = new Set(['SIGXCPU', 'SIGXFSZ', 'SIGKILL', 'SIGSEGV', 'SIGABRT', 'SIGBUS']);

/** The argv actually spawned: the tool under prlimit when the machine has it (util-linux does). */
export function spawnArgs(cmd: ToolCommand, withPrlimit = existsSync(PRLIMIT)): { file: string; args: string[] } {
  if (!withPrlimit) return { file: cmd.file, args: [...cmd.args] };
  const l = cmd.limits;
  return {
    file: PRLIMIT,
    args: [`--as=${l.memoryBytes}`, `--cpu=${l.cpuSeconds}`, `--fsize=${l.fileBytes}`, '--', cmd.file, ...cmd.args],
  };
}

/** Why the caller gave up: its own coded reason (a document's overall deadline), or a cancel. */
function abortReason(cmd: ToolCommand, signal: AbortSignal): string {
  const r: unknown = signal.reason;
  return r instanceof LpError && r.detail ? r.detail : `${cmd.label}: đã hủy`;
}

export function runTool(cmd: ToolCommand, signal?: AbortSignal): Promise<ToolResult> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new LpError('LP_ERR_DOCUMENT_LIMIT', abortReason(cmd, signal)));
    const { file, args } = spawnArgs(cmd);
    const child = spawn(file, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...cmd.env, LC_ALL: 'C.UTF-8' } });
    let limitHit: string | null = null;
    const stop = (why: string) => {
      limitHit ??= why;
      child.kill('SIGKILL');
    };
    if (child.pid) {
      try {
        setPriority(child.pid, TOOL_NICENESS);
      } catch {
        // Gone already, or not permitted: it only runs at the station's priority.
      }
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      size += d.length;
      if (size > cmd.maxOutputBytes) return stop(`${cmd.label}: in ra hơn ${cmd.maxOutputBytes} byte`);
      chunks.push(d);
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr = (stderr + d.toString('utf8')).slice(-4000);
    });
    const timer = setTimeout(() => stop(`${cmd.label}: quá ${Math.round(cmd.timeoutMs / 1000)} giây`), cmd.timeoutMs);
    const onAbort = () => stop(abortReason(cmd, signal!));
    signal?.addEventListener('abort', onAbort, { once: true });
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    };
    child.on('error', (e: NodeJS.ErrnoException) => {
      done();
      if (e.code === 'ENOENT') reject(new LpError('LP_ERR_DEPENDENCY_MISSING', `${cmd.file}: sudo apt-get install ${cmd.debianPackage}`));
      else reject(new LpError('LP_ERR_DOCUMENT_LIMIT', `${cmd.label}: ${e.message}`));
    });
    child.on('close', (code, sig) => {
      done();
      if (limitHit) return reject(new LpError('LP_ERR_DOCUMENT_LIMIT', limitHit));
      if (sig && LIMIT_SIGNALS.has(sig)) return reject(new LpError('LP_ERR_DOCUMENT_LIMIT', `${cmd.label}: dừng bởi giới hạn (${sig})`));
      // prlimit itself answers 127/126 when it cannot find or run the tool.
      if (file === PRLIMIT && (code === 127 || code === 126) && /No such file|failed to execute/i.test(stderr)) {
        return reject(new LpError('LP_ERR_DEPENDENCY_MISSING', `${cmd.file}: sudo apt-get install ${cmd.debianPackage}`));
      }
      // A refused allocation in C++ (std::bad_alloc) aborts; in C it usually prints and exits.
      if (/bad_alloc|out of memory|Cannot allocate memory|failed to map segment/i.test(stderr)) {
        return reject(new LpError('LP_ERR_DOCUMENT_LIMIT', `${cmd.label}: hết bộ nhớ cho phép`));
      }
      resolve({ stdout: Buffer.concat(chunks), stderr, code: code ?? -1 });
    });
  });
}
