/** The ffmpeg commands as data: the exact argument arrays the pipeline runs. */
import { describe, expect, it } from 'vitest';
import { PassThrough } from 'node:stream';
import { BED_DUCKING, codecOptions, encodeCommand, measureCommand, outputSampleRate, trialCommand, voicingCommand, voicingFilters, voicingRate } from '../../src/audio/commands.js';
import { toArgs } from '../../src/audio/ffmpeg.js';
import { bedCommand, jingleCommand } from '../../src/audio/jingles.js';

const horn = { highpassHz: 250, lowpassHz: 6000, compress: true };

describe('voicing (pass 1)', () => {
  it('joins intro + levelled speech + outro, voices and measures, writes raw float', () => {
    const cmd = voicingCommand({ intro: 'in.wav', speech: { source: 's.raw', sampleRate: 22050, levelGainDb: 1.98 }, outro: 'out.wav', audio: horn, sampleRate: 44100, output: 'v.wav' });
    expect(toArgs(cmd)).toEqual([
      '-i', 'in.wav',
      '-f', 's16le', '-ar', '22050', '-ac', '1', '-i', 's.raw',
      '-i', 'out.wav',
      '-filter_complex',
      '[0:a]aresample=44100,aformat=sample_fmts=flt:channel_layouts=mono[a0];' +
        '[1:a]volume=1.98dB,aresample=44100,aformat=sample_fmts=flt:channel_layouts=mono[a1];' +
        '[2:a]aresample=44100,aformat=sample_fmts=flt:channel_layouts=mono[a2];' +
        '[a0][a1][a2]concat=n=3:v=0:a=1,highpass=f=250:poles=2,lowpass=f=6000:poles=2,' +
        'acompressor=threshold=0.063:ratio=3:attack=8:release=200:knee=2.8:makeup=1,ebur128=framelog=verbose[out]',
      '-map', '[out]', '-c:a', 'pcm_f32le', '-f', 'f32le', 'v.wav',
    ]);
  });

  it('speech piped from memory is read from stdin', () => {
    const cmd = voicingCommand({ intro: 'in.wav', speech: { source: new PassThrough(), sampleRate: 22050, levelGainDb: 0 }, outro: null, audio: horn, sampleRate: 22050, output: 'v.wav' });
    expect(toArgs(cmd).slice(0, 9)).toEqual(['-i', 'in.wav', '-f', 's16le', '-ar', '22050', '-ac', '1', '-i']);
    expect(toArgs(cmd)[9]).toBe('pipe:0');
  });

  it('with a trial beside it: the voiced file, and the trial\'s sample of it to a pipe, 32 KB at a time', () => {
    const cmd = voicingCommand({
      intro: null, speech: { source: 's.raw', sampleRate: 22050, levelGainDb: 0 }, outro: null, audio: { highpassHz: 250, lowpassHz: 6000, compress: false },
      sampleRate: 22050, output: 'v.f32', sampleTo: { stream: new PassThrough(), sample: { periodSec: 86, blockSec: 10 } },
    });
    expect(cmd.filterComplex).toBe("[0:a]volume=0dB,aresample=22050,aformat=sample_fmts=flt:channel_layouts=mono[a0];[a0]highpass=f=250:poles=2,lowpass=f=6000:poles=2,ebur128=framelog=verbose,asplit=2[out][s];[s]aselect='lt(mod(t,86),10)',anull[so]");
    expect(toArgs(cmd).slice(-16)).toEqual([
      '-map', '[out]', '-c:a', 'pcm_f32le', '-f', 'f32le', 'v.f32',
      '-map', '[so]', '-c:a', 'pcm_f32le', '-f', 'f32le', '-flush_packets', '0', 'pipe:1',
    ]);
  });

  it('runs at the speech rate when the profile low-passes well below it, else at the output rate', () => {
    expect(voicingRate({ lowpassHz: 6000 }, 22050, 44100)).toBe(22050);
    expect(voicingRate({ lowpassHz: 6000 }, 24000, 48000)).toBe(24000);
    // A wide-band feed keeps its top octave: the chain runs at the output's rate.
    expect(voicingRate({ lowpassHz: 15000 }, 22050, 48000)).toBe(48000);
    expect(voicingRate({ lowpassHz: 10000 }, 22050, 44100)).toBe(44100);
    // Never above the output's rate.
    expect(voicingRate({ lowpassHz: 6000 }, 24000, 16000)).toBe(16000);
  });

  it('without jingles the speech is the only input', () => {
    const cmd = voicingCommand({ intro: null, speech: { source: 's.raw', sampleRate: 24000, levelGainDb: -3 }, outro: null, audio: horn, sampleRate: 48000, output: 'v.wav' });
    expect(cmd.inputs).toHaveLength(1);
    expect(cmd.filterComplex).toBe('[0:a]volume=-3dB,aresample=48000,aformat=sample_fmts=flt:channel_layouts=mono[a0];[a0]highpass=f=250:poles=2,lowpass=f=6000:poles=2,acompressor=threshold=0.063:ratio=3:attack=8:release=200:knee=2.8:makeup=1,ebur128=framelog=verbose[out]');
  });

  it('a music bed: looped, levelled, cut to the speech with fades, ducked by the speech and mixed under it', () => {
    const bed = { path: 'bed.wav', gainDb: -19.7, durationSec: 31.25 };
    const cmd = voicingCommand({ intro: 'in.wav', speech: { source: 's.raw', sampleRate: 22050, levelGainDb: 2 }, outro: 'out.wav', bed, audio: horn, sampleRate: 44100, output: 'v.wav' });
    expect(toArgs(cmd)).toEqual([
      '-i', 'in.wav',
      '-f', 's16le', '-ar', '22050', '-ac', '1', '-i', 's.raw',
      '-i', 'out.wav',
      '-stream_loop', '-1', '-i', 'bed.wav',
      '-filter_complex',
      '[0:a]aresample=44100,aformat=sample_fmts=flt:channel_layouts=mono[a0];' +
        '[1:a]volume=2dB,aresample=44100,aformat=sample_fmts=flt:channel_layouts=mono[voice];' +
        '[2:a]aresample=44100,aformat=sample_fmts=flt:channel_layouts=mono[a2];' +
        '[voice]asplit=2[speech][key];' +
        '[3:a]aresample=44100,aformat=sample_fmts=flt:channel_layouts=mono,volume=-19.7dB,atrim=duration=31.25,afade=t=in:d=1,afade=t=out:st=29.75:d=1.5[bed];' +
        `[bed][key]${BED_DUCKING}[ducked];` +
        '[speech][ducked]amix=inputs=2:duration=first:normalize=0[a1];' +
        '[a0][a1][a2]concat=n=3:v=0:a=1,highpass=f=250:poles=2,lowpass=f=6000:poles=2,' +
        'acompressor=threshold=0.063:ratio=3:attack=8:release=200:knee=2.8:makeup=1,ebur128=framelog=verbose[out]',
      '-map', '[out]', '-c:a', 'pcm_f32le', '-f', 'f32le', 'v.wav',
    ]);
    expect(BED_DUCKING).toMatch(/^sidechaincompress=/);
  });

  it('a bed under a very short speech fades over half its length at most', () => {
    const cmd = voicingCommand({ intro: null, speech: { source: 's.raw', sampleRate: 22050, levelGainDb: 0 }, outro: null, bed: { path: 'b.wav', gainDb: 0, durationSec: 1 }, audio: horn, sampleRate: 44100, output: 'v.wav' });
    expect(cmd.inputs.map((i) => i.source)).toEqual(['s.raw', 'b.wav']);
    expect(cmd.filterComplex).toContain('atrim=duration=1,afade=t=in:d=0.5,afade=t=out:st=0.5:d=0.5[bed]');
    expect(cmd.filterComplex).toContain('[speech][ducked]amix=inputs=2:duration=first:normalize=0[a0];[a0]highpass');
  });

  it('a profile can switch off each stage of the chain', () => {
    expect(voicingFilters({ highpassHz: 0, lowpassHz: 22050, compress: false }, 44100)).toEqual([]);
    // A low-pass at or above the Nyquist frequency would do nothing: it is left out.
    expect(voicingFilters({ highpassHz: 300, lowpassHz: 9000, compress: false }, 16000)).toEqual(['highpass=f=300:poles=2']);
    expect(voicingFilters({ highpassHz: 300, lowpassHz: 5000, compress: false }, 16000)).toEqual(['highpass=f=300:poles=2', 'lowpass=f=5000:poles=2']);
  });
});

