import { describe, expect, it } from 'vitest';
import { accepted, loadCorpus } from '../../bench/spoken-corpus.js';
import { cleanText, DEFAULT_LEXICON, inspectSpoken, toSpokenForm } from '../../src/text/index.js';

const speak = (s: string) => toSpokenForm(cleanText(s)).replace(/\n\n/g, ' ¶ ');

/** A table of families: each input reads exactly as its spoken form. */
function readsAsTable(title: string, rows: ReadonlyArray<readonly [family: string, input: string, spoken: string]>): void {
  describe(title, () => {
    it.each(rows)('%s', (_family, input, spoken) => {
      expect(speak(input)).toBe(spoken);
    });
  });
}

// The families issue 9 lists, each in the form it gives: input → exactly what the voice reads.
const FAMILIES: [family: string, input: string, spoken: string][] = [
  ['dates with dashes and dots in date context', 'Kỷ niệm ngày 12-4, ngày 2-9, ngày 20.11, ngày 1.6, dịp 30-4 và 1-5.',
    'Kỷ niệm ngày mười hai tháng tư, ngày hai tháng chín, ngày hai mươi tháng mười một, ngày một tháng sáu, dịp ngày ba mươi tháng tư và ngày một tháng năm.'],
  ['a date inside an ALL-CAPS title, and the title ends in a pause', 'KẾ HOẠCH\nTUYÊN TRUYỀN NGHỊ QUYẾT 57-NQ/TW NGÀY 03/02/2026 CỦA BỘ CHÍNH TRỊ\nCăn cứ Luật số 12.',
    'Kế hoạch. ¶ Tuyên truyền nghị quyết năm mươi bảy, nghị quyết trung ương ngày ba tháng hai năm hai nghìn không trăm hai mươi sáu của bộ chính trị. ¶ Căn cứ Luật số mười hai.'],
  ['a slash between numbers is never "hoặc"', 'NGÀY 22/12/2024 CỦA BỘ CHÍNH TRỊ', 'Ngày hai mươi hai tháng mười hai năm hai nghìn không trăm hai mươi tư của bộ chính trị.'],
  ['decimal dots before a unit, thousands dots', 'Mưa 245.3mm, nhiệt độ 37.5 độ C, 120.0mm; 1.250 hộ.',
    'Mưa hai trăm bốn mươi lăm phẩy ba mi li mét, nhiệt độ ba mươi bảy phẩy năm độ xê, một trăm hai mươi phẩy không mi li mét; một nghìn hai trăm năm mươi hộ.'],
  ['ranges with a dash or an en dash', 'Cắt điện từ 06h30 – 11h00, từ 8 giờ 00 – 10 giờ 30; gió từ 50-88 km/h.',
    'Cắt điện từ sáu giờ ba mươi phút đến mười một giờ, từ tám giờ đến mười giờ ba mươi phút; gió từ năm mươi đến tám mươi tám ki lô mét một giờ.'],
  ['weather forms', 'Tâm bão ở 20,1°N - 110,5°E, vùng nguy hiểm 15N-17N; mưa >150mm/6h; cấp 10, giật cấp 12; sai số +/- 2 độ.',
    'Tâm bão ở hai mươi phẩy một độ vĩ bắc, một trăm mười phẩy năm độ kinh đông, vùng nguy hiểm mười lăm độ vĩ bắc đến mười bảy độ vĩ bắc; mưa trên một trăm năm mươi mi li mét trong sáu giờ; cấp mười, giật cấp mười hai; sai số cộng trừ hai độ.'],
  ['addresses, classes, road posts, road numbers', 'Nhà số 57/12B, học sinh lớp 8/2, tại Km 23+400 ĐT391 và QL5.',
    'Nhà số năm mươi bảy trên mười hai bê, học sinh lớp tám trên hai, tại ki lô mét hai mươi ba cộng bốn trăm đường tỉnh ba trăm chín mươi mốt và quốc lộ năm.'],
  ['ward and district prefixes', 'Địa chỉ P.Lê Lợi, Q.Hoàn Kiếm, TX. Từ Sơn, TP Hội An.', 'Địa chỉ phường Lê Lợi, quận Hoàn Kiếm, thị xã Từ Sơn, thành phố Hội An.'],
  ['licence plates', 'Xe biển kiểm soát 29C1-577.77 và 30A-123.45.', 'Xe biển kiểm soát hai mươi chín xê một, năm bảy bảy bảy bảy và ba mươi a, một hai ba bốn năm.'],
  ['CP after "Công ty", in NĐ-CP; SN', 'Công ty CP Sông Đà; Nghị định 100/2019/NĐ-CP; đối tượng Lê Văn A, SN 1990.',
    'Công ty cổ phần Sông Đà; Nghị định một trăm năm hai nghìn không trăm mười chín, nghị định chính phủ; đối tượng Lê Văn A, sinh năm một nghìn chín trăm chín mươi.'],
  ['an unreadable code read as announcers do', 'Theo Hướng dẫn số 10-HD/BTGDVTU của Ban Tuyên giáo và Dân vận Thành ủy.',
    'Theo Hướng dẫn số mười của Ban Tuyên giáo và Dân vận Thành ủy.'],
  ['two table cells of numbers never merge', '| Trạm | Mực nước | Báo động |\n|---|---|---|\n| Vân Canh | 44,11 | 3 |',
    'Vân Canh, bốn mươi tư phẩy mười một, ba.'],
];

readsAsTable('the families of issue 9', FAMILIES);

// Round 2: the classes behind the first held-out part's failures, each as exactly what the voice reads.
const CLASSES: [family: string, input: string, spoken: string][] = [
  ['a dash between two dates, a date and a time, two amounts of one unit or two levels is "đến"',
    'Từ ngày 3/3/2026 - 5/3/2026; từ 7h ngày 5/3 - 17h ngày 6/3; mực nước 0.50m - 1.0m; lên mức BĐ2-BĐ3.',
    'Từ ngày ba tháng ba năm hai nghìn không trăm hai mươi sáu đến ngày năm tháng ba năm hai nghìn không trăm hai mươi sáu; từ bảy giờ ngày năm tháng ba đến mười bảy giờ ngày sáu tháng ba; mực nước không phẩy năm mươi mét đến một phẩy không mét; lên mức báo động hai đến báo động ba.'],
  ['a date written with spaced dashes, minutes of one digit, a day just named',
    'Ngày 23 – 5 – 2021, từ 8h0 đến 8h05; dự báo ngày 2 và 3-4.',
    'Ngày hai mươi ba tháng năm năm hai nghìn không trăm hai mươi mốt, từ tám giờ đến tám giờ năm phút; dự báo ngày hai và ngày ba tháng tư.'],
  ['domain endings written alone are said, never a sentence end', 'Đường link có đuôi lạ như .top, .vip dẫn đến trang giả.',
    'Đường link có đuôi lạ như chấm top, chấm vip dẫn đến trang giả.'],
  ['an abbreviation the text defines reads so throughout', 'Chương trình mục tiêu quốc gia (CTMTQG) năm nay. Vốn CTMTQG được giao.',
    'Chương trình mục tiêu quốc gia năm nay. Vốn Chương trình mục tiêu quốc gia được giao.'],
  ['known abbreviations joined by a dash or "&"; short capitals the lexicon knows', 'Sở NN-PTNT, Sở TT-TT, QP&AN; các cấp NK 2021 – 2026, KV dọc kênh.',
    'Sở nông nghiệp và phát triển nông thôn, Sở thông tin và truyền thông, quốc phòng và an ninh; các cấp nhiệm kỳ hai nghìn không trăm hai mươi mốt đến hai nghìn không trăm hai mươi sáu, khu vực dọc kênh.'],
  ['one abbreviation, two readings: the words around decide', 'BCH Quân sự xã, ĐH Đảng bộ, CT UBND xã, chỉ số tia UV.',
    'Ban chỉ huy Quân sự xã, đại hội Đảng bộ, chủ tịch ủy ban nhân dân xã, chỉ số tia u vê.'],
  ['loanwords as Vietnamese says them; unknown capitals by their letter names', 'Trạm phát sóng di động giả (Fake BTS).',
    'Trạm phát sóng di động giả, phây bê tê ét.'],
  ['a lexicon key that is a syllable stays a syllable in a heading typed in capitals', 'KẾ HOẠCH TU BỔ ĐÊ ĐIỀU', 'Kế hoạch tu bổ đê điều.'],
];

