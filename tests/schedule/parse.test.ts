/** Validation: every mistake names the file, the line and column, and says what to write instead. */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { loadSchedules, parseScheduleText, type FileItem } from '../../src/schedule/index.js';

const GOOD = `campaign: Tuyên truyền Nghị quyết 57-NQ/TW
priority: thuong
from: 2026-01-01
until: 2026-12-31
items:
  - bulletin: ban-tin/a.txt
slots:
  - cron: "0 30 6 * * *"
`;

/** Replaces line `n` (1-based) of GOOD, or appends when n is past the end. */
function withLine(n: number, text: string): string {
  const lines = GOOD.trimEnd().split('\n');
  lines[n - 1] = text;
  return `${lines.join('\n')}\n`;
}

interface Case {
  name: string;
  text: string;
  line: number;
  column: number;
  message: RegExp;
  fix?: RegExp;
}

const cases: Case[] = [
  { name: 'unknown priority', text: withLine(2, 'priority: khan cap'), line: 2, column: 11, message: /mức ưu tiên "khan cap" không có/, fix: /khan-cap/ },
  { name: 'misspelt key gets a suggestion', text: withLine(3, 'form: 2026-01-01'), line: 3, column: 1, message: /khóa "form"/, fix: /"from"/ },
  { name: 'impossible date', text: withLine(4, 'until: 2026-02-30'), line: 4, column: 8, message: /ngày "2026-02-30" không hợp lệ/ },
  { name: 'until before from', text: withLine(4, 'until: 2025-12-31'), line: 4, column: 8, message: /sớm hơn from/ },
  { name: 'bad cron names the field', text: withLine(8, '  - cron: "0 61 6 * * *"'), line: 8, column: 11, message: /61 is a invalid expression for minute/, fix: /06:30/ },
  { name: 'cron with too few fields', text: withLine(8, '  - cron: "30 6 *"'), line: 8, column: 11, message: /expected 5 or 6 fields/ },
  { name: 'bad one-off time', text: withLine(8, '  - at: 2026-11-25T25:00'), line: 8, column: 9, message: /thời điểm "2026-11-25T25:00"/ },
  { name: 'slot with both cron and at', text: withLine(8, '  - { cron: "0 0 6 * * *", at: 2026-11-25T06:00 }'), line: 8, column: 5, message: /chỉ được có "cron" hoặc "at"/ },
  { name: 'item with neither bulletin nor audio', text: withLine(6, '  - file: ban-tin/a.txt'), line: 6, column: 5, message: /khóa "file"/ },
  { name: 'audio file given as a bulletin', text: withLine(6, '  - bulletin: ban-tin/a.mp3'), line: 6, column: 15, message: /tệp âm thanh/, fix: /audio: ban-tin\/a\.mp3/ },
  { name: 'unquoted cron star is a YAML alias', text: withLine(8, '  - cron: */5 * * * *'), line: 8, column: 15, message: /cú pháp YAML/, fix: /ngoặc kép/ },
  { name: 'tab indentation', text: GOOD.replace('  - bulletin', '\t- bulletin'), line: 6, column: 1, message: /cú pháp YAML/ },
  { name: 'missing campaign', text: GOOD.replace(/^campaign:.*\n/, ''), line: 1, column: 1, message: /thiếu khóa "campaign"/ },
  { name: 'repeat on a normal schedule', text: `${GOOD}repeat: 3\ninterval: 5\n`, line: 9, column: 1, message: /chỉ dùng cho lịch khẩn cấp/ },
  { name: 'khan-cap repeat without interval', text: `${GOOD.replace('thuong', 'khan-cap')}repeat: 3\n`, line: 9, column: 1, message: /cần "interval"/ },
  { name: 'breakQuietHours only for khan-cap', text: `${GOOD}breakQuietHours: true\n`, line: 9, column: 1, message: /chỉ dùng cho lịch khẩn cấp/ },
  { name: 'bad weekday name', text: `${GOOD}weekdays: [t2, thu-ba]\n`, line: 9, column: 16, message: /"thu-ba" không phải một thứ/ },
  { name: 'bad skip range', text: `${GOOD}skip:\n  - 2026-05-02..2026-05-01\n`, line: 10, column: 5, message: /khoảng ngày/ },
  { name: 'rotate needs from', text: `${GOOD.replace(/^from:.*\n/m, '')}rotate: true\n`, line: 8, column: 1, message: /cần ngày bắt đầu "from"/ },
  { name: 'rotate must be a boolean', text: `${GOOD}rotate: có\n`, line: 9, column: 9, message: /true hoặc false/ },
  { name: 'empty items', text: GOOD.replace('items:\n  - bulletin: ban-tin/a.txt\n', 'items: []\n'), line: 5, column: 8, message: /items rỗng/ },
  { name: 'unknown channel', text: `${GOOD}channels: [chinh, cum-9]\n`, line: 9, column: 19, message: /không có kênh "cum-9"/, fix: /chinh, cum-2/ },
  { name: 'empty file', text: '', line: 1, column: 1, message: /tệp lịch trống/ },
  { name: 'a list instead of a map', text: '- campaign: x\n', line: 1, column: 1, message: /bảng "khóa: giá trị"/ },
  { name: 'a text file as the intro jingle', text: `${GOOD}intro: nhac/mo-dau.txt\n`, line: 9, column: 8, message: /intro "nhac\/mo-dau.txt" không phải tệp âm thanh/, fix: /builtin.*none/ },
  { name: 'an empty bed on an item', text: withLine(6, '  - { bulletin: ban-tin/a.txt, bed: "" }'), line: 6, column: 37, message: /bed \(nhạc nền\) phải là một chuỗi/ },
  { name: 'jingles on a ready-made audio item', text: withLine(6, '  - { audio: nhac/a.mp3, outro: none }'), line: 6, column: 26, message: /không thêm nhạc hiệu hay nhạc nền/, fix: /chỉ dùng cho "bulletin"/ },
];

