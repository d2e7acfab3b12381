/**
 * Reading a text input safely: a path from the CLI or bytes from a web upload. Each way a file can
 * be unusable has its own code, so the user is told what to fix, never shown a stack trace.
 */
import { readFile, stat } from 'node:fs/promises';
import { LpError } from '../errors.js';

/** Largest text accepted: a ward plan is tens of kilobytes; anything bigger is a mistake. */
export const MAX_INPUT_BYTES = 1024 * 1024;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Bytes → NFC text, or a coded error: empty, binary (NUL bytes, not UTF-8/UTF-16, control
 * characters), too large. A UTF-8 or UTF-16 byte-order mark is honoured and removed.
 */
export function decodeTextInput(bytes: Buffer, name: string): string {
  if (bytes.length > MAX_INPUT_BYTES) {
    throw new LpError('LP_ERR_INPUT_TOO_LARGE', `${name}: ${bytes.length} byte, tối đa ${MAX_INPUT_BYTES}`);
  }
  let text: string;
  if (bytes[0] === 0xff && bytes[1] === 0xfe) text = new TextDecoder('utf-16le').decode(bytes.subarray(2));
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) text = new TextDecoder('utf-16be').decode(bytes.subarray(2));
  else {
    if (bytes.includes(0)) throw new LpError('LP_ERR_INPUT_BINARY', `${name}: có byte 0`);
    try {
      text = utf8.decode(bytes);
    } catch {
      throw new LpError('LP_ERR_INPUT_BINARY', `${name}: không phải văn bản UTF-8`);
    }
  }
  text = text.replace(/^\uFEFF/, '');
  // Text files carry tabs, newlines and the odd form feed; other control characters mean binary.
  const controls = text.match(/[\u0000-\u0008\u000E-\u001F\u007F]/g)?.length ?? 0;
  if (controls > 0 && controls > text.length / 1000) {
    throw new LpError('LP_ERR_INPUT_BINARY', `${name}: có ${controls} ký tự điều khiển`);
  }
  if (text.trim() === '') throw new LpError('LP_ERR_INPUT_EMPTY', name);
  return text.normalize('NFC');
}

/** Reads a text file named by the user (see decodeTextInput for the checks). */
export async function readTextInput(path: string): Promise<string> {
  let size: number;
  try {
    const st = await stat(path);
    if (st.isDirectory()) throw new LpError('LP_ERR_INPUT_IS_DIRECTORY', path);
    size = st.size;
  } catch (e) {
    if (e instanceof LpError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new LpError('LP_ERR_INPUT_NOT_FOUND', path);
    throw new LpError('LP_ERR_INPUT_NOT_FOUND', `${path}: ${(e as Error).message}`);
  }
  // Refuse before reading: a 10 MB file never enters memory.
  if (size > MAX_INPUT_BYTES) throw new LpError('LP_ERR_INPUT_TOO_LARGE', `${path}: ${size} byte, tối đa ${MAX_INPUT_BYTES}`);
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EISDIR') throw new LpError('LP_ERR_INPUT_IS_DIRECTORY', path);
    throw new LpError('LP_ERR_INPUT_NOT_FOUND', `${path}: ${(e as Error).message}`);
  }
  return decodeTextInput(bytes, path);
}
