/**
 * Test tooling: an upstream station as a relay sees it — HTTP on loopback serving an MP3 file's
 * frames at their real pace, in a loop (what Icecast does for a listener, without the burst).
 * `kill()` drops every listener and closes the port, as a district server that goes away.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { parseFrames } from '../../src/stream/index.js';

export interface Upstream {
  readonly url: string;
  readonly port: number;
  /** Listeners it has had so far (a relay shared by several channels connects once). */
  connections(): number;
  kill(): void;
}

export async function pacedUpstream(file: string, opts: { port?: number } = {}): Promise<Upstream> {
  const bytes = readFileSync(file);
  const p = parseFrames(bytes);
  if (!p) throw new Error(`${file}: not MP3`);
  const frameMs = ((p.format.version === 1 ? 1152 : 576) * 1000) / p.format.sampleRate;
  const socks = new Set<Socket>();
  let connections = 0;
  const http = createServer((req, res) => {
    connections++;
    res.writeHead(200, { 'content-type': 'audio/mpeg' });
    socks.add(req.socket);
    const t0 = Date.now();
    let i = 0;
    const timer = setInterval(() => {
      const due = Math.floor((Date.now() - t0) / frameMs) + 4;
      const out: Buffer[] = [];
      for (; i < due; i++) out.push(bytes.subarray(p.offsets[i % p.count], p.offsets[(i % p.count) + 1]));
      if (out.length) res.write(Buffer.concat(out));
    }, 50);
    req.socket.on('close', () => {
      clearInterval(timer);
      socks.delete(req.socket);
    });
  });
  await new Promise<void>((r) => http.listen(opts.port ?? 0, '127.0.0.1', r));
  const port = (http.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/huyen`,
    port,
    connections: () => connections,
    kill() {
      http.close();
      for (const s of socks) s.destroy();
    },
  };
}
