/**
 * The pure parts of the documents stage: kinds by content, image sizes from headers, page furniture
 * from geometry (scenario tables, the decision for every line in the failure message), the readers'
 * output formats, and the commands as data.
 */
import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ocrCommand, pdfInfoCommand, pdfRasterCommand, pdfTextCommand } from '../../src/documents/commands.js';
import { JOBS } from '../../src/documents/jobs.js';
import { furniture, pagesToText, parsePdfBbox, parseTesseractTsv, type PageLayout } from '../../src/documents/layout.js';
import { parsePdfInfo, pdfFailure, rasterDpi } from '../../src/documents/pdf.js';
import { spawnArgs } from '../../src/documents/run.js';
import { imageFacts, sniffKind } from '../../src/documents/sniff.js';

/** A page 1000 high: each line is [text, where its middle is as a share of the height, block]. */
function page(lines: ReadonlyArray<readonly [string, number, number?]>): PageLayout {
  return { width: 600, height: 1000, lines: lines.map(([text, at, block = 1]) => ({ text, x0: 50, x1: 550, y0: at * 1000 - 6, y1: at * 1000 + 6, block })) };
}

describe('page furniture, from geometry', () => {
  const cases: ReadonlyArray<{ name: string; pages: PageLayout[]; kept: string }> = [
    {
      name: 'a running head and "Trang N/M" feet repeat on every page: dropped; the text stays',
      pages: [
        page([['UBND PHƯỜNG GIA VIÊN — Kế hoạch', 0.03], ['Số: 90/KH-UBND', 0.12], ['Nội dung trang một', 0.5], ['Trang 1/2', 0.97]]),
        page([['UBND PHƯỜNG GIA VIÊN — Kế hoạch', 0.03], ['Nội dung trang hai', 0.5], ['Trang 2/2', 0.97]]),
      ],
      kept: 'Số: 90/KH-UBND\nNội dung trang một\n\nNội dung trang hai',
    },
    {
      name: 'page numbers at the top centre from page 2 on (Decree 30/2020 layout)',
      pages: [page([['Đoạn đầu', 0.2]]), page([['2', 0.04], ['Đoạn hai', 0.2]]), page([['- 3 -', 0.04], ['Đoạn ba', 0.2]])],
      kept: 'Đoạn đầu\n\nĐoạn hai\n\nĐoạn ba',
    },
    {
      name: 'a single page keeps its margin lines: nothing repeats them',
      pages: [page([['THÔNG BÁO KHẨN', 0.05], ['Nội dung', 0.5], ['Người ký: Nguyễn Văn A', 0.95]])],
      kept: 'THÔNG BÁO KHẨN\nNội dung\nNgười ký: Nguyễn Văn A',
    },
    {
      name: 'the same words in the body of two pages are text, not furniture',
      pages: [page([['Đề nghị các hộ gia đình thực hiện.', 0.5]]), page([['Đề nghị các hộ gia đình thực hiện.', 0.5]])],
      kept: 'Đề nghị các hộ gia đình thực hiện.\n\nĐề nghị các hộ gia đình thực hiện.',
    },
    {
      name: 'a margin line repeated at another height is not a running line',
      pages: [page([['Ghi chú', 0.02], ['A', 0.5]]), page([['Ghi chú', 0.09], ['B', 0.5]])],
      kept: 'Ghi chú\nA\n\nGhi chú\nB',
    },
    {
      name: 'a syllable cut at the foot of a page meets its other half once the furniture between is gone',
      pages: [page([['công tác truy-', 0.85], ['Trang 1', 0.96]]), page([['Kế hoạch 57', 0.03], ['ền thông của phường', 0.12]]), page([['Kế hoạch 57', 0.03], ['hết', 0.2]])],
      kept: 'công tác truy-\n\nền thông của phường\n\nhết',
    },
    {
      name: 'blocks of a page are kept apart by a blank line',
      pages: [page([['Tiêu đề', 0.2, 1], ['Dòng một', 0.3, 2], ['dòng hai', 0.32, 2]])],
      kept: 'Tiêu đề\n\nDòng một\ndòng hai',
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const trace = furniture(c.pages).map((p, i) => p.map((why, j) => `p${i + 1} "${c.pages[i].lines[j].text}" → ${why ?? 'text'}`).join('\n')).join('\n');
      expect(pagesToText(c.pages), trace).toBe(c.kept);
    });
  }
});

