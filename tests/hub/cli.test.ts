/**
 * The hub's commands in-process: `send` refuses what it cannot send before reading the file,
 * `hub ward-key` makes a key and the hash a hub keeps, `log --ward` and the ward column of a hub's
 * log, and the config keys a hub and a ward are set up with.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { loadConfig } from '../../src/config/index.js';
import { LpError } from '../../src/errors.js';
import { hashWardKey, wardOfKey } from '../../src/hub/keys.js';
import { openStores } from '../../src/station/stores.js';

const root = mkdtempSync(join(tmpdir(), 'lp-hub-cli-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const hubDir = join(root, 'hub');
const wardDir = join(root, 'ward');
const KEY = 'khoa-cua-phuong-gia-vien-0123456789';

beforeAll(async () => {
  for (const d of [hubDir, wardDir]) mkdirSync(d, { recursive: true });
  writeFileSync(join(hubDir, 'loaphuong.config.yaml'), `ward: { name: Thành phố Hải Phòng }\nwards:\n  - { id: gia-vien, name: Phường Gia Viên, key: ${KEY} }\n`);
  writeFileSync(join(hubDir, 'bao.txt'), 'Bão số 3.');
  writeFileSync(join(wardDir, 'bao.txt'), 'Bão số 3.');
  const stores = await openStores({ dataDir: join(hubDir, 'data') });
  const own = await stores.airings.begin({ channelId: 'chinh', key: 'own', scheduledAt: new Date('2026-11-20T01:00:00Z'), startedAt: new Date('2026-11-20T01:00:00Z'), title: 'Chương trình thành phố', campaign: null, priority: 'thuong', contentHash: 'x' });
  await stores.airings.finish(own, { status: 'aired', endedAt: new Date('2026-11-20T01:01:00Z') });
  await stores.airings.putReported('gia-vien', [{
    wardRow: 9, channelId: 'chinh', key: 'hub:x:chinh:0', scheduledAt: '2026-11-20T02:00:00.000Z', startedAt: '2026-11-20T02:00:00.000Z', endedAt: '2026-11-20T02:00:40.000Z',
    durationSec: 40, plannedSec: 40, title: 'Bão số 3', campaign: null, contentHash: 'x', priority: 'khan-cap', voice: 'espeak', transmitter: 'none', transmitterNote: null,
    status: 'aired', reason: null, verified: true,
  }]);
  await stores.close();
});

async function cli(cwd: string, ...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const sink = (f: (s: string) => void) => new Writable({ write(c, _e, cb) { f(c.toString()); cb(); } });
  const code = await main({ argv, env: { LOAPHUONG_DATA_DIR: join(cwd, 'data') }, cwd, stdout: sink((s) => (out += s)), stderr: sink((s) => (err += s)) });
  return { code, out, err };
}

describe('loaphuong send', () => {
  it.each([
    [['send', 'bao.txt'], 'LP_ERR_USAGE'],
    [['send', 'bao.txt', '--priority', 'gap'], 'LP_ERR_USAGE'],
    [['send', 'bao.txt', '--priority', 'khan-cap', '--to', 'gia-vien,khong-co'], 'LP_ERR_HUB_WARD_UNKNOWN'],
    [['send', 'bao.txt', '--priority', 'khan-cap', '--until', 'mai'], 'LP_ERR_DATE_INVALID'],
    [['send', 'khong-co.txt', '--priority', 'khan-cap'], 'LP_ERR_INPUT_NOT_FOUND'],
    // The hub is not running: the same code air-now gives.
    [['send', 'bao.txt', '--priority', 'khan-cap'], 'LP_ERR_INSTANCE_UNREACHABLE'],
  ])('%j on a hub → %s', async (argv, code) => {
    const r = await cli(hubDir, ...argv);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(new RegExp(`^${code} : `));
  });

  it('on a station with no wards → LP_ERR_HUB_NOT_CONFIGURED', async () => {
    const r = await cli(wardDir, 'send', 'bao.txt', '--priority', 'khan-cap');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^LP_ERR_HUB_NOT_CONFIGURED : /);
  });
});

describe('loaphuong hub', () => {
  it('ward-key prints a key and the hash the hub keeps instead of it', async () => {
    const r = await cli(hubDir, 'hub', 'ward-key');
    expect(r.code).toBe(0);
    const key = /LOAPHUONG_UPSTREAM_KEY\): (\S+)/.exec(r.out)![1];
    const hash = /wards\[\]\.key\): (\S+)/.exec(r.out)![1];
    expect(key).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(hash).toBe(hashWardKey(key));
    expect(wardOfKey([{ id: 'x', keyHash: hash }], key)?.id).toBe('x');
    expect(wardOfKey([{ id: 'x', keyHash: hash }], hash)).toBeNull();
  });

  it('an unknown sub-command or edge-config without -o is LP_ERR_USAGE', async () => {
    expect((await cli(hubDir, 'hub')).err).toMatch(/^LP_ERR_USAGE/);
    expect((await cli(hubDir, 'hub', 'edge-config')).err).toMatch(/^LP_ERR_USAGE/);
    expect((await cli(wardDir, 'hub', 'edge-config', '-o', 'x.xml')).err).toMatch(/^LP_ERR_HUB_NOT_CONFIGURED/);
  });
});

describe("a hub's log", () => {
  it('--json rows carry their ward (null for the hub\'s own); the table has a ward column; --ward filters', async () => {
    const json = JSON.parse((await cli(hubDir, 'log', '--json')).out) as Array<{ title: string; ward: string | null }>;
    expect(json.map((r) => [r.title, r.ward])).toEqual([['Chương trình thành phố', null], ['Bão số 3', 'gia-vien']]);
    const table = (await cli(hubDir, 'log')).out.split('\n');
    expect(table[0]).toMatch(/^Phường\/xã\s+Thời gian/);
    expect(table.find((l) => l.includes('Bão số 3'))).toMatch(/^Phường Gia Viên\s/);
    expect(table.find((l) => l.includes('Chương trình'))).toMatch(/^Thành phố Hải Phòng\s/);
    const only = JSON.parse((await cli(hubDir, 'log', '--json', '--ward', 'gia-vien')).out) as Array<{ ward: string }>;
    expect(only.map((r) => r.ward)).toEqual(['gia-vien']);
  });
});

describe('hub and ward config', () => {
  const dir = () => mkdtempSync(join(root, 'cfg-'));
  const failure = (fn: () => unknown): LpError => {
    try {
      fn();
    } catch (e) {
      return e as LpError;
    }
    throw new Error('expected a failure');
  };

  it('a ward names its hub in the file or by LOAPHUONG_UPSTREAM_URL / _KEY (env wins), with defaults for the poll', () => {
    const d = dir();
    writeFileSync(join(d, 'loaphuong.config.yaml'), 'upstream: { url: "https://hub.example", key: "khoa-trong-tep-0123456789abcd", reportSeconds: 2 }\n');
    expect(loadConfig({ env: {}, cwd: d }).upstream).toEqual({ url: 'https://hub.example', key: 'khoa-trong-tep-0123456789abcd', waitSeconds: 25, reportSeconds: 2 });
    const fromEnv = loadConfig({ env: { LOAPHUONG_UPSTREAM_URL: 'http://10.0.0.1:8080', LOAPHUONG_UPSTREAM_KEY: 'khoa-tu-moi-truong-0123456789' }, cwd: d });
    expect(fromEnv.upstream).toMatchObject({ url: 'http://10.0.0.1:8080', key: 'khoa-tu-moi-truong-0123456789', reportSeconds: 2 });
    expect(loadConfig({ env: {}, cwd: dir() }).upstream).toBeUndefined();
    expect(loadConfig({ env: {}, cwd: dir() }).wards).toEqual([]);
  });

  it.each([
    ['wards:\n  - { id: a, name: A, key: ngan }\n', 'wards.0.key'],
    ['wards:\n  - { id: A B, name: A, key: khoa-dai-du-hai-muoi-tu-ky-tu }\n', 'wards.0.id'],
    ['wards:\n  - { id: a, name: A, key: khoa-dai-du-hai-muoi-tu-ky-tu }\n  - { id: a, name: B, key: khoa-khac-dai-du-hai-muoi-tu-ky-tu }\n', 'phường "a" bị khai báo hai lần'],
    ['wards:\n  - { id: a, name: A, key: khoa-dai-du-hai-muoi-tu-ky-tu }\n  - { id: b, name: B, key: khoa-dai-du-hai-muoi-tu-ky-tu }\n', 'hai phường dùng chung một khóa'],
    ['wards:\n  - { id: a, name: A, key: "sha256:abc" }\n', 'wards.0.key'],
  ])('%j is LP_ERR_CONFIG_INVALID naming %s', (yaml, what) => {
    const d = dir();
    writeFileSync(join(d, 'loaphuong.config.yaml'), yaml);
    const e = failure(() => loadConfig({ env: {}, cwd: d }));
    expect(e.code).toBe('LP_ERR_CONFIG_INVALID');
    expect(e.message).toContain(what);
  });

  it('an upstream URL without its key is named by the environment variable to set', () => {
    const e = failure(() => loadConfig({ env: { LOAPHUONG_UPSTREAM_URL: 'http://hub' }, cwd: dir() }));
    expect(e.message).toContain('LOAPHUONG_UPSTREAM_KEY');
  });
});
