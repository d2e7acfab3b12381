import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkQuality, cleanText, prepareScript, splitBulletins } from '../../src/text/index.js';

const DIR = '/work/shared/campaigns';
const FIXTURES = new URL('./fixtures/', import.meta.url).pathname;
const campaigns = readdirSync(DIR).filter((f) => f.endsWith('.txt')).map((f) => [f, readFileSync(join(DIR, f), 'utf8')] as const);
const words = (s: string) => s.match(/\p{L}+/gu) ?? [];

describe.each(campaigns)('campaign %s', (_name, raw) => {
  const { clean, spoken, quality } = prepareScript(raw);

  it('speaks with no digits, no markup, no raw abbreviation', () => {
    expect(spoken).not.toMatch(/\d/);
    expect(spoken).not.toMatch(/[#*_|`<>[\]{}\/\\()"“”]/);
    expect(spoken.match(/(?<!\p{L})\p{Lu}{2,}(?!\p{L})/gu)).toBeNull();
    expect(spoken).toBe(spoken.normalize('NFC'));
  });

  it('follows the paragraph convention: one blank line between paragraphs, each ends with punctuation', () => {
    expect(spoken).not.toMatch(/\n{3,}|^\n|\n$/);
    for (const p of spoken.split('\n\n')) {
      expect(p).not.toMatch(/\n/);
      expect(p).toMatch(/[.!?:]$/);
    }
  });

  it('drops header, distribution list, signature and footer', () => {
    for (const text of [clean, spoken]) {
      expect(text).not.toMatch(/N[oơ]i nh[aậ]n|Lưu:|KT\.|TM\.|PHÓ CHỦ TỊCH|Handwritten|Nguyễn Chiến Vương|Hoàng Minh Cường|Sở KH&CN;|VPCP/u);
      expect(text).not.toMatch(/^Số:/mu);
      expect(text).not.toMatch(/ngày 30 tháng 3 năm 2026\n/u);
    }
    expect(clean.split('\n\n')[0]).toMatch(/^KẾ HOẠCH$/u);
  });

  it('keeps every content word: the body from the title to "Nơi nhận" survives cleaning word for word', () => {
    const start = raw.indexOf('KẾ HOẠCH');
    const end = raw.search(/\**N[oơ]i nhận/u);
    const body = raw.slice(start, end).replace(/\[Handwritten[^\]]*\]/g, '');
    expect(words(clean)).toEqual(words(body));
  });

  it('joins hard-wrapped lines: no paragraph starts with a lower-case word', () => {
    for (const p of clean.split('\n\n')) expect(p, p.slice(0, 60)).not.toMatch(/^\p{Ll}/u);
  });

  it('passes the OCR check', () => {
    expect(quality.suspect).toBe(false);
    expect(quality.score).toBeGreaterThan(0.97);
    expect(quality.syllables).toBeGreaterThan(1000);
  });

  it('splits into bulletins of at most five minutes that cover the whole text', () => {
    const bulletins = splitBulletins(clean);
    expect(bulletins.length).toBeGreaterThan(1);
    for (const b of bulletins) {
      expect(b.estimatedSeconds).toBeGreaterThan(0);
      expect(b.estimatedSeconds).toBeLessThanOrEqual(300);
      expect(b.title.length).toBeGreaterThan(3);
    }
    expect(words(bulletins.map((b) => b.text).join('\n\n'))).toEqual(words(clean));
    expect(bulletins[0].title).toMatch(/^Kế hoạch tuyên truyền/u);
  });
});

describe('OCR guard', () => {
  it('flags the OCR-damaged fixture with a coded warning and bad samples', () => {
    const report = checkQuality(cleanText(readFileSync(join(FIXTURES, 'ocr-damaged-plan.txt'), 'utf8')));
    expect(report.suspect).toBe(true);
    expect(report.score).toBeLessThan(0.8);
    expect(report.badSamples).toEqual(expect.arrayContaining(['quyét', 's6', 'ciia']));
    expect(report.warnings[0].code).toBe('LP_ERR_TEXT_SUSPECT');
  });

  it('flags text whose diacritics were all stripped, and a short damaged line', () => {
    const stripped = campaigns[0][1].normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D');
    expect(checkQuality(cleanText(stripped)).suspect).toBe(true);
    expect(checkQuality('Nghi quyét s6 57 ciia Bộ Chính trị x4').suspect).toBe(true);
  });

  it('does not flag clean Vietnamese, numbers or abbreviations', () => {
    const r = checkQuality('Ủy ban nhân dân phường thông báo: ngày 22/12/2024, UBND phường tổ chức họp lúc 7h30 tại hội trường.');
    expect(r).toMatchObject({ suspect: false, score: 1, badSamples: [], warnings: [] });
  });
});

describe('a notice shaped unlike the campaigns (header, Kính gửi, table, signature without "Nơi nhận")', () => {
  const { clean, spoken, quality } = prepareScript(readFileSync(join(FIXTURES, 'unseen-notice.txt'), 'utf8'));

  it('keeps only the content', () => {
    expect(clean.split('\n\n')[0]).toBe('THÔNG BÁO');
    expect(clean).not.toMatch(/ỦY BAN NHÂN DÂN|PHƯỜNG HÒA BÌNH|Số: 15|CỘNG HÒA|Độc lập|ngày 05 tháng 9|Kính gửi|Các tổ dân phố;|Trang 1|CHỦ TỊCH|Đã ký|Trần Văn Nam|Nguồn/u);
    expect(clean).toMatch(/bão số 3 cách đất liền 250 km/u);
    expect(quality.suspect).toBe(false);
  });

  it('reads the table, times, phone and emergency numbers', () => {
    expect(spoken).not.toMatch(/\d|\|/);
    expect(spoken).toContain('Tổ một, một trăm hai mươi, Trường trung học cơ sở Hòa Bình.');
    expect(spoken).toContain('hồi mười ba giờ ngày sáu tháng chín năm hai nghìn không trăm hai mươi lăm');
    expect(spoken).toContain('không hai hai năm, ba tám hai hai, một một bốn hoặc gọi một một bốn');
  });
});
