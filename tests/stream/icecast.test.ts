/** Embedded icecast2 for real on a free loopback port with a temp data dir. */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { externalIcecast, icecastXml, loadOrCreateSecrets, startEmbeddedIcecast, type IcecastServer } from '../../src/stream/index.js';
import { freePort } from '../playout/helpers.js';

const dirs: string[] = [];
const servers: IcecastServer[] = [];
afterAll(async () => {
  for (const s of servers) await s.stop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'lp-ice-'));
  dirs.push(d);
  return d;
};

describe('icecast.xml generation', () => {
  const creds = { source: 's3cr3t&<x>', admin: 'adm', relay: 'rel' };
  it('binds loopback, escapes generated passwords, never hackme', () => {
    const xml = icecastXml({ port: 8123, creds, logDir: '/d/log', maxSources: 4, asRoot: false });
    expect(xml).toContain('<bind-address>127.0.0.1</bind-address>');
    expect(xml).toContain('<port>8123</port>');
    expect(xml).toContain('<source-password>s3cr3t&amp;&lt;x&gt;</source-password>');
    expect(xml).not.toContain('hackme');
    expect(xml).not.toContain('changeowner');
  });
  it('adds changeowner to icecast2:icecast when running as root', () => {
    const xml = icecastXml({ port: 8123, creds, logDir: '/d/log', maxSources: 4, asRoot: true });
    expect(xml).toContain('<changeowner><user>icecast2</user><group>icecast</group></changeowner>');
  });
});

describe('generated secrets', () => {
  it('are kept across starts, and a damaged file is replaced by new ones instead of failing', () => {
    const dir = tempDir();
    const first = loadOrCreateSecrets(dir);
    expect(loadOrCreateSecrets(dir)).toEqual(first);
    const file = join(dir, 'secrets.json');
    writeFileSync(file, '{"source": "abc", "adm');
    const fresh = loadOrCreateSecrets(dir);
    expect(fresh.source).not.toBe(first.source);
    expect(fresh.source.length).toBeGreaterThanOrEqual(20);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(fresh);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });
});

describe('embedded icecast2', () => {
  it('starts, answers HTTP, keeps 0600 secrets, restarts after a crash, stops without orphans', async () => {
    const dataDir = tempDir();
    const port = await freePort();
    const s = await startEmbeddedIcecast({ dataDir, port, log: () => undefined });
    servers.push(s);
    expect(s.state()).toBe('up');
    expect(s.sourceUrl('/a')).toMatch(new RegExp(`^icecast://source:[^@]+@127\\.0\\.0\\.1:${port}/a$`));
    const secrets = join(dataDir, 'icecast', 'secrets.json');
    expect(statSync(secrets).mode & 0o777).toBe(0o600);
    const { source } = JSON.parse(readFileSync(secrets, 'utf8'));
    expect(source.length).toBeGreaterThanOrEqual(20);
    expect((await fetch(`http://127.0.0.1:${port}/status-json.xsl`)).status).toBe(200);

    // Kill icecast2 behind the supervisor's back: it must come back on the same port.
    const pid = Number(readPidOnPort(port));
    expect(pid).toBeGreaterThan(0);
    process.kill(pid, 'SIGKILL');
    await until(() => s.state() === 'down', 3000);
    await until(() => s.state() === 'up', 8000);
    expect((await fetch(`http://127.0.0.1:${port}/status-json.xsl`)).status).toBe(200);

    await s.stop();
    expect(s.state()).toBe('down');
    await expect(fetch(`http://127.0.0.1:${port}/status-json.xsl`)).rejects.toThrow();
  });

  it('takes its port back from an icecast2 orphaned by a killed station (pid file + same config)', async () => {
    const dataDir = tempDir();
    const port = await freePort();
    const first = await startEmbeddedIcecast({ dataDir, port, log: () => undefined });
    await first.stop();
    // What a kill -9 of the station leaves: icecast2 still running on the generated config.
    const config = join(dataDir, 'icecast', 'icecast.xml');
    const orphan = spawn('icecast2', ['-c', config], { stdio: 'ignore' });
    writeFileSync(join(dataDir, 'icecast', 'icecast.pid'), `${orphan.pid}\n`);
    await until(() => readPidOnPort(port) !== '', 5000);
    const gone = new Promise((r) => orphan.once('exit', r));
    const s = await startEmbeddedIcecast({ dataDir, port, log: () => undefined });
    servers.push(s);
    await gone;
    expect(s.state()).toBe('up');
    expect(Number(readPidOnPort(port))).not.toBe(orphan.pid);
    await s.stop();
  });

  it('port in use → LP_ERR_PORT_IN_USE; icecast2 missing → LP_ERR_ICECAST_MISSING', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as { port: number }).port;
    await expect(startEmbeddedIcecast({ dataDir: tempDir(), port })).rejects.toMatchObject({ code: 'LP_ERR_PORT_IN_USE' });
    blocker.close();
    await expect(startEmbeddedIcecast({ dataDir: tempDir(), port, binary: '/nonexistent/icecast2' })).rejects.toMatchObject({ code: 'LP_ERR_ICECAST_MISSING' });
  });

  it('external server URL without a password is a config error', () => {
    expect(() => externalIcecast('http://127.0.0.1:8000')).toThrow(expect.objectContaining({ code: 'LP_ERR_CONFIG_INVALID' }));
    const ext = externalIcecast('http://source:p%40ss@10.0.0.2:8001');
    expect(ext.sourceUrl('/m')).toBe('icecast://source:p%40ss@10.0.0.2:8001/m');
    expect(ext.listenUrl('/m')).toBe('http://10.0.0.2:8001/m');
  });
});

/** The pid of the icecast2 listening on this port (read from /proc, no killing by name). */
function readPidOnPort(port: number): string {
  const out = execFileSync('sh', ['-c', `ss -ltnpH 'sport = :${port}'`], { encoding: 'utf8' });
  return /pid=(\d+)/.exec(out)?.[1] ?? '';
}

async function until(cond: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}
