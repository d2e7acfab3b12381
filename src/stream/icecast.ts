/**
 * Icecast: the embedded server (generated icecast.xml + a supervised `icecast2` child) or an
 * external one from the config URL, behind one {@link IcecastServer} shape so playout never knows
 * which it has. Also the metadata side: setting a mount's title through the admin API and reading
 * it back from the stream (icecast-parser) as a listener would see it.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { StreamReader } from 'icecast-parser/dist/StreamReader.js';
import { LpError } from '../errors.js';
import { writeFileAtomic } from '../files.js';
import { backoff } from './backoff.js';

export type StreamState = 'up' | 'connecting' | 'down';

export interface IcecastServer {
  readonly host: string;
  readonly port: number;
  /**
   * The source credentials, for a connection that sends them in its request (the station's own
   * channels): never to be put on a command line.
   */
  sourceCredentials(): { readonly user: string; readonly password: string };
  /**
   * `icecast://source:PASS@host:port/mount`, for an outside encoder that takes a URL (a peer in the
   * bench). The station's channels do not use it: a URL ends up on a command line.
   */
  sourceUrl(mount: string): string;
  /** Where a listener (or receiver) plays a mount. */
  listenUrl(mount: string): string;
  state(): StreamState;
  /** Sets the mount's stream title (Icecast admin `updinfo`). */
  setTitle(mount: string, title: string): Promise<void>;
  /**
   * Listens to the mount until its in-stream title (ICY metadata) equals `expected`; true when it
   * did within `timeoutMs`. The burst a new listener gets carries older titles first, so this
   * keeps reading rather than trusting the first block.
   */
  readBack(mount: string, expected: string, timeoutMs?: number): Promise<boolean>;
  /** Whether a source is connected on the mount (Icecast's status-json). */
  mountUp(mount: string): Promise<boolean>;
  /**
   * Drops whatever source holds the mount (Icecast admin `killsource`), so that ours can take it
   * back; false when the server refused.
   */
  killSource(mount: string): Promise<boolean>;
  stop(): Promise<void>;
}

interface Credentials {
  readonly source: string;
  readonly admin: string;
  readonly relay: string;
}

export interface EmbeddedIcecastOptions {
  /** The station's data dir; icecast.xml, secrets and logs go to `<dataDir>/icecast/`. */
  readonly dataDir: string;
  /** Loopback port. @default 8000 */
  readonly port?: number;
  /** @default 'icecast2' */
  readonly binary?: string;
  /** Mounts (channels + anything else) the server must accept at once. @default 16 */
  readonly maxSources?: number;
  /** Log lines (restarts, failures); the station passes its logger. @default console.error */
  readonly log?: (line: string) => void;
}

/** `<dataDir>/icecast/secrets.json`: generated once, 0600, never Debian's "hackme". */
export function loadOrCreateSecrets(dir: string): Credentials {
  const file = join(dir, 'secrets.json');
  if (existsSync(file)) {
    try {
      const s = JSON.parse(readFileSync(file, 'utf8')) as Partial<Record<keyof Credentials, unknown>>;
      if (typeof s.source === 'string' && s.source && typeof s.admin === 'string' && s.admin && typeof s.relay === 'string' && s.relay) {
        return { source: s.source, admin: s.admin, relay: s.relay };
      }
    } catch {
      // Unreadable or damaged: new ones are generated below (icecast.xml is rewritten from them at every start).
    }
  }
  const gen = () => randomBytes(18).toString('base64url');
  const creds: Credentials = { source: gen(), admin: gen(), relay: gen() };
  // Written aside then renamed, so a crash mid-write never leaves a torn file behind.
  writeFileAtomic(file, JSON.stringify(creds, null, 2) + '\n', { mode: 0o600 });
  return creds;
}

const xmlEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A mount this server pulls from another Icecast (Icecast's own `<relay>`), e.g. a city edge carrying a ward's mount. */
export interface IcecastRelay {
  readonly server: string;
  readonly port: number;
  /** The mount on the other server. */
  readonly mount: string;
  /** The mount listeners use here. */
  readonly localMount: string;
}

export interface IcecastXmlOptions {
  readonly port: number;
  readonly creds: Credentials;
  /** @default '127.0.0.1' (the station's own server is never reachable from outside) */
  readonly bindAddress?: string;
  /** Name the server gives in its listen URLs. @default '127.0.0.1' */
  readonly hostname?: string;
  /** Listeners at once. @default 200 */
  readonly clients?: number;
  /** Mounts pulled from other servers. @default none */
  readonly relays?: readonly IcecastRelay[];
  /** Directory of access.log and error.log; null → both to stderr (which the supervisor keeps). */
  readonly logDir: string | null;
  readonly maxSources: number;
  /** Running as root: icecast2 refuses unless it is told to drop to its own user. */
  readonly asRoot: boolean;
}

/** The generated config (pure, so tests read it): loopback only unless told otherwise, generated passwords. */
export function icecastXml(o: IcecastXmlOptions): string {
  const security = o.asRoot
    ? '  <security><chroot>0</chroot><changeowner><user>icecast2</user><group>icecast</group></changeowner></security>\n'
    : '';
  return `<icecast>
  <!-- Generated by loaphuong; edits are overwritten at start. -->
  <location>loaphuong</location>
  <admin>root@localhost</admin>
  <hostname>${xmlEscape(o.hostname ?? '127.0.0.1')}</hostname>
  <limits>
    <clients>${o.clients ?? 200}</clients>
    <sources>${o.maxSources}</sources>
    <queue-size>524288</queue-size>
    <client-timeout>30</client-timeout>
    <header-timeout>15</header-timeout>
    <source-timeout>10</source-timeout>
    <burst-on-connect>1</burst-on-connect>
    <burst-size>65535</burst-size>
  </limits>
  <authentication>
    <source-password>${xmlEscape(o.creds.source)}</source-password>
    <relay-password>${xmlEscape(o.creds.relay)}</relay-password>
    <admin-user>admin</admin-user>
    <admin-password>${xmlEscape(o.creds.admin)}</admin-password>
  </authentication>
  <listen-socket>
    <port>${o.port}</port>
    <bind-address>${xmlEscape(o.bindAddress ?? '127.0.0.1')}</bind-address>
  </listen-socket>
${(o.relays ?? []).map((r) => `  <relay>
    <server>${xmlEscape(r.server)}</server>
    <port>${r.port}</port>
    <mount>${xmlEscape(r.mount)}</mount>
    <local-mount>${xmlEscape(r.localMount)}</local-mount>
    <on-demand>0</on-demand>
    <relay-shoutcast-metadata>1</relay-shoutcast-metadata>
  </relay>
`).join('')}
  <!-- Titles are Vietnamese: keep ICY metadata in UTF-8 (the default, Latin-1, turns "ả" into "&#7843;"). -->
  <mount type="default">
    <charset>UTF-8</charset>
  </mount>
  <fileserve>1</fileserve>
  <paths>
    <basedir>/usr/share/icecast2</basedir>
    <logdir>${xmlEscape(o.logDir ?? '/tmp')}</logdir>
    <webroot>/usr/share/icecast2/web</webroot>
    <adminroot>/usr/share/icecast2/admin</adminroot>
  </paths>
  <logging>
    <accesslog>${o.logDir ? 'access.log' : '-'}</accesslog>
    <errorlog>${o.logDir ? 'error.log' : '-'}</errorlog>
    <loglevel>2</loglevel>
    <logsize>10000</logsize>
  </logging>
${security}</icecast>
`;
}

/** Whether something already listens on 127.0.0.1:port. */
export function portInUse(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once('error', (e: NodeJS.ErrnoException) => resolve(e.code === 'EADDRINUSE' || e.code === 'EACCES'));
    srv.listen(port, host, () => srv.close(() => resolve(false)));
  });
}

