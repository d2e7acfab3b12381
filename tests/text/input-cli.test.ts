import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { run as airNow } from '../../src/cli/air-now.js';
import { run } from '../../src/cli/text.js';
import { decodeTextInput, DEFAULT_LIMITS, readDocument } from '../../src/documents/index.js';
import { LpError } from '../../src/errors.js';
import { loadLexicon, parseLexicon, toSpokenForm } from '../../src/text/index.js';

const readTextInput = async (path: string) => (await readDocument(path)).text;

const dir = mkdtempSync(join(tmpdir(), 'lp-text-'));
const file = (name: string, data: string | Buffer) => { const p = join(dir, name); writeFileSync(p, data); return p; };
const CAMPAIGN = '/work/shared/campaigns/gia-vien-ward-plan-2026.txt';
const OCR = new URL('./fixtures/ocr-damaged-plan.txt', import.meta.url).pathname;

function sink() {
  let text = '';
  const stream = new Writable({ write(chunk, _enc, cb) { text += String(chunk); cb(); } });
  return { stream, get text() { return text; } };
}

/** Runs `loaphuong text …` in-process; failures come back as codes the way main.ts prints them. */
async function cli(argv: string[], env: Record<string, string> = {}) {
  const out = sink();
  const err = sink();
  let code: number;
  try {
    code = await run({ argv, env: { LOAPHUONG_DATA_DIR: join(dir, 'data'), ...env }, cwd: dir, stdout: out.stream, stderr: err.stream });
  } catch (e) {
    if (!(e instanceof LpError)) throw e;
    err.stream.write(`${e.toLine()}\n`);
    code = e.exitCode;
  }
  return { code, stdout: out.text, stderr: err.text };
}

async function codeOf(p: Promise<unknown>): Promise<string> {
  try { await p; return 'none'; } catch (e) { return (e as LpError).code; }
}