readsAsTable('the classes behind the first held-out failures', CLASSES);

// Round 3: the classes behind the second blind part's failures (heldout2/), each as exactly what the voice reads.
const ROUND3: [family: string, input: string, spoken: string][] = [
  ['foreign names and loanwords respelled; a storm\'s name read as written',
    'Xe Honda Wave Alpha, dịch vụ logistics, ví ZaloPay, trang Chinhphu; bão số 3 (Yagi) và bão Krosa.',
    'Xe hôn đa uây an pha, dịch vụ lô gít tích, ví da lô pay, trang chinh phu; bão số ba, Yagi, và bão Krosa.'],
  ['brands the rules would get wrong are in the lexicon',
    'Công an phường phát hiện xe Exciter, ô tô Hyundai Accent, máy phát Diesel, ứng dụng Momo.',
    'Công an phường phát hiện xe ếch xai tơ, ô tô huyn đai ác xen, máy phát đi ê zen, ứng dụng mô mô.'],
  ['short abbreviations of the public lists, dotted ones and joined ones',
    'Lực lượng CA tỉnh, TCty Điện lực, Ban Chỉ đạo T.Ư, bộ phận ĐC-XD, trưởng ban CTMT.',
    'Lực lượng công an tỉnh, tổng công ty Điện lực, Ban Chỉ đạo trung ương, bộ phận địa chính, xây dựng, trưởng ban công tác mặt trận.'],
  ['initials with dots anywhere are one name, never a run of sentence ends',
    'Bắt giữ 03 đối tượng gồm: T.H.M.N. (sinh năm 2009) và N.D.H. (sinh năm 2010); bà Lê Thị H. L. (quận 9), ông Nguyễn P. Đ. bị lừa.',
    'Bắt giữ ba đối tượng gồm: tê hát em mờ en nờ, sinh năm hai nghìn không trăm linh chín, và en nờ dê hát, sinh năm hai nghìn không trăm mười, bà Lê Thị hát e lờ, quận chín, ông Nguyễn pê đê bị lừa.'],
  ['a dashed day-month after an hour or after "từ" is a date; a dash after a level separates its amount',
    'Từ 12 giờ đến 14 giờ 18-5, lúc 16 giờ 17-7; từ 21.6 đến 24.6; trên báo động 3- 1,3 m.',
    'Từ mười hai giờ đến mười bốn giờ ngày mười tám tháng năm, lúc mười sáu giờ ngày mười bảy tháng bảy; từ ngày hai mươi mốt tháng sáu đến ngày hai mươi tư tháng sáu; trên báo động ba, một phẩy ba mét.'],
  ['an abbreviation after its own expansion is said once; footnote marks; names in a link; a command\'s code',
    'Trung tâm Kiểm soát bệnh tật CDC Hà Nội; phát triển rộng khắp1. Theo VOV.VN và VOVTV, Hướng dẫn số 688/HD – BCH.',
    'Trung tâm Kiểm soát bệnh tật Hà Nội; phát triển rộng khắp. Theo vê ô vê chấm vê en và vê ô vê tê vê, Hướng dẫn số sáu trăm tám mươi tám, hướng dẫn ban chỉ huy.'],
  ['a definition may hold a comma', 'Ban Chỉ đạo phòng, chống thiên tai (BCĐPCTT) họp. BCĐPCTT yêu cầu.',
    'Ban Chỉ đạo phòng, chống thiên tai họp. Ban Chỉ đạo phòng chống thiên tai yêu cầu.'],
  // Found after the round-3 blind part was measured (docs/TEXT.md): general faults, fixed as classes.
  ['a unit after a date is a whole word ("đột", "mới" are no "độ", "m"); "đêm 24/7" is a date, "trực 24/7" round the clock',
    'Vào sáng 8-5 đột ngột tăng; chiều tối 23-6 mới có mưa; đến đêm 24/7, trực 24/7.',
    'Vào sáng ngày tám tháng năm đột ngột tăng; chiều tối ngày hai mươi ba tháng sáu mới có mưa; đến đêm ngày hai mươi tư tháng bảy, trực hai mươi tư trên bảy.'],
  ['a latitude and a longitude in words are a pair; two latitudes a range',
    'Tâm ở khoảng 19,8 độ Vĩ Bắc – 107,8 độ Kinh Đông; vùng từ 16,5 độ Vĩ Bắc - 20,5 độ Vĩ Bắc.',
    'Tâm ở khoảng mười chín phẩy tám độ Vĩ Bắc, một trăm linh bảy phẩy tám độ Kinh Đông; vùng từ mười sáu phẩy năm độ Vĩ Bắc đến hai mươi phẩy năm độ Vĩ Bắc.'],
  ['a number glued to a counter word is kept, and so is a level before a range of levels',
    'Tổ3 họp; mực nước lên báo động 2 - 3.',
    'Tổ ba họp; mực nước lên báo động hai đến ba.'],
];

readsAsTable('the classes behind the second blind part\'s failures', ROUND3);

