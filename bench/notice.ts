/**
 * Bench bulletins: a flood warning that the espeak-ng voice reads in about a minute (with the
 * chimes), in `variant`s that differ in their numbers, so each variant is a fresh render and the
 * render cache helps only when the same variant airs again.
 */
export function noticeText(variant: number, minutes = 1): string {
  const hour = 6 + (variant % 12);
  const minute = (variant * 7) % 60;
  const group = (k: number) => 1 + ((variant + k) % 19);
  const body = (part: number) => `Ủy ban nhân dân phường Gia Viên thông báo: hồi ${hour} giờ ${minute} phút, nước sông dâng cao, nhiều tuyến phố ven sông đã bị ngập sâu. Đề nghị bà con tại các tổ dân phố số ${group(part)}, số ${group(part + 3)} và số ${group(part + 7)} khẩn trương di chuyển người già, trẻ em và tài sản đến nơi an toàn tại nhà văn hóa phường và trường tiểu học Gia Viên.

Không đi lại qua các đoạn đường ngập, không đến gần cột điện và dây điện bị đổ. Các hộ gia đình ngắt điện khi nước vào nhà. Các trường học trên địa bàn phường cho học sinh nghỉ học cho đến khi có thông báo mới. Lực lượng dân quân, công an phường và đoàn thanh niên đang có mặt tại ${group(part + 11)} điểm xung yếu để hỗ trợ bà con.

Mọi trường hợp cần giúp đỡ, xin gọi ngay cho trực ban Ủy ban nhân dân phường. Đề nghị bà con theo dõi loa truyền thanh để nhận thông tin tiếp theo, và nhắc nhau cùng thực hiện.`;
  return [`THÔNG BÁO KHẨN CẤP SỐ ${variant + 1}`, ...Array.from({ length: minutes }, (_, i) => body(i))].join('\n\n') + '\n';
}
