/**
 * A Word file (.docx) as text: mammoth's raw-text extraction, after guards that keep a small file
 * from unpacking to gigabytes. CPU-heavy (mammoth parses all the XML): it runs in the documents
 * worker thread (see work.ts), never on the station's event loop.
 */
import { promisify } from 'node:util';
import { inflateRaw as inflateRawCb } from 'node:zlib';
import mammoth from 'mammoth';
import { LpError } from '../errors.js';

/** What a .docx may unpack to: a 300-page plan is a few MB of XML; more is a zip bomb. */
export const MAX_DOCX_UNPACKED = 64 * 1024 * 1024;

const ZIP_LOCAL = 0x04034b50;
const ZIP_CENTRAL = 0x02014b50;
const ZIP_END = 0x06054b50;

// On libuv's thread pool, not the thread that asked.
const inflateRaw = promisify(inflateRawCb);

interface ZipEntry {
  readonly method: number;
  readonly compressedSize: number;
  /** As the central directory declares it: only what the file says. */
  readonly declaredSize: number;
  readonly localOffset: number;
}

/** The central directory's entries, or null when there is no readable directory. */
function zipEntries(zip: Buffer): ZipEntry[] | null {
  // The end record is in the last 22 + 65535 (comment) bytes.
  let end = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) {
    if (zip.readUInt32LE(i) === ZIP_END) {
      end = i;
      break;
    }
  }
  if (end < 0) return null;
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const entries: ZipEntry[] = [];
  for (let n = 0; n < count; n++) {
    if (at + 46 > zip.length || zip.readUInt32LE(at) !== ZIP_CENTRAL) return null;
    entries.push({
      method: zip.readUInt16LE(at + 10), compressedSize: zip.readUInt32LE(at + 20),
      declaredSize: zip.readUInt32LE(at + 24), localOffset: zip.readUInt32LE(at + 42),
    });
    at += 46 + zip.readUInt16LE(at + 28) + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return entries;
}

/**
 * Total of the sizes the zip's central directory declares, or null when there is no readable
 * directory. Read before unpacking so a small upload cannot expand to gigabytes in memory.
 */
export function zipUnpackedSize(zip: Buffer): number | null {
  return zipEntries(zip)?.reduce((sum, e) => sum + e.declaredSize, 0) ?? null;
}

/**
 * Inflates every entry with a cap on the output, keeping nothing: the declared sizes may lie, and
 * mammoth would inflate whatever is really there (a 10 MB deflate stream can hold 10 GB).
 */
async function checkInflatedSize(zip: Buffer, name: string, max: number): Promise<void> {
  let total = 0;
  for (const e of zipEntries(zip) ?? []) {
    const local = e.localOffset;
    if (local + 30 > zip.length || zip.readUInt32LE(local) !== ZIP_LOCAL) throw new LpError('LP_ERR_INPUT_DOCX', `${name}: tệp nén bị hỏng`);
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const data = zip.subarray(start, start + e.compressedSize);
    if (e.method === 0) total += data.length;
    else if (e.method === 8) {
      try {
        total += (await inflateRaw(data, { maxOutputLength: max - total + 1 })).length;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') total = max + 1;
        else throw new LpError('LP_ERR_INPUT_DOCX', `${name}: ${(err as Error).message}`, { cause: err });
      }
    } else throw new LpError('LP_ERR_INPUT_DOCX', `${name}: kiểu nén ${e.method} không được hỗ trợ`);
    if (total > max) throw new LpError('LP_ERR_INPUT_TOO_LARGE', `${name}: giải nén ra hơn ${max} byte`);
  }
}

/**
 * The raw text of a .docx (paragraphs apart by a blank line, which is what the cleaner expects), or
 * a coded error: an old .doc, not a Word file, a broken zip, or more than `maxUnpacked` inside.
 */
export async function docxText(data: Buffer, name: string, maxUnpacked = MAX_DOCX_UNPACKED): Promise<string> {
  if (data.length === 0) throw new LpError('LP_ERR_INPUT_EMPTY', name);
  if (data.length >= 8 && data.readUInt32BE(0) === 0xd0cf11e0) throw new LpError('LP_ERR_INPUT_DOCX', `${name}: đây là tệp .doc (Word 97–2003)`);
  if (data.length < 22 || data.readUInt32LE(0) !== ZIP_LOCAL) throw new LpError('LP_ERR_INPUT_DOCX', `${name}: không phải tệp .docx`);
  const unpacked = zipUnpackedSize(data);
  if (unpacked === null) throw new LpError('LP_ERR_INPUT_DOCX', `${name}: tệp nén bị hỏng`);
  if (unpacked > maxUnpacked) throw new LpError('LP_ERR_INPUT_TOO_LARGE', `${name}: giải nén ra ${unpacked} byte, tối đa ${maxUnpacked}`);
  await checkInflatedSize(data, name, maxUnpacked);
  try {
    return (await mammoth.extractRawText({ buffer: data })).value;
  } catch (e) {
    throw new LpError('LP_ERR_INPUT_DOCX', `${name}: ${(e as Error).message}`, { cause: e });
  }
}