// Round 4: the classes behind the round-3 blind part's failures, fixed as classes (not its sentences), and
// families of issue 9 probed further with sentences written for the tests (degrees as "oC", police items, numbers).
const ROUND4: Array<[string, string, string]> = [
  ['a news source\'s tag opening an item is not aired',
    '(QNO) - Công an tỉnh thông báo lịch làm việc.\n\n(Baonghean.vn) - Sáng nay có mưa.',
    'Công an tỉnh thông báo lịch làm việc. ¶ Sáng nay có mưa.'],
  ['a name\'s last initial ends no sentence before a comma or a small letter',
    'Ông Trần Văn B., trú tại xã, đã đến. Anh Lê C. cho biết thêm.',
    'Ông Trần Văn bê, trú tại xã, đã đến. Anh Lê xê cho biết thêm.'],
  ['a name in mixed case in parentheses is said; an abbreviation with the name just said is not',
    'Cài ứng dụng định danh điện tử (VNeID). Công ty Điện lực Đà Nẵng (PC Đà Nẵng) thông báo.',
    'Cài ứng dụng định danh điện tử, vê en e ai đi. Công ty Điện lực Đà Nẵng thông báo.'],
  ['thousands around a slash are a count; a slash before a name is a pause, never "hoặc"',
    'Đã cấp điện lại cho 12.500/13.020 khách hàng; xuất tuyến 471/Hòa Khánh.',
    'Đã cấp điện lại cho mười hai nghìn năm trăm trên mười ba nghìn không trăm hai mươi khách hàng; xuất tuyến bốn trăm bảy mươi mốt, Hòa Khánh.'],
  ['a section number closed by a dash is a marker',
    'II- NHIỆM VỤ\n\n2- Tổ chức tuyên truyền.',
    'Phần hai. Nhiệm vụ. ¶ Hai. Tổ chức tuyên truyền.'],
  ['a byline\'s name, date and time are said apart',
    'Nguyễn Văn An 05/03/2025 14:30',
    'Nguyễn Văn An, ngày năm tháng ba năm hai nghìn không trăm hai mươi lăm, mười bốn giờ ba mươi phút.'],
  ['days listed before a date share its "ngày"; an ordinal and its year are no range',
    'Nghỉ lễ (1, 2.9.2025) theo quy định. Hội thi lần thứ 12 – năm 2025 khai mạc; từ năm 2020 – năm 2025.',
    'Nghỉ lễ, một, hai tháng chín năm hai nghìn không trăm hai mươi lăm, theo quy định. Hội thi lần thứ mười hai, năm hai nghìn không trăm hai mươi lăm khai mạc; từ năm hai nghìn không trăm hai mươi đến năm hai nghìn không trăm hai mươi lăm.'],
  ['a fishing boat names its province, and its "TS" ends a sentence without turning "tiến sĩ"',
    'Tàu cá QNg 90123 TS và tàu BĐ-97979-TS đã vào bờ; tàu TB 90123 TS.',
    'Tàu cá Quảng Ngãi chín không một hai ba tê ét và tàu Bình Định chín bảy chín bảy chín tê ét đã vào bờ; tàu Thái Bình chín không một hai ba tê ét.'],
  ['a degree written with the letter o is a degree; a date and its time pause',
    'Nhiệt độ cao nhất 39-41oC, đêm 20ºC. Thứ Tư, 04/09/2024 09:04',
    'Nhiệt độ cao nhất ba mươi chín đến bốn mươi mốt độ xê, đêm hai mươi độ xê. Thứ Tư, ngày bốn tháng chín năm hai nghìn không trăm hai mươi tư, chín giờ bốn phút.'],
  ['police items: alcohol in breath, drugs by name',
    'Nồng độ cồn 0,25 mg/l khí thở; thu giữ heroin, 500 viên MTTH.',
    'Nồng độ cồn không phẩy hai mươi lăm mi li gam trên một lít khí thở; thu giữ hê rô in, năm trăm viên ma túy tổng hợp.'],
  ['a masked phone number and an account number are said digit by digit; an amount keeps its unit',
    'Gọi từ số 0823 125 xxx; STK 1234567890; chuyển 1000000000 đồng.',
    'Gọi từ số không tám hai ba, một hai năm, ích ích ích; số tài khoản một hai ba bốn năm sáu bảy tám chín không; chuyển một tỷ đồng.'],
  ['CN beside the days of the week is chủ nhật; R&D, VGB',
    'Khám từ thứ 2 đến thứ 7, CN nghỉ; ngày CN trực. Đầu tư cho R&D; tiêm VGB.',
    'Khám từ thứ hai đến thứ bảy, chủ nhật nghỉ; ngày chủ nhật trực. Đầu tư cho nghiên cứu và phát triển; tiêm viêm gan bê.'],
  ['a share of a whole is a fraction; a stretch between two road posts; "đường ĐT" says "đường" once',
    'Có 1/2 số hộ, 2/3 diện tích bị ngập; QL1A đoạn Km 650+200 - Km 651+100; đường ĐT.605.',
    'Có một phần hai số hộ, hai phần ba diện tích bị ngập; quốc lộ một a đoạn ki lô mét sáu trăm năm mươi cộng hai trăm đến ki lô mét sáu trăm năm mươi mốt cộng một trăm; đường tỉnh sáu trăm linh năm.'],
  // Fixed after blind4 was measured (its figure, 19 of 198, is kept apart: docs/TEXT.md).
  ['after blind4: an abbreviation dropped leaves a space; a storm\'s name in capitals in parentheses is said',
    'Mực nước dưới mức báo động (BĐ)1; bão số 5 (NESAT) mạnh.',
    'Mực nước dưới mức báo động một; bão số năm, nesat, mạnh.'],
  ['after blind4: two names of two words or more joined by a hyphen are said apart; "Lu-Dông" stays one',
    'Bờ biển các tỉnh Nam Định-Hà Tĩnh; đảo Lu-Dông.',
    'Bờ biển các tỉnh Nam Định, Hà Tĩnh; đảo Lu Dông.'],
  ['after blind4: CV after a number is horsepower, BS before a plate is biển số',
    'Tàu 90 CV; xe máy BS: 61H1-445.03; BS Nguyễn An khám.',
    'Tàu chín mươi mã lực; xe máy biển số: sáu mươi mốt hát một, bốn bốn năm không ba; bác sĩ Nguyễn An khám.'],
  ['after blind4: an initial before a small letter or a parenthesis is a person ("P.", "Th."), never a sentence end',
    'Lo sợ, P. lấy tiền; bà Th. kể lại; anh T. (20 tuổi) đến.',
    'Lo sợ, pê lấy tiền; bà tê hát kể lại; anh tê, hai mươi tuổi, đến.'],
  ['after blind4: a count per day, per head is "mỗi"; a slash between words stays "hoặc"',
    'Tiếp nhận 375 trường hợp/ngày, uống 2 lần/ngày; ATNĐ/bão.',
    'Tiếp nhận ba trăm bảy mươi lăm trường hợp mỗi ngày, uống hai lần mỗi ngày; áp thấp nhiệt đới hoặc bão.'],
  ['after blind4: the days of the week written short beside another day; a value named as such is a decimal; a code part keeps its digits',
    'Làm việc T2 - T6, T7 và CN nghỉ; khám từ thứ 2 - T7. Chỉ số UV ở mức 9.4; ngày 9.4 họp. Văn bản 15-KH/T7.',
    'Làm việc thứ hai đến thứ sáu, thứ bảy và chủ nhật nghỉ; khám từ thứ hai đến thứ bảy. Chỉ số u vê ở mức chín phẩy bốn; ngày chín tháng tư họp. Văn bản mười lăm, kế hoạch tê bảy.'],
];

readsAsTable('the classes behind the third blind part\'s failures', ROUND4);

describe('abbreviations a text defines', () => {
  const text = 'Chương trình mục tiêu quốc gia (CTMTQG) năm nay. Vốn CTMTQG được giao.';

  it('give way to the ward\'s own lexicon line', () => {
    const lexicon = new Map([...DEFAULT_LEXICON, ['CTMTQG', 'chương trình quốc gia']]);
    expect(toSpokenForm(cleanText(text), { lexicon })).toBe('Chương trình mục tiêu quốc gia năm nay. Vốn chương trình quốc gia được giao.');
  });

  it('need words whose initials spell them, in the same clause', () => {
    expect(speak('Tập huấn cho cán bộ (CTMTQG) năm nay.')).toBe('Tập huấn cho cán bộ năm nay.');
    expect(speak('Vốn CTMTQG, theo chương trình mục tiêu quốc gia, (CTMTQG).')).toMatch(/^Vốn xê tê em mờ tê quy giê/);
  });
});

