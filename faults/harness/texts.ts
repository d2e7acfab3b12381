/**
 * What the cases feed the station: Vietnamese notices of a chosen length (each run's own words, so
 * no render cache serves them), and hostile inputs (a paste of millions of characters, a .docx that
 * unpacks to tens of megabytes of XML).
 */
import { crc32, deflateRawSync } from 'node:zlib';

const SENTENCES = [
  'Ủy ban nhân dân phường thông báo lịch tiêm chủng mở rộng cho trẻ em dưới năm tuổi tại trạm y tế phường.',
  'Đề nghị các hộ gia đình chủ động khơi thông cống rãnh, dọn vệ sinh đường làng ngõ xóm trước mùa mưa bão.',
  'Bà con lưu ý giữ gìn trật tự an toàn giao thông, không tụ tập đông người trên lòng đường vào buổi tối.',
  'Tổ dân phố tổ chức họp bàn kế hoạch xây dựng khu dân cư văn minh tại nhà văn hóa vào sáng chủ nhật.',
  'Các cơ sở kinh doanh thực hiện nghiêm quy định về phòng cháy chữa cháy và an toàn thực phẩm.',
  'Người dân có thể làm thủ tục hành chính trực tuyến trên cổng dịch vụ công mà không cần đến trụ sở.',
  'Đài truyền thanh phường xin cảm ơn bà con đã lắng nghe và chung tay xây dựng quê hương giàu đẹp.',
];
const DIGITS = ['không', 'một', 'hai', 'ba', 'bốn', 'năm', 'sáu', 'bảy', 'tám', 'chín'];

/** A fresh word sequence for this run (content-addressed caches must not serve it). */
export function nonce(): string {
  return String(Date.now() * 1000 + Math.floor(Math.random() * 1000)).slice(-7).split('').map((d) => DIGITS[Number(d)]).join(' ');
}

/**
 * A notice of about `seconds` of speech at espeak-ng's default rate (≈ 2.5 words a second; the
 * chimes around it add a few seconds), as `lines` paragraphs when asked.
 */
export function notice(seconds: number, title = 'Thông báo', opts: { lines?: number } = {}): string {
  const words = Math.max(8, Math.round(seconds * 2.5));
  const out: string[] = [`Mã lượt ${nonce()}.`];
  let count = 4;
  for (let i = 0; count < words || (opts.lines !== undefined && out.length < opts.lines); i++) {
    const s = SENTENCES[i % SENTENCES.length];
    out.push(s);
    count += s.split(' ').length;
    if (opts.lines !== undefined && out.length >= opts.lines) break;
  }
  return `${title.toUpperCase()}\n\n${out.join('\n\n')}\n`;
}

/** `chars` characters of plain Vietnamese paste, paragraphs of a few sentences. */
export function hugePaste(chars: number): string {
  const para = `${SENTENCES.join(' ')}\n\n`;
  return `THÔNG BÁO\n\n${para.repeat(Math.ceil(chars / para.length))}`.slice(0, chars);
}

interface ZipFile {
  readonly name: string;
  readonly data: Buffer;
}

/** A zip of deflated entries (what a .docx is), written by hand: the suite needs no zip tool. */
export function zip(files: readonly ZipFile[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const f of files) {
    const name = Buffer.from(f.name, 'utf8');
    const packed = deflateRawSync(f.data, { level: 9 });
    const crc = crc32(f.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(f.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, packed);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(f.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += local.length + name.length + packed.length;
  }
  const dir = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dir, end]);
}

/**
 * A .docx that is small on the wire and unpacks to `xmlMb` MB of WordprocessingML: every word its
 * own run with full formatting (as a pasted-from-the-web document is), so under a megabyte of text
 * hides in tens of megabytes of markup, under the unpack cap; headings every few paragraphs make
 * it split into many bulletins.
 */
export function docxBomb(xmlMb: number): Buffer {
  const rPr = '<w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:cs="Times New Roman"/><w:b w:val="0"/><w:i w:val="0"/><w:color w:val="000000"/><w:sz w:val="28"/><w:szCs w:val="28"/><w:lang w:val="vi-VN"/></w:rPr>';
  const run = (word: string) => `<w:r>${rPr}<w:t xml:space="preserve">${word} </w:t></w:r>`;
  const paragraphs: string[] = [];
  let size = 0;
  for (let i = 0; size < xmlMb * 1024 * 1024; i++) {
    const text = i % 6 === 0 ? `THÔNG BÁO SỐ ${DIGITS[i % 10].toUpperCase()} ${DIGITS[(i >> 3) % 10].toUpperCase()}` : SENTENCES[i % SENTENCES.length];
    const p = `<w:p>${text.split(' ').map(run).join('')}</w:p>`;
    paragraphs.push(p);
    size += p.length;
  }
  const document = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${paragraphs.join('')}</w:body></w:document>`;
  return zip([
    { name: '[Content_Types].xml', data: Buffer.from('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>') },
    { name: '_rels/.rels', data: Buffer.from('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>') },
    { name: 'word/document.xml', data: Buffer.from(document, 'utf8') },
  ]);
}
