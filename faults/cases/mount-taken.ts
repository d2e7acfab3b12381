/**
 * The mount cannot be taken silently (issue 14, item 4). First, as an unprivileged local user
 * would look: is the Icecast source password on any command line, or in a file of the data dir
 * others may read? Then, mid-airing, the station's source is dropped (its encoder killed -9, or —
 * when the station has no encoder process — Icecast's admin `killsource`) and a foreign source
 * holding the password keeps trying to take /loaphuong with a tone for 20 s. The station must take
 * its mount back (the foreign source on air at most 5 s in all), raise an alarm in /api/status
 * (the home page shows the same list) that is still there, coded and dated, after the reclaim, and
 * note it on the airing.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { dirname, join } from 'node:path';
import { sec } from '../harness/air.js';
import { describe } from '../harness/airing.js';
import { check, skipped, sleep, verdict, type FaultCase } from '../harness/case.js';
import { encoderOf } from '../harness/find.js';
import { foreignSource, type ForeignSource } from '../harness/foreign-source.js';
import { processes, runBounded } from '../harness/proc.js';
import { faultMidAiring } from '../harness/outage.js';

const FOREIGN = 'fremd-faults';
const ATTACK_MS = 20_000;

/** Whether a user other than the owner may read `path`: every directory above it searchable by others, the file readable. */
function othersMayRead(path: string): boolean {
  try {
    if (!(statSync(path).mode & 0o004)) return false;
    for (let d = dirname(path); d !== '/'; d = dirname(d)) if (!(statSync(d).mode & 0o001)) return false;
    return true;
  } catch {
    return false;
  }
}

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...filesUnder(p));
    else if (e.isFile()) out.push(p);
  }
  return out;
}

/** /proc mounted with hidepid hides other users' command lines; by default anyone may read them. */
const procHidden = () => /\sproc\s[^\n]*hidepid=(1|2|invisible|noaccess)/.test(readFileSync('/proc/mounts', 'utf8'));

/** Who holds a mount, by the stream name its source sent (Icecast's status-json). */
function holder(port: number, mount: string): Promise<string | null> {
  return new Promise((resolve) => {
    const req = request(`http://127.0.0.1:${port}/status-json.xsl`, { timeout: 1000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => {
        try {
          const src = JSON.parse(body).icestats?.source;
          const list = (Array.isArray(src) ? src : src ? [src] : []) as Array<{ listenurl?: string; server_name?: string }>;
          const s = list.find((x) => x.listenurl && new URL(x.listenurl).pathname === mount);
          resolve(s ? (s.server_name ?? '?') : null);
        } catch {
          resolve(null);
        }
      });
    });
    req.on('error', () => resolve(null));
    req.on('timeout', () => req.destroy());
    req.end();
  });
}

