import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkQuality, cleanText, prepareScript, splitBulletins, toSpokenForm } from '../../src/text/index.js';

// Plans of kinds the shared campaigns do not cover, written for these tests in the usual
// administrative style: a ward notice (storm, power cut, vaccination), a Quyết định with articles,
// a Công văn with "V/v" and "Kính gửi", a Markdown plan with a table and nested bullets, a PDF export
// (NFD, page numbers, running heads, form feeds, hyphenated breaks) and an OCR-damaged notice.
const DIR = new URL('./fixtures/unseen/', import.meta.url).pathname;
const read = (f: string) => readFileSync(DIR + f, 'utf8');
const words = (s: string) => s.normalize('NFC').match(/\p{L}+/gu) ?? [];

interface Case {
  file: string;
  /** Lines of the body (title → "Nơi nhận") that are rightly dropped: running heads, table labels. */
  dropped: string[];
  /** Text that must be gone from the clean text: header, addressees, signature, artefacts. */
  gone: RegExp;
  /** Fragments that must be read exactly so. */
  spoken: string[];
}

const CASES: Case[] = [
  {
    file: 'thong-bao-bao.txt',
    dropped: [],
    gone: /ỦY BAN NHÂN DÂN\n|PHƯỜNG ĐÔNG HẢI|Số: 128|CỘNG HÒA|Độc lập|ngày 04 tháng 9|Nơi nhận|Lưu|TM\.|KT\.|PHÓ CHỦ TỊCH|Đã ký|Phạm Thị Hồng Nhung/u,
    spoken: [
      'hồi mười bốn giờ ngày năm tháng chín năm hai nghìn không trăm hai mươi sáu',
      'mạnh cấp mười đến mười một, tám mươi chín đến một trăm mười bảy ki lô mét một giờ, giật cấp mười ba',
      'lượng mưa phổ biến một trăm năm mươi đến hai trăm mi li mét, có nơi trên ba trăm mi li mét',
      'nhiệt độ giảm còn hai mươi tư đến hai mươi sáu độ xê',
      'Một. Các tổ dân phố rà soát, lập danh sách một nghìn hai trăm năm mươi hộ dân',
      'trực hai mươi tư trên hai mươi tư giờ',
      'Chuẩn bị năm trăm ki lô gam gạo, hai tấn nước sạch và ba mươi mét khối cát',
      'trên không phẩy năm mét',
      'Hộ kinh doanh, hợp tác xã neo buộc',
      'từ bảy giờ ba mươi phút đến mười một giờ ba mươi phút',
      'kéo dài mười đến mười lăm ngày',
      'vào thứ hai và thứ tư hằng tuần',
      'thẻ bảo hiểm y tế của trẻ; tỷ lệ tiêm đủ mũi năm nay đạt tám mươi lăm phẩy năm phần trăm',
      'Thực hiện Công điện số năm, công điện ban chỉ đạo ngày ba tháng chín',
      'điện thoại không hai hai năm, ba tám bốn hai, một một bảy; đường dây nóng Điện lực một chín không không, sáu năm chín năm; cấp cứu gọi một một năm',
      // Unmarked syllables written together are said apart ("dong hai"), so the voice does not guess one word.
      'tại dong hai chấm hai phong chấm gốp chấm vê en hoặc gửi thư điện tử về u bê en nờ dê chấm dong hai a còng hai phong chấm gốp chấm vê en.',
      'Phần bốn. Lịch tiêm chủng.',
    ],
  },
  {
    file: 'quyet-dinh.txt',
    dropped: [],
    gone: /^PHƯỜNG AN BIÊN$|Số: 215|CỘNG HÒA|Độc lập|ngày 12 tháng 3|Nơi nhận|Như Điều 3|Lưu|Ký tên|Lê Văn Thành$/mu,
    spoken: [
      'Căn cứ Luật Tổ chức chính quyền địa phương số bảy mươi bảy năm hai nghìn không trăm mười lăm, quốc hội mười ba ngày mười chín tháng sáu năm hai nghìn không trăm mười lăm.',
      'Căn cứ Nghị định số chín mươi tám năm hai nghìn không trăm hai mươi ba, nghị định chính phủ ngày ba mươi mốt tháng mười hai',
      'Điều một. Thành lập Ban Chỉ đạo thực hiện Chương trình xây dựng nông thôn mới kiểu mẫu',
      'giai đoạn hai nghìn không trăm hai mươi lăm đến hai nghìn không trăm ba mươi, sau đây gọi tắt là ban chỉ đạo',
      'Ba. Ông Đỗ Quang Huy, Chủ tịch ủy ban mặt trận tổ quốc phường',
      'phát triển kinh tế, xã hội, bảo đảm quốc phòng, an ninh trên địa bàn',
      'chín mươi lăm triệu đồng mỗi người mỗi năm',
      'bảo hiểm xã hội đạt bốn mươi lăm phần trăm, bảo hiểm y tế đạt chín mươi lăm phẩy năm phần trăm',
      'hai phẩy năm tỷ đồng cho ba công trình',
      'khoảng hai trăm năm mươi mét vuông',
      'Phòng giáo dục và đào tạo xây dựng trường trung học cơ sở, trung học phổ thông',
      'Điều ba. Quyết định này có hiệu lực kể từ ngày ký.',
    ],
  },
  {
    file: 'cong-van.txt',
    dropped: ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc', 'Tân Lập, ngày 15 tháng 01 năm 2026', 'Kính gửi:', '- Công an phường;', '- Trạm Y tế phường;', '- Trường Tiểu học, THCS Tân Lập;', '- Bí thư chi bộ, Tổ trưởng các TDP.'],
    gone: /PHƯỜNG TÂN LẬP|Số: 342|CỘNG HÒA|Độc lập|ngày 15 tháng 01|Kính gửi|Tiểu học, THCS Tân Lập|Nơi nhận|Lưu|TM\.|Nguyễn Đức Long/u,
    spoken: [
      'Về việc: tăng cường công tác bảo đảm an toàn thực phẩm và phòng cháy chữa cháy dịp Tết Nguyên đán Bính Ngọ hai nghìn không trăm hai mươi sáu.',
      'Kế hoạch số mười tám, kế hoạch ban chỉ đạo ngày tám tháng một năm hai nghìn không trăm hai mươi sáu',
      'kiểm tra một trăm phần trăm cơ sở',
      'mức phạt từ một triệu hai trăm năm mươi nghìn đồng đến năm triệu đồng',
      'ứng dụng vê en e ai đi, sử dụng căn cước công dân gắn chíp',
      'từ ngày hai mươi tháng một đến ngày mười tháng hai năm hai nghìn không trăm hai mươi sáu, mỗi đợt mười đến mười lăm ngày',
      'vào sáu giờ ba mươi phút và mười bảy giờ hằng ngày',
      'phong trào chuyển đổi số bốn chấm không',
      'trước ngày hai mươi lăm tháng một năm hai nghìn không trăm hai mươi sáu',
    ],
  },
  {
    file: 'ke-hoach-markdown.md',
    dropped: ['| STT | Nội dung | Đơn vị chủ trì | Thời gian |'],
    gone: /ĐẢNG ỦY PHƯỜNG|BAN CHỈ ĐẠO CHUYỂN|Số: 07|ngày 02 tháng 4|STT|Nơi nhận|Lưu|T\/M|TRƯỞNG BAN|Trần Quốc Bảo|\*|\||#|>/u,
    spoken: [
      'Phần một. Mục đích, yêu cầu.\n\nMột. Mục đích.\n\nPhổ cập kỹ năng số cơ bản cho ít nhất tám mươi phần trăm người dân từ mười lăm tuổi trở lên.\n\nƯu tiên hộ nghèo',
      'Gắn với cấp căn cước công dân và tài khoản định danh mức độ hai trên vê en e ai đi.',
      'Một, Mở mười hai lớp tập huấn kỹ năng số tại các tổ dân phố, Đoàn Thanh niên, Tháng tư đến tháng sáu năm hai nghìn không trăm hai mươi sáu.',
      'Hai, Hỗ trợ một nghìn năm trăm hộ thanh toán không dùng tiền mặt, Bưu điện phường, ngày mười lăm tháng năm năm hai nghìn không trăm hai mươi sáu.',
      'Lắp hai mươi ca mê ra an ninh, kinh phí một phẩy hai tỷ đồng, Công an phường, Quý ba năm hai nghìn không trăm hai mươi sáu.',
      'Ngân sách phường: ba trăm năm mươi triệu đồng.',
      'Mỗi học viên được hỗ trợ năm mươi nghìn đồng mỗi buổi.',
      'i meo: van phong a còng hung dao chấm gốp chấm vê en.',
      'số điện thoại không chín một hai, ba bốn năm, sáu bảy tám.',
    ],
  },
  {
    file: 'pdf-export-nfd.txt',
    dropped: ['UBND PHƯỜNG LÊ LỢI – Kế hoạch phòng chống dịch sốt xuất huyết năm 2026', 'Trang 1/3', 'Trang 3/3'],
    gone: /LÊ LỢI|Lê Lợi|Trang|Số: 45|CỘNG HÒA|Độc lập|Nơi nhận|Lưu|KT\.|Hoàng Văn Dũng|-\s|\f|\n2\n/u,
    spoken: [
      'có nhiều vật dụng chứa nước đọng. Nhiệt độ trung bình ba mươi hai độ xê',
      'Hai. Trên chín mươi phần trăm hộ gia đình được tuyên truyền, hướng dẫn diệt lăng quăng',
      'ít nhất một lần mỗi tuần',
      'vào sáng thứ bảy hằng tuần, bắt đầu từ sáu giờ ba mươi phút ngày hai mươi ba tháng năm',
      'khoảng bốn mươi lăm nghìn mét vuông, kinh phí dự kiến một trăm tám mươi triệu đồng.',
      'sốt cao liên tục hai đến bảy ngày',
      'Phần bốn. Tổ chức thực hiện.',
    ],
  },
];