describe('the readers\' output', () => {
  it('pdftotext -bbox-layout XHTML: pages, blocks, lines, words (entities decoded, NFC)', () => {
    const xhtml = `<doc><page width="595.9" height="842.9"><flow><block xMin="1" yMin="2" xMax="3" yMax="4">
      <line xMin="90.7" yMin="76.4" xMax="204.7" yMax="91.5"><word xMin="0" yMin="0" xMax="1" yMax="1">Số:</word><word xMin="0" yMin="0" xMax="1" yMax="1">90/KH-UBND</word></line>
      <line xMin="90.7" yMin="99" xMax="300" yMax="114"><word>A&amp;B</word><word>${'Nghị'.normalize('NFD')}</word></line></block>
      <block><line xMin="1" yMin="800" xMax="2" yMax="810"><word>Trang</word><word>1/2</word></line></block></flow></page></doc>`;
    const [p] = parsePdfBbox(xhtml);
    expect(p.width).toBeCloseTo(595.9);
    expect(p.lines.map((l) => [l.text, l.block])).toEqual([['Số: 90/KH-UBND', 1], ['A&B Nghị', 1], ['Trang 1/2', 2]]);
    expect(p.lines[0]).toMatchObject({ x0: 90.7, y0: 76.4, x1: 204.7, y1: 91.5 });
  });

  it('Tesseract TSV: words grouped into lines and paragraphs; specks of no confidence dropped', () => {
    const rows = [
      'level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext',
      '1\t1\t0\t0\t0\t0\t0\t0\t2480\t3508\t-1\t',
      '5\t1\t1\t1\t1\t1\t100\t200\t80\t30\t95.1\tKẾ',
      '5\t1\t1\t1\t1\t2\t190\t200\t150\t30\t94.0\tHOẠCH',
      '5\t1\t1\t1\t1\t3\t900\t205\t5\t5\t3.2\t|',
      '5\t1\t2\t1\t1\t1\t100\t300\t120\t30\t90\tThực',
      '5\t1\t2\t1\t2\t1\t100\t340\t120\t30\t91\thiện',
    ];
    const [p] = parseTesseractTsv(rows.join('\n'));
    expect([p.width, p.height]).toEqual([2480, 3508]);
    expect(p.lines.map((l) => l.text)).toEqual(['KẾ HOẠCH', 'Thực', 'hiện']);
    expect(p.lines[0]).toMatchObject({ x0: 100, y0: 200, x1: 340, y1: 230 });
    expect(new Set(p.lines.map((l) => l.block)).size).toBe(2);
  });

  it('pdfinfo: pages, encryption, page sizes; poppler complaints named', () => {
    const info = parsePdfInfo('Pages:           2\nEncrypted:       yes (print:yes copy:no)\nPage    1 size:  595.92 x 842.88 pts (A4)\nPage    2 size:  14400 x 14400 pts\n');
    expect(info).toEqual({ pages: 2, encrypted: true, sizes: [{ width: 595.92, height: 842.88 }, { width: 14400, height: 14400 }] });
    expect(rasterDpi(info.sizes[0])).toBe(300);
    // A 200-inch page would be 3.6 billion pixels at 300 dpi: the raster stays under 12 million.
    const dpi = rasterDpi(info.sizes[1]);
    expect((200 * dpi) ** 2).toBeLessThanOrEqual(12_000_000);
    expect(pdfFailure('x.pdf', 'Command Line Error: Incorrect password\n').code).toBe('LP_ERR_DOCUMENT_ENCRYPTED');
    expect(pdfFailure('x.pdf', "Syntax Error: Couldn't find trailer dictionary\n").code).toBe('LP_ERR_DOCUMENT_DAMAGED');
  });
});

