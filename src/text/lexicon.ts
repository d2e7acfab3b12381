/**
 * The abbreviation lexicon: how the voice says what a plan writes in short. Built-in entries are the
 * defaults; `<dataDir>/lexicon.txt` ("UBND = ủy ban nhân dân" per line, # comments) overrides and
 * extends them. Keys match case-sensitively as whole tokens ("TTg" ≠ "TTG").
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LpError } from '../errors.js';

export type Lexicon = ReadonlyMap<string, string>;

/** Said as an announcer would; lower case so the voice reads words, never letters. */
const BUILT_IN: Record<string, string> = {
  // Bodies and offices
  UBND: 'ủy ban nhân dân', HĐND: 'hội đồng nhân dân', MTTQ: 'mặt trận tổ quốc', MTTQVN: 'mặt trận tổ quốc Việt Nam',
  UBMTTQ: 'ủy ban mặt trận tổ quốc', UBMTTQVN: 'ủy ban mặt trận tổ quốc Việt Nam', TW: 'trung ương', TƯ: 'trung ương',
  BCH: 'ban chấp hành', BCĐ: 'ban chỉ đạo', BCĐTW: 'ban chỉ đạo trung ương', ĐU: 'đảng ủy', ĐUỷ: 'đảng ủy', BTV: 'ban thường vụ',
  CP: 'chính phủ', TTg: 'thủ tướng', VPCP: 'văn phòng chính phủ', BTTTT: 'bộ thông tin và truyền thông',
  SVHTTDL: 'sở văn hóa, thể thao và du lịch', 'VH-TT-DL': 'văn hóa, thể thao và du lịch', VHTTDL: 'văn hóa, thể thao và du lịch',
  'VH-XH': 'văn hóa, xã hội', VHXH: 'văn hóa, xã hội', 'CT-XH': 'chính trị, xã hội', 'KT-XH': 'kinh tế, xã hội',
  'KH&CN': 'khoa học và công nghệ', 'KH&ĐT': 'kế hoạch và đầu tư', 'TN&MT': 'tài nguyên và môi trường', 'NN&PTNT': 'nông nghiệp và phát triển nông thôn',
  'LĐ-TB&XH': 'lao động, thương binh và xã hội', 'GD&ĐT': 'giáo dục và đào tạo',
  TP: 'thành phố', 'TP.': 'thành phố', TX: 'thị xã', TDP: 'tổ dân phố', KDC: 'khu dân cư', HTX: 'hợp tác xã',
  CAND: 'công an nhân dân', QĐND: 'quân đội nhân dân', PCCC: 'phòng cháy chữa cháy', 'PCCC&CNCH': 'phòng cháy chữa cháy và cứu nạn cứu hộ',
  PCTT: 'phòng chống thiên tai', 'PCTT&TKCN': 'phòng chống thiên tai và tìm kiếm cứu nạn', TKCN: 'tìm kiếm cứu nạn',
  ATGT: 'an toàn giao thông', ANTT: 'an ninh trật tự', 'ANTT-ATXH': 'an ninh trật tự, an toàn xã hội', ATTP: 'an toàn thực phẩm',
  BHYT: 'bảo hiểm y tế', BHXH: 'bảo hiểm xã hội', THCS: 'trung học cơ sở', THPT: 'trung học phổ thông', ĐH: 'đại học',
  CĐ: 'công điện', NTM: 'nông thôn mới', 'QP-AN': 'quốc phòng, an ninh', 'QP&AN': 'quốc phòng và an ninh', QPAN: 'quốc phòng, an ninh',
  'ANQP': 'an ninh quốc phòng', GDĐT: 'giáo dục và đào tạo', 'GD-ĐT': 'giáo dục, đào tạo', KTXH: 'kinh tế, xã hội', CTXH: 'chính trị, xã hội',
  CCCD: 'căn cước công dân', SĐT: 'số điện thoại', ĐT: 'điện thoại', STT: 'số thứ tự', ĐVT: 'đơn vị tính', UBKT: 'ủy ban kiểm tra',
  CHQS: 'chỉ huy quân sự', BCHQS: 'ban chỉ huy quân sự', TTYT: 'trung tâm y tế', TYT: 'trạm y tế', TCMR: 'tiêm chủng mở rộng', SXH: 'sốt xuất huyết',
  VSATTP: 'vệ sinh an toàn thực phẩm', VSMT: 'vệ sinh môi trường', GPMB: 'giải phóng mặt bằng', NSNN: 'ngân sách nhà nước', XHH: 'xã hội hóa',
  SXKD: 'sản xuất kinh doanh', KCN: 'khu công nghiệp', CSGT: 'cảnh sát giao thông', GTNT: 'giao thông nông thôn', CBCC: 'cán bộ, công chức',
  CBCCVC: 'cán bộ, công chức, viên chức', 'CB,CC,VC': 'cán bộ, công chức, viên chức', HLHPN: 'hội liên hiệp phụ nữ', HND: 'hội nông dân',
  HCCB: 'hội cựu chiến binh', CCB: 'cựu chiến binh', ĐTN: 'đoàn thanh niên', TNCS: 'thanh niên cộng sản', HCM: 'Hồ Chí Minh',
  'TP.HCM': 'thành phố Hồ Chí Minh', TPHCM: 'thành phố Hồ Chí Minh', VP: 'văn phòng', VT: 'văn thư', YT: 'y tế', LĐLĐ: 'liên đoàn lao động',
  ĐBQH: 'đại biểu quốc hội', ĐVHC: 'đơn vị hành chính', NHCSXH: 'ngân hàng chính sách xã hội', ĐKKD: 'đăng ký kinh doanh',
  'Đ/c': 'đồng chí', 'đ/c': 'đồng chí', 'Đ/C': 'đồng chí', ThS: 'thạc sĩ', 'ThS.': 'thạc sĩ', TS: 'tiến sĩ', 'TS.': 'tiến sĩ', BS: 'bác sĩ', 'BS.': 'bác sĩ',
  TpHCM: 'thành phố Hồ Chí Minh', 'Tp.HCM': 'thành phố Hồ Chí Minh', GS: 'giáo sư', PGS: 'phó giáo sư',
  'Tp.': 'thành phố', Tp: 'thành phố', BQL: 'ban quản lý', BĐD: 'ban đại diện', TTVH: 'trung tâm văn hóa', NVH: 'nhà văn hóa',
  CMCN: 'cách mạng công nghiệp', USD: 'đô la Mỹ', IoT: 'ai ô ti', '5G': 'năm giê', '4G': 'bốn giê', GDP: 'tổng sản phẩm quốc nội',
  HCC: 'hành chính công', PTTH: 'phát thanh truyền hình', TTĐT: 'thông tin điện tử', CCHC: 'cải cách hành chính',
  // Subjects of the plans
  KHCN: 'khoa học công nghệ', ĐMST: 'đổi mới sáng tạo', CĐS: 'chuyển đổi số', CDS: 'chuyển đổi số', CNTT: 'công nghệ thông tin',
  AI: 'trí tuệ nhân tạo', CSDL: 'cơ sở dữ liệu', DVC: 'dịch vụ công', DVCTT: 'dịch vụ công trực tuyến',
  // Document types
  NQ: 'nghị quyết', QĐ: 'quyết định', KH: 'kế hoạch', CT: 'chỉ thị', CV: 'công văn', TB: 'thông báo', BC: 'báo cáo',
  HD: 'hướng dẫn', NĐ: 'nghị định', TT: 'thông tư', TTr: 'tờ trình', QH: 'quốc hội', 'V/v': 'về việc', 'b/c': 'báo cáo',
  // Names the voice would otherwise spell
  VNeID: 'vê en e ai đi', LED: 'lét', COVID: 'cô vít', 'COVID-19': 'cô vít mười chín', Covid: 'cô vít', 'Covid-19': 'cô vít mười chín',
  Facebook: 'phây búc', YouTube: 'du túp', Youtube: 'du túp', Zalo: 'da lô', TikTok: 'tích tốc', Livestream: 'lai xtrim', livestream: 'lai xtrim',
  internet: 'in tơ nét', Internet: 'in tơ nét', video: 'vi đê ô', clip: 'clíp', videoclip: 'vi đê ô clíp', infographic: 'in phô gráp phích',
  Infographic: 'in phô gráp phích', chatbot: 'chát bốt', startup: 'xtát áp', motion: 'mô sần', graphics: 'gráp phích', pano: 'pa nô', email: 'i meo', Email: 'i meo', camera: 'ca mê ra', Camera: 'ca mê ra',
  vaccine: 'vắc xin', Vaccine: 'vắc xin', virus: 'vi rút', Virus: 'vi rút', vitamin: 'vi ta min', logo: 'lô gô', fanpage: 'phan pết', Fanpage: 'phan pết',
  container: 'công te nơ', karaoke: 'ka ra ô kê', test: 'tét', ATM: 'a tê em', OCOP: 'ô cốp', UNICEF: 'u ni xép', WHO: 'tổ chức y tế thế giới',
  ASEAN: 'a xê an', Google: 'gu gồ', Gmail: 'gờ meo', code: 'cốt',
  chip: 'chíp', wifi: 'oai phai', Wifi: 'oai phai', 'Wi-Fi': 'oai phai', QR: 'ciu a', 'mã QR': 'mã ciu a', app: 'ứng dụng', smartphone: 'điện thoại thông minh',
  hotline: 'đường dây nóng', Hotline: 'đường dây nóng', website: 'trang thông tin', Website: 'trang thông tin', online: 'trực tuyến', Online: 'trực tuyến',
};

