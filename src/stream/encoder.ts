/**
 * The stream stage's ffmpeg commands, as data: converting a file that is not in its channel's frame
 * format (once, ahead of its slot), and the live source of a relay. Playout needs no real-time
 * encoder for anything else: rendered bulletins and silence are aired as pre-encoded frames.
 * Every encode here turns the bit reservoir off, so each frame stands alone and splices anywhere.
 */
import type { Readable, Writable } from 'node:stream';
import type { FfmpegCommand } from '../audio/ffmpeg.js';
import type { FrameFormat } from './mp3.js';

const mp3Options = (f: FrameFormat): string[] => [
  '-ac', String(f.channels), '-ar', String(f.sampleRate),
  '-c:a', 'libmp3lame', '-b:a', `${f.bitrateKbps}k`, '-reservoir', '0',
  '-id3v2_version', '0', '-f', 'mp3',
];

/** A file in any format ffmpeg reads → MP3 frames in the channel's format (the Info tag kept: it says the encoder delay). */
export function convertCommand(input: string, output: string, format: FrameFormat): FfmpegCommand {
  return {
    label: `convert ${input}`,
    inputs: [{ source: input, options: [] }],
    output,
    outputOptions: ['-vn', '-map_metadata', '-1', ...mp3Options(format)],
  };
}

/** Demuxers a relay may use: Icecast's MP3, AAC (ADTS) and Ogg. Not HLS (its playlists name further URLs). */
export const RELAY_FORMATS = 'mp3,aac,ogg';

export interface LiveCommandOptions {
  /** Upstream: an HTTP/Icecast stream (MP3, AAC or Ogg). */
  readonly url: string;
  readonly format: FrameFormat;
  /** The station's loudness target, reached on the fly. */
  readonly targetLufs: number;
  readonly truePeakDb: number;
  /** Receives the MP3 frames. */
  readonly output: Writable;
}

/**
 * A relay's live source: decodes the upstream, levels it to the station target on the fly
 * (loudnorm's single-pass mode, which is meant for live input; it holds 3 s of look-ahead), and
 * encodes it to the channel's format on stdout, one frame at a time. Reconnects by itself to an
 * upstream that blips. The URL is the only thing it may reach: no redirect (an allowed upstream
 * cannot send it to this machine's services), only HTTP(S), only the stream formats above.
 */
export function liveCommand(o: LiveCommandOptions): FfmpegCommand {
  return {
    label: `relay ${o.url}`,
    inputs: [{
      source: o.url,
      options: [
        '-reconnect', '1', '-reconnect_streamed', '1', '-reconnect_delay_max', '4', '-rw_timeout', '10000000', '-fflags', 'nobuffer',
        '-max_redirects', '0', '-protocol_whitelist', 'http,https,tcp,tls', '-format_whitelist', RELAY_FORMATS,
      ],
    }],
    output: o.output as unknown as FfmpegCommand['output'],
    outputOptions: [
      '-vn', '-map_metadata', '-1',
      '-af', `loudnorm=I=${o.targetLufs}:TP=${o.truePeakDb}:LRA=11,aresample=${o.format.sampleRate}`,
      ...mp3Options(o.format), '-write_xing', '0', '-flush_packets', '1',
    ],
  };
}

export interface MicCommandOptions {
  /** Signed 16-bit little-endian PCM from the browser, mono. */
  readonly input: Readable;
  readonly inputRate: number;
  readonly format: FrameFormat;
  readonly targetLufs: number;
  readonly truePeakDb: number;
  readonly output: Writable;
}

/**
 * The officer's microphone: browser PCM → levelled → the channel's MP3 frames. loudnorm's 3 s
 * look-ahead would put the voice on air 3 s after it was spoken, so speech is levelled with a
 * short-window normaliser (about 1 s) and a compressor tuned to land near −16 LUFS for any mic
 * gain (measured −17.7 to −18.0 on espeak speech at 0 and −20 dB, before the makeup below), then
 * the true-peak ceiling.
 */
export function micCommand(o: MicCommandOptions): FfmpegCommand {
  const ceiling = 10 ** (o.truePeakDb / 20);
  return {
    label: 'live mic',
    inputs: [{ source: o.input, options: ['-f', 's16le', '-ar', String(o.inputRate), '-ac', '1', '-fflags', 'nobuffer'] }],
    output: o.output as unknown as FfmpegCommand['output'],
    outputOptions: [
      '-af', [
        'highpass=f=80', 'dynaudnorm=f=100:g=9:p=0.9:m=30:r=0.35', 'acompressor=threshold=0.125:ratio=4:attack=5:release=120:makeup=3',
        `volume=${(o.targetLufs + 16).toFixed(1)}dB`, `alimiter=limit=${ceiling.toFixed(3)}:level=false`, `aresample=${o.format.sampleRate}`,
      ].join(','),
      ...mp3Options(o.format), '-write_xing', '0', '-flush_packets', '1',
    ],
  };
}

/**
 * The dead-air watch: decodes a mount as a listener does and reports silence on stderr
 * (silencedetect: `silence_start: T` once it has lasted `reportAfterSec`, `silence_end: T |
 * silence_duration: D`), stream times in seconds from the first byte. Nothing is written.
 */
export function silenceWatchCommand(url: string, o: { noiseDb: number; reportAfterSec: number }): FfmpegCommand {
  return {
    label: `dead-air watch ${url}`,
    inputs: [{ source: url, options: ['-fflags', 'nobuffer', '-probesize', '8192', '-analyzeduration', '0', '-f', 'mp3', '-rw_timeout', '10000000'] }],
    output: '/dev/null',
    outputOptions: ['-vn', '-af', `silencedetect=noise=${o.noiseDb}dB:duration=${o.reportAfterSec}`, '-f', 'null'],
  };
}
