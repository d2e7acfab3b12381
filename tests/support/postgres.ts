/**
 * A throw-away PostgreSQL server from Debian's package, for tests and the bench: `initdb` into a
 * temporary directory, `postgres` on a free loopback port (and its socket in that directory), torn
 * down by `stop()`. Never a shared server, never a mock. PostgreSQL refuses to run as root, so when
 * we are root (CI) the cluster belongs to the `postgres` user the package created.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freeLoopbackPort } from './listener.js';

export interface TestPostgres {
  /** `postgres://…` of the server's maintenance database. */
  readonly url: string;
  /** A new empty database; returns its URL. Each suite takes its own so none sees another's rows. */
  createDatabase(name?: string): Promise<string>;
  stop(): Promise<void>;
}

/** The newest server installed under /usr/lib/postgresql/<major>/bin. */
export function postgresBinDir(): string {
  const root = '/usr/lib/postgresql';
  const majors = existsSync(root) ? readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'postgres'))) : [];
  if (majors.length === 0) throw new Error('PostgreSQL server not installed (Debian package postgresql): run npm test once as root, or apt-get install postgresql');
  return join(root, majors.sort((a, b) => Number(b) - Number(a))[0], 'bin');
}

function postgresUser(): { uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null;
  const line = readFileSync('/etc/passwd', 'utf8').split('\n').find((l) => l.startsWith('postgres:'));
  if (!line) throw new Error('running as root but there is no "postgres" user (Debian package postgresql creates it)');
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

let counter = 0;

/**
 * @param opts.durable keep fsync and synchronous commit on (the bench measures real inserts); tests
 *   turn them off, since a test cluster never outlives a power cut. @default false
 */
export async function startPostgres(opts: { durable?: boolean } = {}): Promise<TestPostgres> {
  const bin = postgresBinDir();
  const owner = postgresUser();
  const dir = mkdtempSync(join(tmpdir(), 'lp-pg-'));
  if (owner) chownSync(dir, owner.uid, owner.gid);
  const as = owner ? { uid: owner.uid, gid: owner.gid } : {};
  const data = join(dir, 'data');
  const init = spawnSync(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync'], { ...as, encoding: 'utf8' });
  if (init.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`initdb failed: ${init.stderr || init.stdout}`);
  }
  const port = await freeLoopbackPort();
  const settings = ['-c', 'listen_addresses=127.0.0.1', '-c', `unix_socket_directories=${dir}`, '-c', 'max_connections=40', '-c', 'shared_buffers=32MB'];
  if (!opts.durable) settings.push('-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off');
  const proc: ChildProcess = spawn(join(bin, 'postgres'), ['-D', data, '-p', String(port), ...settings], { ...as, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  proc.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;

  const stop = async (): Promise<void> => {
    if (proc.exitCode === null && proc.signalCode === null) {
      proc.kill('SIGINT'); // "fast" shutdown: ends sessions, no checkpoint wait beyond what is needed
      const late = setTimeout(() => proc.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(late);
    }
    rmSync(dir, { recursive: true, force: true });
  };

  // Ready when a client can connect; the server takes well under a second, a loaded box longer.
  for (let i = 0; ; i++) {
    if (proc.exitCode !== null) {
      await stop();
      throw new Error(`postgres exited at start: ${stderr}`);
    }
    const c = new pg.Client({ connectionString: url });
    try {
      await c.connect();
      await c.end();
      break;
    } catch (e) {
      await c.end().catch(() => {});
      if (i > 300) {
        await stop();
        throw new Error(`postgres did not accept connections: ${(e as Error).message}; ${stderr}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  return {
    url,
    async createDatabase(name = `lp_test_${process.pid}_${++counter}`) {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      try {
        await c.query(`CREATE DATABASE "${name}"`);
      } finally {
        await c.end();
      }
      return url.replace(/\/postgres$/, `/${name}`);
    },
    stop,
  };
}
