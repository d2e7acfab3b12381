/** Vocabulary shared by every stage. */

/** The three bulletin priorities of TT 39/2020/TT-BTTTT. */
export const PRIORITIES = ['thuong', 'uu-tien', 'khan-cap'] as const;
export type Priority = (typeof PRIORITIES)[number];

export const PRIORITY_LABELS: Record<Priority, string> = {
  thuong: 'Thông thường',
  'uu-tien': 'Ưu tiên',
  'khan-cap': 'Khẩn cấp',
};

/** Higher airs first. */
export const PRIORITY_RANK: Record<Priority, number> = { thuong: 0, 'uu-tien': 1, 'khan-cap': 2 };

/** Life of an airing row: written `on-air` before the first sample, completed with one of the rest. */
export const AIRING_STATUSES = ['on-air', 'aired', 'partial', 'interrupted', 'missed', 'failed'] as const;
export type AiringStatus = (typeof AIRING_STATUSES)[number];

export const AIRING_STATUS_LABELS: Record<AiringStatus, string> = {
  'on-air': 'Đang phát',
  aired: 'Đã phát',
  partial: 'Phát một phần',
  interrupted: 'Bị ngắt',
  missed: 'Bỏ lỡ',
  failed: 'Lỗi',
};