describe('when a text layer is not trusted', () => {
  const layer = (lines: string[]) => `<doc><page width="595" height="842"><flow><block>${lines.map((l, i) =>
    `<line xMin="70" yMin="${100 + i * 20}" xMax="500" yMax="${112 + i * 20}">${l.split(' ').map((w) => `<word>${w}</word>`).join('')}</line>`).join('')}</block></flow></page></doc>`;
  const cases: ReadonlyArray<[string, string[], boolean]> = [
    ['real Vietnamese text', ['Ủy ban nhân dân phường thông báo lịch tiêm chủng', 'cho trẻ em dưới năm tuổi tại trạm y tế phường.'], true],
    ['legacy TCVN3 text read through the wrong encoding', ['Uû ban nh©n d©n ph­êng th«ng b¸o lÞch tiªm chñng', 'cho trÎ em d­íi n¨m tuæi t¹i tr¹m y tÕ ph­êng.'], false],
    ['a stamp of a few letters on a scanned page', ['Đã ký'], false],
    ['unmapped glyphs', ['\uFFFD\uFFFD\uFFFD \uFFFD\uFFFD \uFFFD\uFFFD\uFFFD\uFFFD thông báo về việc tiêm chủng cho trẻ em'], false],
  ];
  for (const [name, lines, usable] of cases) {
    it(`${name} → ${usable ? 'used' : 'OCR\'d'}`, () => {
      const r = JOBS['pdf-page']({ xhtml: layer(lines) });
      expect(r.usable, JSON.stringify({ letters: r.letters, score: r.score })).toBe(usable);
    });
  }
});

describe('kinds by content', () => {
  const zip = (entry: string) => {
    const name = Buffer.from(entry);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(name.length, 26);
    return Buffer.concat([local, name, deflateRawSync(Buffer.from('x'))]);
  };
  const cases: ReadonlyArray<[string, Buffer, string]> = [
    ['PNG', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]), 'png'],
    ['four bytes of a PNG signature are not a PNG', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 1]), 'text'],
    ['JPEG', Buffer.from([0xff, 0xd8, 0xff, 0xe0]), 'jpeg'],
    ['TIFF little-endian', Buffer.from([0x49, 0x49, 0x2a, 0x00]), 'tiff'],
    ['TIFF big-endian', Buffer.from([0x4d, 0x4d, 0x00, 0x2a]), 'tiff'],
    ['PDF', Buffer.from('%PDF-1.7\n%âãÏÓ\n'), 'pdf'],
    ['PDF after junk (allowed by the format)', Buffer.concat([Buffer.alloc(300, 0x20), Buffer.from('%PDF-1.4\n')]), 'pdf'],
    ['a Word file, whatever its name', zip('word/document.xml'), 'docx'],
    ['a zip that is no Word file', zip('anh.png'), 'zip'],
    ['Word 97–2003', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), 'doc'],
    ['an iPhone photo', Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypheic')]), 'heic'],
    ['Vietnamese text', Buffer.from('Thông báo của phường'), 'text'],
  ];
  for (const [name, bytes, kind] of cases) it(name, () => expect(sniffKind(bytes)).toBe(kind));

  it('image sizes are read from the header, before any decoder', () => {
    const png = Buffer.alloc(33);
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(png);
    png.write('IHDR', 12, 'latin1');
    png.writeUInt32BE(9000, 16);
    png.writeUInt32BE(6700, 20);
    expect(imageFacts('png', png)).toEqual({ width: 9000, height: 6700, pages: 1, orientation: 1 });
    // JPEG: an APP0 segment, then the frame header (SOF0) with height and width.
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x04, 0x4a, 0x46, 0xff, 0xc0, 0x00, 0x11, 0x08, 0x0b, 0xb8, 0x0f, 0xa0, 0x03, 0, 0, 0, 0]);
    expect(imageFacts('jpeg', jpeg)).toEqual({ width: 4000, height: 3000, pages: 1, orientation: 1 });
    // TIFF: two pages chained; the larger one counts.
    const tiff = Buffer.alloc(80);
    tiff.write('II', 0, 'latin1');
    tiff.writeUInt16LE(42, 2);
    tiff.writeUInt32LE(8, 4);
    const ifd = (at: number, w: number, h: number, next: number) => {
      tiff.writeUInt16LE(2, at);
      [[256, w], [257, h]].forEach(([tag, v], i) => {
        tiff.writeUInt16LE(tag, at + 2 + i * 12);
        tiff.writeUInt16LE(4, at + 4 + i * 12);
        tiff.writeUInt32LE(1, at + 6 + i * 12);
        tiff.writeUInt32LE(v, at + 10 + i * 12);
      });
      tiff.writeUInt32LE(next, at + 26);
    };
    ifd(8, 2480, 3508, 40);
    ifd(40, 1000, 1000, 8); // points back at the first: a loop ends the chain
    expect(imageFacts('tiff', tiff)).toEqual({ width: 2480, height: 3508, pages: 2, orientation: 1 });
    expect(imageFacts('jpeg', Buffer.from([0xff, 0xd8, 0xff]))).toBeNull();
  });
});

