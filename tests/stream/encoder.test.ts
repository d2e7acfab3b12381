/**
 * The stream's ffmpeg commands as data: the exact arguments ffmpeg gets. (The long-lived PCM
 * encoder these tests used to check is gone: channels air pre-encoded frames, see mp3.test.ts.)
 */
import { PassThrough, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { toArgs } from '../../src/audio/ffmpeg.js';
import { convertCommand, liveCommand, micCommand } from '../../src/stream/index.js';

const FORMAT = { version: 1, sampleRate: 44100, channels: 1, bitrateKbps: 64 } as const;

describe('stream commands', () => {
  it('converts a file once to the channel frame format, without the bit reservoir', () => {
    expect(toArgs(convertCommand('/x/ban tin.wav', '/c/abc.mp3.tmp', FORMAT))).toEqual([
      '-i', '/x/ban tin.wav', '-vn', '-map_metadata', '-1', '-ac', '1', '-ar', '44100',
      '-c:a', 'libmp3lame', '-b:a', '64k', '-reservoir', '0', '-id3v2_version', '0', '-f', 'mp3', '/c/abc.mp3.tmp',
    ]);
  });
  it('relays an upstream live: levelled to the target, the same frames on stdout, nothing secret on the line', () => {
    const args = toArgs(liveCommand({ url: 'http://127.0.0.1:9000/huyen', format: FORMAT, targetLufs: -16, truePeakDb: -1, output: new Writable() }));
    expect(args).toEqual([
      '-reconnect', '1', '-reconnect_streamed', '1', '-reconnect_delay_max', '4', '-rw_timeout', '10000000', '-fflags', 'nobuffer',
      // It reaches the URL and nothing else: no redirect, no other protocol, no playlist format.
      '-max_redirects', '0', '-protocol_whitelist', 'http,https,tcp,tls', '-format_whitelist', 'mp3,aac,ogg',
      '-i', 'http://127.0.0.1:9000/huyen', '-vn', '-map_metadata', '-1', '-af', 'loudnorm=I=-16:TP=-1:LRA=11,aresample=44100',
      '-ac', '1', '-ar', '44100', '-c:a', 'libmp3lame', '-b:a', '64k', '-reservoir', '0', '-id3v2_version', '0', '-f', 'mp3',
      '-write_xing', '0', '-flush_packets', '1', 'pipe:1',
    ]);
  });
  it("levels the officer's microphone without loudnorm's 3 s look-ahead, to the channel's frames", () => {
    const args = toArgs(micCommand({ input: new PassThrough(), inputRate: 48000, format: FORMAT, targetLufs: -16, truePeakDb: -1, output: new Writable() }));
    expect(args.slice(0, 10)).toEqual(['-f', 's16le', '-ar', '48000', '-ac', '1', '-fflags', 'nobuffer', '-i', 'pipe:0']);
    const filters = args[args.indexOf('-af') + 1];
    expect(filters).not.toMatch(/loudnorm/);
    expect(filters).toMatch(/dynaudnorm=.*volume=0\.0dB,alimiter=limit=0\.891:level=false,aresample=44100$/);
    expect(args.slice(-9)).toEqual(['-id3v2_version', '0', '-f', 'mp3', '-write_xing', '0', '-flush_packets', '1', 'pipe:1']);
  });
});