const MAX_BODY_CHARS = 4 * 1024 * 1024;

function httpGet(url: string, opts: { auth?: string; timeoutMs: number }): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'GET', auth: opts.auth, timeout: opts.timeoutMs }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      // Bounded, but never cut short of a real status-json (a few KB per mount): a cut JSON would read as "mount down".
      res.on('data', (d: string) => {
        if (body.length < MAX_BODY_CHARS) body += d;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('timeout', () => req.destroy(new Error(`${url}: hết thời gian chờ`)));
    req.on('error', reject);
    req.end();
  });
}

/** A server left at Latin-1 (an external one) sends other characters as HTML entities. */
function icyText(s: string): string {
  return s
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** What embedded and external servers share: metadata set and read-back, mount status. */
function metadataOps(host: string, port: number, auth: () => string) {
  const listenUrl = (mount: string) => `http://${host}:${port}${mount}`;
  return {
    listenUrl,
    async setTitle(mount: string, title: string): Promise<void> {
      const q = new URLSearchParams({ mount, mode: 'updinfo', song: title, charset: 'UTF-8' });
      const res = await httpGet(`http://${host}:${port}/admin/metadata?${q}`, { auth: auth(), timeoutMs: 3000 }).catch((e: Error) => {
        throw new LpError('LP_ERR_STREAM_DOWN', `metadata ${mount}: ${e.message}`);
      });
      if (res.status !== 200) throw new LpError('LP_ERR_STREAM_DOWN', `metadata ${mount}: HTTP ${res.status}`);
    },
    async killSource(mount: string): Promise<boolean> {
      const q = new URLSearchParams({ mount });
      const res = await httpGet(`http://${host}:${port}/admin/killsource?${q}`, { auth: auth(), timeoutMs: 3000 }).catch(() => null);
      return res?.status === 200;
    },
    async mountUp(mount: string): Promise<boolean> {
      const res = await httpGet(`http://${host}:${port}/status-json.xsl`, { timeoutMs: 1000 }).catch(() => null);
      if (!res || res.status !== 200) return false;
      try {
        const src = (JSON.parse(res.body) as { icestats?: { source?: unknown } }).icestats?.source;
        const list = (Array.isArray(src) ? src : src ? [src] : []) as Array<{ listenurl?: string }>;
        return list.some((s) => typeof s.listenurl === 'string' && new URL(s.listenurl).pathname === mount);
      } catch {
        return false;
      }
    },
    readBack(mount: string, expected: string, timeoutMs = 15_000): Promise<boolean> {
      return new Promise((resolve) => {
        let done = false;
        const finish = (ok: boolean) => {
          if (done) return;
          done = true;
          clearTimeout(timer);
          req.destroy();
          resolve(ok);
        };
        const timer = setTimeout(() => finish(false), timeoutMs);
        const req = request(listenUrl(mount), { headers: { 'Icy-MetaData': '1', 'User-Agent': 'loaphuong-readback' } }, (res) => {
          const metaint = Number(res.headers['icy-metaint']);
          if (res.statusCode !== 200 || !metaint) return finish(false);
          const reader = new StreamReader(metaint);
          reader.on('metadata', (m: Map<string, string>) => {
            if (icyText(m.get('StreamTitle') ?? '') === expected) finish(true);
          });
          reader.on('error', () => finish(false));
          res.pipe(reader).resume();
          res.on('error', () => finish(false));
        });
        req.on('error', () => finish(false));
        req.end();
      });
    },
  };
}

/** An Icecast run elsewhere: `http://source:PASS@host:port` (a path in the URL is ignored). */
export function externalIcecast(url: string): IcecastServer {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new LpError('LP_ERR_CONFIG_INVALID', `LOAPHUONG_ICECAST_URL: ${url}`);
  }
  if (!u.password) throw new LpError('LP_ERR_CONFIG_INVALID', 'LOAPHUONG_ICECAST_URL: thiếu mật khẩu nguồn (http://source:MẬT-KHẨU@máy:cổng)');
  const host = u.hostname;
  const port = Number(u.port || 8000);
  const user = decodeURIComponent(u.username || 'source');
  const pass = decodeURIComponent(u.password);
  // Icecast accepts a mount's source credentials for its own metadata updates.
  const ops = metadataOps(host, port, () => `${user}:${pass}`);
  let state: StreamState = 'connecting';
  return {
    host,
    port,
    sourceCredentials: () => ({ user, password: pass }),
    sourceUrl: (mount) => `icecast://${encodeURIComponent(user)}:${encodeURIComponent(pass)}@${host}:${port}${mount}`,
    listenUrl: ops.listenUrl,
    state: () => state,
    setTitle: async (mount, title) => {
      try {
        await ops.setTitle(mount, title);
        state = 'up';
      } catch (e) {
        state = 'down';
        throw e;
      }
    },
    readBack: ops.readBack,
    mountUp: ops.mountUp,
    // Icecast 2.4 lets a mount's source credentials drop the source on it, as the admin can.
    killSource: ops.killSource,
    // The server is someone else's: stopping only lets go of it.
    stop: async () => {
      state = 'down';
    },
  };
}

