/**
 * The long-lived encoder of one channel, as data: raw PCM on stdin (paced by the channel's clock)
 * → MP3 → an Icecast mount. `-flush_packets 1` sends each MP3 frame as soon as it is encoded; without
 * it ffmpeg batches output and a listener's start error grows by the batch.
 */
import type { Readable } from 'node:stream';
import type { FfmpegCommand } from '../audio/ffmpeg.js';

/** The PCM the channel clock writes: signed 16-bit little-endian, mono, 44.1 kHz. */
export const PCM = Object.freeze({ sampleRate: 44_100, channels: 1, bytesPerSample: 2, format: 's16le' });

/**
 * How long, on average, from PCM handed to the encoder to that sample reaching a listener: about
 * 120 ms of encoder and decoder delay plus ~1.6 KB of stream, because Icecast 2.4 forwards MP3 in
 * fixed 1400-byte blocks and decoders read ~1 KB packets (175 + 128 ms at 64 kbit/s). Fitted to the
 * start-error bench (mean delay 320 ms at 64 kbit/s, 220 ms at 128). A channel hands its PCM this
 * far ahead so the onset a listener hears is centred on the slot instant; what remains is the
 * ± half-block spread, which only a higher bitrate narrows.
 */
export function expectedDeliveryMs(bitrateKbps: number): number {
  return Math.round(120 + 12_800 / bitrateKbps);
}

export interface EncoderOptions {
  /** `icecast://source:PASS@host:port/mount` from {@link IcecastServer.sourceUrl}. */
  readonly sourceUrl: string;
  /** The Readable the channel clock writes PCM into. */
  readonly input: Readable;
  /** Shown to listeners as the stream name. */
  readonly name: string;
  /** @default 64 */
  readonly bitrateKbps?: number;
  /** @default 44100 (the PCM rate); horn chains may ask for less. */
  readonly outSampleRate?: number;
}

export function encoderCommand(o: EncoderOptions): FfmpegCommand {
  return {
    label: `encoder ${o.name}`,
    inputs: [{ source: o.input, options: ['-f', PCM.format, '-ar', String(PCM.sampleRate), '-ac', String(PCM.channels)] }],
    output: o.sourceUrl,
    outputOptions: [
      '-c:a', 'libmp3lame',
      '-b:a', `${o.bitrateKbps ?? 64}k`,
      '-ar', String(o.outSampleRate ?? PCM.sampleRate),
      '-f', 'mp3',
      '-write_xing', '0',
      '-id3v2_version', '0',
      '-flush_packets', '1',
      '-content_type', 'audio/mpeg',
      '-ice_name', o.name,
      '-ice_public', '0',
    ],
  };
}

/** Decodes an audio file to the channel's PCM (a finite child ffmpeg writing to our Writable). */
export function decodeCommand(path: string, output: NodeJS.WritableStream): FfmpegCommand {
  return {
    label: `decode ${path}`,
    inputs: [{ source: path, options: [] }],
    output: output as unknown as FfmpegCommand['output'],
    outputOptions: ['-vn', '-f', PCM.format, '-acodec', 'pcm_s16le', '-ar', String(PCM.sampleRate), '-ac', String(PCM.channels)],
  };
}
