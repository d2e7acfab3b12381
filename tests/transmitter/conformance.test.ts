/**
 * One conformance suite every transmitter adapter must pass. Each adapter is driven against a real
 * device stand-in: a local HTTP relay (127.0.0.1, port 0) for http-relay, a real shell command
 * writing to a temp file for command; `none` has nothing to observe beyond its state.
 */
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TransmitterSettings } from '../../src/config/hardware.js';
import { createTransmitter, type TransmitterPort } from '../../src/transmitter/index.js';

interface Harness {
  make(): TransmitterPort;
  /** What the device saw, in order, with times; null when the adapter has no device. */
  seen(): Array<{ what: 'on' | 'off'; at: number }> | null;
  /** An adapter whose device fails; null when the adapter cannot fail. */
  broken(): TransmitterPort | null;
}

// --- http-relay: a real local relay recording on/off times -------------------------------------
let server: Server;
let relayLog: Array<{ what: 'on' | 'off'; at: number; method: string }> = [];
let base = '';
/** Requests to /hang whose client gave up (closed the connection). */
let abandoned = 0;
beforeAll(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/hang') {
      // Never answers: the adapter's timeout must fire and drop the request.
      res.on('close', () => abandoned++);
      return;
    }
    if (url.pathname === '/fail') {
      res.statusCode = 500;
      return res.end('relay fault');
    }
    const turn = url.searchParams.get('turn');
    if (turn === 'on' || turn === 'off') relayLog.push({ what: turn, at: Date.now(), method: req.method ?? '' });
    res.end(JSON.stringify({ ison: turn === 'on' }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const relay = (method: 'GET' | 'POST'): Harness => ({
  make: () => {
    relayLog = [];
    return createTransmitter({ kind: 'http-relay', onUrl: `${base}/relay/0?turn=on`, offUrl: `${base}/relay/0?turn=off`, method, timeoutMs: 500 });
  },
  seen: () => relayLog.map(({ what, at }) => ({ what, at })),
  broken: () => createTransmitter({ kind: 'http-relay', onUrl: `${base}/fail`, offUrl: `${base}/fail`, method, timeoutMs: 500 }),
});

// --- command: a real shell command appending to a temp file ------------------------------------
const dir = mkdtempSync(join(tmpdir(), 'lp-tx-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const keyFile = join(dir, 'gpio.log');
const command: Harness = {
  make: () => {
    rmSync(keyFile, { force: true });
    const key = (v: string) => ['sh', '-c', `echo ${v} $(date +%s%3N) >> "$0"`, keyFile];
    return createTransmitter({ kind: 'command', on: key('on'), off: key('off'), timeoutMs: 2000 });
  },
  seen: () =>
    existsSync(keyFile)
      ? readFileSync(keyFile, 'utf8').trim().split('\n').map((l) => {
          const [what, at] = l.split(' ');
          return { what: what as 'on' | 'off', at: Number(at) };
        })
      : [],
  broken: () => createTransmitter({ kind: 'command', on: ['sh', '-c', 'echo busy >&2; exit 3'], off: ['false'], timeoutMs: 2000 }),
};

const none: Harness = { make: () => createTransmitter({ kind: 'none' }), seen: () => null, broken: () => null };

const adapters: Array<[string, Harness]> = [
  ['none', none],
  ['http-relay GET', relay('GET')],
  ['http-relay POST', relay('POST')],
  ['command', command],
];

describe.each(adapters)('transmitter conformance: %s', (_name, h) => {
  it('starts off, keys on then off, and the device sees both in order', async () => {
    const tx = h.make();
    expect(tx.state()).toEqual({ state: 'off' });
    const t0 = Date.now();
    await tx.on();
    expect(tx.state().state).toBe('on');
    await tx.off();
    expect(tx.state()).toEqual({ state: 'off' });
    const seen = h.seen();
    if (seen) {
      expect(seen.map((s) => s.what)).toEqual(['on', 'off']);
      expect(seen[0].at).toBeGreaterThanOrEqual(t0 - 5);
      expect(seen[1].at).toBeGreaterThanOrEqual(seen[0].at);
    }
  });

  it('a failing device gives LP_ERR_TRANSMITTER_FAILED and state "error" with the reason', async () => {
    const tx = h.broken();
    if (!tx) return expect(h.make().kind).toBe('none'); // `none` has no device that can fail
    await expect(tx.on()).rejects.toMatchObject({ code: 'LP_ERR_TRANSMITTER_FAILED' });
    expect(tx.state().state).toBe('error');
    expect(tx.state().lastError).toMatch(/on:/);
  });
});

describe('http-relay specifics', () => {
  it('uses the configured method', async () => {
    const tx = relay('POST').make();
    await tx.on();
    await tx.off();
    expect(relayLog.map((r) => r.method)).toEqual(['POST', 'POST']);
  });

  it('gives up after its timeout when the relay hangs', async () => {
    const settings: TransmitterSettings = { kind: 'http-relay', onUrl: `${base}/hang`, offUrl: `${base}/hang`, method: 'GET', timeoutMs: 300 };
    const tx = createTransmitter(settings);
    const before = abandoned;
    const err = await tx.on().catch((e) => e);
    expect(err).toMatchObject({ code: 'LP_ERR_TRANSMITTER_FAILED' });
    // It gave up because of its own timeout (the detail says which) and dropped the request.
    expect(err.detail).toMatch(/300 ms/);
    await new Promise((r) => setTimeout(r, 50));
    expect(abandoned).toBe(before + 1);
  });
});

describe('command specifics', () => {
  it('kills a command that overruns its timeout', async () => {
    const pidFile = join(dir, 'overrun.pid');
    const tx = createTransmitter({ kind: 'command', on: ['sh', '-c', 'echo $$ > "$0"; exec sleep 5', pidFile], off: ['true'], timeoutMs: 200 });
    const err = await tx.on().catch((e) => e);
    expect(err).toMatchObject({ code: 'LP_ERR_TRANSMITTER_FAILED' });
    expect(err.detail).toMatch(/quá 200 ms/);
    // The command itself is gone (killed), not left running behind the failure.
    const pid = Number(readFileSync(pidFile, 'utf8'));
    let alive = true;
    for (let i = 0; i < 40 && alive; i++) {
      try {
        alive = !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
      } catch {
        alive = false; // no such process
      }
      if (alive) await new Promise((r) => setTimeout(r, 25));
    }
    expect(alive).toBe(false);
  });

  it('a missing program is a coded failure, not a crash', async () => {
    const tx = createTransmitter({ kind: 'command', on: ['/nonexistent/gpioset'], off: ['true'], timeoutMs: 500 });
    await expect(tx.on()).rejects.toMatchObject({ code: 'LP_ERR_TRANSMITTER_FAILED' });
  });
});

describe('hardware profiles shipped in hardware/', () => {
  it('every example parses and builds its adapter', async () => {
    const { loadHardwareProfile } = await import('../../src/config/hardware.js');
    for (const name of ['none', 'http-relay', 'command']) {
      const p = loadHardwareProfile(join(__dirname, '../../hardware'), name);
      expect(createTransmitter(p.transmitter).kind).toBe(p.transmitter.kind);
    }
  });
});
