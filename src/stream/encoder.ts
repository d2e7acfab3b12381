/**
 * The stream stage's ffmpeg commands, as data: converting a file that is not in its channel's frame
 * format (once, ahead of its slot), and the live source of a relay. Playout needs no real-time
 * encoder for anything else: rendered bulletins and silence are aired as pre-encoded frames.
 * Every encode here turns the bit reservoir off, so each frame stands alone and splices anywhere.
 */
import type { Writable } from 'node:stream';
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

export interface LiveCommandOptions {
  /** Upstream: an HTTP/Icecast stream in any format ffmpeg decodes. */
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
 * (loudnorm's single-pass mode, which is meant for live input), and encodes it to the channel's
 * format on stdout, one frame at a time. Reconnects by itself to an upstream that blips.
 */
export function liveCommand(o: LiveCommandOptions): FfmpegCommand {
  return {
    label: `relay ${o.url}`,
    inputs: [{
      source: o.url,
      options: ['-reconnect', '1', '-reconnect_streamed', '1', '-reconnect_delay_max', '4', '-rw_timeout', '10000000', '-fflags', 'nobuffer'],
    }],
    output: o.output as unknown as FfmpegCommand['output'],
    outputOptions: [
      '-vn', '-map_metadata', '-1',
      '-af', `loudnorm=I=${o.targetLufs}:TP=${o.truePeakDb}:LRA=11,aresample=${o.format.sampleRate}`,
      ...mp3Options(o.format), '-write_xing', '0', '-flush_packets', '1',
    ],
  };
}