describe('validation names file, line and column', () => {
  test.each(cases)('$name', (c) => {
    const r = parseScheduleText(c.text, '/lich/thu.yaml', { contentDir: '/noi-dung', checkFiles: false, channels: ['chinh', 'cum-2'] });
    expect(r.schedule).toBeNull();
    const p = r.problems.find((x) => c.message.test(x.message));
    expect(p, JSON.stringify(r.problems, null, 1)).toBeDefined();
    expect({ file: p!.file, line: p!.line, column: p!.column, code: p!.code }).toEqual({ file: '/lich/thu.yaml', line: c.line, column: c.column, code: 'LP_ERR_SCHEDULE_INVALID' });
    expect(p!.fix.length).toBeGreaterThan(5);
    if (c.fix) expect(p!.fix).toMatch(c.fix);
  });

  test('every mistake in a file is reported at once, each on its own line', () => {
    const text = 'campaign: x\npriority: binh-thuong\nitems:\n  - bulletin: a.txt\n    titel: y\nslots:\n  - cron: "0 99 * * * *"\n';
    const r = parseScheduleText(text, '/lich/x.yaml', { contentDir: '/', checkFiles: false });
    expect(r.problems.map((p) => p.line)).toEqual([2, 5, 7]);
  });

  test('a valid file becomes a typed schedule with absolute paths and defaults', () => {
    const r = parseScheduleText(GOOD, '/lich/nq57.yaml', { contentDir: '/noi-dung', checkFiles: false });
    expect(r.problems).toEqual([]);
    expect(r.schedule).toMatchObject({
      id: 'nq57', campaign: 'Tuyên truyền Nghị quyết 57-NQ/TW', priority: 'thuong', from: '2026-01-01', until: '2026-12-31',
      items: [{ kind: 'bulletin', path: '/noi-dung/ban-tin/a.txt', title: 'a' }],
      channels: null, rotate: false, repeat: 1, weekdays: null, skip: [], breaksQuietHours: false,
    });
    expect(r.schedule!.slots[0]).toMatchObject({ kind: 'cron', line: 8 });
  });

  test('intro, outro and bed: schedule level for every bulletin, the item\'s own choice wins, none disables', () => {
    const text = GOOD.replace('  - bulletin: ban-tin/a.txt\n', [
      '  - bulletin: ban-tin/a.txt',
      '  - bulletin: ban-tin/b.txt',
      '    intro: none',
      '    bed: /nhac/nen-rieng.mp3',
      '  - audio: nhac/c.mp3',
      '',
    ].join('\n')) + 'intro: nhac/mo-dau.wav\nbed: builtin\n';
    const r = parseScheduleText(text, '/lich/nq57.yaml', { contentDir: '/noi-dung', checkFiles: false });
    expect(r.problems).toEqual([]);
    const [a, b, c] = r.schedule!.items;
    expect(a).toMatchObject({ intro: '/noi-dung/nhac/mo-dau.wav', bed: 'builtin' });
    expect('outro' in a).toBe(false); // the renderer's default: the built-in chime
    expect(b).toMatchObject({ intro: null, bed: '/nhac/nen-rieng.mp3' });
    // A ready-made audio file airs as it is.
    expect(['intro', 'outro', 'bed'].some((k) => k in c)).toBe(false);
  });

  test('khan-cap breaks quiet hours by default; weekdays and skip ranges are read', () => {
    const text = `${GOOD.replace('thuong', 'khan-cap')}weekdays: [cn, t7, 1]\nskip: [2026-04-30, "2026-09-01..2026-09-02"]\nrepeat: 2\ninterval: 15\n`;
    const s = parseScheduleText(text, '/lich/k.yml', { contentDir: '/', checkFiles: false }).schedule!;
    expect(s).toMatchObject({ id: 'k', breaksQuietHours: true, weekdays: [0, 1, 6], repeat: 2, intervalMinutes: 15 });
    expect(s.skip).toEqual([{ from: '2026-04-30', until: '2026-04-30' }, { from: '2026-09-01', until: '2026-09-02' }]);
  });
});

