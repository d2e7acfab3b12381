/**
 * The one registry of user-facing errors. API responses (`{code, message}` with `status`) and CLI
 * output (`LP_ERR_… : message` on stderr) both come from here, so a user sees the same code and
 * wording wherever the problem surfaces.
 *
 * Rules: codes are stable and never reused (retire a code by leaving it here with `retired: true`);
 * messages are Vietnamese, say what happened and what to do; `docs/ERRORS.md` is generated from
 * this table (`npm run docs:errors`) and a test keeps the two in sync.
 */
export interface ErrorDef {
  /** HTTP status the API answers with. */
  readonly status: number;
  /** Vietnamese, plain words, ends with what the user can do. */
  readonly message: string;
  /** A code kept only so that it is never reused. */
  readonly retired?: boolean;
}

export const ERRORS = {
  // --- general, config, start-up ---
  LP_ERR_USAGE: { status: 400, message: 'Lệnh hoặc tham số không đúng. Xem hướng dẫn bằng lệnh "loaphuong --help"' },
  LP_ERR_CONFIG_INVALID: { status: 500, message: 'Cấu hình không hợp lệ. Sửa giá trị được nêu rồi khởi động lại' },
  LP_ERR_DATA_DIR: { status: 500, message: 'Không dùng được thư mục dữ liệu. Kiểm tra đường dẫn và quyền ghi' },
  LP_ERR_PORT_IN_USE: { status: 500, message: 'Cổng mạng đang bị chương trình khác dùng. Tắt chương trình đó hoặc đổi cổng trong cấu hình' },
  LP_ERR_DEPENDENCY_MISSING: { status: 500, message: 'Thiếu phần mềm cần thiết trên máy. Cài đặt theo lệnh được gợi ý' },
  LP_ERR_INTERNAL: { status: 500, message: 'Lỗi nội bộ không mong muốn. Dữ liệu không bị mất; hãy thử lại và báo cho người quản trị' },
  LP_ERR_NOT_FOUND: { status: 404, message: 'Không tìm thấy mục được yêu cầu' },
  LP_ERR_BAD_REQUEST: { status: 400, message: 'Dữ liệu gửi lên không hợp lệ' },
  LP_ERR_INSTANCE_UNREACHABLE: { status: 503, message: 'Không kết nối được với đài đang chạy. Hãy chạy "npm start" (hoặc "loaphuong start") trước' },

  // --- input files ---
  LP_ERR_INPUT_NOT_FOUND: { status: 404, message: 'Không tìm thấy tệp văn bản. Kiểm tra lại đường dẫn' },
  LP_ERR_INPUT_IS_DIRECTORY: { status: 400, message: 'Đường dẫn là một thư mục, không phải tệp. Hãy chọn một tệp .txt, .md, .docx, .pdf hoặc ảnh chụp' },
  LP_ERR_INPUT_EMPTY: { status: 400, message: 'Tệp văn bản trống, không có nội dung để phát' },
  LP_ERR_INPUT_BINARY: { status: 400, message: 'Tệp không phải văn bản hay tài liệu đọc được (có thể là âm thanh hoặc tệp nén). Hãy dùng tệp .txt, .md, .docx, .pdf, .png, .jpg hoặc .tif' },
  LP_ERR_INPUT_TOO_LARGE: { status: 413, message: 'Tệp văn bản quá lớn. Hãy chia thành các bản tin nhỏ hơn' },
  LP_ERR_INPUT_TIMEOUT: { status: 408, message: 'Đọc tệp quá lâu mà chưa hết (có thể là thiết bị hoặc ống dẫn không bao giờ kết thúc). Hãy chọn một tệp thường' },
  LP_ERR_INPUT_CONTROL_CHARS: { status: 400, message: 'Văn bản có ký tự điều khiển ẩn (như ký tự số 0 hoặc ký tự đảo chiều chữ U+202E) làm sai nội dung được đọc. Hãy dán lại từ văn bản gốc hoặc gõ lại đoạn đó' },
  LP_ERR_DOCUMENT_ENCRYPTED: { status: 400, message: 'Tệp PDF có mật khẩu nên không đọc được. Hãy xin bản không đặt mật khẩu, hoặc mở tệp rồi in ra một tệp PDF mới' },
  LP_ERR_DOCUMENT_DAMAGED: { status: 400, message: 'Tệp PDF hoặc ảnh bị hỏng, không đọc được. Hãy tải lại tệp gốc từ nơi gửi' },
  LP_ERR_DOCUMENT_TOO_MANY_PAGES: { status: 413, message: 'Tài liệu có quá nhiều trang. Hãy tách riêng các trang cần phát thành một tệp nhỏ hơn' },
  LP_ERR_DOCUMENT_IMAGE_TOO_LARGE: { status: 413, message: 'Ảnh quá lớn (quá nhiều điểm ảnh). Hãy chụp lại ở độ phân giải thường (khoảng 12 MP) hoặc thu nhỏ ảnh' },
  LP_ERR_DOCUMENT_NO_TEXT: { status: 422, message: 'Không tìm thấy chữ trong tài liệu hoặc ảnh. Hãy quét hoặc chụp lại rõ hơn (thẳng trang, đủ sáng), hoặc dùng tệp gốc (.docx, PDF xuất từ máy tính)' },
  LP_ERR_DOCUMENT_LIMIT: { status: 422, message: 'Xử lý tài liệu vượt giới hạn thời gian hoặc bộ nhớ nên đã dừng; đài vẫn phát bình thường. Tệp có thể bị hỏng hoặc quá phức tạp: hãy dùng tệp gốc hoặc chia nhỏ' },
  LP_ERR_DOCUMENT_TOO_MANY_BULLETINS: { status: 413, message: 'Văn bản tách ra quá nhiều bản tin. Hãy chia văn bản thành các tệp nhỏ hơn rồi tải lên lần lượt' },
  LP_ERR_DOCUMENT_BUSY: { status: 503, message: 'Đài đang xử lý nhiều tài liệu cùng lúc. Hãy thử lại sau ít phút' },

  // --- text ---
  LP_ERR_TEXT_SUSPECT: { status: 422, message: 'Văn bản có dấu hiệu lỗi nhận dạng chữ (OCR), mất dấu tiếng Việt. Hãy soát lại văn bản, hoặc xác nhận vẫn phát' },
  LP_ERR_TEXT_NOTHING_TO_AIR: { status: 422, message: 'Sau khi làm sạch, văn bản không còn nội dung nào để phát' },
  LP_ERR_LEXICON_INVALID: { status: 500, message: 'Tệp từ điển viết tắt không hợp lệ. Mỗi dòng có dạng "VIẾT TẮT = cách đọc"' },
  LP_ERR_TEXT_UNSETTLED: { status: 422, message: 'Bộ chuẩn hóa văn bản chưa ổn định sau sáu lượt (một quy tắc đọc đảo lại quy tắc khác). Hãy nghe thử kỹ đoạn văn, sửa cách viết nếu cần, và báo cho người quản trị' },

  // --- speech ---
  LP_ERR_TTS_UNKNOWN_VOICE: { status: 400, message: 'Giọng đọc không có. Chọn "espeak" hoặc "google"' },
  LP_ERR_TTS_FAILED: { status: 502, message: 'Không tổng hợp được giọng đọc cho bản tin. Hãy thử lại' },
  LP_ERR_TTS_UNAVAILABLE: { status: 503, message: 'Dịch vụ giọng đọc không truy cập được' },
  LP_ERR_TTS_QUOTA: { status: 429, message: 'Dịch vụ giọng đọc báo vượt hạn mức. Hãy thử lại sau ít phút' },
  LP_ERR_TTS_TIMEOUT: { status: 504, message: 'Dịch vụ giọng đọc trả lời quá lâu' },
  LP_ERR_TTS_AUTH: { status: 502, message: 'Thông tin đăng nhập Google Cloud không hợp lệ. Kiểm tra GOOGLE_APPLICATION_CREDENTIALS' },
  LP_ERR_TTS_REJECTED: { status: 422, message: 'Giọng đọc từ chối một đoạn văn bản. Hãy sửa đoạn được nêu' },

  // --- audio ---
  LP_ERR_AUDIO_FFMPEG_FAILED: { status: 500, message: 'Xử lý âm thanh (ffmpeg) bị lỗi' },
  LP_ERR_AUDIO_CODEC_MISSING: { status: 500, message: 'ffmpeg trên máy thiếu bộ mã hóa cần thiết. Cài gói ffmpeg đầy đủ của Debian' },
  LP_ERR_AUDIO_FILE_INVALID: { status: 400, message: 'Tệp âm thanh hỏng hoặc không đọc được' },
  LP_ERR_AUDIO_DISK_FULL: { status: 507, message: 'Ổ đĩa đã đầy, không ghi được tệp âm thanh. Hãy giải phóng dung lượng' },
  LP_ERR_AUDIO_WRITE: { status: 500, message: 'Không ghi được tệp âm thanh. Kiểm tra đường dẫn và quyền ghi' },
  LP_ERR_PROFILE_UNKNOWN: { status: 400, message: 'Không có hồ sơ thiết bị (hardware profile) này trong thư mục hardware/' },
  LP_ERR_PROFILE_INVALID: { status: 500, message: 'Hồ sơ thiết bị trong thư mục hardware/ không hợp lệ' },
  LP_ERR_AUDIO_RENDER_CRASHED: { status: 500, message: 'Tiến trình dựng âm thanh dừng đột ngột hai lần với cùng bản tin. Hãy thử lại; nếu vẫn lỗi, xem nhật ký của đài (thiếu bộ nhớ?) và báo người quản trị' },

  // --- schedule ---
  LP_ERR_SCHEDULE_INVALID: { status: 422, message: 'Tệp lịch phát không hợp lệ. Sửa dòng được nêu; các lịch khác vẫn phát bình thường' },
  LP_ERR_SCHEDULE_NOT_FOUND: { status: 404, message: 'Không tìm thấy tệp lịch phát' },
  LP_ERR_SCHEDULE_CONFLICT: { status: 409, message: 'Các lịch phát chồng lên nhau; bộ lập lịch sẽ xử lý như được nêu' },
  LP_ERR_SLOT_SKIPPED: { status: 409, message: 'Một lượt phát theo lịch sẽ không phát (lý do được nêu)' },
  LP_ERR_RENDER_AHEAD_FAILED: { status: 500, message: 'Không chuẩn bị được âm thanh cho bản tin sắp phát. Bản tin sẽ không phát nếu không được sửa trước giờ phát' },
  LP_ERR_DATE_INVALID: { status: 400, message: 'Ngày tháng không hợp lệ. Dùng dạng YYYY-MM-DD' },
  LP_ERR_MONTH_INVALID: { status: 400, message: 'Tháng không hợp lệ. Dùng dạng YYYY-MM, ví dụ 2026-11' },
  LP_ERR_AIRTIME_EXCEEDED: { status: 409, message: 'Lịch phát vượt quy định thời lượng phát của địa phương (số buổi, số phút, ngày được phát). Bớt hoặc dời các lượt được nêu' },
  LP_ERR_RELAY_HOST_NOT_ALLOWED: { status: 403, message: 'Địa chỉ tiếp âm không thuộc các máy chủ được phép (khóa relayHosts trong cấu hình). Người quản trị máy chủ đài thêm máy chủ của đài cấp trên vào danh sách đó' },

  // --- playout, stream, transmitter ---
  LP_ERR_ICECAST_MISSING: { status: 500, message: 'Chưa cài Icecast. Chạy: sudo apt-get install icecast2' },
  LP_ERR_ICECAST_START_FAILED: { status: 500, message: 'Không khởi động được máy chủ phát trực tuyến Icecast' },
  LP_ERR_STREAM_DOWN: { status: 503, message: 'Luồng phát tới Icecast đang gián đoạn; đang tự kết nối lại' },
  LP_ERR_ENCODER_FAILED: { status: 500, message: 'Bộ mã hóa âm thanh của kênh phát bị dừng; đang tự khởi động lại' },
  LP_ERR_CHANNEL_UNKNOWN: { status: 404, message: 'Không có kênh phát (cụm loa) này' },
  LP_ERR_QUIET_HOURS: { status: 409, message: 'Đang trong giờ yên tĩnh; chỉ bản tin khẩn cấp được phát' },
  LP_ERR_ITEM_KIND_UNSUPPORTED: { status: 500, message: 'Kênh phát không phát được loại nội dung này' },
  LP_ERR_TRANSMITTER_FAILED: { status: 502, message: 'Không điều khiển được máy phát (bật/tắt). Kiểm tra thiết bị và hồ sơ trong hardware/' },
  LP_ERR_MOUNT_TAKEN: { status: 409, message: 'Một nguồn phát lạ đã chiếm điểm phát (mount) của kênh; đài giành lại qua quyền quản trị Icecast. Hãy đổi mật khẩu nguồn và tìm xem ai biết nó' },
  LP_ERR_RELAY_UPSTREAM: { status: 502, message: 'Không nhận được luồng tiếp âm của đài cấp trên (nguồn tắt, sai địa chỉ hoặc mất mạng). Trong lúc chờ đài phát im lặng (hoặc nhạc chờ) và tự thử lại; hãy kiểm tra địa chỉ và đường mạng tới đài cấp trên' },
  LP_ERR_DEAD_AIR: { status: 503, message: 'Kênh im lặng quá lâu trong lúc đang phát (không có tiếng trên luồng). Hãy nghe thử luồng phát và kiểm tra nguồn tiếp âm, micrô hoặc tệp âm thanh' },
  LP_ERR_LIVE_BUSY: { status: 409, message: 'Kênh đang có một phiên phát trực tiếp khác. Chờ phiên đó kết thúc hoặc chọn kênh khác' },

  // --- store, airing log, reports ---
  LP_ERR_STORE_FAILED: { status: 500, message: 'Không mở, đọc hoặc ghi được cơ sở dữ liệu (tệp SQLite trong thư mục dữ liệu, hoặc máy chủ PostgreSQL). Kiểm tra dung lượng đĩa, quyền ghi hoặc kết nối tới máy chủ' },
  LP_ERR_REPORT_FORMAT: { status: 400, message: 'Định dạng báo cáo không hỗ trợ. Chọn csv, xlsx hoặc pdf' },
  LP_ERR_REPORT_WRITE: { status: 500, message: 'Không ghi được tệp báo cáo. Kiểm tra đường dẫn và quyền ghi' },
  LP_ERR_STORE_NOT_EMPTY: { status: 409, message: 'Cơ sở dữ liệu đích đã có dữ liệu nên không chép đè. Dùng một cơ sở dữ liệu trống, hoặc thêm --force để xóa hết dữ liệu ở đích rồi chép' },
  LP_ERR_STORE_DISK_FULL: { status: 507, message: 'Ổ đĩa chứa cơ sở dữ liệu đã đầy nên không ghi được. Đài vẫn phát; nhật ký phát được giữ trong tệp dự phòng và ghi bù khi có chỗ. Hãy giải phóng dung lượng trong thư mục dữ liệu (hoặc trên máy chủ PostgreSQL)' },

  // --- web, users, approval ---
  LP_ERR_AUTH_REQUIRED: { status: 401, message: 'Cần đăng nhập để làm việc này' },
  LP_ERR_AUTH_INVALID: { status: 401, message: 'Tên đăng nhập hoặc mật khẩu không đúng' },
  LP_ERR_AUTH_FORBIDDEN: { status: 403, message: 'Tài khoản của bạn không có quyền làm việc này' },
  LP_ERR_AUTH_RATE_LIMITED: { status: 429, message: 'Đăng nhập sai quá nhiều lần. Hãy chờ vài phút rồi thử lại' },
  LP_ERR_CSRF: { status: 403, message: 'Phiên làm việc đã hết hạn hoặc biểu mẫu không hợp lệ. Hãy tải lại trang' },
  LP_ERR_BULLETIN_NOT_APPROVED: { status: 409, message: 'Bản tin chưa được duyệt nên chưa thể lên lịch phát' },
  LP_ERR_AUTH_DISABLED: { status: 403, message: 'Tài khoản này đã bị khóa. Hãy liên hệ quản trị viên' },
  LP_ERR_INPUT_DOCX: { status: 400, message: 'Không đọc được tệp Word. Hãy dùng tệp .docx (tệp .doc cũ: mở bằng Word hoặc LibreOffice rồi lưu thành .docx)' },
  LP_ERR_AIR_NOW_NOT_APPROVED: { status: 403, message: 'Phát ngay ở mức thông thường hoặc ưu tiên chỉ dành cho bản tin đã duyệt, hoặc cho người có quyền duyệt tin. Chọn một bản tin đã duyệt, nhờ người duyệt phát, hoặc chọn mức khẩn cấp nếu thật sự khẩn' },

  // --- hub and wards ---
  LP_ERR_HUB_NOT_CONFIGURED: { status: 409, message: 'Đài này không phải trạm trung tâm (chưa khai báo danh sách phường "wards" trong cấu hình) nên không gửi bản tin xuống được' },
  LP_ERR_HUB_WARD_UNKNOWN: { status: 404, message: 'Không có phường/xã này trong danh sách "wards" của trạm trung tâm. Kiểm tra mã phường' },
  LP_ERR_HUB_KEY_INVALID: { status: 401, message: 'Khóa của phường/xã không đúng hoặc chưa được khai báo ở trạm trung tâm. Kiểm tra LOAPHUONG_UPSTREAM_KEY ở phường và "wards" ở trạm trung tâm' },
  LP_ERR_HUB_UNREACHABLE: { status: 503, message: 'Không kết nối được trạm trung tâm; đài vẫn phát bình thường và tự thử lại. Bản tin gửi xuống trong lúc mất kết nối sẽ được nhận khi kết nối lại (nếu còn hạn)' },
  LP_ERR_HUB_EXPIRED: { status: 410, message: 'Bản tin đã quá hạn phát (until) nên không được phát' },
} as const satisfies Record<string, ErrorDef>;

