/**
 * A channel's own source connection to its Icecast mount: one TCP connection speaking Icecast 2.4's
 * HTTP PUT (Basic auth in the request, so the source password is never on a command line), kept up
 * for as long as the channel runs and reconnected with back-off when it drops. The channel writes
 * MP3 frames to it; nothing here encodes or paces.
 *
 * It also notices when the mount is not ours to take: Icecast answers `403 Mountpoint in use` when
 * another source holds it (a foreign source that got the password, or a dead connection of ours the
 * server has not noticed yet). `onMountTaken` is then asked to reclaim it (Icecast's killsource)
 * and the connection is retried at once.
 */
import { connect, type Socket } from 'node:net';
import { backoff } from './backoff.js';

export type SourceState = 'up' | 'connecting' | 'down';

export interface SourceConnectionOptions {
  readonly host: string;
  readonly port: number;
  readonly mount: string;
  readonly user: string;
  readonly password: string;
  /** Stream name shown to listeners (ice-name). */
  readonly name: string;
  readonly bitrateKbps: number;
  readonly sampleRate: number;
  readonly channels: number;
  /** @default Date.now */
  readonly now?: () => number;
  readonly log: (line: string) => void;
  /**
   * Another source holds the mount. Resolve true once it was dropped (the connection is retried at
   * once), false when it could not be (retried with back-off).
   */
  readonly onMountTaken?: () => Promise<boolean>;
  /** Called after each change of state (the channel ticks at once). */
  readonly onChange?: () => void;
  /** Unwritten bytes past which the server counts as not reading (the connection is dropped). @default 2 s of audio */
  readonly stallBytes?: number;
}

export interface SourceConnection {
  state(): SourceState;
  /** Accepted by the server and taking data. */
  writable(): boolean;
  /** Bytes written on the current connection. */
  bytes(): number;
  /** When the state last changed (connection lost or accepted). */
  changedAt(): number;
  /** Why the last attempt failed, if it did. */
  lastError(): string | null;
  write(data: Buffer): void;
  start(): void;
  close(): Promise<void>;
}

/** Icecast 2.4 forwards a source's MP3 in blocks of this many bytes (format_mp3's read size). */
export const ICECAST_BLOCK_BYTES = 1400;
/** ffmpeg's MP3 demuxer (and most receivers like it) reads the stream in packets of this many bytes. */
export const DECODER_READ_BYTES = 1024;

/** The request line and headers of an Icecast 2.4 source (HTTP PUT). */
export function sourceRequest(o: Pick<SourceConnectionOptions, 'host' | 'port' | 'mount' | 'user' | 'password' | 'name' | 'bitrateKbps' | 'sampleRate' | 'channels'>): string {
  const auth = Buffer.from(`${o.user}:${o.password}`, 'utf8').toString('base64');
  return [
    `PUT ${encodeURI(o.mount)} HTTP/1.1`,
    `Host: ${o.host}:${o.port}`,
    `Authorization: Basic ${auth}`,
    'User-Agent: loaphuong',
    'Content-Type: audio/mpeg',
    // UTF-8 as it is (Vietnamese names); line breaks could smuggle headers, so they go.
    `Ice-Name: ${o.name.replace(/[\r\n]+/g, ' ')}`,
    'Ice-Public: 0',
    `Ice-Audio-Info: bitrate=${o.bitrateKbps};samplerate=${o.sampleRate};channels=${o.channels}`,
    '',
    '',
  ].join('\r\n');
}

export function createSourceConnection(o: SourceConnectionOptions): SourceConnection {
  const now = o.now ?? Date.now;
  const stallBytes = o.stallBytes ?? o.bitrateKbps * 250;
  const retry = backoff(5000);
  let state: SourceState = 'down';
  let changedAt = now();
  let sock: Socket | null = null;
  let sent = 0;
  let running = false;
  let timer: NodeJS.Timeout | null = null;
  let error: string | null = null;
  let connectedAt = 0;
  let closing: Promise<void> | null = null;

  const set = (s: SourceState): void => {
    if (s === state) return;
    const wasUp = state === 'up';
    state = s;
    if (s === 'up' || wasUp) changedAt = now();
    o.onChange?.();
  };

  const later = (ms: number): void => {
    if (!running || timer) return;
    timer = setTimeout(() => {
      timer = null;
      attempt();
    }, ms);
  };

  const fail = (why: string, s: Socket): void => {
    if (sock !== s) return;
    sock = null;
    s.destroy();
    const wasUp = state === 'up';
    error = why;
    set('down');
    if (!running) return;
    const delay = retry.failed(now(), connectedAt);
    o.log(`LP_ERR_STREAM_DOWN : ${o.mount}: ${why}${wasUp ? ' (đang phát)' : ''}; kết nối lại sau ${delay} ms`);
    later(delay);
  };

  const attempt = (): void => {
    if (!running || sock) return;
    set('connecting');
    const s = connect({ host: o.host, port: o.port });
    sock = s;
    sent = 0;
    s.setNoDelay(true);
    let head = '';
    s.setTimeout(5000, () => fail('Icecast không trả lời sau 5 s', s));
    s.once('connect', () => s.write(sourceRequest(o)));
    const onData = (d: Buffer): void => {
      head += d.toString('latin1');
      const end = head.indexOf('\r\n\r\n');
      if (end < 0 && head.length < 8192) return;
      s.off('data', onData);
      const status = Number(/^HTTP\/\d\.\d (\d{3})/.exec(head)?.[1] ?? 0);
      if (status === 200) {
        s.setTimeout(0);
        // Whatever the server sends later is nothing we need; keep the socket flowing.
        s.resume();
        connectedAt = now();
        error = null;
        set('up');
        return;
      }
      const body = head.slice(end + 4).trim();
      if (status === 403 && /in use/i.test(body + head)) {
        sock = null;
        s.destroy();
        error = 'mount đang bị một nguồn khác chiếm';
        set('down');
        void (o.onMountTaken?.() ?? Promise.resolve(false)).then(
          (dropped) => later(dropped ? 100 : retry.failed(now(), now())),
          () => later(retry.failed(now(), now())),
        );
        return;
      }
      fail(status === 401 ? 'Icecast từ chối mật khẩu nguồn (401)' : `Icecast trả lời ${head.split('\r\n')[0] || 'không rõ'}${body ? `: ${body.slice(0, 80)}` : ''}`, s);
    };
    s.on('data', onData);
    s.on('error', (e) => fail(e.message, s));
    s.on('close', () => fail('Icecast đóng kết nối nguồn', s));
  };

  return {
    state: () => state,
    writable: () => state === 'up' && sock !== null,
    bytes: () => sent,
    changedAt: () => changedAt,
    lastError: () => error,
    write(data) {
      const s = sock;
      if (state !== 'up' || !s) return;
      // A server that stops reading (stalled, or a half-open connection) is as good as down.
      if (s.writableLength > stallBytes) return fail(`Icecast không nhận dữ liệu (${s.writableLength} byte chờ gửi)`, s);
      s.write(data);
      sent += data.length;
    },
    start() {
      if (running) return;
      running = true;
      attempt();
    },
    close() {
      closing ??= (async () => {
        running = false;
        if (timer) clearTimeout(timer);
        timer = null;
        const s = sock;
        sock = null;
        set('down');
        if (!s || s.destroyed) return;
        await new Promise<void>((resolve) => {
          s.once('close', () => resolve());
          s.end();
          setTimeout(() => s.destroy(), 500).unref();
        });
      })();
      return closing;
    },
  };
}
