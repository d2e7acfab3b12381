import type { AiringRow } from '../../src/airing/index.js';

let nextId = 1;
/** A log row as AiringLog.list returns it; times are UTC (Hà Nội = UTC+7). */
export function row(over: Partial<AiringRow> & Pick<AiringRow, 'startedAt'>): AiringRow {
  const started = over.startedAt;
  const duration = over.durationSec ?? 95.4;
  return {
    id: nextId++,
    channelId: 'chinh',
    key: `k${nextId}`,
    scheduledAt: started ?? '2026-11-01T00:00:00.000Z',
    endedAt: started ? new Date(Date.parse(started) + duration * 1000).toISOString() : null,
    lastSeenAt: started,
    durationSec: started ? duration : null,
    plannedSec: 95.4,
    title: 'Bản tin số 1: Nghị quyết 57-NQ/TW về khoa học, công nghệ',
    campaign: 'Tuyên truyền Nghị quyết 57-NQ/TW',
    bulletinId: 1,
    contentHash: 'sha256:1',
    priority: 'thuong',
    voice: 'espeak',
    transmitter: 'none',
    transmitterNote: null,
    status: 'aired',
    reason: null,
    verified: true,
    ward: null,
    ...over,
  };
}

export const NQ57 = 'Tuyên truyền Nghị quyết 57-NQ/TW';
export const ATGT = 'An toàn giao thông cuối năm';

/** November 2026 in Gia Viên, plus rows just outside the month on both sides. */
export function novemberRows(): AiringRow[] {
  return [
    // 31/10 23:59 local → October: outside.
    row({ startedAt: '2026-10-31T16:59:00.000Z' }),
    // 01/11 06:30 and 17:00 local.
    row({ startedAt: '2026-10-31T23:30:00.040Z' }),
    row({ startedAt: '2026-11-01T10:00:00.030Z' }),
    // 02/11 06:30: cut after 40 s by an emergency.
    row({ startedAt: '2026-11-01T23:30:00.020Z', durationSec: 40, status: 'interrupted', reason: 'Bản tin khẩn cấp chen ngang' }),
    // 02/11 17:00 missed while the station was down.
    row({ startedAt: null, scheduledAt: '2026-11-02T10:00:00.000Z', status: 'missed', reason: 'Đài không chạy lúc đến giờ phát', verified: null }),
    // 02/11 07:15 emergency air-now, no campaign.
    row({ startedAt: '2026-11-02T00:15:00.000Z', durationSec: 62, campaign: null, title: 'Thông báo khẩn: phòng chống bão số 15', priority: 'khan-cap', transmitterNote: 'bật trước 3 s: relay trả lời chậm' }),
    // 15/11 06:30 traffic-safety bulletin on the second channel, partial.
    row({ startedAt: '2026-11-14T23:30:00.000Z', durationSec: 30, campaign: ATGT, title: 'Đội mũ bảo hiểm đúng cách', channelId: 'to-3', transmitter: 'relay-to-3', status: 'partial', reason: 'Bộ mã hóa dừng giữa chừng' }),
    // 30/11 16:59 UTC = 30/11 23:59 local: still November. Failed.
    row({ startedAt: '2026-11-30T16:59:00.000Z', durationSec: 0, campaign: ATGT, title: 'Đội mũ bảo hiểm đúng cách', status: 'failed', reason: 'Không mở được âm thanh', verified: null }),
    // 30/11 17:00 UTC = 01/12 00:00 local → December: outside.
    row({ startedAt: '2026-11-30T17:00:00.000Z' }),
  ];
}

export const OPTS = {
  month: '2026-11',
  ward: 'Phường Gia Viên',
  place: 'Hải Phòng',
  timezone: 'Asia/Ho_Chi_Minh',
  now: new Date('2026-12-01T02:00:00.000Z'),
  channelNames: { chinh: 'Kênh chính', 'to-3': 'Cụm loa tổ 3' },
} as const;
