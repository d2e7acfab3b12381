/**
 * The relay item (tiếp âm): validated like any item (file:line:column), and planned with its length
 * like any item, so overlaps, pushes and preemption treat it the same. Scenario tables, fixed clock.
 */
import { describe, expect, test } from 'vitest';
import { parseScheduleText, relayHostAllowed, type PlannedRelayItem } from '../../src/schedule/index.js';
import { describeBlocks, describeSkipped, plan, schedulesFrom, traceOf, vn } from './helpers.js';

const UPSTREAM = 'http://127.0.0.1:18000/huyen';

/** A schedule whose items and slots are given as YAML lines. */
function file(items: string, slots = '  - cron: "0 0 6 * * *"', head = 'campaign: Tiếp âm đài huyện\npriority: thuong'): string {
  return `${head}\nitems:\n${items}\nslots:\n${slots}\n`;
}

describe('relay items are read with their length', () => {
  test.each([
    ['duration in minutes', `  - relay: ${UPSTREAM}\n    duration: 30m`, { durationMs: 1_800_000 }, 'Tiếp âm 127.0.0.1:18000'],
    ['duration in seconds, with a title', `  - relay: ${UPSTREAM}\n    duration: 90s\n    title: Thời sự huyện`, { durationMs: 90_000 }, 'Thời sự huyện'],
    ['duration in hours', `  - relay: https://vov.example.vn/live\n    duration: 1h`, { durationMs: 3_600_000 }, 'Tiếp âm vov.example.vn'],
    ['until a local time', `  - relay: ${UPSTREAM}\n    until: "06:30"`, { until: { h: 6, mi: 30, s: 0 } }, 'Tiếp âm 127.0.0.1:18000'],
  ])('%s', (_, items, length, title) => {
    const r = parseScheduleText(file(items), '/lich/tiep-am.yaml', { contentDir: '/noi-dung' });
    expect(r.problems).toEqual([]);
    expect(r.schedule!.items[0]).toEqual({ kind: 'relay', url: expect.stringMatching(/^https?:\/\//), title, length, line: 4 });
  });
});

interface Problem {
  name: string;
  text: string;
  line: number;
  column: number;
  message: RegExp;
}

const problems: Problem[] = [
  { name: 'not a URL', text: file('  - relay: dai-huyen\n    duration: 30m'), line: 4, column: 12, message: /"dai-huyen" không phải địa chỉ luồng/ },
  { name: 'not http or https', text: file('  - relay: ftp://127.0.0.1/huyen\n    duration: 30m'), line: 4, column: 12, message: /không phải địa chỉ luồng http/ },
  { name: 'no length', text: file(`  - relay: ${UPSTREAM}`), line: 4, column: 5, message: /thiếu độ dài/ },
  { name: 'credentials in the URL', text: file('  - relay: http://nghe:bi-mat@127.0.0.1:8000/huyen\n    duration: 30m'), line: 4, column: 12, message: /chứa tên đăng nhập hoặc mật khẩu/ },
  { name: 'an HLS playlist', text: file('  - relay: https://vov.example.vn/live/playlist.m3u8\n    duration: 30m'), line: 4, column: 12, message: /danh sách phát HLS: đài chưa tiếp âm được HLS/ },
  { name: 'both duration and until', text: file(`  - relay: ${UPSTREAM}\n    duration: 30m\n    until: "06:30"`), line: 6, column: 5, message: /chỉ được có một trong hai khóa "duration" hoặc "until"/ },
  { name: 'a bare number as duration', text: file(`  - relay: ${UPSTREAM}\n    duration: 30`), line: 5, column: 15, message: /độ dài "30" không hợp lệ/ },
  { name: 'a duration over a day', text: file(`  - relay: ${UPSTREAM}\n    duration: 25h`), line: 5, column: 15, message: /độ dài "25h" không hợp lệ/ },
  { name: 'an impossible until', text: file(`  - relay: ${UPSTREAM}\n    until: "25:00"`), line: 5, column: 12, message: /giờ kết thúc "25:00" không hợp lệ/ },
  { name: 'until not after a cron slot start', text: file(`  - relay: ${UPSTREAM}\n    until: "06:30"`, '  - cron: "0 0 6 * * *"\n  - cron: "0 0 17 * * *"'), line: 5, column: 12, message: /không sau giờ bắt đầu 17:00 của khung giờ dòng 8/ },
  { name: 'until not after a one-off start', text: file(`  - relay: ${UPSTREAM}\n    until: "06:30"`, '  - at: 2026-03-05T06:30'), line: 5, column: 12, message: /không sau giờ bắt đầu 06:30/ },
  { name: 'until on a relay that does not open its slot', text: file(`  - bulletin: ban-tin/a.txt\n  - relay: ${UPSTREAM}\n    until: "06:30"`), line: 6, column: 12, message: /phải đứng đầu danh sách items/ },
  { name: 'jingles on a relay', text: file(`  - relay: ${UPSTREAM}\n    duration: 30m\n    intro: builtin`), line: 6, column: 5, message: /mục tiếp âm phát nguyên luồng/ },
  { name: 'a duration on a bulletin', text: file('  - bulletin: ban-tin/a.txt\n    duration: 30m'), line: 5, column: 5, message: /"duration" chỉ dùng cho mục tiếp âm/ },
  { name: 'relay and bulletin in one item', text: file(`  - relay: ${UPSTREAM}\n    bulletin: ban-tin/a.txt\n    duration: 30m`), line: 4, column: 5, message: /một trong ba khóa/ },
];

describe('relay mistakes name file, line and column', () => {
  test.each(problems)('$name', (c) => {
    const r = parseScheduleText(c.text, '/lich/tiep-am.yaml', { contentDir: '/noi-dung', checkFiles: false });
    expect(r.schedule).toBeNull();
    const p = r.problems.find((x) => c.message.test(x.message));
    expect(p, JSON.stringify(r.problems, null, 1)).toBeDefined();
    expect({ line: p!.line, column: p!.column, code: p!.code }).toEqual({ line: c.line, column: c.column, code: 'LP_ERR_SCHEDULE_INVALID' });
    expect(p!.fix.length).toBeGreaterThan(5);
  });

  test('an until relay may stand anywhere when items rotate: each occurrence airs one item', () => {
    const text = file(`  - bulletin: ban-tin/a.txt\n  - relay: ${UPSTREAM}\n    until: "06:30"`, '  - cron: "0 0 6 * * *"', 'campaign: X\npriority: thuong\nfrom: 2026-03-01\nrotate: true');
    expect(parseScheduleText(text, '/lich/x.yaml', { contentDir: '/', checkFiles: false }).problems).toEqual([]);
  });
});

interface Row {
  name: string;
  files: Record<string, string>;
  from: string;
  until: string;
  durations?: Record<string, number>;
  blocks: string[];
  /** Per block: seconds the planner expects it to last. */
  seconds?: number[];
  skipped?: string[];
  conflicts?: string[];
}

const bulletin = (title: string, cron: string, priority = 'thuong'): string =>
  `campaign: ${title}\npriority: ${priority}\nitems:\n  - bulletin: ban-tin/${title}.txt\n    title: ${title}\nslots:\n  - cron: "${cron}"\n`;

const rows: Row[] = [
  {
    name: 'a 30-minute relay is a 30-minute block',
    files: { huyen: file(`  - relay: ${UPSTREAM}\n    duration: 30m\n    title: Thời sự huyện`) },
    from: '2026-03-05T00:00:00', until: '2026-03-06T00:00:00',
    blocks: ['2026-03-05 06:00:00 chinh huyen [Thời sự huyện]'],
    seconds: [1800],
  },
  {
    name: 'until "06:30" from a 06:00 slot lasts 30 minutes, its bulletin after it adds its own length',
    files: { huyen: file(`  - relay: ${UPSTREAM}\n    until: "06:30"\n    title: Thời sự huyện\n  - bulletin: ban-tin/a.txt\n    title: a`) },
    from: '2026-03-05T00:00:00', until: '2026-03-06T00:00:00',
    durations: { a: 60 },
    blocks: ['2026-03-05 06:00:00 chinh huyen [Thời sự huyện, a]'],
    seconds: [1860],
  },
  {
    name: 'a bulletin slotted inside the relay waits for it to end, like behind any long block',
    files: { huyen: file(`  - relay: ${UPSTREAM}\n    duration: 30m\n    title: Thời sự huyện`), nq57: bulletin('nq57', '0 15 6 * * *') },
    from: '2026-03-05T00:00:00', until: '2026-03-06T00:00:00',
    durations: { nq57: 120 },
    blocks: ['2026-03-05 06:00:00 chinh huyen [Thời sự huyện]', '2026-03-05 06:30:00 chinh nq57 [nq57]'],
    conflicts: ['too-long'],
  },
  {
    name: 'khẩn cấp cuts the relay; the relay is planned to finish after it',
    files: { huyen: file(`  - relay: ${UPSTREAM}\n    duration: 30m\n    title: Thời sự huyện`), bao: bulletin('bao', '0 10 6 * * *', 'khan-cap') },
    from: '2026-03-05T00:00:00', until: '2026-03-06T00:00:00',
    durations: { bao: 60 },
    blocks: ['2026-03-05 06:00:00 chinh huyen [Thời sự huyện]', '2026-03-05 06:10:00 chinh bao [bao]'],
    conflicts: ['preempt'],
  },
  {
    name: 'two relays at the same instant: an overlap, the second pushed behind the first',
    files: {
      a: file(`  - relay: ${UPSTREAM}\n    duration: 10m\n    title: Huyện`),
      b: file('  - relay: http://127.0.0.1:18001/tinh\n    duration: 10m\n    title: Tỉnh'),
    },
    from: '2026-03-05T00:00:00', until: '2026-03-06T00:00:00',
    blocks: ['2026-03-05 06:00:00 chinh a [Huyện]', '2026-03-05 06:10:00 chinh b [Tỉnh]'],
    conflicts: ['overlap'],
  },
  {
    name: 'a relay running into quiet hours is reported like any block that does',
    files: { dem: file(`  - relay: ${UPSTREAM}\n    duration: 1h\n    title: Huyện`, '  - cron: "0 30 21 * * *"') },
    from: '2026-03-05T00:00:00', until: '2026-03-06T00:00:00',
    blocks: ['2026-03-05 21:30:00 chinh dem [Huyện]'],
    conflicts: ['quiet-hours'],
  },
  {
    name: 'a khẩn cấp repeat past the relay\'s until is skipped with why, not planned with no length',
    files: {
      lu: file(`  - relay: ${UPSTREAM}\n    until: "06:20"\n    title: Huyện báo lũ`, '  - cron: "0 0 6 * * *"', 'campaign: Lũ\npriority: khan-cap\nrepeat: 2\ninterval: 30'),
    },
    from: '2026-03-05T00:00:00', until: '2026-03-06T00:00:00',
    blocks: ['2026-03-05 06:00:00 chinh lu [Huyện báo lũ]'],
    seconds: [1200],
    skipped: ['2026-03-05 06:30:00 chinh lu: tiếp âm "Huyện báo lũ" đến 06:20: đã quá giờ đó khi tới lượt phát'],
  },
];

describe('relays in the plan', () => {
  test.each(rows)('$name', (row) => {
    const p = plan(schedulesFrom(row.files), {
      from: vn(row.from), until: vn(row.until),
      durationOf: (item) => row.durations?.[item.title],
    });
    expect(describeBlocks(p), traceOf(p)).toEqual(row.blocks);
    if (row.seconds) expect(p.blocks.map((b) => b.estimatedSeconds), traceOf(p)).toEqual(row.seconds);
    expect(describeSkipped(p), traceOf(p)).toEqual(row.skipped ?? []);
    expect(p.conflicts.map((c) => c.kind).sort(), traceOf(p)).toEqual((row.conflicts ?? []).sort());
  });

  test('planner items carry what the playout needs: kind, url, length in ms, title, a stable key', () => {
    const p = plan(schedulesFrom({ huyen: file(`  - relay: ${UPSTREAM}\n    until: "06:45"\n    title: Thời sự huyện`) }), { from: vn('2026-03-05T00:00:00'), until: vn('2026-03-06T00:00:00') });
    expect(p.blocks[0].items).toEqual([{ kind: 'relay', key: `${p.blocks[0].key}:0`, url: UPSTREAM, durationMs: 45 * 60_000, title: 'Thời sự huyện' } satisfies PlannedRelayItem]);
  });
});

describe('who may be relayed: the allowed upstream servers (relay.hosts)', () => {
  test.each([
    ['http://dai-huyen.example.vn:8000/thoi-su', ['dai-huyen.example.vn'], true],
    ['http://DAI-HUYEN.example.vn/thoi-su', ['dai-huyen.example.vn'], true],
    ['http://dai-huyen.example.vn:8000/x', ['dai-huyen.example.vn:8000'], true],
    ['http://dai-huyen.example.vn:8001/x', ['dai-huyen.example.vn:8000'], false],
    ['http://dai-huyen.example.vn/x', ['dai-huyen.example.vn:80'], true],
    ['https://vov.example.vn/live', ['vov.example.vn:443'], true],
    ['http://127.0.0.1:8080/api/status', ['dai-huyen.example.vn'], false],
    ['http://localhost:8080/', ['dai-huyen.example.vn'], false],
    ['http://dai-huyen.example.vn.attacker.example/x', ['dai-huyen.example.vn'], false],
    ['http://user@dai-huyen.example.vn/x', ['dai-huyen.example.vn'], true],
    ['http://[::1]:8000/x', ['[::1]:8000'], true],
    ['http://127.0.0.1:18000/huyen', [], false],
  ] as const)('%s with %j → %s', (url, hosts, want) => expect(relayHostAllowed(url, hosts)).toBe(want));

  test('a relay on another server is a problem at its URL; an allowed one parses', () => {
    const other = parseScheduleText(file(`  - relay: ${UPSTREAM}\n    duration: 30m`), '/lich/tiep-am.yaml', { contentDir: '/noi-dung', relayHosts: ['dai-huyen.example.vn'] });
    expect(other.schedule).toBeNull();
    expect(other.problems).toMatchObject([{ line: 4, column: 12, message: expect.stringMatching(/máy chủ "127\.0\.0\.1:18000" không thuộc .*LP_ERR_RELAY_HOST_NOT_ALLOWED; được phép: dai-huyen\.example\.vn/) }]);
    const ok = parseScheduleText(file(`  - relay: ${UPSTREAM}\n    duration: 30m`), '/lich/tiep-am.yaml', { contentDir: '/noi-dung', relayHosts: ['127.0.0.1:18000'] });
    expect(ok.problems).toEqual([]);
  });
});
