/**
 * The built-in abbreviations a ward's notices use, by domain, written for this project from the
 * public lists (document types and issuing bodies of Decree 30/2020/NĐ-CP, appendix III; the
 * ministries' own abbreviations; the usual ones of disaster, weather, police, power, health,
 * education, Party and mass-organisation texts). Each is said as an announcer would, in lower case
 * so the voice reads words, never letters. `<dataDir>/lexicon.txt` overrides and extends them.
 */

/** One abbreviation, one reading, wherever it stands. */
export const WORDS: Record<string, string> = {
  // State bodies, Party and mass organisations
  UBND: 'ủy ban nhân dân', HĐND: 'hội đồng nhân dân', UBMTTQ: 'ủy ban mặt trận tổ quốc', UBMTTQVN: 'ủy ban mặt trận tổ quốc Việt Nam',
  MTTQ: 'mặt trận tổ quốc', MTTQVN: 'mặt trận tổ quốc Việt Nam', TW: 'trung ương', TƯ: 'trung ương', BCH: 'ban chấp hành',
  BCĐ: 'ban chỉ đạo', BCĐTW: 'ban chỉ đạo trung ương', ĐU: 'đảng ủy', ĐUỷ: 'đảng ủy', BTV: 'ban thường vụ', BBT: 'ban bí thư',
  BCT: 'bộ chính trị', TU: 'tỉnh ủy', HU: 'huyện ủy', ThU: 'thành ủy', ĐBQH: 'đại biểu quốc hội',
  QH: 'quốc hội', UBTVQH: 'ủy ban thường vụ quốc hội', CP: 'chính phủ', TTg: 'thủ tướng', VPCP: 'văn phòng chính phủ', VP: 'văn phòng',
  UBKT: 'ủy ban kiểm tra', BTG: 'ban tuyên giáo', BDV: 'ban dân vận', BTC: 'ban tổ chức', BNC: 'ban nội chính', ĐĐBQH: 'đoàn đại biểu quốc hội',
  HLHPN: 'hội liên hiệp phụ nữ', LHPN: 'liên hiệp phụ nữ', HPN: 'hội phụ nữ', HND: 'hội nông dân', HCCB: 'hội cựu chiến binh', CCB: 'cựu chiến binh',
  ĐTN: 'đoàn thanh niên', TNCS: 'thanh niên cộng sản', ĐTNCS: 'đoàn thanh niên cộng sản', LĐLĐ: 'liên đoàn lao động', CĐCS: 'công đoàn cơ sở',
  HCTĐ: 'hội chữ thập đỏ', HNCT: 'hội người cao tuổi', BĐD: 'ban đại diện', BQL: 'ban quản lý', BQLDA: 'ban quản lý dự án',
  ĐVHC: 'đơn vị hành chính', HĐNVQS: 'hội đồng nghĩa vụ quân sự',
  UB: 'ủy ban', UBQG: 'ủy ban quốc gia', UBTV: 'ủy ban thường vụ', UBMT: 'ủy ban mặt trận', UBNDTP: 'ủy ban nhân dân thành phố',
  UV: 'ủy viên', UVBCH: 'ủy viên ban chấp hành', UVBTV: 'ủy viên ban thường vụ', UVBCT: 'ủy viên bộ chính trị', PCT: 'phó chủ tịch',
  BCSĐ: 'ban cán sự đảng', ĐCS: 'đảng cộng sản', ĐCSVN: 'đảng cộng sản Việt Nam', NK: 'nhiệm kỳ', ƯCV: 'ứng cử viên', UCV: 'ứng cử viên',
  ĐVTN: 'đoàn viên thanh niên', TNXP: 'thanh niên xung phong', TNTP: 'thiếu niên tiền phong', LHTN: 'liên hiệp thanh niên', HSV: 'hội sinh viên',
  XHCN: 'xã hội chủ nghĩa', CNXH: 'chủ nghĩa xã hội', CHXHCNVN: 'cộng hòa xã hội chủ nghĩa Việt Nam', TTHCM: 'tư tưởng Hồ Chí Minh',
  CQNN: 'cơ quan nhà nước', TTCP: 'thanh tra chính phủ', VBQPPL: 'văn bản quy phạm pháp luật', KV: 'khu vực',
  // Ministries and departments
  BTTTT: 'bộ thông tin và truyền thông', BKHCN: 'bộ khoa học và công nghệ', BQP: 'bộ quốc phòng', BCA: 'bộ công an', BYT: 'bộ y tế',
  BGDĐT: 'bộ giáo dục và đào tạo', BNV: 'bộ nội vụ', BTP: 'bộ tư pháp', BXD: 'bộ xây dựng',
  BNNPTNT: 'bộ nông nghiệp và phát triển nông thôn', BNNMT: 'bộ nông nghiệp và môi trường', BTNMT: 'bộ tài nguyên và môi trường',
  BVHTTDL: 'bộ văn hóa, thể thao và du lịch', BLĐTBXH: 'bộ lao động, thương binh và xã hội', BGTVT: 'bộ giao thông vận tải', BKHĐT: 'bộ kế hoạch và đầu tư',
  SVHTTDL: 'sở văn hóa, thể thao và du lịch', SYT: 'sở y tế', SGDĐT: 'sở giáo dục và đào tạo', STTTT: 'sở thông tin và truyền thông',
  'VH-TT-DL': 'văn hóa, thể thao và du lịch', VHTTDL: 'văn hóa, thể thao và du lịch', 'VH&TT': 'văn hóa và thông tin', VHTT: 'văn hóa thông tin',
  'VH-XH': 'văn hóa, xã hội', VHXH: 'văn hóa, xã hội', 'CT-XH': 'chính trị, xã hội', 'KT-XH': 'kinh tế, xã hội', KTXH: 'kinh tế, xã hội', CTXH: 'chính trị, xã hội',
  'KH&CN': 'khoa học và công nghệ', 'R&D': 'nghiên cứu và phát triển', 'KH&ĐT': 'kế hoạch và đầu tư', 'TN&MT': 'tài nguyên và môi trường', 'TN-MT': 'tài nguyên, môi trường',
  'NN&PTNT': 'nông nghiệp và phát triển nông thôn', 'NN&MT': 'nông nghiệp và môi trường', 'LĐ-TB&XH': 'lao động, thương binh và xã hội',
  LĐTBXH: 'lao động, thương binh và xã hội', 'GD&ĐT': 'giáo dục và đào tạo', GDĐT: 'giáo dục và đào tạo', 'GD-ĐT': 'giáo dục, đào tạo',
  'TC-KH': 'tài chính, kế hoạch', TCKH: 'tài chính, kế hoạch', 'QP-AN': 'quốc phòng, an ninh', 'QP&AN': 'quốc phòng và an ninh', QPAN: 'quốc phòng, an ninh',
  ANQP: 'an ninh quốc phòng', 'GTVT': 'giao thông vận tải', 'TT&TT': 'thông tin và truyền thông', TTTT: 'thông tin truyền thông',
  NNPTNT: 'nông nghiệp và phát triển nông thôn', PTNT: 'phát triển nông thôn', TNMT: 'tài nguyên môi trường',
  // Places and addresses
  TP: 'thành phố', 'TP.': 'thành phố', 'Tp.': 'thành phố', Tp: 'thành phố', TX: 'thị xã', 'TX.': 'thị xã', TDP: 'tổ dân phố',
  KDC: 'khu dân cư', KCN: 'khu công nghiệp', KKT: 'khu kinh tế', CCN: 'cụm công nghiệp', KP: 'khu phố', HCM: 'Hồ Chí Minh',
  'TP.HCM': 'thành phố Hồ Chí Minh', TPHCM: 'thành phố Hồ Chí Minh', TpHCM: 'thành phố Hồ Chí Minh', 'Tp.HCM': 'thành phố Hồ Chí Minh',
  'TP.HN': 'thành phố Hà Nội', VN: 'Việt Nam', 'TT-Huế': 'Thừa Thiên Huế', TTH: 'Thừa Thiên Huế', 'BR-VT': 'Bà Rịa, Vũng Tàu', ĐBSCL: 'đồng bằng sông Cửu Long',
  ĐBSH: 'đồng bằng sông Hồng', ĐNa: 'Đà Nẵng', ĐNB: 'đông nam bộ', NTB: 'nam trung bộ', BTB: 'bắc trung bộ',
  // Police, defence, public order
  CAND: 'công an nhân dân', QĐND: 'quân đội nhân dân', CSGT: 'cảnh sát giao thông', CSĐT: 'cảnh sát điều tra', CSKV: 'cảnh sát khu vực',
  CSCĐ: 'cảnh sát cơ động', CSHS: 'cảnh sát hình sự', CSKT: 'cảnh sát kinh tế', CQĐT: 'cơ quan điều tra', CQCSĐT: 'cơ quan cảnh sát điều tra',
  QLHC: 'quản lý hành chính', TTXH: 'trật tự xã hội', 'QLHC về TTXH': 'quản lý hành chính về trật tự xã hội', ANTT: 'an ninh trật tự',
  'ANTT-ATXH': 'an ninh trật tự, an toàn xã hội', ATXH: 'an toàn xã hội', ANCS: 'an ninh cơ sở', ATGT: 'an toàn giao thông', TTATGT: 'trật tự an toàn giao thông',
  PCCC: 'phòng cháy chữa cháy', 'PCCC&CNCH': 'phòng cháy chữa cháy và cứu nạn cứu hộ', CNCH: 'cứu nạn cứu hộ', BĐBP: 'bộ đội biên phòng',
  BCHQS: 'ban chỉ huy quân sự', CHQS: 'chỉ huy quân sự', BCHBĐBP: 'bộ chỉ huy bộ đội biên phòng', NVQS: 'nghĩa vụ quân sự', DQTV: 'dân quân tự vệ',
  DQ: 'dân quân', QK: 'quân khu', BTL: 'bộ tư lệnh', PTDS: 'phòng thủ dân sự', CCCD: 'căn cước công dân', CMND: 'chứng minh nhân dân',
  ĐDCN: 'định danh cá nhân', GPLX: 'giấy phép lái xe', BKS: 'biển kiểm soát', ĐKX: 'đăng ký xe', TNGT: 'tai nạn giao thông',
  CSND: 'cảnh sát nhân dân', CSPCCC: 'cảnh sát phòng cháy chữa cháy', CQCA: 'cơ quan công an',
  CSQLHC: 'cảnh sát quản lý hành chính', ANĐT: 'an ninh điều tra', ANQG: 'an ninh quốc gia', ANTQ: 'an ninh tổ quốc', ATTT: 'an toàn thông tin',
  TTATXH: 'trật tự an toàn xã hội', TAND: 'tòa án nhân dân', TANDTC: 'tòa án nhân dân tối cao', VKS: 'viện kiểm sát', VKSND: 'viện kiểm sát nhân dân',
  VKSNDTC: 'viện kiểm sát nhân dân tối cao', KSV: 'kiểm sát viên', ĐTV: 'điều tra viên', BLHS: 'bộ luật hình sự', BLDS: 'bộ luật dân sự',
  BLTTHS: 'bộ luật tố tụng hình sự', THADS: 'thi hành án dân sự', XPHC: 'xử phạt hành chính', VPHC: 'vi phạm hành chính', PCTP: 'phòng chống tội phạm',
  TNXH: 'tệ nạn xã hội', PCTNXH: 'phòng chống tệ nạn xã hội', PCTN: 'phòng chống tham nhũng', PCMT: 'phòng chống ma túy',
  MTTH: 'ma túy tổng hợp', MDMA: 'em đê em a', heroin: 'hê rô in', Heroin: 'hê rô in', ketamine: 'ke ta min', Ketamine: 'ke ta min',
  methamphetamine: 'mê tham phê ta min', Methamphetamine: 'mê tham phê ta min', cocaine: 'cô ca in', Cocaine: 'cô ca in',
  PCTPMT: 'phòng chống tội phạm ma túy', CSĐTTPMT: 'cảnh sát điều tra tội phạm ma túy', MBH: 'mũ bảo hiểm', BLX: 'bằng lái xe',
  HKTT: 'hộ khẩu thường trú', CMT: 'chứng minh thư', CMTND: 'chứng minh thư nhân dân', LLVT: 'lực lượng vũ trang', LLVTND: 'lực lượng vũ trang nhân dân',
  PKKQ: 'phòng không không quân', QĐNDVN: 'quân đội nhân dân Việt Nam', QS: 'quân sự', CHCN: 'cứu hộ cứu nạn', PCCN: 'phòng chống cháy nổ',
  // Disaster, weather, water
  PCTT: 'phòng chống thiên tai', 'PCTT&TKCN': 'phòng chống thiên tai và tìm kiếm cứu nạn', 'PCTT-TKCN': 'phòng chống thiên tai, tìm kiếm cứu nạn',
  PCTTTKCN: 'phòng chống thiên tai và tìm kiếm cứu nạn', TKCN: 'tìm kiếm cứu nạn', 'PCLB': 'phòng chống lụt bão', 'PCLB&TKCN': 'phòng chống lụt bão và tìm kiếm cứu nạn',
  'BCH PCTT&TKCN': 'ban chỉ huy phòng chống thiên tai và tìm kiếm cứu nạn', KTTV: 'khí tượng thủy văn', TTDBKTTV: 'trung tâm dự báo khí tượng thủy văn',
  'TTDBKTTVQG': 'trung tâm dự báo khí tượng thủy văn quốc gia', ATNĐ: 'áp thấp nhiệt đới', BĐKH: 'biến đổi khí hậu',
  NCHMF: 'trung tâm dự báo khí tượng thủy văn quốc gia',
  PCCR: 'phòng chống cháy rừng', PCCCR: 'phòng cháy chữa cháy rừng', PCBL: 'phòng chống bão lụt', KTTVQG: 'khí tượng thủy văn quốc gia',
  TTDBKTTVTW: 'trung tâm dự báo khí tượng thủy văn trung ương', BQLR: 'ban quản lý rừng', NMTĐ: 'nhà máy thủy điện', NMNĐ: 'nhà máy nhiệt điện',
  TĐC: 'tái định cư',
  // Power and utilities
  EVN: 'e vê en', EVNHANOI: 'e vê en Hà Nội', EVNHCMC: 'e vê en thành phố Hồ Chí Minh', EVNNPC: 'tổng công ty điện lực miền bắc',
  EVNCPC: 'tổng công ty điện lực miền trung', EVNSPC: 'tổng công ty điện lực miền nam', TBA: 'trạm biến áp', ĐZ: 'đường dây', MBA: 'máy biến áp',
  HTĐ: 'hệ thống điện', CSKH: 'chăm sóc khách hàng', ĐL: 'điện lực', VNPT: 'vê en pê tê', BCVT: 'bưu chính viễn thông',
  NMĐ: 'nhà máy điện', CTĐL: 'công ty điện lực', TCT: 'tổng công ty', Cty: 'công ty', CTy: 'công ty', cty: 'công ty',
  NLMT: 'năng lượng mặt trời', NLTT: 'năng lượng tái tạo',
  // Health
  BHYT: 'bảo hiểm y tế', BHXH: 'bảo hiểm xã hội', BHTN: 'bảo hiểm thất nghiệp', TTYT: 'trung tâm y tế', TYT: 'trạm y tế', BVĐK: 'bệnh viện đa khoa',
  BV: 'bệnh viện', CDC: 'trung tâm kiểm soát bệnh tật', TCMR: 'tiêm chủng mở rộng', SXH: 'sốt xuất huyết', TCM: 'tay chân miệng', VSATTP: 'vệ sinh an toàn thực phẩm',
  ATTP: 'an toàn thực phẩm', VSMT: 'vệ sinh môi trường', KCB: 'khám chữa bệnh', CSSK: 'chăm sóc sức khỏe', 'DS-KHHGĐ': 'dân số, kế hoạch hóa gia đình',
  KHHGĐ: 'kế hoạch hóa gia đình', BS: 'bác sĩ', 'BS.': 'bác sĩ', BSCKI: 'bác sĩ chuyên khoa một', BSCKII: 'bác sĩ chuyên khoa hai', YS: 'y sĩ', ĐD: 'điều dưỡng',
  HIV: 'hát i vê', 'HIV/AIDS': 'hát i vê ết', AIDS: 'ết', WHO: 'tổ chức y tế thế giới', UNICEF: 'u ni xép',
  TTYTDP: 'trung tâm y tế dự phòng', YTDP: 'y tế dự phòng', BVTƯ: 'bệnh viện trung ương', YHCT: 'y học cổ truyền', SKSS: 'sức khỏe sinh sản',
  TTBYT: 'trang thiết bị y tế', NĐTP: 'ngộ độc thực phẩm', HMNĐ: 'hiến máu nhân đạo', KQXN: 'kết quả xét nghiệm', CTĐ: 'chữ thập đỏ',
  ATVSTP: 'an toàn vệ sinh thực phẩm', BMTE: 'bà mẹ trẻ em', TCYTTG: 'tổ chức y tế thế giới',
  // Education
  THCS: 'trung học cơ sở', THPT: 'trung học phổ thông', MN: 'mầm non', ĐH: 'đại học', CĐ: 'cao đẳng', TCCN: 'trung cấp chuyên nghiệp',
  GDTX: 'giáo dục thường xuyên', GDNN: 'giáo dục nghề nghiệp', 'GDNN-GDTX': 'giáo dục nghề nghiệp, giáo dục thường xuyên', HS: 'học sinh', SV: 'sinh viên',
  GV: 'giáo viên', GVCN: 'giáo viên chủ nhiệm', PHHS: 'phụ huynh học sinh', CMHS: 'cha mẹ học sinh', ThS: 'thạc sĩ', 'ThS.': 'thạc sĩ', TS: 'tiến sĩ',
  'TS.': 'tiến sĩ', GS: 'giáo sư', PGS: 'phó giáo sư', 'PGS.TS': 'phó giáo sư, tiến sĩ', 'GS.TS': 'giáo sư, tiến sĩ',
  GDMN: 'giáo dục mầm non', GDTH: 'giáo dục tiểu học', GDCD: 'giáo dục công dân', GDĐH: 'giáo dục đại học', PCGD: 'phổ cập giáo dục',
  HSG: 'học sinh giỏi', HSSV: 'học sinh sinh viên', SGK: 'sách giáo khoa', BGH: 'ban giám hiệu', PTDTNT: 'phổ thông dân tộc nội trú',
  TTGDTX: 'trung tâm giáo dục thường xuyên', TTHTCĐ: 'trung tâm học tập cộng đồng', ĐHQG: 'đại học quốc gia', ĐHSP: 'đại học sư phạm',
  CĐSP: 'cao đẳng sư phạm', THCN: 'trung học chuyên nghiệp', SBD: 'số báo danh', KTX: 'ký túc xá',
  // Economy, land, social policy, programmes
  VGB: 'viêm gan bê', TNCN: 'thu nhập cá nhân', GTGT: 'giá trị gia tăng', TNDN: 'thu nhập doanh nghiệp', STK: 'số tài khoản',
  NTM: 'nông thôn mới', GPMB: 'giải phóng mặt bằng', NSNN: 'ngân sách nhà nước', XHH: 'xã hội hóa', SXKD: 'sản xuất kinh doanh', ĐKKD: 'đăng ký kinh doanh',
  HTX: 'hợp tác xã', DN: 'doanh nghiệp', DNNVV: 'doanh nghiệp nhỏ và vừa', CTCP: 'công ty cổ phần', TMCP: 'thương mại cổ phần', TNHH: 'trách nhiệm hữu hạn', MTV: 'một thành viên',
  NHCSXH: 'ngân hàng chính sách xã hội', NHNN: 'ngân hàng nhà nước', GTNT: 'giao thông nông thôn', CBCC: 'cán bộ, công chức', CBCCVC: 'cán bộ, công chức, viên chức',
  'CB,CC,VC': 'cán bộ, công chức, viên chức', CCVC: 'công chức, viên chức', 'CBCNVC': 'cán bộ, công nhân viên chức', NLĐ: 'người lao động', NCT: 'người cao tuổi',
  NKT: 'người khuyết tật', HGĐ: 'hộ gia đình', QSDĐ: 'quyền sử dụng đất', GCN: 'giấy chứng nhận', GCNQSDĐ: 'giấy chứng nhận quyền sử dụng đất',
  TTHC: 'thủ tục hành chính', CCHC: 'cải cách hành chính', HCC: 'hành chính công', DVC: 'dịch vụ công', DVCTT: 'dịch vụ công trực tuyến', 'BPMC': 'bộ phận một cửa',
  CĐS: 'chuyển đổi số', CDS: 'chuyển đổi số', KHCN: 'khoa học công nghệ', ĐMST: 'đổi mới sáng tạo', CNTT: 'công nghệ thông tin', CSDL: 'cơ sở dữ liệu',
  CMCN: 'cách mạng công nghiệp', AI: 'trí tuệ nhân tạo', PTTH: 'phát thanh truyền hình', TTĐT: 'thông tin điện tử', TTVH: 'trung tâm văn hóa', NVH: 'nhà văn hóa',
  'VH-TT': 'văn hóa, thông tin', TTVHTT: 'trung tâm văn hóa thông tin', 'TTVH-TT': 'trung tâm văn hóa, thông tin', GDP: 'tổng sản phẩm quốc nội', USD: 'đô la Mỹ',
  SĐT: 'số điện thoại', STT: 'số thứ tự', ĐVT: 'đơn vị tính', ĐT: 'điện thoại', SN: 'sinh năm', 'Đ/c': 'đồng chí', 'đ/c': 'đồng chí', 'Đ/C': 'đồng chí',
  'V/v': 'về việc', 'b/c': 'báo cáo', VT: 'văn thư', YT: 'y tế', QLNN: 'quản lý nhà nước',
  ASXH: 'an sinh xã hội', XĐGN: 'xóa đói giảm nghèo', BĐS: 'bất động sản', TMĐT: 'thương mại điện tử', NH: 'ngân hàng', NHTM: 'ngân hàng thương mại',
  NHTMCP: 'ngân hàng thương mại cổ phần', KBNN: 'kho bạc nhà nước', XNK: 'xuất nhập khẩu', XK: 'xuất khẩu', XKLĐ: 'xuất khẩu lao động', SX: 'sản xuất',
  LĐ: 'lao động', ATLĐ: 'an toàn lao động', BHNT: 'bảo hiểm nhân thọ', DVVL: 'dịch vụ việc làm', TTDVVL: 'trung tâm dịch vụ việc làm',
  NSĐP: 'ngân sách địa phương', CSHT: 'cơ sở hạ tầng', CSVC: 'cơ sở vật chất', VLXD: 'vật liệu xây dựng', XD: 'xây dựng', XDCB: 'xây dựng cơ bản',
  TTTM: 'trung tâm thương mại', KĐT: 'khu đô thị', KDL: 'khu du lịch', KCX: 'khu chế xuất', NOXH: 'nhà ở xã hội', GPXD: 'giấy phép xây dựng',
  GPKD: 'giấy phép kinh doanh', MST: 'mã số thuế', QHSDĐ: 'quy hoạch sử dụng đất', DNNN: 'doanh nghiệp nhà nước', DNTN: 'doanh nghiệp tư nhân',
  QLTT: 'quản lý thị trường', KTTT: 'kinh tế thị trường', CNH: 'công nghiệp hóa', HĐH: 'hiện đại hóa', CLB: 'câu lạc bộ', TDTT: 'thể dục thể thao',
  VĐV: 'vận động viên', HLV: 'huấn luyện viên', GĐ: 'giám đốc', PGĐ: 'phó giám đốc', TGĐ: 'tổng giám đốc', PTGĐ: 'phó tổng giám đốc',
  TBT: 'tổng biên tập', PV: 'phóng viên', CTV: 'cộng tác viên', NXB: 'nhà xuất bản', SL: 'số lượng', KQ: 'kết quả',
  // Document types (Decree 30/2020/NĐ-CP, appendix III)
  NQ: 'nghị quyết', QĐ: 'quyết định', CT: 'chỉ thị', QC: 'quy chế', QyĐ: 'quy định', TB: 'thông báo', HD: 'hướng dẫn', CTr: 'chương trình',
  KH: 'kế hoạch', PA: 'phương án', ĐA: 'đề án', DA: 'dự án', BC: 'báo cáo', BB: 'biên bản', TTr: 'tờ trình', HĐ: 'hợp đồng', CV: 'công văn',
  BGN: 'bản ghi nhớ', BTT: 'bản thỏa thuận', GUQ: 'giấy ủy quyền', GM: 'giấy mời', GGT: 'giấy giới thiệu', GNP: 'giấy nghỉ phép', PG: 'phiếu gửi',
  PB: 'phiếu báo', TT: 'thông tư', TTLT: 'thông tư liên tịch', NĐ: 'nghị định',
  VBHN: 'văn bản hợp nhất', KL: 'kết luận',
  // Newspapers named at the head of an item ("GĐXH – Theo…")
  GĐXH: 'gia đình và xã hội', Kinhtedothi: 'kinh tế đô thị', TPO: 'tiền phong', TTXVN: 'thông tấn xã Việt Nam', SGGP: 'sài gòn giải phóng',
  TBKTSG: 'thời báo kinh tế Sài Gòn', TBKTVN: 'thời báo kinh tế Việt Nam', THVN: 'truyền hình Việt Nam', ĐPTTH: 'đài phát thanh truyền hình',
  // Social protection, and text-message shorthand that reaches notices
  HTXH: 'hỗ trợ xã hội', BTXH: 'bảo trợ xã hội', TGXH: 'trợ giúp xã hội', ko: 'không', đc: 'được',
  // Names the voice would otherwise spell
  VNeID: 'vê en e ai đi', LED: 'lét', COVID: 'cô vít', 'COVID-19': 'cô vít mười chín', Covid: 'cô vít', 'Covid-19': 'cô vít mười chín',
  Facebook: 'phây búc', YouTube: 'du túp', Youtube: 'du túp', Zalo: 'da lô', TikTok: 'tích tốc', Livestream: 'lai xờ trim', livestream: 'lai xờ trim',
  internet: 'in tơ nét', Internet: 'in tơ nét', video: 'vi đê ô', clip: 'cờ líp', videoclip: 'vi đê ô cờ líp', infographic: 'in phô gráp phích',
  Infographic: 'in phô gráp phích', chatbot: 'chát bốt', startup: 'xtát áp', motion: 'mô sần', graphics: 'gráp phích', pano: 'pa nô', email: 'i meo',
  Email: 'i meo', camera: 'ca mê ra', Camera: 'ca mê ra', vaccine: 'vắc xin', Vaccine: 'vắc xin', vaccin: 'vắc xin', vacxin: 'vắc xin', Vacxin: 'vắc xin', virus: 'vi rút',
  Virus: 'vi rút', vitamin: 'vi ta min', logo: 'lô gô', fanpage: 'phan pết', Fanpage: 'phan pết', container: 'công te nơ', karaoke: 'ka ra ô kê',
  test: 'tét', ATM: 'a tê em', OCOP: 'ô cốp', ASEAN: 'a xê an', Google: 'gu gồ', Gmail: 'gờ meo', code: 'cốt', chip: 'chíp', wifi: 'oai phai',
  Wifi: 'oai phai', 'Wi-Fi': 'oai phai', QR: 'ciu a', 'mã QR': 'mã ciu a', OTP: 'ô tê pê', SMS: 'ét em ét', app: 'ứng dụng', smartphone: 'điện thoại thông minh',
  hotline: 'đường dây nóng', Hotline: 'đường dây nóng', website: 'trang web', Website: 'trang web', online: 'trực tuyến', Online: 'trực tuyến',
  Philippines: 'phi líp pin', Philippin: 'phi líp pin', 'Phi-líp-pin': 'phi líp pin', iOS: 'ai ô ét', IoT: 'ai ô ti', '5G': 'năm giê', '4G': 'bốn giê',
  kV: 'ki lô vôn', kVA: 'ki lô vôn am pe', MVA: 'mê ga vôn am pe',
  // Loanwords of scam warnings and public services, as Vietnamese says them
  fake: 'phây', Fake: 'phây', banking: 'banh king', Banking: 'banh king', mobile: 'mô bai', Mobile: 'mô bai', game: 'gêm', Game: 'gêm',
  shipper: 'síp pơ', Shipper: 'síp pơ', voucher: 'vâu chơ', SIM: 'sim', laptop: 'láp tốp', hacker: 'hắc cơ', Telegram: 'tê lê gram',
  Viber: 'vai bơ', Messenger: 'mét xen giơ', iPhone: 'ai phôn', Android: 'an đờ roi', Shopee: 'sốp pi', Lazada: 'la da đa', Grab: 'gờ ráp',
  // Brands, platforms and places in Latin letters whose names the respelling rules (foreign.ts) would
  // get wrong, as Vietnamese says them: vehicles, banks and wallets, telecoms, companies, apps, places.
  // Loanwords said as written ("link") keep their spelling here, so no rule respells them.
  Hyundai: 'huyn đai', Mekong: 'mê kông', Toyota: 'tô dô ta', Suzuki: 'xu du ki', Mazda: 'mát đa', Mercedes: 'mẹc xê đét', Lexus: 'lếch xớt',
  Mitsubishi: 'mít xu bi si', Nissan: 'nít xan', Kia: 'ki a', Ford: 'pho', Chevrolet: 'sê vơ lét', Vespa: 'vét pa', Piaggio: 'pi a giô',
  Airblade: 'e bờ lết', Exciter: 'ếch xai tơ', Vision: 'vi sần', Sirius: 'xi ri út', Winner: 'uyn nơ', Future: 'phiu chơ', Dream: 'đờ rim',
  Vinfast: 'vin phát', VinFast: 'vin phát', Vinhomes: 'vin hôm', Vingroup: 'vin gờ rúp', Vincom: 'vin com', Vinmec: 'vin méc',
  Vietcombank: 'vi ét com banh', Vietinbank: 'vi ét tin banh', VietinBank: 'vi ét tin banh', Agribank: 'a gờ ri banh', Techcombank: 'téc com banh',
  Sacombank: 'xa com banh', VPBank: 'vê pê banh', Momo: 'mô mô', MoMo: 'mô mô', ViettelPay: 'vi ét ten pây', Viettel: 'vi ét ten',
  Vinaphone: 'vi na phôn', VinaPhone: 'vi na phôn', Mobifone: 'mô bi phôn', MobiFone: 'mô bi phôn', Samsung: 'xam xung', Apple: 'áp pồ',
  Microsoft: 'mai crô xốp', Windows: 'uyn đâu', iPad: 'ai pát', Instagram: 'in xta gram', Twitter: 'tuýt tơ', Tiki: 'ti ki', Sendo: 'xen đô',
  Gojek: 'gô giéc', Diesel: 'đi ê zen', diesel: 'đi ê zen', Pasteur: 'pát xtơ', Luzon: 'lu dông', HANOI: 'Hà Nội', SAIGON: 'Sài Gòn',
  topup: 'tóp ấp', combo: 'com bô', marketing: 'ma két tinh', radio: 'ra đi ô',
  link: 'link', web: 'web', Web: 'web',
  // Round 5: loanwords of notices about scams, online services and the news ("file", "OK", "Zoom").
  // A word with small letters finds its entry in any case ("facebook", "Video", "Tiktok": spoken.ts).
  file: 'phai', Zoom: 'dum', OK: 'ô kê', ok: 'ô kê', password: 'pát xuốt', account: 'ác cao', Word: 'uốt', Excel: 'ếch xeo',
  PDF: 'pê đê ép', group: 'gờ rúp', share: 'se', check: 'chéc', bitcoin: 'bít coi', shop: 'sốp', post: 'pốt', like: 'lai',
  selfie: 'xeo phi', iCloud: 'ai cờ lao', Meet: 'mít', Skype: 'xờ cai', Netflix: 'nét phờ lích', QRcode: 'ciu a cốt',
  'App Store': 'áp xờ tô', 'CH Play': 'xê hát pờ lây', 'Google Play': 'gu gồ pờ lây', Weather: 'oét thơ', KSND: 'kiểm sát nhân dân', micromet: 'mi crô mét', 'VN Air': 'vê en e', IQAir: 'ai kiu e', QCVN: 'quy chuẩn Việt Nam', TCVN: 'tiêu chuẩn Việt Nam', 'VHTT-TT': 'văn hóa, thông tin và thể thao', 'VH-TT-TT': 'văn hóa, thông tin và thể thao', OA: 'ô a', 'Vietnam Airlines': 'Việt Nam e lai', Vietnam: 'Việt Nam', SARS: 'sát', 'SARS-CoV-2': 'sát cô vi hai', 'SARS-COV-2': 'sát cô vi hai', Pleiku: 'Plây Cu', News: 'niu', ĐB: 'đại biểu', VssID: 'vê ét ét ai đi', VSSID: 'vê ét ét ai đi', USB: 'u ét bê', GPS: 'giê pê ét', ID: 'ai đi', deepfake: 'đíp phây', hashtag: 'hát tác', trend: 'tren',
  // Round 3: abbreviations of the public lists that notices use and the lexicon lacked.
  CA: 'công an', TCty: 'tổng công ty', 'T.Ư': 'trung ương', 'T.W': 'trung ương', ĐC: 'địa chính', ĐCXD: 'địa chính xây dựng',
  CTMT: 'công tác mặt trận', BCTMT: 'ban công tác mặt trận', CPĐT: 'chính phủ điện tử', CPS: 'chính phủ số',
  CQS: 'chính quyền số', KTS: 'kinh tế số', XHS: 'xã hội số', VOV: 'vê ô vê', 'VOV.VN': 'vê ô vê chấm vê en', VOVTV: 'vê ô vê tê vê',
  CSTT: 'cảnh sát trật tự', CSGTĐB: 'cảnh sát giao thông đường bộ', TNLĐ: 'tai nạn lao động',
  // Round 6: gases and dust of cold and heat warnings (CO read as its letters, never the syllable "co"), loanwords of
  // scam and dam notices, the national cyber-emergency centre by its name.
  CO: 'xê ô', CO2: 'xê ô hai', NO2: 'en nờ ô hai', SO2: 'ét ô hai', 'PM2.5': 'pê em hai chấm năm', 'PM2,5': 'pê em hai phẩy năm', PM10: 'pê em mười',
  review: 'ri viu', Review: 'ri viu', tuabin: 'tua bin', Tuabin: 'tua bin', VNCERT: 'vê en xớt',
  // Round 7: units of energy after a number in words ("895 triệu kWh"), and a loanword the respelling says "ni lôn".
  kWh: 'ki lô oát giờ', MWh: 'mê ga oát giờ', GWh: 'gi ga oát giờ', kW: 'ki lô oát', MW: 'mê ga oát', GW: 'gi ga oát', nilon: 'ni lông', nylon: 'ni lông',
  // The mosquitoes and the fever of health notices by their Latin names, as doctors say them ("Ades", a common misspelling).
  Aedes: 'a đét', Ades: 'a đét', aegypti: 'ê gíp ti', albopictus: 'an bô píc tút', Anopheles: 'a nô phen', Culex: 'cu lếch', Dengue: 'đen gơ',
  // Round 8: motorbike and phone brands and models that police notices about thefts name, as announcers say them (the
  // respelling read "Air Blade" e bờ lây); the two-word model names match as one key.
  'Air Blade': 'e bờ lết', AirBlade: 'e bờ lết', Wave: 'uây', Alpha: 'an pha', RSX: 'e rờ ét ích', SH: 'ét hát', Lead: 'lít', Cub: 'cúp',
  Jupiter: 'giu pi tơ', Janus: 'gia nút', Grande: 'gran đê', Nouvo: 'nu vô', Raider: 'rai đơ', Satria: 'xa tri a', Vario: 'va ri ô',
  Click: 'cờ lích', Attila: 'át ti la', Liberty: 'li bơ ti', Oppo: 'óp pô', OPPO: 'óp pô',
  Xiaomi: 'xi ao mi', Vivo: 'vi vô', Realme: 'rin mi', Nokia: 'nô ki a', Huawei: 'hoa uây', Galaxy: 'ga lắc xi',
  // Round 9: the terms of Resolution 57-NQ/TW in the forms communes write them (the community digital-technology teams;
  // "KH,CN" by the context rules), and the street Cách Mạng Tháng Tám ("CMT8" is never an identity card).
  CNSCĐ: 'công nghệ số cộng đồng', TCNSCĐ: 'tổ công nghệ số cộng đồng', 'KHCN&ĐMST': 'khoa học, công nghệ và đổi mới sáng tạo',
  'KH-CN': 'khoa học, công nghệ', CMT8: 'Cách Mạng Tháng Tám', CMTT: 'Cách Mạng Tháng Tám',
  // A brand the respelling reads with open vowels ("lô te xi ne ma").
  Lotte: 'lốt tê', Cinema: 'xi nê ma',
};