/**
 * An icecast2 left running by a station that was killed (kill -9 gives no chance to stop it) would
 * hold the port: if the pid file names a live icecast2 started on this very config, end it.
 */
async function killStale(pidFile: string, configFile: string): Promise<void> {
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').trim());
  let cmdline = '';
  try {
    cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return; // not running any more
  }
  if (!pid || !cmdline.includes('icecast') || !cmdline.split('\0').includes(configFile)) return;
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    return; // gone meanwhile, or not ours to end: the port check that follows reports what is left
  }
  for (let i = 0; i < 40 && existsSync(`/proc/${pid}`); i++) await new Promise((r) => setTimeout(r, 50));
}

const children = new Set<ChildProcess>();
// No orphans: if the station exits for any reason, the icecast2 children go with it.
process.on('exit', () => {
  for (const c of children) c.kill('SIGKILL');
});

/**
 * Generates the config, starts `icecast2 -c FILE` in the foreground (never `-b`, so it stays our
 * child), waits until it answers HTTP, and restarts it with backoff if it dies.
 */
export async function startEmbeddedIcecast(opts: EmbeddedIcecastOptions): Promise<IcecastServer> {
  const port = opts.port ?? 8000;
  const binary = opts.binary ?? 'icecast2';
  const log = opts.log ?? ((l: string) => process.stderr.write(l + '\n'));
  const probe = spawnSync(binary, ['-v'], { encoding: 'utf8' });
  if (probe.error) throw new LpError('LP_ERR_ICECAST_MISSING', `${binary}: ${(probe.error as NodeJS.ErrnoException).code ?? probe.error.message}`);
  const dir = join(opts.dataDir, 'icecast');
  const configFile = join(dir, 'icecast.xml');
  const pidFile = join(dir, 'icecast.pid');
  await killStale(pidFile, configFile);
  if (await portInUse(port)) throw new LpError('LP_ERR_PORT_IN_USE', `Icecast 127.0.0.1:${port}`);

  const logDir = join(dir, 'log');
  try {
    mkdirSync(logDir, { recursive: true });
  } catch (e) {
    throw new LpError('LP_ERR_DATA_DIR', `${dir}: ${(e as Error).message}`);
  }
  const asRoot = process.getuid?.() === 0;
  let logTo: string | null = logDir;
  if (asRoot) {
    // icecast2 drops to its own user before opening its logs: hand it the log dir. If a parent
    // directory is closed to that user (a 0700 data dir), it logs to stderr, which we keep.
    const uid = Number(spawnSync('id', ['-u', 'icecast2'], { encoding: 'utf8' }).stdout.trim());
    const gid = Number(spawnSync('getent', ['group', 'icecast'], { encoding: 'utf8' }).stdout.split(':')[2]);
    if (!Number.isFinite(uid) || !Number.isFinite(gid)) throw new LpError('LP_ERR_ICECAST_START_FAILED', 'thiếu người dùng icecast2 / nhóm icecast (cài lại gói icecast2)');
    chownSync(logDir, uid, gid);
    chmodSync(logDir, 0o750);
    const writable = spawnSync('setpriv', [`--reuid=${uid}`, `--regid=${gid}`, '--clear-groups', 'test', '-w', logDir]).status === 0;
    if (!writable) logTo = null;
  }
  const creds = loadOrCreateSecrets(dir);
  // It holds the passwords: 0600 whatever an older file was (the rename replaces it whole).
  writeFileAtomic(configFile, icecastXml({ port, creds, logDir: logTo, maxSources: opts.maxSources ?? 16, asRoot }), { mode: 0o600 });

  const host = '127.0.0.1';
  const ops = metadataOps(host, port, () => `admin:${creds.admin}`);
  let state: StreamState = 'connecting';
  let child: ChildProcess | null = null;
  let stopping = false;
  const retry = backoff(10_000);
  let startedAt = 0;
  let restartTimer: NodeJS.Timeout | null = null;
  let lastStderr = '';

  const answers = async (): Promise<boolean> =>
    httpGet(`http://${host}:${port}/status-json.xsl`, { timeoutMs: 500 }).then((r) => r.status === 200, () => false);

  const spawnOnce = async (): Promise<void> => {
    lastStderr = '';
    const c = spawn(binary, ['-c', configFile], { stdio: ['ignore', 'pipe', 'pipe'] });
    if (c.pid) writeFileSync(pidFile, `${c.pid}\n`);
    c.stdout?.on('data', (d: Buffer) => (lastStderr = (lastStderr + d.toString()).slice(-2000)));
    child = c;
    children.add(c);
    // icecast2 prints its FATAL lines (and, when logging to stderr, its log) here: keep the tail.
    c.stderr?.on('data', (d: Buffer) => (lastStderr = (lastStderr + d.toString()).slice(-2000)));
    let exited = false;
    c.on('exit', (code, signal) => {
      exited = true;
      children.delete(c);
      if (child === c) child = null;
      if (stopping) return;
      state = 'down';
      const delay = retry.failed(Date.now(), startedAt);
      log(`LP_ERR_STREAM_DOWN : icecast2 dừng (${code ?? signal}) ${lastStderr.trim().split('\n').pop() ?? ''}; khởi động lại sau ${delay} ms`);
      restartTimer = setTimeout(() => {
        restartTimer = null;
        spawnOnce().catch((e) => log(`icecast2: ${(e as Error).message}`));
      }, delay);
    });
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline && !exited) {
      if (await answers()) {
        state = 'up';
        startedAt = Date.now();
        return;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    if (!exited) c.kill('SIGKILL');
    throw new LpError('LP_ERR_ICECAST_START_FAILED', `${configFile}: ${lastStderr.trim().split('\n').slice(-2).join(' | ') || 'không trả lời HTTP sau 10 s'}`);
  };

  const stop = async (): Promise<void> => {
    stopping = true;
    if (restartTimer) clearTimeout(restartTimer);
    const c = child;
    state = 'down';
    if (!c || c.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      const t = setTimeout(() => c.kill('SIGKILL'), 2000);
      c.once('exit', () => {
        clearTimeout(t);
        resolve();
      });
      c.kill('SIGTERM');
    });
  };

  try {
    await spawnOnce();
  } catch (e) {
    await stop();
    throw e;
  }
  return {
    host,
    port,
    sourceCredentials: () => ({ user: 'source', password: creds.source }),
    sourceUrl: (mount) => `icecast://source:${encodeURIComponent(creds.source)}@${host}:${port}${mount}`,
    listenUrl: ops.listenUrl,
    state: () => state,
    setTitle: ops.setTitle,
    readBack: ops.readBack,
    mountUp: ops.mountUp,
    killSource: ops.killSource,
    stop,
  };
}