// Round 5: the known families still wrong before blind5, as classes (each input written for the test).
const ROUND5: Array<[string, string, string]> = [
  ['loanwords of online notices, in any case ("facebook", "Video", "Tiktok"); clip is "cờ líp"',
    'Xem clip trên facebook, Video trên Tiktok, gửi file qua zalo, mã OTP và mã QR; họp qua Zoom.',
    'Xem cờ líp trên phây búc, vi đê ô trên tích tốc, gửi phai qua da lô, mã ô tê pê và mã ciu a; họp qua dum.'],
  ['a Vietnamese word keeps its reading though a brand is written so ("kia", "Kia")', 'Xe Kia bên kia đường.', 'Xe ki a bên kia đường.'],
  ['decimals listed by place without a unit; a day stays a date, and so does a holiday\'s',
    'Lượng mưa: Huế 9.5, Đà Nẵng 12.3; ngày 9.5 họp. Dịp Quốc khánh 2-9 nghỉ.',
    'Lượng mưa: Huế chín phẩy năm, Đà Nẵng mười hai phẩy ba; ngày chín tháng năm họp. Dịp Quốc khánh hai tháng chín nghỉ.'],
  ['one value after a name is no list: it stays as written', 'Xã Hòa Bình 2.5 tổ chức.', 'Xã Hòa Bình hai chấm năm tổ chức.'],
  ['PCTT beside crime words is crime prevention; beside storms, disasters',
    '"Hiệp sĩ" báo Tổ PCTT truy đuổi đối tượng trộm cắp. Tổ PCTT thôn trực bão.',
    'Hiệp sĩ báo Tổ phòng chống tội phạm truy đuổi đối tượng trộm cắp. Tổ phòng chống thiên tai thôn trực bão.'],
  ['a "Nguồn:" line naming a plan\'s funds is text: it stays, and so does what follows it',
    'Kinh phí theo dự toán.\n\nNguồn: Ngân sách xã và xã hội hóa.\n\nTổ chức thực hiện: giao Văn phòng.',
    'Kinh phí theo dự toán. ¶ Nguồn: Ngân sách xã và xã hội hóa. ¶ Tổ chức thực hiện: giao Văn phòng.'],
  ['photo and video captions and credits are not aired',
    'Lực lượng chức năng giúp dân. Ảnh: TTXVN\n\n(Ảnh minh họa)\n\nNgười dân sơ tán (Ảnh: Nguyễn Văn A).\n\nVideo: Cứu hộ tiếp cận hiện trường.\n\nNguồn: Trung tâm Dự báo KTTV quốc gia\n\nẢnh hưởng của bão rất lớn.',
    'Lực lượng chức năng giúp dân. ¶ Người dân sơ tán. ¶ Ảnh hưởng của bão rất lớn.'],
  ['a day of the week written short alone, by a part of the day or a date; T7/2025 a month',
    'Tiêm vào sáng T7 hàng tuần; kế hoạch T7/2025; T3 (15/7) họp; chiều CN nghỉ; quốc lộ T7.',
    'Tiêm vào sáng thứ bảy hàng tuần; kế hoạch tháng bảy năm hai nghìn không trăm hai mươi lăm; thứ ba, ngày mười lăm tháng bảy, họp; chiều chủ nhật nghỉ; quốc lộ tê bảy.'],
];

readsAsTable('round 5: the known families', ROUND5);

const ROUND5_CORPUS: Array<[string, string, string]> = [
  ['a place of the Central Highlands keeps its name as written', 'Mưa lớn ở Đạ Pal, Ea Kar và Ia Grai.', 'Mưa lớn ở Đạ Pal, Ea Kar và Ia Grai.'],
  ['diopters after "cận thị", "viễn thị" are "độ"', 'Cận thị từ 5D trở lên, viễn thị 2,5 D.', 'Cận thị từ năm độ trở lên, viễn thị hai phẩy năm độ.'],
];

readsAsTable('round 5: the development parts\' last classes', ROUND5_CORPUS);

