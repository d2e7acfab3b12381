/**
 * A foreign Icecast source, as an intruder holding the source password would run it: an HTTP PUT
 * of an MP3 tone on the station's mount, reconnecting at once whenever it is refused or dropped.
 * Written by hand rather than as an ffmpeg child so it can be on the mount within milliseconds of
 * the station's source going away (the station's own reconnect takes longer).
 */
import { connect, type Socket } from 'node:net';

export interface ForeignSource {
  /** Starts trying (the first socket is connected ahead, so the first try is one write). */
  go(): void;
  stop(): void;
  /** Whether a try is being accepted and streamed right now. */
  onAir(): boolean;
  /** How many tries were refused (403 "Mountpoint in use" and the like). */
  refused(): number;
}

export function foreignSource(o: { port: number; mount: string; password: string; name: string; mp3: Buffer }): ForeignSource {
  let going = false;
  let stopped = false;
  let streaming = false;
  let refusals = 0;
  let sock: Socket | null = null;
  let pacer: NodeJS.Timeout | null = null;
  let offset = 0;
  const headers = [
    `PUT ${o.mount} HTTP/1.1`, `Host: 127.0.0.1:${o.port}`,
    `Authorization: Basic ${Buffer.from(`source:${o.password}`).toString('base64')}`,
    'Content-Type: audio/mpeg', `Ice-Name: ${o.name}`, 'Ice-Public: 0', 'Expect: 100-continue', '', '',
  ].join('\r\n');

  const send = (s: Socket) => {
    s.write(headers);
    let head = '';
    s.on('data', (d: Buffer) => {
      if (streaming || head.includes('\r\n')) return;
      head += d.toString('latin1');
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(head)?.[1] ?? 0);
      if (!status) return;
      if (status !== 100 && status !== 200) {
        refusals++;
        s.destroy();
        return;
      }
      streaming = true;
      // 64 kbit/s: 800 bytes every 100 ms, the tone looped.
      pacer = setInterval(() => {
        const end = Math.min(offset + 800, o.mp3.length);
        s.write(o.mp3.subarray(offset, end));
        offset = end >= o.mp3.length ? 0 : end;
      }, 100);
    });
  };

  const open = () => {
    if (stopped) return;
    const s = connect(o.port, '127.0.0.1');
    sock = s;
    s.on('error', () => undefined);
    s.on('connect', () => {
      if (going) send(s);
    });
    s.on('close', () => {
      if (pacer) clearInterval(pacer);
      pacer = null;
      streaming = false;
      if (sock === s) setTimeout(open, 20);
    });
  };
  open();

  return {
    go() {
      going = true;
      if (sock && !sock.connecting && !sock.destroyed) send(sock);
    },
    stop() {
      stopped = true;
      if (pacer) clearInterval(pacer);
      sock?.destroy();
      sock = null;
    },
    onAir: () => streaming,
    refused: () => refusals,
  };
}