export type ErrorCode = keyof typeof ERRORS;

export class LpError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  /** Specific detail (file, line, value); shown after the registry message. */
  readonly detail?: string;
  /** CLI exit code; commands with contract codes (3, 4) set it. */
  readonly exitCode: number;

  constructor(code: ErrorCode, detail?: string, opts: { cause?: unknown; exitCode?: number } = {}) {
    const def: ErrorDef = ERRORS[code];
    super(detail ? `${def.message} (${detail})` : def.message, { cause: opts.cause });
    this.name = 'LpError';
    this.code = code;
    this.status = def.status;
    this.detail = detail;
    this.exitCode = opts.exitCode ?? 1;
  }

  /** The one line both CLI and logs print. */
  toLine(): string {
    return `${this.code} : ${this.message}`;
  }

  toJSON(): { code: ErrorCode; message: string } {
    return { code: this.code, message: this.message };
  }
}

export function isLpError(e: unknown): e is LpError {
  return e instanceof LpError;
}

/** Anything thrown becomes a coded error; unknown failures keep their cause for the log. */
export function toLpError(e: unknown, fallback: ErrorCode = 'LP_ERR_INTERNAL'): LpError {
  if (isLpError(e)) return e;
  const msg = e instanceof Error ? e.message : String(e);
  return new LpError(fallback, msg.slice(0, 300), { cause: e });
}

/** The Markdown of docs/ERRORS.md; kept in sync by tests/errors.test.ts. */
export function renderErrorDocs(): string {
  const rows = Object.entries(ERRORS as Record<string, ErrorDef>).map(
    ([code, d]) => `| \`${code}\` | ${d.status} | ${d.message}${d.retired ? ' (retired)' : ''} |`,
  );
  return [
    '# Error codes',
    '',
    'Generated from `src/errors.ts` by `npm run docs:errors`; `tests/errors.test.ts` fails when they differ.',
    'The API answers `{code, message}` with the HTTP status below; the CLI prints `CODE : message` on',
    'stderr and exits non-zero. Codes are never reused.',
    '',
    '| code | HTTP | message |',
    '|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}