// Round 5, step 2: families found in real notices outside the corpus (inputs written for the test in their style).
const ROUND5_UNSEEN: Array<[string, string, string]> = [
  ['a place of the Central Highlands, its prefix and its name as written ("Kon Tum", "Ia KRai")',
    'Mưa ở Ia Dom (Kon Tum) 48,4 mm, Ia KRai (Gia Lai) 21 mm.', 'Mưa ở Ia Dom, Kon Tum, bốn mươi tám phẩy bốn mi li mét, Ia Krai, Gia Lai, hai mươi mốt mi li mét.'],
  ['"đêm qua", "chiều qua" name a day for a dotted date', 'Đêm qua 18.5 mưa to.', 'Đêm qua ngày mười tám tháng năm mưa to.'],
  ['a code in a heading typed in capitals reads its parts written with small letters ("10-CTR/TU" is CTr, "TTG" TTg)',
    'CHƯƠNG TRÌNH SỐ 10-CTR/TU; QUYẾT ĐỊNH SỐ 12/QĐ-TTG.', 'Chương trình số mười, chương trình tỉnh ủy; quyết định số mười hai, quyết định thủ tướng.'],
  ['an older licence plate with four digits is said digit by digit', 'Xe biển số 18B2-6228 bị mất.', 'Xe biển số mười tám bê hai, sáu hai hai tám bị mất.'],
  ['a brand in capitals and a word ("TPBank") spells its capitals; "CC" is no Roman number', 'Ngân hàng TPBank, LPBank; theo VNCERT/CC.',
    'Ngân hàng tê pê banh, e lờ pê banh; theo vê en xớt xê xê.'],
  ['a flood warning level named without its number is "báo động"', 'Đỉnh lũ lên trên BĐ, dưới mức BĐ2.', 'Đỉnh lũ lên trên báo động, dưới mức báo động hai.'],
  ['a service number is said digit by digit, a slash between two is "hoặc"', 'Gọi tổng đài số 156/5656 hoặc tổng đài 1022, hotline 1900 9090.',
    'Gọi tổng đài số một năm sáu hoặc năm sáu năm sáu hoặc tổng đài một không hai hai, đường dây nóng một chín không không, chín không chín không.'],
  ['a range of months ending in a month of a year', 'Từ tháng 9 - 11/2023 có lũ.', 'Từ tháng chín đến tháng mười một năm hai nghìn không trăm hai mươi ba có lũ.'],
  ['a credit closing a caption line, and a byline line, are not aired; "kh" opens a syllable in a link',
    'Tác giả: Trí Quân - Nguồn: huongkhe.hatinh.gov.vn\n\nÁp thấp hướng vào Biển Đông NGUỒN: NCHMF\n\nXem huongkhe.hatinh.gov.vn.',
    'Áp thấp hướng vào Biển Đông. ¶ Xem huong khe chấm ha tinh chấm gốp chấm vê en.'],
  ['ĐB is "đại biểu"', 'Bầu ĐB HĐND các cấp.', 'Bầu đại biểu hội đồng nhân dân các cấp.'],
  ['"Ảnh chụp màn hình" after a sentence and a "Nguồn tin:" line are not aired; "vaccin" is vắc xin',
    'Danh sách dài 8 trang. Ảnh chụp màn hình\n\nNguồn tin: Báo VTC News\n\nTiêm vaccin đủ mũi.', 'Danh sách dài tám trang. ¶ Tiêm vắc xin đủ mũi.'],
  ['a brand in parts: a part of two letters that is no syllable is spelled ("VnExpress")', 'Theo VnExpress và VTC News.',
    'Theo vê en nờ ếch xờ pờ rét và vê tê xê niu.'],
  ['a paragraph about an index reads its dotted values as decimals, ranges too; a named day stays a date',
    'Ngày 19.5, chỉ số tia cực tím tại Cần Thơ đạt 7.2, Hà Nội ở mức 8.2-8.7, trên 10.5 là đặc biệt cao.',
    'Ngày mười chín tháng năm, chỉ số tia cực tím tại Cần Thơ đạt bảy phẩy hai, Hà Nội ở mức tám phẩy hai đến tám phẩy bảy, trên mười phẩy năm là đặc biệt cao.'],
  ['a value named as such before a comma is a decimal too', 'Nha Trang ở mức 7.8, Cà Mau ở mức 8.2.', 'Nha Trang ở mức bảy phẩy tám, Cà Mau ở mức tám phẩy hai.'],
  ['a month and its year with a dot', 'Đầu tháng 11.2020, anh Tân đến.', 'Đầu tháng mười một năm hai nghìn không trăm hai mươi, anh Tân đến.'],
  ['a news tag without parentheses opening an item is not aired; a word in capitals is no tag',
    'BHG - Theo dự báo, mưa to.\n\nHUẾ - Sáng nay mưa.', 'Theo dự báo, mưa to. ¶ Huế, Sáng nay mưa.'],
  ['web furniture lines are not aired: "Link nội dung:", ">>> Xem thêm:"', 'Mưa to.\n\nLink nội dung: https://x.vn/a.html\n\n>>> Xem thêm: Tin tức',
    'Mưa to.'],
  ['a number after "hộp thư", and an emergency number glued to a name, digit by digit', 'Nghe trên hộp thư Thông tin điện nước – 8011035; ứng dụng Help114.',
    'Nghe trên hộp thư Thông tin điện nước, tám không một một không ba năm; ứng dụng hép một một bốn.'],
  ['a document code with a space after its slash is read as a code', 'Ký Chỉ thị số 05/ CT-TTg về phòng dịch.', 'Ký Chỉ thị số năm, chỉ thị thủ tướng, về phòng dịch.'],
  ['an influenza strain is said letter by letter, never "hoặc"', 'Cúm A/H5N1 và H3N2 lây lan.', 'Cúm a hát năm en nờ một và hát ba en nờ hai lây lan.'],
  ['a credit naming a web address closes a caption line and is not aired', 'Bão mạnh cấp 13. Ảnh: nchmf.gov.vn', 'Bão mạnh cấp mười ba.'],
  ['air quality: micrometres and micrograms per cubic metre; an index value of 114 is no emergency number; a standard and its year',
    'Bụi 2.5µm đạt 45 µg/m3; chỉ số AQI ở mức 114; gọi 114 khi cháy; theo QCVN 05:2013/BTNMT - Quy chuẩn về không khí.',
    'Bụi hai phẩy năm mi crô mét đạt bốn mươi lăm mi crô gam trên mét khối; chỉ số a quy i ở mức một trăm mười bốn; gọi một một bốn khi cháy; theo quy chuẩn Việt Nam không năm, năm hai nghìn không trăm mười ba, bộ tài nguyên và môi trường, Quy chuẩn về không khí.'],
  ['a document named in words, then its number and year, is no month ("Nghị định 10/2020", "Quyết định số 5/2024")',
    'Theo Nghị định 10/2020, Thông tư liên tịch 13/2012, Quyết định số 5/2024; tháng 10/2020 mưa.',
    'Theo Nghị định mười năm hai nghìn không trăm hai mươi, Thông tư liên tịch mười ba năm hai nghìn không trăm mười hai, Quyết định số năm năm hai nghìn không trăm hai mươi tư; tháng mười năm hai nghìn không trăm hai mươi mưa.'],
  ['"2 lần/1 tháng" is "mỗi"; a "Tin, ảnh:" credit line is not aired', 'Tiếp dân 2 lần/1 tháng.\n\nTin, ảnh: A.KIỀU', 'Tiếp dân hai lần mỗi tháng.'],
  ['a lexicon key with "&" right after a number and its slash is the code\'s part', 'Có Công điện số 143/PCTT&TKCN về lũ quét.',
    'Có Công điện số một trăm bốn mươi ba, phòng chống thiên tai và tìm kiếm cứu nạn, về lũ quét.'],
];

readsAsTable('round 5: families of notices outside the corpus', ROUND5_UNSEEN);

const corpusByPlace = new Map(loadCorpus().map((e) => [e.where, e]));

/** Rows of families: each input reads exactly as its spoken form, and each real sentence of the corpus named reads as an announcer's. */
function readsAsWithCorpus(rows: ReadonlyArray<readonly [family: string, input: string, spoken: string, corpus: string[]]>): void {
  it.each(rows)('%s', (_family, input, spoken, real) => {
    expect(speak(input)).toBe(spoken);
    for (const where of real) {
      const e = corpusByPlace.get(where);
      expect(e, where).toBeDefined();
      const said = toSpokenForm(cleanText(e!.input));
      expect(accepted(said, e!), `${where}\n  said: ${said}\n  want: ${e!.readings.join('\n     or: ')}`).toBe(true);
    }
  });
}

