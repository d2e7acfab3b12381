/**
 * MPEG audio Layer III frames, read and written by hand (pure): what a channel paces onto its mount.
 * A channel hands Icecast whole frames — pre-encoded ones from a rendered file, silence frames made
 * here — so nothing is encoded in real time. Splicing frames from different files is safe where the
 * frame after the splice has `main_data_begin` 0 (it takes nothing from the bit reservoir of the
 * frames before): the first frame of every file, and every frame of silence made here or of a file
 * converted with `-reservoir 0`. The one mid-file splice, resuming after a stream outage, happens on
 * a new connection whose listeners are new too: a decoder drops the frame or two it cannot complete.
 */

/** What every frame on one mount shares; a decoder is never asked to switch mid-stream. */
export interface FrameFormat {
  /** 1 (MPEG-1), 2 (MPEG-2) or 2.5. */
  readonly version: 1 | 2 | 2.5;
  readonly sampleRate: number;
  readonly channels: 1 | 2;
  readonly bitrateKbps: number;
}

/** One frame's header fields. */
export interface FrameHeader extends FrameFormat {
  /** Bytes of the whole frame (header included). */
  readonly length: number;
  readonly samples: number;
  readonly crc: boolean;
  readonly padding: boolean;
}

const BITRATES_V1 = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320];
const BITRATES_V2 = [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160];
const RATES: Record<number, readonly number[]> = { 3: [44100, 48000, 32000], 2: [22050, 24000, 16000], 0: [11025, 12000, 8000] };
const VERSIONS: Record<number, 1 | 2 | 2.5> = { 3: 1, 2: 2, 0: 2.5 };

/** Decoder delay of the MP3 synthesis filterbank, samples (added to the encoder's own delay). */
export const DECODER_DELAY_SAMPLES = 529;
/** LAME's encoder delay when a file carries no LAME/Info tag saying otherwise. */
const DEFAULT_ENCODER_DELAY = 576;

export const samplesPerFrame = (version: FrameFormat['version']): number => (version === 1 ? 1152 : 576);
export const frameMs = (f: FrameFormat): number => (samplesPerFrame(f.version) * 1000) / f.sampleRate;
export const sameFormat = (a: FrameFormat, b: FrameFormat): boolean =>
  a.version === b.version && a.sampleRate === b.sampleRate && a.channels === b.channels && a.bitrateKbps === b.bitrateKbps;
export const formatLabel = (f: FrameFormat): string =>
  `MPEG-${f.version} Layer III ${f.bitrateKbps} kbit/s ${f.sampleRate} Hz ${f.channels === 1 ? 'mono' : 'stereo'}`;

/** The header at `at`, or null when those four bytes are not a Layer III frame header. */
export function readHeader(buf: Uint8Array, at: number): FrameHeader | null {
  if (at + 4 > buf.length || buf[at] !== 0xff || (buf[at + 1] & 0xe0) !== 0xe0) return null;
  const v = (buf[at + 1] >> 3) & 3;
  const layer = (buf[at + 1] >> 1) & 3;
  const bi = buf[at + 2] >> 4;
  const ri = (buf[at + 2] >> 2) & 3;
  if (v === 1 || layer !== 1 || bi === 0 || bi === 15 || ri === 3) return null;
  const version = VERSIONS[v];
  const bitrateKbps = (version === 1 ? BITRATES_V1 : BITRATES_V2)[bi];
  const sampleRate = RATES[v][ri];
  const padding = ((buf[at + 2] >> 1) & 1) === 1;
  const samples = samplesPerFrame(version);
  const length = Math.floor(((samples / 8) * bitrateKbps * 1000) / sampleRate) + (padding ? 1 : 0);
  return { version, sampleRate, bitrateKbps, channels: (buf[at + 3] >> 6) === 3 ? 1 : 2, length, samples, crc: (buf[at + 1] & 1) === 0, padding };
}

const sideInfoBytes = (h: FrameFormat): number => (h.version === 1 ? (h.channels === 1 ? 17 : 32) : h.channels === 1 ? 9 : 17);

/** `main_data_begin` of a frame: how many bytes of earlier frames it borrows (0 = a clean splice point). */
export function mainDataBegin(frame: Uint8Array): number {
  const h = readHeader(frame, 0);
  if (!h) return 0;
  const s = 4 + (h.crc ? 2 : 0);
  return h.version === 1 ? (frame[s] << 1) | (frame[s + 1] >> 7) : frame[s];
}

/** A frame that is a Xing/Info/VBRI tag, not audio; returns LAME's encoder delay when it has one. */
function tagFrame(buf: Uint8Array, at: number, h: FrameHeader): { encoderDelay: number | null } | null {
  const xing = at + 4 + (h.crc ? 2 : 0) + sideInfoBytes(h);
  const id = String.fromCharCode(...buf.subarray(xing, xing + 4));
  if (id === 'VBRI' || String.fromCharCode(...buf.subarray(at + 36, at + 40)) === 'VBRI') return { encoderDelay: null };
  if (id !== 'Xing' && id !== 'Info') return null;
  // The LAME extension (also written by ffmpeg's muxer) sits 120 bytes after the tag id when the
  // tag has every optional field; its 24-bit field at +21 holds encoder delay (12 bits) and padding.
  const flags = buf[xing + 7];
  const lame = xing + 8 + (flags & 1 ? 4 : 0) + (flags & 2 ? 4 : 0) + (flags & 4 ? 100 : 0) + (flags & 8 ? 4 : 0);
  if (lame + 24 > at + h.length) return { encoderDelay: null };
  const delay = (buf[lame + 21] << 4) | (buf[lame + 22] >> 4);
  return { encoderDelay: delay > 0 && delay < 4096 ? delay : null };
}

