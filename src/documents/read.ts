/**
 * Reading a path the user named, with a size cap and a time limit, whatever the path is: a regular
 * file, a character device (`/dev/zero`, `/dev/urandom` never end), a FIFO or a socket (a writer may
 * never write). Nothing bigger than the cap enters memory, and nothing waits forever.
 */
import { constants, createReadStream, openSync, type Stats } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Socket } from 'node:net';
import type { Readable } from 'node:stream';
import { LpError } from '../errors.js';

export interface ReadLimits {
  /** The cap for what the first bytes say the file is (null: nothing read yet, the largest cap). */
  readonly capFor: (head: Buffer | null) => number;
  /** Bytes read before the cap is chosen. */
  readonly headBytes: number;
  /** A regular file. */
  readonly timeoutMs: number;
  /** Anything else (a FIFO, a socket, a device): it may never end, and a CLI must answer soon. */
  readonly streamTimeoutMs: number;
}

async function statOf(path: string): Promise<Stats> {
  try {
    return await stat(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new LpError('LP_ERR_INPUT_NOT_FOUND', path);
    throw new LpError('LP_ERR_INPUT_NOT_FOUND', `${path}: ${(e as Error).message}`);
  }
}

/**
 * A FIFO or socket is opened non-blocking and read as a pipe (a blocking open of a FIFO with no
 * writer would hold one of libuv's few threads until someone writes); anything else as a file.
 */
function openStream(path: string, st: Stats): Readable {
  if (st.isFIFO() || st.isSocket()) {
    return new Socket({ fd: openSync(path, constants.O_RDONLY | constants.O_NONBLOCK), readable: true, writable: false });
  }
  return createReadStream(path, { highWaterMark: 64 * 1024 });
}

const tooLarge = (path: string, size: number | string, cap: number) => new LpError('LP_ERR_INPUT_TOO_LARGE', `${path}: ${size} byte, tối đa ${cap}`);

export async function readBounded(path: string, limits: ReadLimits): Promise<Buffer> {
  const st = await statOf(path);
  if (st.isDirectory()) throw new LpError('LP_ERR_INPUT_IS_DIRECTORY', path);
  // Refuse before reading: a 100 MB file never enters memory.
  const largest = limits.capFor(null);
  if (st.isFile() && st.size > largest) throw tooLarge(path, st.size, largest);

  let stream: Readable;
  try {
    stream = openStream(path, st);
  } catch (e) {
    throw new LpError('LP_ERR_INPUT_NOT_FOUND', `${path}: ${(e as Error).message}`);
  }
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let cap: number | null = null;
    let settled = false;
    const settle = (err: LpError | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      stream.destroy();
      if (err) reject(err);
      else resolve(Buffer.concat(chunks, size));
    };
    const capNow = () => {
      cap ??= limits.capFor(Buffer.concat(chunks, size));
      return cap;
    };
    const timeoutMs = st.isFile() ? limits.timeoutMs : limits.streamTimeoutMs;
    const timer = setTimeout(() => settle(new LpError('LP_ERR_INPUT_TIMEOUT', `${path}: sau ${Math.round(timeoutMs / 1000)} giây mới đọc được ${size} byte${size === 0 && st.isFIFO() ? ' (không có ai ghi vào ống dẫn)' : ''}`)), timeoutMs);
    stream.on('data', (d: Buffer) => {
      chunks.push(d);
      size += d.length;
      if (cap === null && size < limits.headBytes) return;
      const c = capNow();
      if (st.isFile() && st.size > c) return settle(tooLarge(path, st.size, c));
      if (size > c) settle(tooLarge(path, `hơn ${c}`, c));
    });
    stream.on('end', () => {
      const c = capNow();
      settle(size > c ? tooLarge(path, size, c) : null);
    });
    stream.on('error', (e: NodeJS.ErrnoException) => {
      settle(e.code === 'EISDIR' ? new LpError('LP_ERR_INPUT_IS_DIRECTORY', path) : new LpError('LP_ERR_INPUT_NOT_FOUND', `${path}: ${e.message}`));
    });
  });
}