/**
 * Readings an abbreviation takes inside a document code ("153/CĐ-TTg", "3/NQ-CP"), where it names a
 * document type or an issuing body, when they differ from its reading in running text.
 */
export const CODE_PARTS: Record<string, string> = {
  CĐ: 'công điện', TT: 'thông tư', CT: 'chỉ thị', BC: 'báo cáo', TB: 'thông báo', PC: 'phiếu chuyển', ĐT: 'đầu tư',
  TU: 'tỉnh ủy', HU: 'huyện ủy', ĐU: 'đảng ủy', BTC: 'ban tổ chức', BCT: 'bộ công thương', TN: 'tài nguyên', L: 'luật', DP: 'dự phòng',
  // "688/HD-BCH": a command issues orders and guidance; an executive committee does not number them so.
  BCH: 'ban chỉ huy',
};

/**
 * Readings that depend on the words around an abbreviation: the first rule whose `before` (the
 * text just before, ending at the abbreviation) and `after` (the text just after) match wins.
 */
export interface ContextRule {
  key: string;
  reading: string;
  before?: RegExp;
  after?: RegExp;
  /** Words that must stand within the sentence around it (up to 160 characters either side). */
  near?: RegExp;
  /** Words that, standing near it, keep the usual reading. */
  notNear?: RegExp;
}