/** A file's audio frames. */
export interface ParsedFrames {
  readonly format: FrameFormat;
  /** Frame `i` is `data.subarray(offsets[i], offsets[i + 1])`. */
  readonly offsets: Uint32Array;
  readonly count: number;
  /** Samples a decoder outputs before the content's first sample (encoder + decoder delay). */
  readonly primingSamples: number;
  /** Frames whose format differs from the first one's (0 for a file fit to splice as it is). */
  readonly mixed: number;
}

function id3v2Length(buf: Uint8Array, at: number): number {
  if (at + 10 > buf.length || buf[at] !== 0x49 || buf[at + 1] !== 0x44 || buf[at + 2] !== 0x33) return 0;
  const size = ((buf[at + 6] & 0x7f) << 21) | ((buf[at + 7] & 0x7f) << 14) | ((buf[at + 8] & 0x7f) << 7) | (buf[at + 9] & 0x7f);
  return 10 + size + ((buf[at + 5] & 0x10) !== 0 ? 10 : 0);
}

/**
 * Indexes the audio frames of an MP3 file: skips ID3v2 tags, the Xing/Info/VBRI frame and a trailing
 * ID3v1/APE tag. A frame is only taken when the next one (or the end of the data) follows it
 * exactly, so stray sync bytes inside a tag are never mistaken for audio. Null when no frame is found.
 */
export function parseFrames(buf: Uint8Array): ParsedFrames | null {
  let at = 0;
  for (let n = id3v2Length(buf, at); n > 0; n = id3v2Length(buf, at)) at += n;
  const starts: number[] = [];
  let format: FrameFormat | null = null;
  let encoderDelay: number | null = null;
  let mixed = 0;
  let lastEnd = at;
  while (at + 4 <= buf.length) {
    const h = readHeader(buf, at);
    const end = h ? at + h.length : 0;
    const chained = h !== null && end <= buf.length && (end === buf.length || readHeader(buf, end) !== null || end + 3 <= buf.length && isTrailingTag(buf, end));
    if (!h || !chained) {
      // Resynchronise: junk between frames (or a tag) is skipped a byte at a time.
      at++;
      continue;
    }
    if (starts.length === 0 && format === null) {
      const tag = tagFrame(buf, at, h);
      if (tag) {
        encoderDelay = tag.encoderDelay;
        format = { version: h.version, sampleRate: h.sampleRate, channels: h.channels, bitrateKbps: h.bitrateKbps };
        at = end;
        continue;
      }
    }
    if (starts.length === 0) format = { version: h.version, sampleRate: h.sampleRate, channels: h.channels, bitrateKbps: h.bitrateKbps };
    else if (!sameFormat(format!, h)) mixed++;
    starts.push(at);
    lastEnd = end;
    at = end;
  }
  if (starts.length === 0 || !format) return null;
  // The tag frame says the file's nominal bitrate; the audio frames say what is really there.
  const first = readHeader(buf, starts[0])!;
  const offsets = new Uint32Array(starts.length + 1);
  starts.forEach((s, i) => (offsets[i] = s));
  offsets[starts.length] = lastEnd;
  return {
    format: { version: first.version, sampleRate: first.sampleRate, channels: first.channels, bitrateKbps: first.bitrateKbps },
    offsets,
    count: starts.length,
    primingSamples: (encoderDelay ?? DEFAULT_ENCODER_DELAY) + DECODER_DELAY_SAMPLES,
    mixed,
  };
}

function isTrailingTag(buf: Uint8Array, at: number): boolean {
  const id = String.fromCharCode(buf[at], buf[at + 1], buf[at + 2]);
  return id === 'TAG' || id === 'APE' || id === 'ID3';
}

/**
 * A frame of digital silence in `format`: a valid header, side information all zero (no Huffman
 * data, `main_data_begin` 0) and zero padding — every decoder outputs zeros for it, and it borrows
 * nothing, so it splices anywhere. `padded` gives the one-byte-longer variant that keeps a CBR
 * stream's byte rate exact.
 */
export function silenceFrame(format: FrameFormat, padded = false): Buffer {
  const v = format.version === 1 ? 3 : format.version === 2 ? 2 : 0;
  const bi = (format.version === 1 ? BITRATES_V1 : BITRATES_V2).indexOf(format.bitrateKbps);
  const ri = RATES[v].indexOf(format.sampleRate);
  if (bi <= 0 || ri < 0) throw new Error(`không có khung MP3 ${formatLabel(format)}`);
  const header = [0xff, 0xe0 | (v << 3) | (1 << 1) | 1, (bi << 4) | (ri << 2) | (padded ? 2 : 0), format.channels === 1 ? 0xc4 : 0x04];
  const h = readHeader(Uint8Array.from(header), 0)!;
  const frame = Buffer.alloc(h.length);
  frame.set(header, 0);
  return frame;
}

/**
 * Silence frames for a CBR stream: the padded variant whenever the bytes so far fall behind the
 * nominal byte rate, as an encoder does, so Icecast's block arithmetic sees the real bitrate.
 */
export function silenceFrames(format: FrameFormat): { plain: Buffer; padded: Buffer; bytesPerFrame: number } {
  const plain = silenceFrame(format, false);
  return { plain, padded: silenceFrame(format, true), bytesPerFrame: (samplesPerFrame(format.version) / 8) * format.bitrateKbps * 1000 / format.sampleRate };
}
