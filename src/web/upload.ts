/**
 * An uploaded plan as text: .txt and .md through the text stage's decoder, .docx through mammoth's
 * raw-text extraction and then the same decoder (so the empty / control-character / NFC checks are
 * the same whatever the file was).
 */
import { extname } from 'node:path';
import mammoth from 'mammoth';
import { LpError } from '../errors.js';
import { decodeTextInput, MAX_INPUT_BYTES } from '../text/index.js';

/** What a .docx may unpack to: a 300-page plan is a few MB of XML; more is a zip bomb. */
export const MAX_DOCX_UNPACKED = 64 * 1024 * 1024;

const ZIP_LOCAL = 0x04034b50;
const ZIP_CENTRAL = 0x02014b50;
const ZIP_END = 0x06054b50;

/**
 * Total of the sizes the zip's central directory declares, or null when there is no readable
 * directory. Read before unpacking so a small upload cannot expand to gigabytes in memory.
 */
export function zipUnpackedSize(zip: Buffer): number | null {
  // The end record is in the last 22 + 65535 (comment) bytes.
  let end = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) {
    if (zip.readUInt32LE(i) === ZIP_END) {
      end = i;
      break;
    }
  }
  if (end < 0) return null;
  const entries = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  let total = 0;
  for (let n = 0; n < entries; n++) {
    if (at + 46 > zip.length || zip.readUInt32LE(at) !== ZIP_CENTRAL) return null;
    total += zip.readUInt32LE(at + 24);
    at += 46 + zip.readUInt16LE(at + 28) + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return total;
}

async function docxText(data: Buffer, name: string): Promise<string> {
  if (data.length > MAX_INPUT_BYTES) throw new LpError('LP_ERR_INPUT_TOO_LARGE', `${name}: ${data.length} byte, tối đa ${MAX_INPUT_BYTES}`);
  if (data.length === 0) throw new LpError('LP_ERR_INPUT_EMPTY', name);
  if (data.length >= 8 && data.readUInt32BE(0) === 0xd0cf11e0) throw new LpError('LP_ERR_INPUT_DOCX', `${name}: đây là tệp .doc (Word 97–2003)`);
  if (data.length < 22 || data.readUInt32LE(0) !== ZIP_LOCAL) throw new LpError('LP_ERR_INPUT_DOCX', `${name}: không phải tệp .docx`);
  const unpacked = zipUnpackedSize(data);
  if (unpacked === null) throw new LpError('LP_ERR_INPUT_DOCX', `${name}: tệp nén bị hỏng`);
  if (unpacked > MAX_DOCX_UNPACKED) throw new LpError('LP_ERR_INPUT_TOO_LARGE', `${name}: giải nén ra ${unpacked} byte, tối đa ${MAX_DOCX_UNPACKED}`);
  try {
    return (await mammoth.extractRawText({ buffer: data })).value;
  } catch (e) {
    throw new LpError('LP_ERR_INPUT_DOCX', `${name}: ${(e as Error).message}`, { cause: e });
  }
}

/** The text of an uploaded plan (.docx, or any text file), checked like a file given to the CLI. */
export async function decodeUpload(data: Buffer, name: string): Promise<string> {
  if (extname(name).toLowerCase() !== '.docx') return decodeTextInput(data, name);
  // mammoth separates paragraphs with a blank line, which is what the cleaner expects.
  return decodeTextInput(Buffer.from(await docxText(data, name), 'utf8'), name);
}
