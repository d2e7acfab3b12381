/**
 * Issue 11's relay "done when", shortened (the 10-minute run is `npm run bench -- relay`): the real
 * `loaphuong start`, a schedule file relaying a local upstream; a listener of the mount hears the
 * upstream, then the upstream is killed mid-relay and the log keeps a `partial` row with the
 * seconds relayed and why; the mount stays up throughout.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { listen as listenPcm } from '../support/listener.js';
import { pacedUpstream, type Upstream } from '../support/upstream.js';
import { powerAt, tone, until } from '../playout/helpers.js';
import { cli, sandbox, startStation, stopped, vnIso } from './helpers.js';

describe('a schedule file relays a local upstream', () => {
  let station: Awaited<ReturnType<typeof startStation>> | undefined;
  let upstream: Upstream | undefined;
  afterAll(async () => {
    upstream?.kill();
    if (station) await stopped(station.proc, 'SIGINT');
  });

  it('the listener hears it; the upstream killed mid-relay leaves a partial row with the seconds relayed', async () => {
    const sb = await sandbox();
    upstream = await pacedUpstream(await tone(join(sb.dir, 'huyen.mp3'), 880, 60));
    writeFileSync(join(sb.dir, 'loaphuong.config.yaml'), `quietHours: null\nrelay:\n  hosts: ["127.0.0.1:${upstream.port}"]\n`);
    station = await startStation(sb);
    const mount = `http://127.0.0.1:${sb.env.LOAPHUONG_ICECAST_PORT}/loaphuong`;
    const listener = listenPcm(mount);
    try {
      // A whole second at least 12 s away: the scheduler picks it up, the leveller fills before it.
      const slot = Math.ceil((Date.now() + 12_000) / 1000) * 1000;
      writeFileSync(join(sb.dir, 'schedules', 'tiep-am.yaml'),
        `campaign: Tiếp âm đài huyện\npriority: thuong\nitems:\n  - relay: ${upstream.url}\n    duration: 20s\n    title: Thời sự huyện\nslots:\n  - at: ${vnIso(slot)}\n`);
      expect(cli(['schedule', 'check', '--json'], sb).code).toBe(0);

      await until(() => Date.now() > slot + 6000, 30_000, 'six seconds of relay');
      const s = listener.samples();
      const heard = listener.indexAt(slot + 2000);
      expect(powerAt(s, heard, 16_000, 880, listener.sampleRate), station.output()).toBeGreaterThan(1e3);
      upstream.kill();

      type Row = { title: string; status: string; durationSec: number | null; reason: string | null; startedAt: string; endedAt: string };
      let row: Row | undefined;
      await until(() => {
        row = (JSON.parse(cli(['log', '--json'], sb).stdout) as Row[]).find((r) => r.title === 'Thời sự huyện');
        return row !== undefined && row.status !== 'on-air';
      }, 40_000, 'relay row completed');
      expect(row!.status, `${row!.reason}\n${station.output()}`).toBe('partial');
      const relayed = Number(/tiếp âm được (\d+\.\d) s trong 20\.\d s/.exec(row!.reason ?? '')?.[1]);
      expect(relayed).toBeGreaterThan(5);
      expect(relayed).toBeLessThan(14);
      expect(row!.durationSec).toBeCloseTo(relayed, 0);
      // The mount never dropped: the same listener connection still gets the stream after the window.
      const end = Date.parse(row!.endedAt);
      await until(() => Date.now() > end + 2500, 10_000, 'after the window');
      expect(listener.indexAt(end + 2000) - listener.indexAt(end)).toBeGreaterThan(1.5 * listener.sampleRate);
      expect(station.output()).toMatch(/LP_ERR_RELAY_UPSTREAM/);
    } finally {
      await listener.stop();
    }
  }, 120_000);
});
