/**
 * A text input as text: bytes of a .txt / .md file, or a paste from the web page. Each way it can be
 * unusable has its own code, so the user is told what to fix, never shown a stack trace. A paste
 * goes through the same checks as a file (size, control characters, empty), so neither door lets
 * through what the other refuses.
 */
import { LpError } from '../errors.js';

/** Largest text accepted: a ward plan is tens of kilobytes; anything bigger is a mistake. */
export const MAX_INPUT_BYTES = 1024 * 1024;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Characters that change what is shown or read without being seen: NUL and the bidirectional
 * embeddings, overrides and isolates (U+202E makes "gnohp" display as "phong"). Refused outright:
 * no Vietnamese text needs them and the officer would approve a text that is not what airs.
 */
const HIDDEN_CONTROLS = /[\u0000\u202A-\u202E\u2066-\u2069]/u;

function tooLarge(name: string, bytes: number): LpError {
  return new LpError('LP_ERR_INPUT_TOO_LARGE', `${name}: ${bytes} byte, tối đa ${MAX_INPUT_BYTES}`);
}

/** The checks on decoded text, shared by files and pastes; returns it in NFC. */
function checkedText(text: string, name: string): string {
  text = text.replace(/^\uFEFF/, '');
  const hidden = HIDDEN_CONTROLS.exec(text);
  if (hidden) {
    const code = hidden[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
    throw new LpError('LP_ERR_INPUT_CONTROL_CHARS', `${name}: ký tự U+${code} ở vị trí ${hidden.index + 1}`);
  }
  // Text files carry tabs, newlines and the odd form feed; other control characters mean binary.
  const controls = text.match(/[\u0001-\u0008\u000E-\u001F\u007F]/g)?.length ?? 0;
  if (controls > 0 && controls > text.length / 1000) {
    throw new LpError('LP_ERR_INPUT_BINARY', `${name}: có ${controls} ký tự điều khiển`);
  }
  if (text.trim() === '') throw new LpError('LP_ERR_INPUT_EMPTY', name);
  return text.normalize('NFC');
}

/**
 * Bytes → NFC text, or a coded error: empty, binary (NUL bytes, not UTF-8/UTF-16, control
 * characters), hidden controls, too large. A UTF-8 or UTF-16 byte-order mark is honoured and removed.
 */
export function decodeTextInput(bytes: Buffer, name: string): string {
  if (bytes.length > MAX_INPUT_BYTES) throw tooLarge(name, bytes.length);
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
  return checkedText(text, name);
}

/** A pasted text, checked as if it were the bytes of a file (same cap, same refusals). */
export function checkPastedText(text: string, name = 'văn bản dán'): string {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_INPUT_BYTES) throw tooLarge(name, bytes);
  return checkedText(text, name);
}
