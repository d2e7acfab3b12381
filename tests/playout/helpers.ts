/** Test helpers shared by the playout, stream and bench tests (real processes, loopback only). */
import { createServer } from 'node:net';

/** A port nobody listens on right now (other helpers run tests at the same time). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}
