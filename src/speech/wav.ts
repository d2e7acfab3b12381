/**
 * Just enough WAV for the voices: both espeak-ng (`--stdout`) and Google (LINEAR16) answer with a
 * RIFF header before 16-bit PCM. espeak-ng writes to a pipe, so its size fields are placeholders:
 * the data chunk is taken as "the rest of the buffer" when its size overruns.
 */
import type { Pcm } from './port.js';

export function parseWav(buf: Buffer): Pcm {
  if (buf.length < 12 || buf.toString('ascii', 0, 4) !== 'RIFF' || buf.toString('ascii', 8, 12) !== 'WAVE') {
    throw new Error(`không phải WAV (${buf.length} byte)`);
  }
  let pos = 12;
  let sampleRate = 0;
  let channels = 0;
  let bits = 0;
  let format = 0;
  while (pos + 8 <= buf.length) {
    const id = buf.toString('ascii', pos, pos + 4);
    const size = buf.readUInt32LE(pos + 4);
    const body = pos + 8;
    if (id === 'fmt ') {
      format = buf.readUInt16LE(body);
      channels = buf.readUInt16LE(body + 2);
      sampleRate = buf.readUInt32LE(body + 4);
      bits = buf.readUInt16LE(body + 14);
    } else if (id === 'data') {
      if (format !== 1 || bits !== 16 || channels !== 1) throw new Error(`WAV không phải PCM 16-bit mono (format ${format}, ${bits} bit, ${channels} kênh)`);
      const end = Math.min(buf.length, body + size);
      // Whole samples only: a truncated pipe may end mid-sample.
      const samples = buf.subarray(body, body + ((end - body) & ~1));
      return { sampleRate, samples };
    }
    pos = body + size + (size & 1);
  }
  throw new Error('WAV không có khối dữ liệu');
}

/** A 44-byte header for mono s16le PCM (tests and fakes build real files with it). */
export function wavHeader(sampleRate: number, dataBytes: number): Buffer {
  const h = Buffer.alloc(44);
  h.write('RIFF', 0, 'ascii');
  h.writeUInt32LE(36 + dataBytes, 4);
  h.write('WAVE', 8, 'ascii');
  h.write('fmt ', 12, 'ascii');
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20);
  h.writeUInt16LE(1, 22);
  h.writeUInt32LE(sampleRate, 24);
  h.writeUInt32LE(sampleRate * 2, 28);
  h.writeUInt16LE(2, 32);
  h.writeUInt16LE(16, 34);
  h.write('data', 36, 'ascii');
  h.writeUInt32LE(dataBytes, 40);
  return h;
}

export function toWav(pcm: Pcm): Buffer {
  return Buffer.concat([wavHeader(pcm.sampleRate, pcm.samples.length), pcm.samples]);
}
