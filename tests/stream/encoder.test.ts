/** The encoder and decoder commands as data: the exact arguments ffmpeg gets. */
import { PassThrough, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { toArgs } from '../../src/audio/ffmpeg.js';
import { decodeCommand, encoderCommand } from '../../src/stream/index.js';

describe('encoder command', () => {
  it('reads paced PCM from stdin and sends MP3 to the mount, one frame at a time', () => {
    const cmd = encoderCommand({ sourceUrl: 'icecast://source:pw@127.0.0.1:8000/loaphuong', input: new PassThrough(), name: 'Kênh chính', bitrateKbps: 64 });
    expect(toArgs(cmd)).toEqual([
      '-f', 's16le', '-ar', '44100', '-ac', '1', '-i', 'pipe:0',
      '-c:a', 'libmp3lame', '-b:a', '64k', '-ar', '44100', '-f', 'mp3', '-write_xing', '0', '-id3v2_version', '0',
      '-flush_packets', '1', '-content_type', 'audio/mpeg', '-ice_name', 'Kênh chính', '-ice_public', '0',
      'icecast://source:pw@127.0.0.1:8000/loaphuong',
    ]);
  });
  it('decodes any file to the channel PCM on stdout', () => {
    const args = toArgs(decodeCommand('/x/ban tin.mp3', new Writable()));
    expect(args).toEqual(['-i', '/x/ban tin.mp3', '-vn', '-f', 's16le', '-acodec', 'pcm_s16le', '-ar', '44100', '-ac', '1', 'pipe:1']);
  });
});