// Round 6: the families behind round 5's blind part (blind5/, 32 of 264 misread when measured blind), each with sentences
// written for the test (exactly what the voice reads) and the real sentences of the corpus it fixed (read as an announcer would).
const ROUND6: [family: string, input: string, spoken: string, corpus: string[]][] = [
  ['1. a ward or area prefix with a dot before a name never ends a sentence',
    'Xe dựng ở KP.Tân Phú 1, TDP. Hòa Bình, KDC.Phú Mỹ và TX.Từ Sơn. Anh làm việc tại KCN. Theo đó công ty trả lương.',
    'Xe dựng ở khu phố Tân Phú một, tổ dân phố Hòa Bình, khu dân cư Phú Mỹ và thị xã Từ Sơn. Anh làm việc tại khu công nghiệp. Theo đó công ty trả lương.', ['blind5/cong-an.txt:16']],
  ['2. a parenthesis of abbreviations glossing the words before is skipped; a storm\'s name and a list of bodies the lexicon knows stay',
    'Cấm vũ khí, vật liệu nổ, công cụ hỗ trợ (VK, VLN, CCHT) và pháo; Trung tâm Ứng cứu (VNCERT/CC) cảnh báo; bão số 3 (NORU) mạnh lên; đoàn (UBND, HĐND) về xã.',
    'Cấm vũ khí, vật liệu nổ, công cụ hỗ trợ và pháo; Trung tâm Ứng cứu cảnh báo; bão số ba, noru, mạnh lên; đoàn, ủy ban nhân dân, hội đồng nhân dân, về xã.',
    ['blind5/cong-an.txt:42', 'blind5/lua-dao.txt:4', 'blind5/dien.txt:12']],
  ['3. a code\'s gloss ends in a pause before the next words (not before its date); an unknown letter part leaves the number alone',
    'Nghị quyết 57-NQ/TW về đột phá; Quyết định 749/QĐ-TTg ngày 3/6/2020; Công văn số 4486/UBND-KTN ngày 18/9/2019.',
    'Nghị quyết năm mươi bảy, nghị quyết trung ương, về đột phá; Quyết định bảy trăm bốn mươi chín, quyết định thủ tướng ngày ba tháng sáu năm hai nghìn không trăm hai mươi; Công văn số bốn nghìn bốn trăm tám mươi sáu ngày mười tám tháng chín năm hai nghìn không trăm mười chín.',
    ['blind5/nq57.txt:18', 'blind5/nq57.txt:22', 'blind5/nq57.txt:38', 'blind5/cong-dien.txt:18', 'blind5/nghia-vu.txt:58']],
  ['4. a slash: two counts a pause, two levels a pause, a ration "mỗi", inside a name nothing, two abbreviations or else "hoặc"',
    'Sơ tán 102 hộ/468 khẩu; các tỉnh/thành phố, xã/phường; 5-7 kg rơm khô/con trâu, bò/ngày đêm; VNCERT/CC; CMND/CCCD; ATNĐ/bão.',
    'Sơ tán một trăm linh hai hộ, bốn trăm sáu mươi tám khẩu; các tỉnh, thành phố, xã, phường; năm đến bảy ki lô gam rơm khô mỗi con trâu, bò mỗi ngày đêm; vê en xớt xê xê; chứng minh nhân dân hoặc căn cước công dân; áp thấp nhiệt đới hoặc bão.',
    ['blind5/cong-dien.txt:48', 'blind5/cong-dien.txt:62', 'blind5/cong-dien.txt:64', 'blind5/ret.txt:48', 'blind5/lua-dao.txt:6', 'blind3/lua-dao.txt:34']],
  ['5. gases, UV by the sun, loanwords, hectares after a number in words, a consonant typed twice, a document card\'s fields',
    'Ngộ độc khí CO, CO2 và bụi PM2.5; cao điểm UV, tia UV; UV BCH Nguyễn Văn A; viết review; qua tuabin; hàng trăm ha lúa; bão số 6 nnăm 2019. Cơ quan BH: Bộ Chính trị. Ngày ban hành: 22/12/2024.',
    'Ngộ độc khí xê ô, xê ô hai và bụi pê em hai chấm năm; cao điểm u vê, tia u vê; ủy viên ban chấp hành Nguyễn Văn A; viết ri viu; qua tua bin; hàng trăm héc ta lúa; bão số sáu năm hai nghìn không trăm mười chín. Cơ quan ban hành: Bộ Chính trị. Ngày ban hành: hai mươi hai tháng mười hai năm hai nghìn không trăm hai mươi tư.',
    ['blind5/ret.txt:66', 'blind5/ret.txt:68', 'blind5/nang.txt:70', 'blind5/lua-dao.txt:50', 'blind5/mua.txt:59', 'blind5/cong-dien.txt:14',
      'blind5/nq57.txt:30', 'blind5/nq57.txt:32', 'dev/mua.4.txt:10', 'dev/mua.4.txt:17', 'dev/mua.4.txt:25']],
];

describe('round 6: the families behind the round-5 blind part', () => readsAsWithCorpus(ROUND6));

// Round 7: the families behind round 6's blind part (blind6/, 19 of 178 misread when measured blind), each with sentences
// written for the test (exactly what the voice reads) and the real sentences of the corpus it fixed (read as an announcer would).
const ROUND7: [family: string, input: string, spoken: string, corpus: string[]][] = [
  ['1. a slash before a span of time or a head after a quantity earlier in the clause is "mỗi"; between two levels a pause',
    'Mỗi người dùng 2 lít nước sạch, nước uống/ngày; học sinh được 3 suất ăn sáng/tuần; cán bộ xã/phường.',
    'Mỗi người dùng hai lít nước sạch, nước uống mỗi ngày; học sinh được ba suất ăn sáng mỗi tuần; cán bộ xã, phường.', ['blind6/ret.txt:18']],
  ['2. a dotted day-month after "từ" that ends nowhere is a date; a day the words just said is not said again',
    'Bắt đầu từ 18.6 trở đi trời nắng; từ 2.9, nghỉ lễ; những ngày nghỉ lễ 30.4; các ngày 22 - 23/1 có rét; ngày 2 và 3-4.',
    'Bắt đầu từ ngày mười tám tháng sáu trở đi trời nắng; từ ngày hai tháng chín, nghỉ lễ; những ngày nghỉ lễ ba mươi tháng tư; các ngày hai mươi hai đến hai mươi ba tháng một có rét; ngày hai và ngày ba tháng tư.',
    ['blind6/nang.txt:27', 'blind6/phuong.txt:38', 'blind6/ret.txt:10', 'blind6/dien.txt:34']],
  ['3. a phone number after a phone word, its groups split by a dot and a space, is one number, never a sentence end',
    'Hãy gọi số điện thoại 02743. 613.813 hoặc 0912 345 678 trong giờ hành chính. Có 2.300 hộ.',
    'Hãy gọi số điện thoại không hai bảy bốn ba, sáu một ba, tám một ba hoặc không chín một hai, ba bốn năm, sáu bảy tám trong giờ hành chính. Có hai nghìn ba trăm hộ.',
    ['blind6/phuong.txt:12', 'blind6/lua-dao.txt:10']],
  ['4. BTT before a body, police units by level, a gloss of one after its name, a place in parentheses, energy units, nilon',
    'Thông báo tới BTT UBMT phường, BTT HĐND xã; CAQ1, CAP, CAH, CATP, CAX và Công an Quận 1 (CAQ1) vào cuộc; công an quận 3 (TPHCM). Tiêu thụ 895 triệu kWh, nhà máy 50 MW, 2 GWh; che phủ bằng nilon, dây nylon.',
    'Thông báo tới ban thường trực ủy ban mặt trận phường, ban thường trực hội đồng nhân dân xã; công an quận một, công an phường, công an huyện, công an thành phố, công an xã và Công an Quận một vào cuộc; công an quận ba, thành phố Hồ Chí Minh. Tiêu thụ tám trăm chín mươi lăm triệu ki lô oát giờ, nhà máy năm mươi mê ga oát, hai gi ga oát giờ; che phủ bằng ni lông, dây ni lông.',
    ['blind6/phuong.txt:26', 'blind6/lua-dao.txt:4', 'blind6/lua-dao.txt:14', 'blind6/dien.txt:34', 'blind6/ret.txt:30', 'blind6/ret.txt:32']],
  ['5. look-alike letters of other scripts inside a Vietnamese word are the Latin letter; a word wholly in another script stays',
    'Ðối với xã, Сông an huyện và cán bộ Ðảng ủy; chữ Москва giữ nguyên.', 'Đối với xã, Công an huyện và cán bộ Đảng ủy; chữ Москва giữ nguyên.',
    ['blind6/ret.txt:20']],
  ['6. a date after "ngày" with a year of three digits: the day and the month, never the broken year, never "hoặc"',
    'Treo cờ từ ngày 30/8/219 đến hết ngày 2/9/2019.', 'Treo cờ từ ngày ba mươi tháng tám đến hết ngày hai tháng chín năm hai nghìn không trăm mười chín.',
    ['blind6/phuong.txt:6']],
  ['8. new dev data (dev/*.5.txt): a lone capital typed before a word starting with it; a flood level missing its B; an issuer ending in "Tr"',
    'Ngừng điện Thứ S Sáu, ngày 21 tháng 11; lũ ở mức cao trên Đ3; theo Thông báo số 308/TB-ĐLHTr ngày 08 tháng 5 năm 2020.',
    'Ngừng điện Thứ Sáu, ngày hai mươi mốt tháng mười một; lũ ở mức cao trên báo động ba; theo Thông báo số ba trăm linh tám ngày tám tháng năm năm hai nghìn không trăm hai mươi.',
    ['dev/dien.5.txt:3', 'dev/dien.5.txt:19', 'dev/mua.5.txt:44']],
  ['9. new dev data: a hỏi or ngã on a syllable ending in a stop is a slip said with sắc; a heading\'s words in capitals keep a dash\'s pause; virus kinds',
    'Trẻ sốt và xuẩt hiện nốt phỏng; cấm đỗ xe. NÓI KHÔNG VỚI THUỐC LÁ - BẢO VỆ SỨC KHỎE; KT- XH; do Enterovirus, Rotavirus.',
    'Trẻ sốt và xuất hiện nốt phỏng; cấm đỗ xe. Nói không với thuốc lá, bảo vệ sức khỏe; kinh tế, xã hội; do en te rô vi rút, rô ta vi rút.',
    ['dev/tiem-chung.5.txt:18', 'dev/tiem-chung.5.txt:27', 'dev/tiem-chung.5.txt:35']],
  ['10. new dev data: a dash joining the names of a list (a vaccination table) is a pause; one name with a dash stays one',
    'Bạch hầu-Ho gà-Uốn ván- Gan B-HiB; xã Ea-Kar; xe Wave-Alpha; Sở Văn hóa-Thông tin.',
    'Bạch hầu, Ho gà, Uốn ván, Gan bê, hát i bê; xã Ea Kar; xe uây an pha; Sở Văn hóa, Thông tin.', ['dev/tiem-chung.5.txt:51']],
  ['7. the Latin names of the mosquitoes and the fever of health notices, as doctors say them',
    'Muỗi Aedes aegypti, Aedes albopictus truyền bệnh Dengue; muỗi Anopheles truyền sốt rét.',
    'Muỗi a đét ê gíp ti, a đét an bô píc tút truyền bệnh đen gơ; muỗi a nô phen truyền sốt rét.', ['blind6/tiem-chung.txt:16']],
];

