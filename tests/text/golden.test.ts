import { describe, expect, it } from 'vitest';
import { cleanText, readInteger, toSpokenForm } from '../../src/text/index.js';

const speak = (s: string, dialect?: 'bac' | 'nam') => toSpokenForm(cleanText(s), { dialect });

// Fragments taken from the three shared campaigns (gia-vien, hai-phong, kinh-mon), plus the
// announcer conventions of issue 3. Input → exactly what the voice reads.
const GOLDEN: [rule: string, input: string, spoken: string][] = [
  ['code NQ/TW + date (gia-vien title)', 'Tuyên truyền Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị',
    'Tuyên truyền Nghị quyết số năm mươi bảy, nghị quyết trung ương ngày hai mươi hai tháng mười hai năm hai nghìn không trăm hai mươi tư của Bộ Chính trị.'],
  ['code QĐ-TTg + date (hai-phong)', 'Thực hiện Quyết định số 1169/QĐ-TTg ngày 16/6/2025 của Thủ tướng Chính phủ',
    'Thực hiện Quyết định số một nghìn một trăm sáu mươi chín, quyết định thủ tướng ngày mười sáu tháng sáu năm hai nghìn không trăm hai mươi lăm của Thủ tướng Chính phủ.'],
  ['code KH-UBND, date with leading zero (gia-vien)', 'Kế hoạch số 67/KH-UBND ngày 27/02/2026 của UBND thành phố Hải Phòng',
    'Kế hoạch số sáu mươi bảy, kế hoạch ủy ban nhân dân ngày hai mươi bảy tháng hai năm hai nghìn không trăm hai mươi sáu của ủy ban nhân dân thành phố Hải Phòng.'],
  ['code KH/BCĐTW (kinh-mon)', 'Kế hoạch số 02-KH/BCĐTW ngày 19/6/2025 của Ban Chỉ đạo Trung ương',
    'Kế hoạch số hai, kế hoạch ban chỉ đạo trung ương ngày mười chín tháng sáu năm hai nghìn không trăm hai mươi lăm của Ban Chỉ đạo Trung ương.'],
  ['code NQ-CP, date 09/01 (kinh-mon)', 'Nghị quyết số 03/NQ-CP ngày 09/01/2025 của Chính phủ',
    'Nghị quyết số ba, nghị quyết chính phủ ngày chín tháng một năm hai nghìn không trăm hai mươi lăm của Chính phủ.'],
  ['code typo without hyphen (kinh-mon)', 'về thực hiện Nghị quyết số 57NQ/TW.', 'Về thực hiện Nghị quyết số năm mươi bảy, nghị quyết trung ương.'],
  ['code with stray space (kinh-mon)', 'phổ biến Nghị quyết số 57/NQ- TW, các văn bản', 'Phổ biến Nghị quyết số năm mươi bảy, nghị quyết trung ương, các văn bản.'],
  ['code cut by a hard wrap (kinh-mon)', '1.1. Tuyên truyền làm rõ quan điểm chỉ đạo của Nghị quyết số 57-\n\nNQ/TW \n\nPhát triển khoa học',
    'Tuyên truyền làm rõ quan điểm chỉ đạo của Nghị quyết số năm mươi bảy, nghị quyết trung ương.\n\nPhát triển khoa học.'],
  ['code with year part', 'theo Thông tư 39/2020/TT-BTTTT', 'Theo Thông tư ba mươi chín năm hai nghìn không trăm hai mươi, thông tư bộ thông tin và truyền thông.'],
  ['date written out (kinh-mon)', 'Số 06-KH/ĐU ngày 28 tháng 7 năm 2025', 'Số sáu, kế hoạch đảng ủy ngày hai mươi tám tháng bảy năm hai nghìn không trăm hai mươi lăm.'],
  ['date 08/8/2025', 'ngày 08/8/2025', 'Ngày tám tháng tám năm hai nghìn không trăm hai mươi lăm.'],
  ['day/month 30/4', 'Chào mừng 30/4 và 2/9', 'Chào mừng ngày ba mươi tháng tư và ngày hai tháng chín.'],
  ['month/year 3/2026', 'từ tháng 3/2026', 'Từ tháng ba năm hai nghìn không trăm hai mươi sáu.'],
  ['month/year without "tháng"', 'trong 3/2026', 'Trong tháng ba năm hai nghìn không trăm hai mươi sáu.'],
  ['month 4 is tư', 'trong tháng 4 năm nay', 'Trong tháng tư năm nay.'],
  ['year range reads "đến"', 'giai đoạn 2025 - 2030', 'Giai đoạn hai nghìn không trăm hai mươi lăm đến hai nghìn không trăm ba mươi.'],
  ['year (gia-vien)', 'chuyển đổi số quốc gia đến năm 2030.', 'Chuyển đổi số quốc gia đến năm hai nghìn không trăm ba mươi.'],
  ['times', 'phát lúc 6h30 và 17h00, họp lúc 7:30', 'Phát lúc sáu giờ ba mươi phút và mười bảy giờ, họp lúc bảy giờ ba mươi phút.'],
  ['mốt, tư, lăm, mười lăm, linh', '21 xã, 24 thôn, 25 tổ, 15 hộ, 105 người', 'Hai mươi mốt xã, hai mươi tư thôn, hai mươi lăm tổ, mười lăm hộ, một trăm linh năm người.'],
  ['thousands dot, decimal comma, percent', '1.250 hộ, đạt 3,5%, tăng 24%', 'Một nghìn hai trăm năm mươi hộ, đạt ba phẩy năm phần trăm, tăng hai mươi tư phần trăm.'],
  ['currency', 'mức hỗ trợ 500.000đ/người, tổng 1,5 tỷ đồng', 'Mức hỗ trợ năm trăm nghìn đồng mỗi người, tổng một phẩy năm tỷ đồng.'],
  ['units', 'tuyến đường dài 12 km, diện tích 3,5 ha', 'Tuyến đường dài mười hai ki lô mét, diện tích ba phẩy năm héc ta.'],
  ['phone digit by digit', 'Liên hệ 0912.345.678 hoặc gọi 114', 'Liên hệ không chín một hai, ba bốn năm, sáu bảy tám hoặc gọi một một bốn.'],
  ['ordinals', 'lần thứ 3, hạng 1', 'Lần thứ ba, hạng nhất.'],
  ['Roman heading, capitals (gia-vien)', 'I. MỤC ĐÍCH, YÊU CẦU', 'Phần một. Mục đích, yêu cầu.'],
  ['Roman heading in Markdown (hai-phong)', '## **II. NỘI DUNG VÀ HÌNH THỨC TUYÊN TRUYỀN**', 'Phần hai. Nội dung và hình thức tuyên truyền.'],
  ['numbered heading (gia-vien)', '1. Mục đích', 'Một. Mục đích.'],
  ['sub-level marker dropped (gia-vien)', '1.4. Chính sách hỗ trợ và cơ hội tham gia', 'Chính sách hỗ trợ và cơ hội tham gia.'],
  ['Markdown sub-heading (hai-phong)', '#### 2.1. Tuyên truyền qua báo chí:', 'Tuyên truyền qua báo chí:'],
  ['list markers a) 1.) and dash', 'a) Tổ dân phố\n\n2.) Công an phường\n\n- Người dân: Tiếp cận dịch vụ công', 'Tổ dân phố.\n\nHai. Công an phường.\n\nNgười dân: Tiếp cận dịch vụ công.'],
  ['abbreviations (hai-phong)', 'đột phá phát triển KHCN, ĐMST và CĐS quốc gia', 'Đột phá phát triển khoa học công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia.'],
  ['abbreviation defined in brackets (hai-phong)', 'khoa học, công nghệ (KHCN), đổi mới sáng tạo (ĐMST)', 'Khoa học, công nghệ, đổi mới sáng tạo.'],
  ['HĐND, MTTQVN (gia-vien)', 'trụ sở Đảng ủy - HĐND - Ủy ban MTTQVN phường', 'Trụ sở Đảng ủy, hội đồng nhân dân, Ủy ban mặt trận tổ quốc Việt Nam phường.'],
  ['hyphenated body and &', 'Sở VH-TT-DL và Sở KH&CN', 'Sở văn hóa, thể thao và du lịch và Sở khoa học và công nghệ.'],
  ['slash between words (hai-phong)', 'trên các Trang/Cổng Thông tin điện tử', 'Trên các Trang hoặc Cổng Thông tin điện tử.'],
  ['dash in compound (gia-vien)', 'phát triển kinh tế - xã hội.', 'Phát triển kinh tế, xã hội.'],
  ['foreign names (gia-vien)', 'các nền tảng số Facebook, Zalo, VNeID', 'Các nền tảng số phây búc, da lô, vê en e ai đi.'],
  ['ellipsis and quotes (gia-vien)', 'phong trào “Bình dân học vụ số”, nội vụ...', 'Phong trào Bình dân học vụ số, nội vụ.'],
  ['"./." ending (gia-vien)', 'để xem xét, kịp thời giải quyết./.', 'Để xem xét, kịp thời giải quyết.'],
  ['emphasis inside brackets (gia-vien)', 'báo cáo UBND phường (*qua Phòng Văn hóa - Xã hội phường*) để xem xét', 'Báo cáo ủy ban nhân dân phường, qua Phòng Văn hóa, Xã hội phường, để xem xét.'],
  ['unknown capitals spelled as letters', 'Đài PTTH và ban XYZ', 'Đài phát thanh truyền hình và ban ích i dét.'],
  ['Roman numeral in text', 'Đại hội Đảng lần thứ XIII', 'Đại hội Đảng lần thứ mười ba.'],
  ['NFD input becomes NFC', 'Nghi\u0323 quyê\u0301t', 'Nghị quyết.'],
];

describe('spoken form: golden set', () => {
  it.each(GOLDEN)('%s', (_rule, input, spoken) => {
    expect(speak(input)).toBe(spoken);
  });

  it('southern dialect says "lẻ"', () => {
    expect(speak('105 người', 'nam')).toBe('Một trăm lẻ năm người.');
  });
});

describe('readInteger', () => {
  it.each([
    ['0', 'không'], ['10', 'mười'], ['11', 'mười một'], ['14', 'mười bốn'], ['15', 'mười lăm'], ['20', 'hai mươi'],
    ['21', 'hai mươi mốt'], ['24', 'hai mươi tư'], ['25', 'hai mươi lăm'], ['100', 'một trăm'], ['105', 'một trăm linh năm'],
    ['110', 'một trăm mười'], ['1005', 'một nghìn không trăm linh năm'], ['2024', 'hai nghìn không trăm hai mươi tư'],
    ['1000000', 'một triệu'], ['1000005', 'một triệu không trăm linh năm'], ['2500000000', 'hai tỷ năm trăm triệu'],
  ])('%s → %s', (n, words) => {
    expect(readInteger(n)).toBe(words);
  });
});
