/**
 * Phone photos stored sideways with an EXIF orientation tag: the tag is read from the header, the
 * pixels are turned upright (real ffmpeg) before Tesseract, which ignores the tag, reads them.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { charSimilarity, imageThrough, makeDocumentFixtures, spokenOf, type DocumentFixtures } from '../../bench/documents.js';
import { runFfmpeg } from '../../src/audio/ffmpeg.js';
import { uprightCommand } from '../../src/documents/commands.js';
import { decodeDocument } from '../../src/documents/index.js';
import { imageFacts } from '../../src/documents/sniff.js';

const work = mkdtempSync(join(tmpdir(), 'lp-orient-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** `jpeg` with an EXIF APP1 after its SOI saying `orientation`, in big- or little-endian TIFF. */
function tagged(jpeg: Buffer, orientation: number, littleEndian = false): Buffer {
  const tiff = Buffer.alloc(26);
  tiff.write(littleEndian ? 'II' : 'MM', 0, 'latin1');
  const u16 = (v: number, at: number) => (littleEndian ? tiff.writeUInt16LE(v, at) : tiff.writeUInt16BE(v, at));
  const u32 = (v: number, at: number) => (littleEndian ? tiff.writeUInt32LE(v, at) : tiff.writeUInt32BE(v, at));
  u16(42, 2); u32(8, 4); // header, IFD0 at 8
  u16(1, 8); // one entry: Orientation, SHORT, count 1
  u16(0x0112, 10); u16(3, 12); u32(1, 14); u16(orientation, 18);
  u32(0, 22); // no next IFD
  const body = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]);
  const app1 = Buffer.from([0xff, 0xe1, (body.length + 2) >> 8, (body.length + 2) & 0xff]);
  return Buffer.concat([jpeg.subarray(0, 2), app1, body, jpeg.subarray(2)]);
}

/** The filter that makes the stored pixels of an upright picture for each orientation (the inverse of standing it up). */
const STORED: Record<number, string> = { 2: 'hflip', 3: 'hflip,vflip', 4: 'vflip', 5: 'transpose=0', 6: 'transpose=2', 7: 'transpose=3', 8: 'transpose=1' };

async function grey(image: string): Promise<Buffer> {
  const out = join(work, `${Math.random().toString(36).slice(2)}.gray`);
  await runFfmpeg({ label: 'test gray', inputs: [{ source: image, options: ['-autorotate', '0'] }], output: out, outputOptions: ['-vf', 'format=gray', '-f', 'rawvideo'] });
  return readFileSync(out);
}
const meanDiff = (a: Buffer, b: Buffer) => (a.length !== b.length ? Infinity : a.reduce((s, x, i) => s + Math.abs(x - b[i]), 0) / a.length);

describe('the orientation in a JPEG header', () => {
  let jpeg: Buffer;
  const upright = join(work, 'upright.png');
  beforeAll(async () => {
    const card = (out: string, options: string[]) => runFfmpeg({ label: 'test card', inputs: [{ source: 'testsrc=size=48x32:rate=1', options: ['-f', 'lavfi'] }], output: out, outputOptions: ['-frames:v', '1', ...options] });
    await card(join(work, 'plain.jpg'), ['-q:v', '2']);
    await card(upright, []);
    jpeg = readFileSync(join(work, 'plain.jpg'));
  });

  it.each([1, 3, 6, 8])('tag %i is read, big- and little-endian', (o) => {
    expect(imageFacts('jpeg', tagged(jpeg, o))).toMatchObject({ width: 48, height: 32, orientation: o });
    expect(imageFacts('jpeg', tagged(jpeg, o, true))).toMatchObject({ width: 48, height: 32, orientation: o });
  });

  it('no EXIF, a value out of range, or an EXIF block cut short: upright (1), and the size still read', () => {
    expect(imageFacts('jpeg', jpeg)).toMatchObject({ width: 48, orientation: 1 });
    expect(imageFacts('jpeg', tagged(jpeg, 9))).toMatchObject({ width: 48, orientation: 1 });
    const cut = tagged(jpeg, 6);
    cut.writeUInt16BE(10, 4); // the APP1 claims 8 bytes of data: "Exif\0\0" and two bytes of TIFF
    expect(imageFacts('jpeg', Buffer.concat([cut.subarray(0, 14), jpeg.subarray(2)]))).toMatchObject({ width: 48, orientation: 1 });
  });

  it.each([2, 3, 4, 5, 6, 7, 8])('orientation %i: the stored pixels come out as the upright picture', async (o) => {
    const stored = join(work, `stored-${o}.png`);
    await imageThrough(upright, stored, STORED[o]);
    const turned = join(work, `turned-${o}.png`);
    await runFfmpeg(uprightCommand(stored, turned, o));
    const want = await grey(upright);
    const got = await grey(turned);
    // Exact for a lossless picture; the wrong turn of a test card differs by tens of grey levels.
    expect(meanDiff(got, want), `orientation ${o} through ${uprightCommand(stored, turned, o).outputOptions.join(' ')}`).toBe(0);
  });
});

describe('a sideways phone photo of a page, tagged as phones tag it', () => {
  let f: DocumentFixtures;
  let upright: string;
  beforeAll(async () => {
    f = await makeDocumentFixtures();
    upright = spokenOf((await decodeDocument(readFileSync(f.photo), f.photo)).text);
  }, 240_000);

  it.each([6, 8])('stored turned, tag %i: reads as the upright photo (≥ 99 %)', async (o) => {
    const stored = join(work, `photo-${o}.jpg`);
    await imageThrough(f.photo, stored, STORED[o]);
    const bytes = tagged(readFileSync(stored), o);
    writeFileSync(stored, bytes);
    const doc = await decodeDocument(bytes, `anh-${o}.jpg`);
    const similarity = charSimilarity(spokenOf(doc.text), upright);
    expect(similarity, `similarity ${similarity.toFixed(2)} %`).toBeGreaterThanOrEqual(99);
  }, 120_000);
});
