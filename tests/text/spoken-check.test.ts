import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/text.js';
import { fixedPoint, MAX_PASSES } from '../../src/text/fixpoint.js';
import { cleanText, inspectSpoken, loadLexicon, prepareScript, toSpokenForm } from '../../src/text/index.js';
import { ADMIN_PASSWORD, login, makeHarness, type Harness } from '../web/helpers.js';

describe('the fixed point (one loop for cleaning and speaking)', () => {
  it('stops as soon as a pass changes nothing and says it settled', () => {
    const r = fixedPoint((s) => s.replace(/aa/, 'a'), 'aaaa');
    expect(r).toEqual({ value: 'a', settled: true, passes: 4 });
  });

  it(`gives up after ${MAX_PASSES} passes and says so instead of passing silently`, () => {
    let calls = 0;
    const r = fixedPoint((s) => { calls++; return `${s}.`; }, '');
    expect(r.settled).toBe(false);
    expect(r.passes).toBe(MAX_PASSES);
    expect(calls).toBe(MAX_PASSES);
    expect(r.value).toBe('.'.repeat(MAX_PASSES));
  });

  it('real texts settle: prepareScript adds no LP_ERR_TEXT_UNSETTLED warning to a shared plan', () => {
    const { quality } = prepareScript('Ngày 13-9, bão YAGI, 16,8N-115,3E, >80mm/3h, BIDV.');
    expect(quality.warnings.map((w) => w.code)).not.toContain('LP_ERR_TEXT_UNSETTLED');
  });
});

describe('what the voice will do: spelled words, lone letters, leftovers, by paragraph', () => {
  const text = 'Ngân hàng BIDV thông báo.\n\nXe Honda qua quốc lộ 1B.\n\nỦy ban nhân dân phường.';

  it('lists each finding with its paragraph and what the voice says', () => {
    const { notes, spoken } = inspectSpoken(cleanText(text));
    expect(spoken).toBe(toSpokenForm(cleanText(text)));
    expect(notes).toEqual([
      { kind: 'spelled', text: 'BIDV', reading: 'bê i dê vê', paragraph: 1 },
      // A foreign name is respelled, and listed so the operator can prefer another reading.
      { kind: 'leftover', text: 'Honda', reading: 'hôn đa', paragraph: 2 },
      { kind: 'letter', text: 'B', reading: 'bê', paragraph: 2 },
    ]);
  });

  it('a line in the lexicon teaches the voice the word, and the finding goes away', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lp-lex-'));
    writeFileSync(join(dir, 'lexicon.txt'), '# ngân hàng\nBIDV = bê i đi vi\nHonda = hôn đa\n');
    const lexicon = loadLexicon(dir);
    expect(toSpokenForm('Ngân hàng BIDV, xe Honda.', { lexicon })).toBe('Ngân hàng bê i đi vi, xe hôn đa.');
    expect(inspectSpoken(cleanText(text), { lexicon }).notes.map((n) => n.text)).toEqual(['B']);
  });

  it("the ward's own reading of an abbreviation wins over the built-in context rules", () => {
    expect(toSpokenForm('Công ty CP Sông Đà; Nghị định 100/2019/NĐ-CP.')).toBe('Công ty cổ phần Sông Đà; Nghị định một trăm năm hai nghìn không trăm mười chín, nghị định chính phủ.');
    const dir = mkdtempSync(join(tmpdir(), 'lp-lex-'));
    writeFileSync(join(dir, 'lexicon.txt'), 'CP = xê pê\n');
    expect(toSpokenForm('Công ty CP Sông Đà; Nghị định 100/2019/NĐ-CP.', { lexicon: loadLexicon(dir) })).toBe('Công ty xê pê Sông Đà; Nghị định một trăm năm hai nghìn không trăm mười chín, nghị định xê pê.');
  });
});

function sink() {
  let text = '';
  const stream = new Writable({ write(chunk, _enc, cb) { text += String(chunk); cb(); } });
  return { stream, get text() { return text; } };
}

describe('loaphuong text check shows the spoken-form findings', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lp-check-'));
  const file = join(dir, 'thong-bao.txt');
  writeFileSync(file, 'Ngân hàng BIDV thông báo.\n\nXe Honda qua quốc lộ 1B.\n');
  mkdirSync(join(dir, 'data'));
  const cli = async (argv: string[]) => {
    const out = sink();
    const err = sink();
    const code = await run({ argv, env: { LOAPHUONG_DATA_DIR: join(dir, 'data') }, cwd: dir, stdout: out.stream, stderr: err.stream });
    return { code, stdout: out.text, stderr: err.text };
  };

  it('in words, grouped by kind, with the paragraph and how to fix them', async () => {
    const r = await cli(['check', file]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('data/lexicon.txt');
    expect(r.stdout).toMatch(/đánh vần[^\n]*\n\s+đoạn 1: BIDV → bê i dê vê/u);
    expect(r.stdout).toMatch(/đoạn 2: B → bê/u);
    expect(r.stdout).toMatch(/đoạn 2: Honda/u);
  });

  it('--json carries them beside the OCR report', async () => {
    const r = await cli(['check', file, '--json']);
    const report = JSON.parse(r.stdout);
    expect(report.suspect).toBe(false);
    expect(report.spokenNotes).toContainEqual({ kind: 'spelled', text: 'BIDV', reading: 'bê i dê vê', paragraph: 1 });
    expect(report.spokenWarnings).toEqual([]);
  });
});

describe('the Bản tin page shows the spoken-form findings', () => {
  let h: Harness;
  beforeAll(async () => { h = await makeHarness(); });
  afterAll(async () => { await h.close(); });

  it('lists what the voice will spell, with its paragraph, next to the clean and spoken text', async () => {
    const admin = await login(h.app, 'admin', ADMIN_PASSWORD);
    const made = await h.app.inject({ method: 'POST', url: '/api/bulletins', headers: admin.headers, payload: { text: 'Ngân hàng BIDV thông báo.\n\nXe qua quốc lộ 1B.' } });
    const id = (made.json().bulletins as { id: number }[])[0].id;
    const page = await h.app.inject({ method: 'GET', url: `/ban-tin/${id}`, headers: admin.headers });
    expect(page.statusCode).toBe(200);
    const card = /data-testid="spoken-notes"[\s\S]*?<\/section>/.exec(page.body)?.[0] ?? '';
    expect(card).toContain('lexicon.txt');
    expect(card).toMatch(/<td>1<\/td><td>BIDV<\/td><td>bê i dê vê<\/td>/);
    expect(card).toMatch(/<td>2<\/td><td>B<\/td><td>bê<\/td>/);
  });
});
