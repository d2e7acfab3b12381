/**
 * Live sessions at the station: the rules (one session per channel, quiet hours below khẩn cấp,
 * known channels), and what a session hands its channels once the microphone's audio flows: a live
 * item per channel with a tap of one real encoder per frame format. Channels are recording doubles
 * of our own playout port; the encoder is the real ffmpeg.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Channel, ItemAudio, PlayoutBlock } from '../../src/playout/index.js';
import { LiveSessions, type LiveSession } from '../../src/station/live.js';
import type { FrameFormat } from '../../src/stream/mp3.js';
import { until } from '../playout/helpers.js';

const FORMAT: FrameFormat = { version: 1, sampleRate: 44100, channels: 1, bitrateKbps: 64 };
const NIGHT = Date.parse('2026-11-25T23:10:00+07:00');
const DAY = Date.parse('2026-11-25T09:00:00+07:00');

function double(id: string) {
  const handed: Array<{ block: Omit<PlayoutBlock, 'startAt'>; audio?: ItemAudio[] }> = [];
  // Only what a live session calls; the rest of the playout port is not part of these rules.
  const channel = {
    id, format: FORMAT,
    airNow: async (block: PlayoutBlock, o: { audio?: ItemAudio[] }) => (handed.push({ block, audio: o.audio }), [block.key]),
    onAir: () => null, queued: () => handed.map((x) => ({ key: x.block.key })),
    cancel: (key: string) => handed.splice(handed.findIndex((x) => x.block.key === key), 1).length > 0,
  } as unknown as Channel;
  return { channel, handed };
}

const sessions: LiveSession[] = [];
afterEach(() => {
  for (const s of sessions.splice(0)) s.drop('hết bài kiểm tra');
});

/** `clock.t`: the stations' clock, moved by hand. */
function station(now = DAY, firstAudioMs?: number) {
  const a = double('chinh');
  const b = double('cum-2');
  const clock = { t: now };
  const live = new LiveSessions({
    channels: new Map([['chinh', a.channel], ['cum-2', b.channel]]), now: () => clock.t, timezone: 'Asia/Ho_Chi_Minh',
    quietHours: { from: '22:00', to: '05:00' }, loudness: { targetLufs: -16, truePeakDb: -1 }, log: () => undefined, firstAudioMs,
  });
  const start = (req: Parameters<LiveSessions['start']>[0]) => {
    const s = live.start(req);
    sessions.push(s);
    return s;
  };
  return { a, b, start, clock };
}

/** 0.1 s of a 440 Hz tone as the browser sends it (mono s16le, 48 kHz). */
function pcm(): Buffer {
  const out = Buffer.alloc(4800 * 2);
  for (let i = 0; i < 4800; i++) out.writeInt16LE(Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / 48000)), i * 2);
  return out;
}

describe('live sessions', () => {
  it('a second session on a channel that has one is refused with LP_ERR_LIVE_BUSY; another channel is free', () => {
    const st = station();
    st.start({ priority: 'khan-cap', channels: ['chinh'], sampleRate: 48000, requestedBy: 'a' });
    expect(() => st.start({ priority: 'khan-cap', sampleRate: 48000, requestedBy: 'b' })).toThrow(expect.objectContaining({ code: 'LP_ERR_LIVE_BUSY' }));
    expect(() => st.start({ priority: 'khan-cap', channels: ['cum-2'], sampleRate: 48000, requestedBy: 'b' })).not.toThrow();
  });

  it.each(['thuong', 'uu-tien'] as const)('%s at night is refused with LP_ERR_QUIET_HOURS; khẩn cấp is not', (priority) => {
    const st = station(NIGHT);
    expect(() => st.start({ priority, sampleRate: 48000, requestedBy: 'a' })).toThrow(expect.objectContaining({ code: 'LP_ERR_QUIET_HOURS' }));
    expect(() => st.start({ priority: 'khan-cap', sampleRate: 48000, requestedBy: 'a' })).not.toThrow();
  });

  it('an unknown channel is refused', () => {
    expect(() => station().start({ priority: 'khan-cap', channels: ['khong-co'], sampleRate: 48000, requestedBy: 'a' })).toThrow(expect.objectContaining({ code: 'LP_ERR_CHANNEL_UNKNOWN' }));
  });

  it('once the microphone\'s audio flows, every chosen channel gets a live item and frames in its format; stop ends it and frees the channels', async () => {
    const st = station();
    const s = st.start({ priority: 'khan-cap', title: 'Cháy chợ', sampleRate: 48000, requestedBy: 'can-bo' });
    const feeding = setInterval(() => s.write(pcm()), 100);
    try {
      await until(() => st.a.handed.length === 1 && st.b.handed.length === 1, 10_000, 'both channels handed');
      const item = st.a.handed[0].block.items[0];
      expect(item).toMatchObject({ kind: 'live', title: 'Cháy chợ', speaker: 'can-bo' });
      expect(st.a.handed[0].block.priority).toBe('khan-cap');
      const tap = st.a.handed[0].audio![0];
      await until(() => tap.frame(0) !== null, 5000, 'encoded frames');
      expect(tap.ended!()).toBe(false);
      s.stop();
      clearInterval(feeding);
      await until(() => { while (tap.frame(0) !== null); return tap.ended!(); }, 5000, 'the tap ends after the stop');
    } finally {
      clearInterval(feeding);
    }
    // Stopped while still queued (the doubles never air it): taken off the channels, which are free again.
    let why: string | null | undefined;
    s.onEnded((w) => (why = w));
    await until(() => why !== undefined, 5000, 'session over');
    expect(st.a.handed).toEqual([]);
    expect(() => st.start({ priority: 'khan-cap', sampleRate: 48000, requestedBy: 'b' })).not.toThrow();
  });

  it('no audio within the first seconds: the session ends with why, and the channels are free again', async () => {
    const st = station(DAY, 300);
    const s = st.start({ priority: 'khan-cap', channels: ['chinh'], sampleRate: 48000, requestedBy: 'a' });
    let why: string | null | undefined;
    s.onEnded((w) => (why = w));
    st.clock.t += 400;
    await until(() => why !== undefined, 5000, 'ended');
    expect(why).toBe('không nhận được âm thanh từ micrô');
    expect(st.a.handed).toEqual([]);
    expect(() => st.start({ priority: 'khan-cap', channels: ['chinh'], sampleRate: 48000, requestedBy: 'b' })).not.toThrow();
  });
});