describe('round 7: the families behind the round-6 blind part', () => {
  readsAsWithCorpus(ROUND7);
  it('text check lists a date with a broken year as a suspected typo, with what the voice says instead', () => {
    const notes = inspectSpoken(cleanText('Treo cờ từ ngày 30/8/219 đến hết ngày 2/9/2019.')).notes.filter((n) => n.kind === 'typo');
    expect(notes).toEqual([{ kind: 'typo', text: 'ngày 30/8/219', reading: 'ngày ba mươi tháng tám', paragraph: 1 }]);
  });
  it('text check lists a tone that a syllable ending in a stop cannot take as a suspected typo', () => {
    const notes = inspectSpoken(cleanText('Mưa lớn.\n\nTrẻ xuẩt hiện nốt phỏng.')).notes.filter((n) => n.kind === 'typo');
    expect(notes).toEqual([{ kind: 'typo', text: 'xuẩt', reading: 'xuất', paragraph: 2 }]);
  });
});

// Round 8: the families behind round 7's blind part (blind7/, 11 of 200 misread when measured blind), each with sentences
// written for the test (exactly what the voice reads) and the real sentences of the corpus it fixed.
const ROUND8: [family: string, input: string, spoken: string, corpus: string[]][] = [
  ['1. a power-cut table row on one line: a time, a range or a date before a capitalised cell ends its cell; a place before a range too',
    'Phường Hố Nai 08h00 – 16h00 Ấp Thanh Hóa, ấp Thái Hòa; Xã Dầu Giây 12h30 – 16h00 Một phần ấp 94; ngày 16/8 Một phần đường Lê Lợi; từ 7h Sáng thứ hai; lúc 8h Thứ Bảy.',
    'Phường Hố Nai, tám giờ đến mười sáu giờ, Ấp Thanh Hóa, ấp Thái Hòa; Xã Dầu Giây, mười hai giờ ba mươi phút đến mười sáu giờ, Một phần ấp chín mươi tư; ngày mười sáu tháng tám, Một phần đường Lê Lợi; từ bảy giờ Sáng thứ hai; lúc tám giờ Thứ Bảy.',
    ['blind7/dien.txt:30', 'blind7/dien.txt:32']],
  ['2. a degree typed with a letter, a zero or the ordinal sign after a number; an "o" word stays',
    'Nhiệt độ cao nhất 33 o C, nơi 34oC, có nơi 35 0C, 36ºC và 37 °c; ô số 5 o Chợ Lớn.',
    'Nhiệt độ cao nhất ba mươi ba độ xê, nơi ba mươi tư độ xê, có nơi ba mươi lăm độ xê, ba mươi sáu độ xê và ba mươi bảy độ xê; ô số năm o Chợ Lớn.',
    ['blind7/nang.txt:4']],
  ['3. a bare "g" before a dose rate or a substance is gam, a dose per a body mass "trên"; "5 g sáng" is an hour',
    'Cho uống nước ấm hòa muối 5 g/100 kg trọng lượng, 2 ml/10 kg, 10 g muối; họp lúc 5 g sáng.',
    'Cho uống nước ấm hòa muối năm gam trên một trăm ki lô gam trọng lượng, hai mi li lít trên mười ki lô gam, mười gam muối; họp lúc năm giờ sáng.',
    ['blind7/ret.txt:10']],
  ['4. motorbike and phone brands as announcers say them; 5. a name\'s level syllable ending in a stop takes sắc ("Huat")',
    'Mất xe Air Blade, Wave Alpha, Honda SH, Lead, Vision, Exciter và điện thoại iPhone, Samsung, Oppo, Xiaomi tại chợ Poh Huat.',
    'Mất xe e bờ lết, uây an pha, hôn đa ét hát, lít, vi sần, ếch xai tơ và điện thoại ai phôn, xam xung, óp pô, xi ao mi tại chợ pô huát.',
    ['blind7/cong-an.txt:20', 'blind7/cong-an.txt:38', 'blind6/cong-an.txt:34', 'dev/cong-an.txt:12']],
  ['6. what round 7 left wrong: a decimal opening a range of times or a unit; a dot-split number from 0 of 10–11 digits anywhere; a capital after "Thứ"',
    'Tăng từ 1.5 đến 2 lần; mực nước dâng 0.5 - 1 m; ngày 5.8 đến 8 giờ. Báo ngay cho anh Nam 0912. 345. 678 hoặc 02743. 613.813 để được hỗ trợ. Ngừng điện Thứ X Sáu, thứ T hai.',
    'Tăng từ một phẩy năm đến hai lần; mực nước dâng không phẩy năm đến một mét; ngày năm tháng tám đến tám giờ. Báo ngay cho anh Nam không chín một hai, ba bốn năm, sáu bảy tám hoặc không hai bảy bốn ba, sáu một ba, tám một ba để được hỗ trợ. Ngừng điện Thứ Sáu, thứ hai.',
    ['blind7/mua.txt:6', 'blind3/mua.txt:6']],
  ['7. new dev data (dev/*.6.txt): a longitude or a value from 111 to 115 after "số" is no emergency number to dial',
    'Bão số 4 sẽ ở vào khoảng 19,9 độ vĩ bắc, 111,8 độ kinh đông; cách 114 km; khi cần gọi số 113.',
    'Bão số bốn sẽ ở vào khoảng mười chín phẩy chín độ vĩ bắc, một trăm mười một phẩy tám độ kinh đông; cách một trăm mười bốn ki lô mét; khi cần gọi số một một ba.',
    ['dev/bao.6.txt:103']],
  ['8. new dev data: a lexicon key with a dash between words matches with the dash spaced',
    'Các tỉnh từ Quảng Bình đến TT - Huế và TT-Huế.', 'Các tỉnh từ Quảng Bình đến Thừa Thiên Huế và Thừa Thiên Huế.', ['dev/mua.6.txt:40']],
  ['9. new dev data: a level\'s abbreviation in parentheses before its number labels it; after "Báo động" it is its gloss',
    'Lũ lên mức (BĐ)1-BĐ2; ở mức Báo động (BĐ)1.', 'Lũ lên mức Báo động một đến Báo động hai; ở mức Báo động một.', ['dev/mua.6.txt:9', 'dev/mua.5.txt:6']],
];