describe('commands as data', () => {
  it('poppler and Tesseract argument arrays, each with its limits', () => {
    expect(pdfInfoCommand('/t/a.pdf', 31).args).toEqual(['-f', '1', '-l', '31', '/t/a.pdf']);
    expect(pdfTextCommand('/t/a.pdf', 3).args).toEqual(['-bbox-layout', '-enc', 'UTF-8', '-f', '3', '-l', '3', '/t/a.pdf', '-']);
    expect(pdfRasterCommand('/t/a.pdf', 2, 300, '/t/p2').args).toEqual(['-r', '300', '-gray', '-png', '-f', '2', '-l', '2', '-singlefile', '/t/a.pdf', '/t/p2']);
    const ocr = ocrCommand('/t/p2.png', { lang: 'vie', dpi: 300 });
    expect(ocr.args).toEqual(['/t/p2.png', 'stdout', '-l', 'vie', '--psm', '3', '--dpi', '300', 'tsv']);
    expect(ocrCommand('/t/anh.jpg', { lang: 'vie', layout: 'block' }).args).toEqual(['/t/anh.jpg', 'stdout', '-l', 'vie', '--psm', '6', 'tsv']);
    expect(ocr.env).toEqual({ OMP_THREAD_LIMIT: '1' });
    expect(ocr.debianPackage).toBe('tesseract-ocr tesseract-ocr-vie');
    for (const c of [pdfInfoCommand('a', 1), pdfTextCommand('a', 1), pdfRasterCommand('a', 1, 300, 'b'), ocr]) {
      expect(c.timeoutMs).toBeGreaterThan(0);
      expect(c.maxOutputBytes).toBeGreaterThan(0);
      expect(c.limits.memoryBytes).toBeGreaterThan(0);
    }
  });

  it('runs each tool under prlimit with its kernel limits', () => {
    const cmd = pdfTextCommand('/t/a.pdf', 1);
    expect(spawnArgs(cmd, true)).toEqual({
      file: '/usr/bin/prlimit',
      args: [`--as=${cmd.limits.memoryBytes}`, `--cpu=${cmd.limits.cpuSeconds}`, `--fsize=${cmd.limits.fileBytes}`, '--', 'pdftotext', ...cmd.args],
    });
    expect(spawnArgs(cmd, false)).toEqual({ file: 'pdftotext', args: cmd.args });
  });
});