describe('gain and encode (pass 2 and 3)', () => {
  const plan = { preGainDb: 0, limit: 0.2, gainDb: 12.5 };

  it('mp3: up to the output rate, limiter, measured gain, channels, LAME CBR at the profile bitrate, frames only', () => {
    expect(toArgs(encodeCommand({ input: 'v.wav', inputRate: 22050, plan, format: 'mp3', sampleRate: 44100, channels: 1, bitrateKbps: 64, output: 'o.part' }))).toEqual([
      '-f', 'f32le', '-ar', '22050', '-ac', '1', '-i', 'v.wav',
      '-af', 'aresample=44100,alimiter=limit=0.2:attack=5:release=50:level=false:latency=true,volume=12.5dB',
      '-ar', '44100', '-ac', '1',
      '-c:a', 'libmp3lame', '-b:a', '64k', '-compression_level', '7', '-reservoir', '0', '-f', 'mp3', '-write_xing', '0', '-id3v2_version', '0',
      '-map_metadata', '-1', 'o.part',
    ]);
    // Written to a pipe, the renderer measures it while it is written.
    const piped = toArgs(encodeCommand({ input: 'v.wav', inputRate: 44100, plan, format: 'mp3', sampleRate: 44100, channels: 1, bitrateKbps: 64, output: new PassThrough() }));
    expect(piped.slice(8, 10)).toEqual(['-af', 'alimiter=limit=0.2:attack=5:release=50:level=false:latency=true,volume=12.5dB']);
    expect(piped.slice(-3)).toEqual(['-flush_packets', '0', 'pipe:1']);
  });

  it('a pre-gain appears only when the ceiling needs it; wav and ogg codecs', () => {
    const cmd = encodeCommand({ input: 'v.wav', inputRate: 22050, plan: { preGainDb: 4, limit: 0.0708, gainDb: 20 }, format: 'wav', sampleRate: 22050, channels: 2, bitrateKbps: 64, output: 'o' });
    expect(toArgs(cmd)).toContain('volume=4dB,alimiter=limit=0.0708:attack=5:release=50:level=false:latency=true,volume=20dB');
    expect(toArgs(cmd)).toEqual(expect.arrayContaining(['-ac', '2', '-c:a', 'pcm_s16le']));
    expect(codecOptions('ogg', 48)).toEqual(['-c:a', 'libopus', '-b:a', '48k', '-application', 'voip', '-f', 'ogg']);
    expect(outputSampleRate('ogg', 44100)).toBe(48000);
    expect(outputSampleRate('ogg', 16000)).toBe(16000);
    expect(outputSampleRate('mp3', 22050)).toBe(22050);
  });

  it('trial and measure write nothing', () => {
    // The trial runs the gain stage exactly as the encode will (at the output's rate), for two
    // plans, beside a meter of the signal as it is; each meter prints at full precision.
    const meter = (n: string) => `ebur128@${n}=metadata=1:framelog=verbose,ametadata@${n}=mode=print:key=lavfi.r128.I`;
    const plan2 = { preGainDb: 0, limit: 0.18, gainDb: 13 };
    expect(toArgs(trialCommand('v.wav', [plan, plan2], { inputRate: 22050, sampleRate: 44100 }))).toEqual([
      '-f', 'f32le', '-ar', '22050', '-ac', '1', '-i', 'v.wav', '-filter_complex',
      `[0:a]asplit=2[p][g];[p]${meter('plain')}[po];[g]aresample=44100,asplit=2[l0][l1];` +
        `[l0]alimiter=limit=0.2:attack=5:release=50:level=false:latency=true,volume=12.5dB,${meter('limited0')}[lo0];` +
        `[l1]alimiter=limit=0.18:attack=5:release=50:level=false:latency=true,volume=13dB,${meter('limited1')}[lo1]`,
      '-map', '[po]', '-map', '[lo0]', '-map', '[lo1]', '-f', 'null', '/dev/null',
    ]);
    // A long bulletin is sampled: the first 10 s of every 86 s.
    const sampled = trialCommand('v.wav', [plan], { inputRate: 48000, sampleRate: 48000 }, { periodSec: 86, blockSec: 10 });
    expect(sampled.filterComplex).toMatch(/^\[0:a\]aselect='lt\(mod\(t,86\),10\)',asplit=2\[p\]\[g\];/);
    expect(sampled.filterComplex).toContain('[g]asplit=1[l0];[l0]alimiter=');
    expect(toArgs(measureCommand('o.mp3'))).toEqual(['-i', 'o.mp3', '-af', 'ebur128=framelog=verbose:peak=true', '-f', 'null', '/dev/null']);
    expect(toArgs(measureCommand(new PassThrough(), { format: 'mp3' }))).toEqual(['-f', 'mp3', '-i', 'pipe:0', '-af', 'ebur128=framelog=verbose:peak=true', '-f', 'null', '/dev/null']);
    expect(toArgs(measureCommand('bed.mp3', { truePeak: false, maxSec: 120 }))).toEqual(['-t', '120', '-i', 'bed.mp3', '-af', 'ebur128=framelog=verbose', '-f', 'null', '/dev/null']);
  });
});