/** The body a listener must hear: from the title to "Nơi nhận", minus the rightly dropped lines. */
function body(raw: string, dropped: string[]): string {
  let text = raw.normalize('NFC').replace(/\f/g, '\n');
  const start = text.search(/^(?:#\s*)?(?:THÔNG BÁO|QUYẾT ĐỊNH|KẾ HOẠCH|V\/v)/mu);
  text = text.slice(start, text.search(/\**Nơi nhận/u));
  const lines = text.split('\n').filter((l) => !dropped.includes(l.trim()) && !/^\s*(?:Trang \d+\/\d+|\d+)\s*$/.test(l));
  // A syllable cut by the PDF's hyphenation is one word.
  return lines.join('\n').replace(/(\p{Ll})-\n(\p{Ll})/gu, '$1$2').replace(/[|*#>]/g, ' ');
}

describe.each(CASES)('unseen plan $file', ({ file, dropped, gone, spoken: fragments }) => {
  const raw = read(file);
  const { clean, spoken, quality } = prepareScript(raw);

  it('speaks with no digits, no markup, no raw abbreviation, in NFC', () => {
    expect(spoken).not.toMatch(/\d/);
    expect(spoken).not.toMatch(/[#*_|`<>[\]{}/\\()"“”@&%°²³+=~^]/);
    expect(spoken.match(/(?<!\p{L})\p{Lu}{2,}(?!\p{L})/gu)).toBeNull();
    expect(clean).toBe(clean.normalize('NFC'));
    expect(spoken).toBe(spoken.normalize('NFC'));
    expect(spoken).not.toMatch(/\n{3,}|^\n|\n$/);
  });

  it('drops header, addressees, distribution list, signature and page artefacts', () => {
    expect(clean).not.toMatch(gone);
    expect(spoken).not.toMatch(gone);
  });

  it('keeps every content word of the body, in order', () => {
    expect(words(clean)).toEqual(words(body(raw, dropped)));
  });

  it('reads numbers, dates, times, units, codes and abbreviations as an announcer would', () => {
    for (const f of fragments) expect(spoken).toContain(f);
  });

  it('passes the OCR check', () => {
    expect(quality).toMatchObject({ suspect: false, badSamples: [] });
    expect(quality.syllables).toBeGreaterThan(150);
  });

  it('is idempotent', () => {
    expect(cleanText(clean)).toBe(clean);
    expect(toSpokenForm(spoken)).toBe(spoken);
  });
});

describe('unseen OCR-damaged notice', () => {
  it('is flagged with the coded warning and the damaged words as samples', () => {
    const report = checkQuality(cleanText(read('ocr-thong-bao.txt')));
    expect(report.suspect).toBe(true);
    expect(report.score).toBeLessThan(0.7);
    expect(report.badSamples).toEqual(expect.arrayContaining(['t6', 'chirc', 's6i']));
    expect(report.warnings[0].code).toBe('LP_ERR_TEXT_SUSPECT');
    expect(checkQuality('nguòi dan mang theo s6 tiém chung ciia tré').suspect).toBe(true);
  });
});

describe('OCR guard on other shapes of text', () => {
  const strip = (x: string) => x.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D');
  const heading = 'KẾ HOẠCH TUYÊN TRUYỀN NGHỊ QUYẾT SỐ 57 CỦA BỘ CHÍNH TRỊ VỀ ĐỘT PHÁ PHÁT TRIỂN KHOA HỌC CÔNG NGHỆ ĐỔI MỚI SÁNG TẠO VÀ CHUYỂN ĐỔI SỐ QUỐC GIA';

  it('a text in capitals is checked too: stripped capitals are flagged, real ones pass', () => {
    expect(checkQuality(strip(heading)).suspect).toBe(true);
    expect(checkQuality(heading)).toMatchObject({ suspect: false, score: 1 });
  });

  it('a plan with every third line stripped of its marks is flagged', () => {
    const plan = read('quyet-dinh.txt').split('\n').map((l, i) => (i % 3 === 0 ? strip(l) : l)).join('\n');
    expect(checkQuality(cleanText(plan)).suspect).toBe(true);
  });

  it('foreign names inside a sentence and common loanwords do not make clean text suspect', () => {
    const r = checkQuality('Đoàn công tác gồm ông John Smith, bà Maria, tổ chức UNICEF và WHO tài trợ vaccine, vitamin A cho trẻ em tại Trạm Y tế phường.');
    expect(r.suspect).toBe(false);
  });
});

describe('abbreviations and unknown capitals', () => {
  it.each([
    ['BCĐ', 'ban chỉ đạo'], ['ATTP', 'an toàn thực phẩm'], ['PCCC', 'phòng cháy chữa cháy'], ['BHYT', 'bảo hiểm y tế'],
    ['BHXH', 'bảo hiểm xã hội'], ['THCS', 'trung học cơ sở'], ['THPT', 'trung học phổ thông'], ['UBMTTQ', 'ủy ban mặt trận tổ quốc'],
    ['TDP', 'tổ dân phố'], ['KT-XH', 'kinh tế, xã hội'], ['QP-AN', 'quốc phòng, an ninh'], ['GDĐT', 'giáo dục và đào tạo'],
    ['NTM', 'nông thôn mới'], ['HTX', 'hợp tác xã'], ['CCCD', 'căn cước công dân'], ['VNeID', 'vê en e ai đi'], ['SĐT', 'số điện thoại'],
  ])('%s → %s', (abbr, said) => {
    expect(toSpokenForm(`Báo cáo ${abbr} phường`)).toBe(`Báo cáo ${said} phường.`);
  });

  it('reads an unknown all-caps token letter by letter with Vietnamese letter names, never raw', () => {
    expect(toSpokenForm('Ban QXZ phường')).toBe('Ban quy ích dét phường.');
    expect(toSpokenForm('Đội KQĐW làm nhiệm vụ')).toBe('Đội ca quy đê vê kép làm nhiệm vụ.');
    // In a document code, an unknown part of letters is left out, as announcers do; one with digits is spelled.
    expect(toSpokenForm('Văn bản số 12/TB-QXZ')).toBe('Văn bản số mười hai.');
    expect(toSpokenForm('Văn bản số 15-KH/T7')).toBe('Văn bản số mười lăm, kế hoạch tê bảy.');
    expect(toSpokenForm('Văn bản số 12/TB-BQLKV')).toBe('Văn bản số mười hai.');
  });

  it('titles and forms of address; short mixed-case abbreviations are spelled, long names read as words', () => {
    expect(toSpokenForm('Đ/c Nguyễn Văn A, ThS. Lê B, Tp. Hải Phòng')).toBe('Đồng chí Nguyễn Văn A, thạc sĩ Lê bê, thành phố Hải Phòng.');
    expect(toSpokenForm('tài khoản eKYC trên YouTube')).toBe('Tài khoản e ca i xê trên du túp.');
    expect(toSpokenForm('Ban QzX')).toBe('Ban quy dét ích.');
  });

  it('reads web and mail addresses piece by piece', () => {
    expect(toSpokenForm('Xem tại https://www.phuong.gov.vn/tin-tuc.')).toBe('Xem tại vê kép vê kép vê kép chấm phuong chấm gốp chấm vê en gạch chéo tin gạch ngang tuc.');
    expect(toSpokenForm('Gửi về tb2026@abc.vn')).toBe('Gửi về tê bê hai không hai sáu a còng a bê xê chấm vê en.');
  });
});

describe('rules found on unseen plans', () => {
  it.each([
    ['law code with its assembly', 'Luật số 55/2024/QH15;', 'Luật số năm mươi lăm năm hai nghìn không trăm hai mươi tư, quốc hội mười lăm.'],
    ['"giờ 00"', 'Từ 7 giờ 30 đến 11 giờ 00', 'Từ bảy giờ ba mươi phút đến mười một giờ.'],
    ['negative temperature', 'nhiệt độ -2°C đến 35 độ C', 'Nhiệt độ âm hai độ xê đến ba mươi lăm độ xê.'],
    ['amount repeated in words', 'Tổng kinh phí: 1.250.000.000đ (Một tỷ hai trăm năm mươi triệu đồng)', 'Tổng kinh phí: một tỷ hai trăm năm mươi triệu đồng.'],
    ['ratio that is no date', 'kết quả 95/100 điểm, xếp thứ 10/21 xã', 'Kết quả chín mươi lăm trên một trăm điểm, xếp thứ mười trên hai mươi mốt xã.'],
    ['fraction after "tỷ lệ"', 'tỷ lệ 3/4 hộ', 'Tỷ lệ ba phần tư hộ.'],
    ['range of days ending in a date', 'dự kiến ngày 10 - 12/7/2026', 'Dự kiến ngày mười đến ngày mười hai tháng bảy năm hai nghìn không trăm hai mươi sáu.'],
    ['phone with a one-digit group', 'ĐT: 0203.3.456.789', 'Điện thoại: không hai không ba, ba, bốn năm sáu, bảy tám chín.'],
    ['inline list markers', 'a) Tuyên truyền; b) Kiểm tra.', 'Tuyên truyền; Kiểm tra.'],
    ['Roman number after a counter word', 'Giai đoạn I và khóa XV', 'Giai đoạn một và khóa mười lăm.'],
    ['per after an amount', '2,34 triệu/người; 2 m³/s', 'Hai phẩy ba mươi tư triệu mỗi người; hai mét khối mỗi giây.'],
    ['4.0, IoT, 5G, USD', 'CMCN 4.0, IoT, 5G; 2,5 triệu USD', 'Cách mạng công nghiệp bốn chấm không, ai ô ti, năm giê; hai phẩy năm triệu đô la Mỹ.'],
  ])('%s', (_rule, input, said) => {
    expect(toSpokenForm(cleanText(input))).toBe(said);
  });
});

describe('splitting unseen plans', () => {
  it('a decision is cut at its articles; a công văn is titled by its subject; every bulletin fits', () => {
    const qd = splitBulletins(cleanText(read('quyet-dinh.txt')), { maxSeconds: 90 });
    expect(qd.map((b) => b.title.slice(0, 7))).toEqual(['Quyết đ', 'Điều 1.', 'Điều 2.', 'Điều 3.']);
    const cv = splitBulletins(cleanText(read('cong-van.txt')), { maxSeconds: 90 });
    expect(cv[0].title).toMatch(/^Về việc tăng cường công tác bảo đảm ATTP/u);
    expect(cv.slice(1).every((b) => b.title.endsWith('(tiếp)'))).toBe(true);
    for (const f of ['thong-bao-bao.txt', 'ke-hoach-markdown.md', 'pdf-export-nfd.txt']) {
      const clean = cleanText(read(f));
      const bulletins = splitBulletins(clean, { maxSeconds: 90 });
      expect(bulletins.length).toBeGreaterThan(1);
      for (const b of bulletins) expect(b.estimatedSeconds).toBeLessThanOrEqual(90);
      expect(words(bulletins.map((b) => b.text).join(' '))).toEqual(words(clean));
    }
  });
});

describe('never-aired blocks of other shapes', () => {
  it('a Party notice: "Số 12-TB/ĐU" without colon, ĐẢNG CỘNG SẢN VIỆT NAM, T/M without a period', () => {
    const raw = 'HUYỆN ỦY THANH TRÌ\nĐẢNG ỦY XÃ TẢ THANH OAI\n*\nSố 12-TB/ĐU\nĐẢNG CỘNG SẢN VIỆT NAM\nTả Thanh Oai, ngày 3 tháng 2 năm 2026\n\n'
      + 'THÔNG BÁO\nKết luận của Ban Thường vụ Đảng ủy\n\nNgày 02/02/2026, Ban Thường vụ Đảng ủy họp nghe báo cáo tình hình.\n\nT/M ĐẢNG ỦY\nBÍ THƯ\n(đã ký)\nNguyễn Văn Hùng';
    expect(cleanText(raw)).toBe('THÔNG BÁO\n\nKết luận của Ban Thường vụ Đảng ủy\n\nNgày 02/02/2026, Ban Thường vụ Đảng ủy họp nghe báo cáo tình hình.');
  });

  it('recipients under "Kính gửi:" one a line without dashes', () => {
    const raw = 'THÔNG BÁO\n\nKính gửi:\nTrưởng các tổ dân phố;\nChi hội trưởng các chi hội.\n\nỦy ban nhân dân phường thông báo lịch họp.';
    expect(cleanText(raw)).toBe('THÔNG BÁO\n\nỦy ban nhân dân phường thông báo lịch họp.');
    expect(cleanText('THÔNG BÁO\n\nKính gửi: Nhân dân phường.\nPhường tổ chức họp.')).toBe('THÔNG BÁO\n\nPhường tổ chức họp.');
  });

  it('a call signed by an agency in capitals, with the signing date above it', () => {
    const raw = 'LỜI KÊU GỌI\nHưởng ứng Ngày Chủ nhật xanh\n\nMỗi người dân hãy nhặt một mẩu rác.\n\nNgày 10 tháng 3 năm 2026\nỦY BAN MẶT TRẬN TỔ QUỐC VIỆT NAM PHƯỜNG\n';
    expect(cleanText(raw)).toBe('LỜI KÊU GỌI\n\nHưởng ứng Ngày Chủ nhật xanh\n\nMỗi người dân hãy nhặt một mẩu rác.');
  });

  it('the e-office digital-signature stamp, wherever it is printed', () => {
    const stamp = 'Người ký: Nguyễn Văn B\nEmail: vanb@phuong.gov.vn\nCơ quan: UBND phường X\nThời gian ký: 05.09.2026 10:21:33 +07:00';
    const body = 'THÔNG BÁO\n\nPhường tổ chức ra quân vệ sinh môi trường.';
    expect(cleanText(`${stamp}\n\n${body}`)).toBe(body);
    expect(cleanText(`${body}\n\n${stamp}`)).toBe(body);
    // One "Email:" line in the text is content, not a stamp.
    expect(cleanText('Email: vanphong@phuong.gov.vn')).toBe('Email: vanphong@phuong.gov.vn');
  });
});

describe('PDF input (documents engineer, round 3)', () => {
  it('a wrapped line that starts "số 57-NQ/TW." is the middle of a sentence, not the document\'s number line', () => {
    expect(cleanText('Phường tổ chức quán triệt Nghị quyết\nsố 57-NQ/TW.\nNgười dân tham gia đầy đủ.'))
      .toBe('Phường tổ chức quán triệt Nghị quyết số 57-NQ/TW.\n\nNgười dân tham gia đầy đủ.');
    // The number line itself, below the agency, still goes.
    expect(cleanText('ỦY BAN NHÂN DÂN PHƯỜNG AN BIÊN\nSố 57-TB/UBND\nTHÔNG BÁO\n\nPhường tổ chức họp.')).toBe('THÔNG BÁO\n\nPhường tổ chức họp.');
  });

  it('a blank line is a block break: a numbered heading as long as a narrow line stays a heading', () => {
    const raw = ['7. Ủy ban nhân dân phường chỉ đạo các', 'tổ dân phố rà soát các hộ gia đình có', 'người đi làm ăn xa, lập danh sách gửi',
      'về phường trước ngày mười lăm hằng', 'tháng để tổng hợp báo cáo.', '', '8. Đề nghị Mặt trận Tổ quốc phường', '',
      'Tăng cường tuyên truyền trong khu dân', 'cư về phòng chống dịch bệnh.'].join('\n');
    expect(cleanText(raw)).toBe('7. Ủy ban nhân dân phường chỉ đạo các tổ dân phố rà soát các hộ gia đình có người đi làm ăn xa, lập danh sách gửi về phường trước ngày mười lăm hằng tháng để tổng hợp báo cáo.'
      + '\n\n8. Đề nghị Mặt trận Tổ quốc phường\n\nTăng cường tuyên truyền trong khu dân cư về phòng chống dịch bệnh.');
    // Across a blank line, a lower-case start still continues the sentence.
    expect(cleanText('Phường đề nghị các hộ gia đình\n\nthực hiện nghiêm.')).toBe('Phường đề nghị các hộ gia đình thực hiện nghiêm.');
  });
});

describe('PDF page furniture, as a property', () => {
  const SYLLABLES = 'người dân tổ phố phường thực hiện kế hoạch tuyên truyền phòng chống dịch bệnh vệ sinh môi trường nước sạch'.split(' ');
  it('running heads, page numbers and form feeds never reach the text; the body survives word for word', () => {
    const para = fc.array(fc.constantFrom(...SYLLABLES), { minLength: 3, maxLength: 30 }).map((ws) => `${ws.join(' ')}.`);
    fc.assert(fc.property(fc.array(para, { minLength: 2, maxLength: 9 }), fc.integer({ min: 2, max: 4 }), fc.boolean(), (paras, perPage, formFeed) => {
      const pages: string[] = [];
      for (let i = 0; i < paras.length; i += perPage) pages.push(paras.slice(i, i + perPage).join('\n\n'));
      fc.pre(pages.length >= 2);
      const head = 'UBND PHƯỜNG MINH KHAI – Kế hoạch năm 2026';
      const doc = pages.map((p, i) => `${head}\n\n${p}\n\nTrang ${i + 1}/${pages.length}\n`).join(formFeed ? '\f' : '\n');
      const clean = cleanText(doc);
      expect(clean).not.toMatch(/MINH KHAI|Trang|\f/u);
      expect(words(clean)).toEqual(words(paras.join(' ')));
    }), { numRuns: 100 });
  });
});
