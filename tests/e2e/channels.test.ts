/**
 * A ward with two loudspeaker clusters (two channels, two mounts) on an Icecast server it does not
 * run itself (LOAPHUONG_ICECAST_URL): a bulletin aimed at one cluster is heard there and nowhere else.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadOrCreateSecrets, startEmbeddedIcecast, type IcecastServer } from '../../src/stream/index.js';
import { freeLoopbackPort } from '../support/listener.js';
import { cli, listen, processRunning, sandbox, startStation, stopped } from './helpers.js';

describe('two channels on an external Icecast', () => {
  let external: IcecastServer | undefined;
  let station: Awaited<ReturnType<typeof startStation>> | undefined;
  afterAll(async () => {
    if (station) await stopped(station.proc, 'SIGINT');
    await external?.stop();
  });

  it('air-now --channel reaches only that cluster; the station starts no Icecast of its own', async () => {
    const extDir = mkdtempSync(join(tmpdir(), 'lp-ext-icecast-'));
    const port = await freeLoopbackPort();
    external = await startEmbeddedIcecast({ dataDir: extDir, port, log: () => undefined });
    const { source } = loadOrCreateSecrets(join(extDir, 'icecast'));

    const sb = await sandbox();
    writeFileSync(join(sb.dir, 'loaphuong.config.yaml'), [
      'quietHours: null',
      'channels:',
      '  - { id: toan-phuong, name: Toàn phường, mount: /toan-phuong, hardware: none }',
      '  - { id: tdp3, name: Tổ dân phố 3, mount: /tdp3, hardware: none }',
      '',
    ].join('\n'));
    writeFileSync(join(sb.dir, 'hop.txt'), 'Mời bà con tổ dân phố số ba đến nhà văn hóa họp lúc bảy giờ tối nay.');
    const env = { ...sb.env, LOAPHUONG_ICECAST_URL: `http://source:${source}@127.0.0.1:${port}` };
    station = await startStation({ ...sb, env });
    expect(processRunning(join(sb.env.LOAPHUONG_DATA_DIR, 'icecast'))).toBe(false);

    const whole = listen(`http://127.0.0.1:${port}/toan-phuong`, 18);
    const tdp3 = listen(`http://127.0.0.1:${port}/tdp3`, 18);
    await new Promise((r) => setTimeout(r, 1500));
    const sent = cli(['air-now', 'hop.txt', '--channel', 'tdp3', '--title', 'Họp tổ 3'], { ...sb, env });
    expect(sent.code, sent.stderr).toBe(0);

    const [wholeRms, tdp3Rms] = await Promise.all([whole, tdp3]);
    expect(tdp3Rms.filter((v) => v > 0.02).length, station.output()).toBeGreaterThan(30);
    expect(wholeRms.length).toBeGreaterThan(100);
    expect(wholeRms.every((v) => v < 0.02)).toBe(true);

    const rows = JSON.parse(cli(['log', '--json'], { ...sb, env }).stdout) as Array<{ title: string; channelId: string }>;
    expect(rows.filter((r) => r.title === 'Họp tổ 3').map((r) => r.channelId)).toEqual(['tdp3']);
  }, 120_000);
});