describe('jingles', () => {
  it('are synthesised by aevalsrc: bell strikes, faded out, mono 16-bit WAV', () => {
    const args = toArgs(jingleCommand('intro', 'intro.wav'));
    expect(args.slice(0, 2)).toEqual(['-f', 'lavfi']);
    expect(args[3]).toMatch(/^aevalsrc=exprs=.*sin\(2\*PI\*784\*\(t-0\)\).*:s=44100:d=2\.6$/);
    expect(args.slice(4)).toEqual(['-af', 'afade=t=out:st=2.2:d=0.4', '-ac', '1', '-c:a', 'pcm_s16le', '-f', 'wav', '-map_metadata', '-1', '-fflags', '+bitexact', 'intro.wav']);
    expect(toArgs(jingleCommand('outro', 'o.wav'))[3]).toContain('d=2.4');
  });

  it('the bed is one 8 s loop of four chords, every tone a whole number of cycles per loop (no click at the seam)', () => {
    const args = toArgs(bedCommand('bed.wav'));
    expect(args.slice(0, 2)).toEqual(['-f', 'lavfi']);
    expect(args[3]).toMatch(/^aevalsrc=exprs=.*:s=44100:d=8$/);
    const freqs = [...args[3].matchAll(/sin\(2\*PI\*([\d.]+)\*t\)/g)].map((m) => Number(m[1]));
    expect(freqs).toHaveLength(16);
    for (const hz of freqs) expect(Number.isInteger(hz * 8)).toBe(true);
    expect(args.slice(4)).toEqual(['-ac', '1', '-c:a', 'pcm_s16le', '-f', 'wav', '-map_metadata', '-1', '-fflags', '+bitexact', 'bed.wav']);
  });
});
