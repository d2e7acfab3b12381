/**
 * The CLI ↔ API contract of `loaphuong air-now`: the command talks to a real listening app (on a
 * free loopback port) with the 0600 token, and the instance's error codes come out on stderr with
 * the exit code of the contract (3 for suspect text, 1 otherwise).
 */
import { writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { LpError } from '../../src/errors.js';
import { makeHarness, type Harness } from './helpers.js';

let h: Harness;
let env: Record<string, string>;

beforeAll(async () => {
  h = await makeHarness();
  await h.app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = h.app.server.address() as AddressInfo;
  env = { LOAPHUONG_DATA_DIR: h.config.dataDir, LOAPHUONG_HTTP_PORT: String(port) };
  writeFileSync(join(h.dir, 'bao-so-3.txt'), 'THÔNG BÁO\n\nBão số 3 đang đến gần. Bà con neo đậu tàu thuyền an toàn.\n');
});

afterAll(async () => {
  await h.close();
});

beforeEach(() => {
  h.station.airNowError = null;
  h.station.airNowCalls.length = 0;
});

async function airNow(args: string[], extraEnv: Record<string, string> = {}): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const sink = (f: (s: string) => void) => new Writable({ write(c, _e, cb) { f(c.toString()); cb(); } });
  const code = await main({ argv: ['air-now', ...args], env: { ...env, ...extraEnv }, cwd: h.dir, stdout: sink((s) => (out += s)), stderr: sink((s) => (err += s)) });
  return { code, out, err };
}

describe('loaphuong air-now against the running instance', () => {
  it('sends the text with its priority, repeats, interval and channels, and exits 0', async () => {
    const r = await airNow(['bao-so-3.txt', '--priority', 'khan-cap', '--repeat', '2', '--interval', '10', '--channel', 'chinh', '--json']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).keys).toHaveLength(2);
    expect(h.station.airNowCalls).toHaveLength(1);
    expect(h.station.airNowCalls[0]).toMatchObject({
      title: 'bao-so-3', priority: 'khan-cap', repeat: 2, intervalMinutes: 10, channels: ['chinh'], force: false, requestedBy: 'cli',
    });
    expect(h.station.airNowCalls[0].text).toContain('Bão số 3 đang đến gần');
  });

  it('says when a long khẩn cấp airs in parts, and how long it is', async () => {
    h.station.airNowExtra = { parts: 5, estimatedSeconds: 250 };
    try {
      const r = await airNow(['bao-so-3.txt', '--priority', 'khan-cap']);
      expect(r.code).toBe(0);
      expect(r.out).toMatch(/^Đã gửi lệnh phát: bắt đầu lúc .*; dài khoảng 4 phút; phát thành 5 phần nối tiếp: phần đầu đã vào hàng phát/);
    } finally {
      h.station.airNowExtra = {};
    }
  });

  it('passes the instance\'s code through: suspect text exits 3, an unknown channel or a failed voice exits 1', async () => {
    h.station.airNowError = new LpError('LP_ERR_TEXT_SUSPECT', 'bao-so-3');
    const suspect = await airNow(['bao-so-3.txt']);
    expect(suspect.code).toBe(3);
    expect(suspect.err).toMatch(/^LP_ERR_TEXT_SUSPECT : .*\(bao-so-3\)\n$/);

    h.station.airNowError = new LpError('LP_ERR_TTS_UNAVAILABLE', 'espeak-ng');
    const tts = await airNow(['bao-so-3.txt']);
    expect(tts.code).toBe(1);
    expect(tts.err).toMatch(/^LP_ERR_TTS_UNAVAILABLE : /);

    h.station.airNowError = null;
    const channel = await airNow(['bao-so-3.txt', '--channel', 'khong-co']);
    expect(channel.code).toBe(1);
    expect(channel.err).toMatch(/^LP_ERR_CHANNEL_UNKNOWN : .*khong-co/);
    expect(h.station.airNowCalls).toHaveLength(0);
  });

  it('refuses bad flags before calling, and says so when the token is wrong or nothing listens', async () => {
    for (const args of [['--interval', 'muoi'], ['--interval', '-5'], ['--repeat', '0'], ['--priority', 'gap']]) {
      const r = await airNow(['bao-so-3.txt', ...args]);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.err, args.join(' ')).toMatch(/^LP_ERR_USAGE : /);
    }
    expect(h.station.airNowCalls).toHaveLength(0);

    const tokenFile = join(h.config.dataDir, 'cli-token');
    writeFileSync(tokenFile, `${'x'.repeat(43)}\n`);
    const stale = await airNow(['bao-so-3.txt']);
    expect(stale.code).toBe(1);
    expect(stale.err).toMatch(/^LP_ERR_AUTH_INVALID : /);

    // Port 1 on loopback: nothing listens there, the connection is refused at once.
    const down = await airNow(['bao-so-3.txt'], { LOAPHUONG_HTTP_PORT: '1' });
    expect(down.code).toBe(1);
    expect(down.err).toMatch(/^LP_ERR_INSTANCE_UNREACHABLE : /);
    expect(h.station.airNowCalls).toHaveLength(0);
  });
});