/** Parses lexicon file text; a malformed line → LP_ERR_LEXICON_INVALID naming the line. */
export function parseLexicon(text: string, source = 'lexicon.txt'): Map<string, string> {
  const out = new Map<string, string>();
  text.normalize('NFC').split(/\r?\n/).forEach((line, i) => {
    const body = line.replace(/(^|\s)#.*$/, '').trim();
    if (!body) return;
    const eq = body.indexOf('=');
    const key = eq > 0 ? body.slice(0, eq).trim() : '';
    const value = eq > 0 ? body.slice(eq + 1).trim() : '';
    if (!key || !value || /\s/.test(key) || /\d/.test(value)) {
      throw new LpError('LP_ERR_LEXICON_INVALID', `${source} dòng ${i + 1}: "${line.trim().slice(0, 80)}"`);
    }
    out.set(key, value);
  });
  return out;
}

/** Built-in entries, overridden and extended by `<dataDir>/lexicon.txt` when it exists. */
export function loadLexicon(dataDir?: string): Lexicon {
  const lex = new Map(Object.entries(BUILT_IN));
  if (!dataDir) return lex;
  const path = join(dataDir, 'lexicon.txt');
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return lex;
    throw new LpError('LP_ERR_LEXICON_INVALID', `${path}: ${(e as Error).message}`);
  }
  for (const [k, v] of parseLexicon(text, path)) lex.set(k, v);
  return lex;
}

/** The built-in lexicon alone (what `toSpokenForm` uses when none is given). */
export const DEFAULT_LEXICON: Lexicon = new Map(Object.entries(BUILT_IN));