describe('loading a directory', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'lp-schedule-'));
    mkdirSync(join(root, 'schedules'));
    mkdirSync(join(root, 'ban-tin'));
    writeFileSync(join(root, 'ban-tin', 'a.txt'), 'Kính thưa bà con nhân dân! '.repeat(40));
    writeFileSync(join(root, 'schedules', 'a-tot.yaml'), GOOD);
    writeFileSync(join(root, 'schedules', 'b-thieu-tep.yaml'), GOOD.replace('  - bulletin: ban-tin/a.txt', '  - bulletin: ban-tin/a.txt\n  - audio: nhac/khong-co.mp3'));
    writeFileSync(join(root, 'schedules', 'c-hong.yaml'), 'campaign: [\n');
    writeFileSync(join(root, 'schedules', 'd-nhi-phan.yaml'), Buffer.from([0, 1, 2, 3]));
    writeFileSync(join(root, 'schedules', 'ghi-chu.txt'), 'not a schedule');
  });

  test('a bad file never stops the others; a missing item file is a problem on its line', () => {
    const r = loadSchedules(join(root, 'schedules'), { contentDir: root });
    expect(r.schedules.map((s) => s.id)).toEqual(['a-tot']);
    expect((r.schedules[0].items[0] as FileItem).estimatedSeconds).toBe(Math.round(240 / 2.5) + 8);
    const missing = r.problems.find((p) => p.file.endsWith('b-thieu-tep.yaml'))!;
    expect(missing).toMatchObject({ line: 7, column: 12 });
    expect(missing.message).toContain('nhac/khong-co.mp3');
    expect(r.problems.some((p) => p.file.endsWith('c-hong.yaml'))).toBe(true);
    expect(r.problems.find((p) => p.file.endsWith('d-nhi-phan.yaml'))!.message).toContain('không phải văn bản');
  });

  test('a missing jingle or bed file is a problem on its own line', () => {
    writeFileSync(join(root, 'schedules', 'e-nhac.yaml'), `${GOOD.replace('  - bulletin: ban-tin/a.txt', '  - bulletin: ban-tin/a.txt\n    bed: nhac/khong-co-nen.mp3')}outro: nhac/khong-co-ket.wav\n`);
    try {
      const r = loadSchedules(join(root, 'schedules'), { contentDir: root });
      const problems = r.problems.filter((p) => p.file.endsWith('e-nhac.yaml')).sort((x, y) => x.line - y.line);
      expect(problems.map((p) => [p.line, p.column])).toEqual([[7, 10], [10, 8]]);
      expect(problems[0].message).toContain('nhạc nền "nhac/khong-co-nen.mp3"');
      expect(problems[1].message).toContain('nhạc hiệu kết thúc "nhac/khong-co-ket.wav"');
      expect(r.schedules.map((s) => s.id)).toEqual(['a-tot']);
    } finally {
      rmSync(join(root, 'schedules', 'e-nhac.yaml'));
    }
  });

  test('a missing directory is one coded error', () => {
    expect(() => loadSchedules(join(root, 'khong-co'), { contentDir: root })).toThrow(expect.objectContaining({ code: 'LP_ERR_SCHEDULE_NOT_FOUND' }));
  });

  test('the shipped sample schedule (issue 2) is valid and rotates four bulletins at 06:30 and 17:00', () => {
    const repo = join(import.meta.dirname, '..', '..');
    const file = join(repo, 'schedules', 'nq57-gia-vien.yaml');
    const r = parseScheduleText(readFileSync(file, 'utf8'), file, { contentDir: repo });
    expect(r.problems).toEqual([]);
    const s = r.schedule!;
    expect(s).toMatchObject({ campaign: 'Tuyên truyền Nghị quyết 57-NQ/TW', priority: 'thuong', from: '2026-01-01', until: '2026-12-31', rotate: true });
    expect(s.slots.map((x) => (x.kind === 'cron' ? x.cron.expression : x.at))).toEqual(['0 30 6 * * *', '0 0 17 * * *']);
    expect(s.items.length).toBeGreaterThanOrEqual(3);
    for (const it of s.items as FileItem[]) expect(it.estimatedSeconds!).toBeGreaterThanOrEqual(60), expect(it.estimatedSeconds!).toBeLessThanOrEqual(180);
  });
});
