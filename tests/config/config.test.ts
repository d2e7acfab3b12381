import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { LpError } from '../../src/errors.js';

const cwd = () => mkdtempSync(join(tmpdir(), 'lp-config-'));

function failure(fn: () => unknown): LpError {
  try {
    fn();
  } catch (e) {
    return e as LpError;
  }
  throw new Error('expected a failure');
}

describe('config', () => {
  it('defaults serve one ward on one box, and the result is frozen', () => {
    const dir = cwd();
    const c = loadConfig({ env: {}, cwd: dir });
    expect(c.http).toEqual({ host: '127.0.0.1', port: 8080, trustedProxies: [] });
    expect(c.icecast.port).toBe(8000);
    expect(c.icecast.url).toBeUndefined();
    expect(c.tts).toBe('espeak');
    expect(c.timezone).toBe('Asia/Ho_Chi_Minh');
    expect(c.dataDir).toBe(join(dir, 'data'));
    expect(c.loudness).toEqual({ targetLufs: -16, truePeakDb: -1 });
    expect(Object.isFrozen(c) && Object.isFrozen(c.http)).toBe(true);
  });

  it('environment wins over the file, which may use the same keys', () => {
    const dir = cwd();
    writeFileSync(join(dir, 'loaphuong.config.yaml'), 'LOAPHUONG_HTTP_PORT: 9090\nLOAPHUONG_TTS: google\nward:\n  name: Phường Kinh Môn\n');
    const c = loadConfig({ env: { LOAPHUONG_HTTP_PORT: '9191' }, cwd: dir });
    expect(c.http.port).toBe(9191);
    expect(c.tts).toBe('google');
    expect(c.ward.name).toBe('Phường Kinh Môn');
  });

  it('names every mistake once, by the key the user typed', () => {
    const e = failure(() => loadConfig({ env: { LOAPHUONG_HTTP_PORT: '99999', LOAPHUONG_TTS: 'robot' }, cwd: cwd() }));
    expect(e.code).toBe('LP_ERR_CONFIG_INVALID');
    expect(e.message).toContain('LOAPHUONG_HTTP_PORT');
    expect(e.message).toContain('LOAPHUONG_TTS');
  });

  it('a misspelt key in the file is named, not silently ignored', () => {
    const dir = cwd();
    writeFileSync(join(dir, 'loaphuong.config.yaml'), 'wrad:\n  name: Phường Kinh Môn\nhttp:\n  prot: 9090\n');
    const e = failure(() => loadConfig({ env: {}, cwd: dir }));
    expect(e.code).toBe('LP_ERR_CONFIG_INVALID');
    expect(e.message).toContain('wrad');
    expect(e.message).toContain('prot');
  });

  it('rejects an unknown time zone and a broken config file with the coded error', () => {
    expect(failure(() => loadConfig({ env: { LOAPHUONG_TIMEZONE: 'Mars/Base' }, cwd: cwd() })).code).toBe('LP_ERR_CONFIG_INVALID');
    const dir = cwd();
    writeFileSync(join(dir, 'loaphuong.config.yaml'), 'a: [unclosed\n');
    expect(failure(() => loadConfig({ env: {}, cwd: dir })).code).toBe('LP_ERR_CONFIG_INVALID');
  });
});

/** A temp directory holding `loaphuong.config.yaml` with `yaml`. */
const withFile = (yaml: string): string => {
  const dir = cwd();
  writeFileSync(join(dir, 'loaphuong.config.yaml'), yaml);
  return dir;
};

describe('airtime rules and quiet hours', () => {

  it('default to no limit; Hà Nội\'s urban rule reads as written, weekdays as numbers', () => {
    expect(loadConfig({ env: {}, cwd: cwd() }).airtime).toEqual({ sessionGapMinutes: 30 });
    const c = loadConfig({ env: {}, cwd: withFile('airtime:\n  sessionsPerDay: 2\n  minutesPerSession: 15\n  weekdays: [t6, t2, t3, t4, t5, t2]\n') });
    expect(c.airtime).toEqual({ sessionsPerDay: 2, minutesPerSession: 15, weekdays: [1, 2, 3, 4, 5], sessionGapMinutes: 30 });
  });

  it.each([
    ['airtime:\n  weekdays: [thu-hai]\n', 'airtime.weekdays.0'],
    ['airtime:\n  sessionsPerDay: 0\n', 'airtime.sessionsPerDay'],
    ['airtime:\n  minutesPerSession: -5\n', 'airtime.minutesPerSession'],
    ['airtime:\n  sesionsPerDay: 2\n', 'sesionsPerDay'],
    ['quietHours: { from: "24:00", to: "05:00" }\n', 'quietHours.from'],
  ])('%j is LP_ERR_CONFIG_INVALID naming %s', (yaml, key) => {
    const e = failure(() => loadConfig({ env: {}, cwd: withFile(yaml) }));
    expect(e.code).toBe('LP_ERR_CONFIG_INVALID');
    expect(e.message).toContain(key);
  });
});

describe('the air: relay servers, filler, dead air', () => {

  it('by default no relay server is allowed, no filler, dead air past 8 s', () => {
    const c = loadConfig({ env: {}, cwd: cwd() });
    expect(c.relay).toEqual({ hosts: [] });
    expect(c.deadAirSeconds).toBe(8);
  });

  it('relay servers from the file or as a comma list in the env; the filler resolved against the content dir', () => {
    const dir = withFile('relay:\n  hosts: [dai-huyen.example.vn, "10.0.0.5:8000"]\n  filler: nhac/cho.mp3\ndeadAirSeconds: 0\n');
    const c = loadConfig({ env: {}, cwd: dir });
    expect(c.relay).toEqual({ hosts: ['dai-huyen.example.vn', '10.0.0.5:8000'], filler: join(dir, 'nhac/cho.mp3') });
    expect(c.deadAirSeconds).toBe(0);
    expect(loadConfig({ env: { LOAPHUONG_RELAY_HOSTS: 'a.example.vn, b.example.vn:8000', LOAPHUONG_DEAD_AIR_SECONDS: '12' }, cwd: dir })).toMatchObject({ relay: { hosts: ['a.example.vn', 'b.example.vn:8000'] }, deadAirSeconds: 12 });
  });

  it.each([
    ['relay:\n  hosts: ["http://dai-huyen.example.vn/"]\n', 'relay.hosts.0'],
    ['deadAirSeconds: -1\n', 'LOAPHUONG_DEAD_AIR_SECONDS'],
  ])('%j is LP_ERR_CONFIG_INVALID naming %s', (yaml, key) => {
    const e = failure(() => loadConfig({ env: {}, cwd: withFile(yaml) }));
    expect(e.code).toBe('LP_ERR_CONFIG_INVALID');
    expect(e.message).toContain(key);
  });
});