function killSource(port: number, admin: string, mount: string): Promise<number> {
  return new Promise((resolve) => {
    const req = request(`http://127.0.0.1:${port}/admin/killsource?mount=${encodeURIComponent(mount)}`, { auth: `admin:${admin}`, timeout: 3000 }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', () => resolve(0));
    req.end();
  });
}

const c: FaultCase = {
  names: ['mount-taken'],
  timeoutMs: 240_000,
  async run(ctx) {
    const st = await ctx.own();
    const secretsFile = join(st.sb.dataDir, 'icecast', 'secrets.json');
    if (!existsSync(secretsFile)) return [skipped('mount-taken', `no ${secretsFile}: not the embedded Icecast`)];
    const secrets = JSON.parse(readFileSync(secretsFile, 'utf8')) as { source: string; admin: string };
    const port = st.sb.icecastPort;
    const mount = '/loaphuong';

    const onCmdlines = procHidden() ? [] : processes().filter((p) => p.cmdline.includes(secrets.source) || p.cmdline.includes(encodeURIComponent(secrets.source)));
    const readable = filesUnder(st.sb.dataDir).filter((f) => othersMayRead(f) && readFileSync(f, 'utf8').includes(secrets.source));

    const tone = join(st.sb.dir, 'tone.mp3');
    const made = await runBounded('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'sine=frequency=880:duration=10:sample_rate=44100', '-ac', '1', '-c:a', 'libmp3lame', '-b:a', '64k', tone], { timeoutMs: 30_000 });
    if (made.code !== 0) throw new Error(`tone: ${made.stderr.trim()}`);
    let attacker: ForeignSource | null = null;
    ctx.defer(() => attacker?.stop());
    let foreignMs = 0;
    let alarm: string | null = null;
    let statusUpWhileForeign = false;
    const o = await faultMidAiring(st, 'Bản tin khi bị chiếm mount', 45, async () => {
      const a = foreignSource({ port, mount, password: secrets.source, name: FOREIGN, mp3: readFileSync(tone) });
      attacker = a;
      await sleep(200); // its first socket connected ahead
      const enc = encoderOf(st);
      let how: string;
      if (enc) {
        process.kill(enc.pid, 'SIGKILL');
        how = 'encoder killed -9';
      } else how = `source dropped by Icecast killsource (HTTP ${await killSource(port, secrets.admin, mount)})`;
      a.go();
      const end = Date.now() + ATTACK_MS;
      let last = Date.now();
      let n = 0;
      while (Date.now() < end) {
        const who = await holder(port, mount);
        const t = Date.now();
        if (who === FOREIGN) {
          foreignMs += t - last;
          if (n++ % 4 === 0) {
            const s = await st.status(2000);
            const warnings = JSON.stringify(s?.warnings ?? []);
            if (/MOUNT|chiếm|nguồn lạ/i.test(warnings)) alarm ??= /LP_ERR_[A-Z_]+/.exec(warnings)?.[0] ?? 'warning';
            if (s?.channels?.[0]?.stream === 'up' && !alarm) statusUpWhileForeign = true;
          }
        }
        last = t;
        await sleep(250);
      }
      a.stop();
      return `${how}; foreign tries refused ${a.refused()}×`;
    });
    // An officer who was not looking must still see it once the mount is ours again: coded, with when.
    const after = JSON.stringify((await st.status(3000))?.warnings ?? []);
    const kept = /LP_ERR_MOUNT_TAKEN/.test(after) && /\d{4}-\d\d-\d\dT\d\d:\d\d/.test(after);
    // The airing must say its mount was taken, not only that air was lost.
    const noted = o.mine.some((r) => /chiếm|nguồn lạ|mount|MOUNT_TAKEN/i.test(`${r.reason ?? ''} ${r.transmitterNote ?? ''}`));
    return [verdict('mount-taken', [
      check(onCmdlines.length === 0, `source password on ${onCmdlines.length} command line(s)${onCmdlines.length ? ` (${onCmdlines.map((p) => p.cmdline.split(' ')[0]).join(', ')})` : ''}`),
      check(readable.length === 0, `${readable.length} file(s) in the data dir others may read hold it`),
      check(foreignMs <= 5000, `foreign source on our mount ${sec(foreignMs)} of ${sec(ATTACK_MS)} (${o.did})`),
      // Seen while the foreign source held the mount (a reclaim within a second may beat the first look), and kept after.
      check(kept || foreignMs === 0,
        `${alarm ? `alarm raised (${alarm})` : `no alarm seen while foreign${statusUpWhileForeign ? ', stream said "up"' : ''}`}; ${kept ? 'kept after the reclaim (LP_ERR_MOUNT_TAKEN, dated)' : 'no alarm left in /api/status after the reclaim'}`),
      check(noted || foreignMs === 0, `${noted ? 'takeover noted on the airing' : 'takeover not noted on the airing'}: ${o.mine.map(describe).join(', ') || 'no row'}`),
    ])];
  },
};
export default c;