/** The end of a number in words ("… ba mươi", "hàng trăm"): numbers are words by the time words are read. */
const NUMBER_WORD_BEFORE = /(?<![\p{L}])(?:một|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười|mươi|mốt|tư|lăm|trăm|nghìn|ngàn|linh|lẻ)\s*$/iu;

export const CONTEXT_RULES: readonly ContextRule[] = [
  // "Công ty CP Xây dựng" is a joint-stock company; "NĐ-CP" (a code) stays "chính phủ".
  { key: 'CP', reading: 'cổ phần', before: /(?:công ty|tổng công ty|ngân hàng|tập đoàn|TMCP)\s*$/iu },
  // "lên trên BĐ", "dưới mức BĐ": a flood warning level named without its number.
  { key: 'BĐ', reading: 'báo động', before: /(?:trên|dưới|mức|vượt|xấp xỉ|ngang)\s*$/iu },
  // "BĐ3", "BĐ II": a flood warning level; alone it is a province (Bình Định) in boat marks.
  { key: 'BĐ', reading: 'báo động', after: /^\s*(?:\d|[IVX]+(?![\p{L}])|(?:một|hai|ba|bốn|năm)(?![\p{L}]))/u },
  // "CĐ" in a list of schools is a college; in "Công điện CĐ số 5" it stays a dispatch.
  { key: 'CĐ', reading: 'công điện', before: /(?:số|theo|ban hành)\s*$/iu },
  // "BCH Quân sự", "BCH PCTT": a command; elsewhere (Party, unions) an executive committee.
  { key: 'BCH', reading: 'ban chỉ huy', after: /^\s*(?:quân sự|QS|PCTT|PCLB|phòng|bộ đội|biên phòng)/iu },
  // "ĐH Đảng bộ", "ĐH lần thứ XIII": a congress; elsewhere a university.
  { key: 'ĐH', reading: 'đại hội', after: /^\s*(?:đảng|đoàn|đại biểu|lần|khóa|khoá|[IVX]+(?![\p{L}]))/iu },
  // "CT UBND xã": the chairman; in codes ("05/CT-TTg") a directive.
  { key: 'CT', reading: 'chủ tịch', after: /^\s*(?:UBND|HĐND|UBMTTQ|MTTQ|hội|xã|phường|tỉnh|huyện|nước)(?![\p{L}])/u },
  // "tia UV", "chỉ số UV", "cao điểm UV": ultraviolet, spelled; so is a UV in a sentence about the sun or heat unless a
  // name or a committee follows ("UV BCH", "UV Nguyễn Văn A": a committee member).
  { key: 'UV', reading: 'u vê', before: /(?:tia|chỉ số|cao điểm|mức|bức xạ)\s*$/iu },
  { key: 'UV', reading: 'u vê', near: /tia cực tím|nắng|bức xạ|chỉ số/iu, after: /^(?!\s*\p{Lu})/u },
  // "90 CV": horsepower after a number (its words, by the time words are read); "CV số 12" a letter.
  { key: 'CV', reading: 'mã lực', before: NUMBER_WORD_BEFORE },
  // "hàng trăm ha", "hai nghìn ha": hectares after a number in words ("20 ha" is read with the units).
  { key: 'ha', reading: 'héc ta', before: NUMBER_WORD_BEFORE },
  // "Cơ quan BH:", "Ngày BH:": the fields of a document's card (issued by, issued on).
  { key: 'BH', reading: 'ban hành', before: /(?:cơ quan|ngày|nơi)\s*$/iu, after: /^\s*:/u },
  // "BS: 61H1-445.03": a licence plate's number (read to words already) follows; "BS Nguyễn…" a doctor.
  { key: 'BS', reading: 'biển số', after: /^\s*:?\s*(?:\d|(?:một|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười)(?![\p{L}]))/u },
  // CN is chủ nhật beside the days of the week ("thứ 7, CN", "T7 và CN") or a part of the day ("sáng CN").
  { key: 'CN', reading: 'chủ nhật', before: /(?:(?:thứ|tê|T)\s*(?:\d|bảy|hai|ba|tư|bốn|năm|sáu)|ngày|sáng|chiều|tối|trưa|vào|cả)\s*(?:,|và|-|–|đến)?\s*$/iu },
  // "Tổ PCTT" of the street patrols ("hiệp sĩ", a thief chased) fights crime; beside storms and floods, disasters.
  { key: 'PCTT', reading: 'phòng chống tội phạm', near: /hiệp sĩ|tội phạm|trộm|cướp|truy đuổi|truy bắt|đối tượng|an ninh|trật tự|dân phòng|công an|ma túy|tệ nạn/iu,
    notNear: /thiên tai|bão|lũ|lụt|mưa|ngập|sạt lở|triều cường|TKCN|cứu nạn|thủy văn|hạn hán|xâm nhập mặn|động đất|sóng thần|rét/iu },
  // "TT. Phú Lộc", "TT Phước Hải": a township; "theo TT 39" a circular.
  { key: 'TT', reading: 'thị trấn', after: /^\.?\s*\p{Lu}\p{Ll}/u },
  { key: 'TT', reading: 'thông tư', after: /^\s*(?:số\s*)?\d/u },
  // "BTT UBMT phường", "BTT HĐND": the standing committee of a body; in a list of document types an agreement.
  // "ở mức cao trên Đ3": a flood level whose B was lost in typing.
  { key: 'Đ', reading: 'báo động', before: /(?:trên|dưới|mức|vượt)\s*$/iu, after: /^\s*(?:một|hai|ba)(?![\p{L}])/u },
  // "KH,CN,ĐMST&CĐS", "KH, CN": science beside technology, innovation or digital transformation (Resolution 57), not a plan.
  { key: 'KH', reading: 'khoa học', after: /^\s*(?:[,&\-–]|và)?\s*(?:CN|ĐMST|CĐS)(?![\p{L}])/u },
  { key: 'CN', reading: 'công nghệ', before: /(?<![\p{L}])KH\s*(?:[,&\-–]|và)?$/u },
  { key: 'CN', reading: 'công nghệ', after: /^\s*(?:[,&\-–]|và)?\s*(?:ĐMST|CĐS)(?![\p{L}])/u },
  { key: 'BTT', reading: 'ban thường trực', after: /^\s*(?:UBMTTQ|UBMT|MTTQ|HĐND|UBND|ĐU|HU|TU|ThU|Đảng ủy|Đảng uỷ|Hội đồng|Ủy ban|Uỷ ban|Mặt trận|Hội|Công đoàn|Đoàn)(?![\p{L}])/u },
];