describe('round 8: the families behind the round-7 blind part', () => readsAsWithCorpus(ROUND8));

// Round 9: the families behind round 8's blind part (blind8/, 20 of 240 misread when measured blind), the same way.
const ROUND9: [family: string, input: string, spoken: string, corpus: string[]][] = [
  ['1. the terms of Resolution 57 in every written form: KH beside CN, ĐMST or CĐS is khoa học; the community digital-technology team',
    'Phát triển KH,CN,ĐMST&CĐS; Sở KH&CN, KHCN và KH-CN; KH, CN và ĐMST; thành lập Tổ CNSCĐ; KH số 5 của xã.',
    'Phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số; Sở khoa học và công nghệ, khoa học công nghệ và khoa học, công nghệ; khoa học, công nghệ và đổi mới sáng tạo; thành lập Tổ công nghệ số cộng đồng; kế hoạch số năm của xã.',
    ['blind8/nq57.txt:25', 'blind8/nq57.txt:47']],
  ['2. a document code with a space before its type and a slash to its issuer; "5 KH/năm" stays a rate',
    'Triển khai Nghị quyết số 57 NQ/TW của Bộ Chính trị; có 5 KH/năm.',
    'Triển khai Nghị quyết số năm mươi bảy, nghị quyết trung ương của Bộ Chính trị; có năm kế hoạch mỗi năm.',
    ['blind8/nq57.txt:4']],
  ['3. a dot glued between a code\'s type and its issuer joins them and ends no sentence',
    'Công điện khẩn số 12/CĐ.UBND về khắc phục hậu quả; Quyết định số 7/QĐ.UBND ngày 5/3.',
    'Công điện khẩn số mười hai, công điện ủy ban nhân dân, về khắc phục hậu quả; Quyết định số bảy, quyết định ủy ban nhân dân ngày năm tháng ba.',
    []],
  ['4. a parenthesis whose abbreviation the lexicon reads as the words just said is skipped, after "bão" too; a storm\'s name stays',
    'Ban chỉ đạo Phòng chống lụt bão (PCLB) trung ương và Ủy ban tìm kiếm cứu nạn (TKCN) họp; bão số 5 (NESAT) mạnh lên.',
    'Ban chỉ đạo Phòng chống lụt bão trung ương và Ủy ban tìm kiếm cứu nạn họp; bão số năm, nesat, mạnh lên.',
    ['blind8/cong-dien.txt:4']],
  ['5. CMT8 and CMTT are the street Cách Mạng Tháng Tám, never an identity card; a brand the respelling read with open vowels',
    'Đến đầu đường CMT8 và phố CMTT; số CMT của anh; nhân viên Lotte Cinema.',
    'Đến đầu đường Cách Mạng Tháng Tám và phố Cách Mạng Tháng Tám; số chứng minh thư của anh; nhân viên lốt tê xi nê ma.',
    ['blind8/dien.txt:22', 'blind8/lua-dao.txt:16', 'blind8/lua-dao.txt:18']],
  ['6. a dash between places after "từ" is their range; not before an "đến", nor inside one name (Bà Rịa-Vũng Tàu)',
    'Vùng biển từ Nghệ An-Huế; từ Quảng Bình-Phú Yên; từ Bà Rịa-Vũng Tàu đến Cà Mau; Nam Định-Hà Tĩnh.',
    'Vùng biển từ Nghệ An đến Huế; từ Quảng Bình đến Phú Yên; từ Bà Rịa, Vũng Tàu đến Cà Mau; Nam Định, Hà Tĩnh.',
    ['blind8/cong-dien.txt:38']],
  ['7. a bare "h" glued before a house number in an address is hẻm; "7h", "8h30" stay hours',
    'Đi đến h71A, 77, 77C, h75 và h12/3; lúc 7h và 8h30; ngõ 12/3.',
    'Đi đến hẻm bảy mươi mốt A, bảy mươi bảy, bảy mươi bảy xê, hẻm bảy mươi lăm và hẻm mười hai trên ba; lúc bảy giờ và tám giờ ba mươi phút; ngõ mười hai trên ba.',
    ['blind8/dien.txt:18']],
  ['8. a pole\'s number after "trụ" or "cột" is its parts with "trên", never "hoặc"; "Trụ sở số 5/2" is an address',
    'Trụ 476CĐ/78/1, đường Phan Đình Phùng; cột điện số 12/3A; Trụ sở số 5/2.',
    'Trụ bốn trăm bảy mươi sáu xê đê trên bảy mươi tám trên một, đường Phan Đình Phùng; cột điện số mười hai trên ba a; Trụ sở số năm trên hai.',
    ['blind8/dien.txt:10']],
  ['9. typing slips: two marked syllables without their space are said apart, "sô" before a number is "số"; "sô cô la", "Honda" stay',
    'Tình hình còn diễn biếnphức tạp tại nhàvăn hóa; Thông báo sô 14; ăn sô cô la; xe Honda.',
    'Tình hình còn diễn biến phức tạp tại nhà văn hóa; Thông báo số mười bốn; ăn sô cô la; xe hôn đa.',
    ['blind8/cong-dien.txt:14', 'blind8/phuong.txt:4']],
];

describe('round 9: the families behind the round-8 blind part', () => readsAsWithCorpus(ROUND9));
