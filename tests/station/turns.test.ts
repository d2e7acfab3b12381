/**
 * Requests take turns with the air (station/turns.ts), on a real fastify app over loopback: a burst
 * of requests read in one poll phase must let a timer-driven clock (as the playout clock is) tick
 * between every few of them. Counted in handlers run between two ticks, never in milliseconds.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createTurnGate } from '../../src/station/turns.js';

const BURST = 200;
const PER_TURN = 8;
let app: FastifyInstance | null = null;
afterEach(async () => {
  await app?.close();
  app = null;
});

/** The most handlers that ran between two ticks of a clock re-armed with setTimeout(0), over one burst. */
async function burst(gated: boolean): Promise<{ most: number; answered: number }> {
  app = Fastify();
  if (gated) {
    const turns = createTurnGate(PER_TURN);
    app.addHook('onRequest', async () => turns.admit());
  }
  let sinceTick = 0;
  let most = 0;
  app.get('/', async () => {
    // A little synchronous work per request, as rendering a status is (a fixed amount, not a time).
    const status = JSON.stringify(Array.from({ length: 500 }, (_, i) => ({ i, title: 'Bản tin', state: 'aired' })));
    most = Math.max(most, ++sinceTick);
    return status.length > 0 ? 'ok' : 'empty';
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  // Every connection made first, then every request written at once: the server reads them in one poll.
  const sockets: Socket[] = await Promise.all(Array.from({ length: BURST }, () => new Promise<Socket>((res) => {
    const s = connect(port, '127.0.0.1', () => res(s));
  })));
  await new Promise((r) => setTimeout(r, 50));
  let running = true;
  const tick = () => {
    sinceTick = 0;
    if (running) setTimeout(tick, 0);
  };
  tick();
  const answers = sockets.map((s) => new Promise<boolean>((res) => {
    let got = '';
    s.on('data', (d) => {
      got += d.toString();
      if (got.includes('\r\n\r\nok')) (s.destroy(), res(true));
    });
    s.on('close', () => res(got.includes('ok')));
  }));
  for (const s of sockets) s.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
  const answered = (await Promise.all(answers)).filter(Boolean).length;
  running = false;
  return { most, answered };
}

describe('createTurnGate', () => {
  it('a burst read in one poll phase runs back to back without it: the clock waits for all of it', async () => {
    const r = await burst(false);
    expect(r.answered).toBe(BURST);
    expect(r.most, JSON.stringify(r)).toBeGreaterThan(2 * PER_TURN);
  });

  it('with it, the clock ticks between every few requests, and every request is answered', async () => {
    const r = await burst(true);
    expect(r.answered).toBe(BURST);
    // At most one batch read in the poll phase and one released from a timer between two ticks.
    expect(r.most, JSON.stringify(r)).toBeLessThanOrEqual(2 * PER_TURN);
  });

  it('an idle gate lets a request through at once', () => {
    const gate = createTurnGate(2);
    expect(gate.admit()).toBeUndefined();
    expect(gate.admit()).toBeUndefined();
    expect(gate.admit()).toBeInstanceOf(Promise);
    expect(gate.waiting()).toBe(1);
  });
});