describe('reading input', () => {
  it('gives each bad input its own code', async () => {
    expect(await codeOf(readTextInput(join(dir, 'missing.txt')))).toBe('LP_ERR_INPUT_NOT_FOUND');
    expect(await codeOf(readTextInput(dir))).toBe('LP_ERR_INPUT_IS_DIRECTORY');
    expect(await codeOf(readTextInput(file('empty.txt', '')))).toBe('LP_ERR_INPUT_EMPTY');
    expect(await codeOf(readTextInput(file('blank.txt', ' \n\t\n')))).toBe('LP_ERR_INPUT_EMPTY');
    expect(await codeOf(readTextInput(file('bin.mp3', Buffer.from([0x49, 0x44, 0x33, 0x04, 0x00, 0x00, 0xff, 0xfb]))))).toBe('LP_ERR_INPUT_BINARY');
    expect(await codeOf(readTextInput(file('latin.txt', Buffer.from([0x4e, 0x67, 0x68, 0xe9, 0x20, 0xe0]))))).toBe('LP_ERR_INPUT_BINARY');
    expect(await codeOf(readTextInput(file('big.txt', Buffer.alloc(10 * 1024 * 1024, 'a'))))).toBe('LP_ERR_INPUT_TOO_LARGE');
  });

  it('strips the BOM, reads UTF-16 and returns NFC', async () => {
    const nfd = 'Nghị quyết'.normalize('NFD');
    expect(await readTextInput(file('bom.txt', `\uFEFF${nfd}`))).toBe('Nghị quyết');
    expect(decodeTextInput(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Phường', 'utf16le')]), 'u16.txt')).toBe('Phường');
    expect(() => decodeTextInput(Buffer.alloc(0), 'upload.txt')).toThrow(expect.objectContaining({ code: 'LP_ERR_INPUT_EMPTY' }));
  });
});

describe('inputs that never end (issue 14, item 8)', () => {
  /** A FIFO with a writer we start (and stop): `script` runs with the FIFO open on fd 3. */
  async function withFifo<T>(script: string, use: (fifo: string) => Promise<T>): Promise<T> {
    const fifo = join(dir, `fifo-${Math.random().toString(36).slice(2)}`);
    execFileSync('mkfifo', [fifo]);
    const writer = spawn('sh', ['-c', `exec 3>"$1"; ${script}`, 'sh', fifo], { stdio: 'ignore' });
    try {
      return await use(fifo);
    } finally {
      writer.kill('SIGKILL');
    }
  }

  it('/dev/zero and /dev/urandom stop at the size cap with LP_ERR_INPUT_TOO_LARGE', async () => {
    expect(await codeOf(readDocument('/dev/zero'))).toBe('LP_ERR_INPUT_TOO_LARGE');
    expect(await codeOf(readDocument('/dev/urandom'))).toBe('LP_ERR_INPUT_TOO_LARGE');
    const r = await cli(['clean', '/dev/zero']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^LP_ERR_INPUT_TOO_LARGE : .*\/dev\/zero/);
  });

  it('a FIFO whose writer never writes is given up at the time limit with LP_ERR_INPUT_TIMEOUT', async () => {
    await withFifo('sleep 60', async (fifo) => {
      expect(await codeOf(readDocument(fifo, { limits: { streamTimeoutMs: 300 } }))).toBe('LP_ERR_INPUT_TIMEOUT');
    });
  });

  it('a FIFO nobody ever opens for writing ends under the stream bound, not the regular-file one', async () => {
    const fifo = join(dir, `silent-${Math.random().toString(36).slice(2)}`);
    execFileSync('mkfifo', [fifo]);
    const e = await readDocument(fifo, { limits: { readTimeoutMs: 600_000, streamTimeoutMs: 300 } }).catch((x: LpError) => x);
    expect((e as LpError).code).toBe('LP_ERR_INPUT_TIMEOUT');
    expect((e as LpError).detail).toContain('không có ai ghi vào');
    // The CLI promises a coded answer within 10 s for an input that never ends (RELIABILITY.md).
    expect(DEFAULT_LIMITS.streamTimeoutMs).toBeLessThan(10_000);
    const r = await cli(['speak', fifo]);
    expect(r.stderr).toMatch(/^LP_ERR_INPUT_TIMEOUT : .*silent-/);
  });

  it('a FIFO that never stops writing hits the cap; one that writes a plan and closes is read', async () => {
    await withFifo('yes "Thông báo của phường." >&3', async (fifo) => {
      expect((await cli(['clean', fifo])).stderr).toMatch(/^LP_ERR_INPUT_TOO_LARGE/);
    });
    await withFifo('printf "UBND phường thông báo lịch tiêm chủng.\\n" >&3; exec 3>&-', async (fifo) => {
      const r = await cli(['speak', fifo]);
      expect(r.stdout).toBe('Ủy ban nhân dân phường thông báo lịch tiêm chủng.\n');
    });
  });

  it('`air-now /dev/urandom` is refused before the station is asked', async () => {
    const out = sink();
    const err = sink();
    const code = await airNow({ argv: ['/dev/urandom'], env: { LOAPHUONG_DATA_DIR: join(dir, 'data'), LOAPHUONG_HTTP_PORT: '1' }, cwd: dir, stdout: out.stream, stderr: err.stream })
      .catch((e: LpError) => { err.stream.write(e.toLine()); return e.exitCode; });
    expect(code).toBe(1);
    expect(err.text).toMatch(/^LP_ERR_INPUT_TOO_LARGE/);
  });
});

describe('lexicon', () => {
  it('extends and overrides the built-in entries from <dataDir>/lexicon.txt', () => {
    const data = mkdtempSync(join(tmpdir(), 'lp-lex-'));
    writeFileSync(join(data, 'lexicon.txt'), '# từ điển của phường\nUBND = ủy ban\nTDP = tổ dân phố   # ghi chú\n\nBCĐ389 = ban chỉ đạo ba tám chín\n');
    const lex = loadLexicon(data);
    expect(lex.get('UBND')).toBe('ủy ban');
    expect(lex.get('HĐND')).toBe('hội đồng nhân dân');
    expect(toSpokenForm('UBND và BCĐ389 họp', { lexicon: lex })).toBe('Ủy ban và ban chỉ đạo ba tám chín họp.');
    expect(loadLexicon(join(data, 'none')).get('UBND')).toBe('ủy ban nhân dân');
  });

  it('a bad line is LP_ERR_LEXICON_INVALID with its line number', () => {
    expect(() => parseLexicon('UBND = ủy ban\nkhông có dấu bằng\n', 'lexicon.txt')).toThrow(/dòng 2/);
    expect(() => parseLexicon('X = số 5')).toThrow(expect.objectContaining({ code: 'LP_ERR_LEXICON_INVALID' }));
  });
});

describe('loaphuong text', () => {
  it('clean / speak / split --json / check on a real plan', async () => {
    const clean = await cli(['clean', CAMPAIGN]);
    expect(clean.code).toBe(0);
    expect(clean.stdout).toMatch(/^KẾ HOẠCH\n\n/u);
    const speak = await cli(['speak', CAMPAIGN]);
    expect(speak.code).toBe(0);
    expect(speak.stdout).not.toMatch(/\d/);
    const split = await cli(['split', CAMPAIGN, '--json']);
    const bulletins = JSON.parse(split.stdout) as { title: string; text: string; estimatedSeconds: number }[];
    expect(bulletins.length).toBeGreaterThan(1);
    expect(Object.keys(bulletins[0]).sort()).toEqual(['estimatedSeconds', 'text', 'title']);
    const check = await cli(['check', CAMPAIGN, '--json']);
    expect(check.code).toBe(0);
    expect(JSON.parse(check.stdout)).toMatchObject({ suspect: false });
  });

  it('check exits 3 with the coded warning on OCR damage, and still prints the JSON report', async () => {
    const plain = await cli(['check', OCR]);
    expect(plain.code).toBe(3);
    expect(plain.stderr).toMatch(/^LP_ERR_TEXT_SUSPECT : /);
    const json = await cli(['check', OCR, '--json']);
    expect(json.code).toBe(3);
    expect(JSON.parse(json.stdout)).toMatchObject({ suspect: true, warnings: [{ code: 'LP_ERR_TEXT_SUSPECT' }] });
  });

  it('uses the lexicon in the configured data dir', async () => {
    const data = mkdtempSync(join(tmpdir(), 'lp-lexcli-'));
    writeFileSync(join(data, 'lexicon.txt'), 'UBND = chính quyền\n');
    const r = await cli(['speak', file('u.txt', 'UBND phường thông báo.')], { LOAPHUONG_DATA_DIR: data });
    expect(r.stdout).toBe('Chính quyền phường thông báo.\n');
  });

  it('bad input and usage errors are coded', async () => {
    expect((await cli(['speak', file('e.txt', '')])).stderr).toMatch(/^LP_ERR_INPUT_EMPTY/);
    expect((await cli(['speak', dir])).stderr).toMatch(/^LP_ERR_INPUT_IS_DIRECTORY/);
    expect((await cli(['speak', file('b.bin', Buffer.from([0, 1, 2, 3, 255]))])).stderr).toMatch(/^LP_ERR_INPUT_BINARY/);
    expect((await cli(['check', file('big2.txt', Buffer.alloc(10 * 1024 * 1024, 'a'))])).stderr).toMatch(/^LP_ERR_INPUT_TOO_LARGE/);
    expect((await cli(['speak', 'nope.txt'])).stderr).toMatch(/^LP_ERR_INPUT_NOT_FOUND/);
    expect((await cli(['speak', file('n.txt', 'Số: 12/TB-UBND\n\nHà Nội, ngày 1 tháng 2 năm 2026\n')])).stderr).toMatch(/^LP_ERR_TEXT_NOTHING_TO_AIR/);
    const usage = await cli(['shout', CAMPAIGN]);
    expect(usage.code).toBe(1);
    expect(usage.stderr).toMatch(/^LP_ERR_USAGE/);
  });
});
