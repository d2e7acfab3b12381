/**
 * Icecast down when the station starts (an external server that boots later than the station,
 * as after a power cut). The station must start anyway and say the stream is not up, accept or
 * refuse with a code an air-now meanwhile, and be on the mount within 20 s of Icecast appearing —
 * the air-now then airing once (or logged).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sec } from '../harness/air.js';
import { airedTwice, airNow, codeIn, describe, settled, titled } from '../harness/airing.js';
import { check, until, verdict, type FaultCase } from '../harness/case.js';
import { killGroup, spawnTracked } from '../harness/proc.js';
import { freePort } from '../harness/station.js';

/** A plain icecast2 of our own on loopback: one source password, logs to stderr. */
function icecastConfig(port: number, password: string): string {
  const root = process.getuid?.() === 0
    ? '<security><chroot>0</chroot><changeowner><user>icecast2</user><group>icecast</group></changeowner></security>' : '';
  return `<icecast><location>faults</location><admin>root@localhost</admin><hostname>127.0.0.1</hostname>
<limits><clients>50</clients><sources>4</sources><source-timeout>10</source-timeout><burst-size>65535</burst-size></limits>
<authentication><source-password>${password}</source-password><admin-user>admin</admin-user><admin-password>${password}a</admin-password><relay-password>${password}r</relay-password></authentication>
<listen-socket><port>${port}</port><bind-address>127.0.0.1</bind-address></listen-socket>
<paths><basedir>/usr/share/icecast2</basedir><logdir>/tmp</logdir><webroot>/usr/share/icecast2/web</webroot><adminroot>/usr/share/icecast2/admin</adminroot></paths>
<logging><accesslog>-</accesslog><errorlog>-</errorlog><loglevel>1</loglevel></logging>${root}</icecast>\n`;
}

const answers = (url: string) => new Promise<boolean>((resolve) => {
  const req = get(url, (res) => {
    res.destroy();
    resolve(res.statusCode === 200);
  });
  req.on('error', () => resolve(false));
  req.setTimeout(1000, () => req.destroy());
});

const c: FaultCase = {
  names: ['icecast-down-at-start'],
  timeoutMs: 240_000,
  async run(ctx) {
    const port = await freePort();
    const password = randomBytes(12).toString('hex');
    const st = await ctx.own({ env: { LOAPHUONG_ICECAST_URL: `http://source:${password}@127.0.0.1:${port}` } });
    const s = await st.status();
    const said = s?.channels?.[0]?.stream ?? 'no status';
    const meanwhile = await airNow(st, { title: 'Bản tin khi chưa có Icecast', seconds: 5 });

    const dir = mkdtempSync(join(tmpdir(), 'lp-faults-ice-'));
    ctx.defer(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(join(dir, 'icecast.xml'), icecastConfig(port, password));
    const ice = spawnTracked('icecast2', ['-c', join(dir, 'icecast.xml')], { stdio: 'ignore' });
    ctx.defer(() => ice.pid && killGroup(ice.pid));
    const iceUp = await until(() => answers(`http://127.0.0.1:${port}/status-json.xsl`), 20_000);
    if (!iceUp) throw new Error('our own icecast2 did not come up');
    const t0 = Date.now();
    const live = await until(() => answers(`http://127.0.0.1:${port}/loaphuong`), 30_000);
    const liveAfter = Date.now() - t0;
    const rows = meanwhile.ran.code === 0 ? await settled(st, meanwhile.title, 90_000) : ((await st.rows()) ?? []);
    const mine = titled(rows, meanwhile.title);
    return [verdict('icecast-down-at-start', [
      check(said !== 'up', `status said stream "${said}" with no Icecast`),
      check(!!live && liveAfter <= 20_000, live ? `on the mount ${sec(liveAfter)} after Icecast appeared` : 'never on the mount'),
      check(meanwhile.ran.code === 0 ? mine.length === 1 && mine[0].status !== 'on-air' : codeIn(meanwhile.ran.stderr) !== null,
        `air-now while down: ${meanwhile.ran.code === 0 ? `accepted, ${mine.map(describe).join(', ') || 'no row'}` : `refused ${codeIn(meanwhile.ran.stderr) ?? 'without a code'}`}`),
      check(airedTwice(rows).length === 0, `aired twice: ${airedTwice(rows).length}`),
    ])];
  },
};
export default c;
