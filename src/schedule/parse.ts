/**
 * Schedule files → validated `Schedule`s. Every mistake becomes a `ScheduleProblem` naming the file,
 * the line and column (from the YAML node's range), what is wrong and what to write instead; all
 * mistakes of a file are reported at once. A file with any problem is left out, the others load.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, extname, isAbsolute, join, resolve } from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node, type Pair, type YAMLMap } from 'yaml';
import { PRIORITIES, type Priority } from '../domain.js';
import { LpError } from '../errors.js';
import { estimateSeconds } from '../text/split.js';
import {
  compareDates, formatClock, formatDate, formatSecondOfDay, parseDate, parseDateTime, parseDuration, parseTimeOfDay, parseWeekday, secondOfDay, WEEKDAY_FORMS,
} from '../time/index.js';
import { cronTimesOfDay, parseCron } from './cron.js';
import type { FileItem, RelayItem, Schedule, ScheduleItem, ScheduleProblem, SkipRange, Slot } from './types.js';

export interface ParseOptions {
  /** Root that relative item paths are resolved against (`config.contentDir`). */
  contentDir: string;
  /** Check that item files exist (and estimate bulletin lengths from their text). @default true */
  checkFiles?: boolean;
  /** Configured channel ids; when given, a schedule naming another channel is invalid. */
  channels?: readonly string[];
  /**
   * The upstream servers relays may name (`config.relay.hosts`: `host` or `host:port`); when
   * given, a relay on any other server is a problem. @default not checked
   */
  relayHosts?: readonly string[];
}

/**
 * Whether a relay URL is on one of the allowed upstream servers: an entry `host` allows any port of
 * it, `host:port` that port only (the URL's default port counts). Names are compared as URLs
 * spell them (lower case, IPv6 in brackets), so "LOCALHOST" cannot slip past "localhost".
 */
export function relayHostAllowed(url: string, hosts: readonly string[]): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  const port = u.port || (u.protocol === 'https:' ? '443' : '80');
  return hosts.some((entry) => {
    let e: URL;
    try {
      e = new URL(`http://${entry}`);
    } catch {
      return false;
    }
    return e.hostname === u.hostname && (!/:\d+$/.test(entry) || (e.port || '80') === port);
  });
}

const TOP_KEYS = [
  'campaign', 'priority', 'from', 'until', 'items', 'slots', 'weekdays', 'skip', 'channels', 'rotate',
  'repeat', 'interval', 'breakQuietHours', 'note', 'intro', 'outro', 'bed',
] as const;
/** Sound choices of a rendered bulletin, at schedule level or per item (the item's wins). */
const SOUND_KEYS = ['intro', 'outro', 'bed'] as const;
type SoundKey = (typeof SOUND_KEYS)[number];
type SoundChoice = Partial<Record<SoundKey, string | null>>;
const ITEM_KEYS = ['bulletin', 'audio', 'relay', 'title', 'duration', 'until', ...SOUND_KEYS] as const;
const ITEM_KINDS = ['bulletin', 'audio', 'relay'] as const;
/** Keys only a relay takes: how long it lasts. */
const RELAY_LENGTH_KEYS = ['duration', 'until'] as const;
const SLOT_KEYS = ['cron', 'at'] as const;

const AUDIO_EXTENSIONS = new Set(['.mp3', '.wav', '.ogg', '.opus', '.flac', '.m4a', '.aac']);
/** Schedule files and bulletins larger than this are certainly a mistake. */
export const MAX_TEXT_BYTES = 1024 * 1024;
/** Intro and outro jingles plus the pauses around them. */
const JINGLE_SECONDS = 8;
const MAX_REPEAT = 20;
const RELAY_EXAMPLE = 'Ví dụ:  - relay: http://dai-huyen.example.vn:8000/truc-tiep\n    duration: 30m   (hoặc 90s, 1h, 1h30m; hoặc  until: "06:30")';

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length];
}

function suggest(word: string, known: readonly string[]): string {
  const best = known
    .map((k) => ({ k, d: editDistance(word.toLowerCase(), k.toLowerCase()) }))
    .sort((x, y) => x.d - y.d)[0];
  return best && best.d <= 2 ? `có phải ý bạn là "${best.k}"? ` : '';
}

/** Estimated air time of a bulletin text as written (the text stage's one estimate), plus the jingles. */
export function estimateBulletinSeconds(text: string): number {
  return Math.round(estimateSeconds(text)) + JINGLE_SECONDS;
}

class Checker {
  readonly problems: ScheduleProblem[] = [];
  constructor(
    private readonly file: string,
    private readonly lines: LineCounter,
  ) {}

  lineOf(node: Node | null | undefined): number {
    return this.pos(node).line;
  }

  pos(node: Node | null | undefined): { line: number; col: number } {
    const offset = node?.range?.[0];
    return offset === undefined ? { line: 1, col: 1 } : this.lines.linePos(offset);
  }

  add(node: Node | null | undefined, message: string, fix: string): void {
    const { line, col } = this.pos(node);
    this.problems.push({ code: 'LP_ERR_SCHEDULE_INVALID', file: this.file, line, column: col, message, fix });
  }

  /** Keys of a map, each unknown one reported with a suggestion. */
  fields(map: YAMLMap, known: readonly string[], where: string): Map<string, Pair<Node, Node | null>> {
    const out = new Map<string, Pair<Node, Node | null>>();
    for (const pair of map.items as Pair<Node, Node | null>[]) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      if (!known.includes(key)) {
        this.add(pair.key, `khóa "${key}" không dùng được trong ${where}`, `${suggest(key, known)}Các khóa được dùng: ${known.join(', ')}`);
        continue;
      }
      out.set(key, pair);
    }
    return out;
  }

  /** A non-empty string scalar, or null (reported). */
  text(node: Node | null | undefined, what: string, fix: string): string | null {
    if (isScalar(node) && (typeof node.value === 'string' || typeof node.value === 'number') && String(node.value).trim() !== '') {
      return String(node.value).trim();
    }
    this.add(node, `${what} phải là một chuỗi chữ không rỗng`, fix);
    return null;
  }

  seq(node: Node | null | undefined, what: string, fix: string): Node[] | null {
    if (isSeq(node)) return node.items as Node[];
    this.add(node, `${what} phải là một danh sách (mỗi phần tử một dòng bắt đầu bằng "- ")`, fix);
    return null;
  }
}

const SOUND_WORDS: Record<SoundKey, string> = { intro: 'nhạc hiệu mở đầu', outro: 'nhạc hiệu kết thúc', bed: 'nhạc nền' };

/** `none` → null, `builtin` → 'builtin', else an audio file resolved against the content dir (checked). */
function readSound(c: Checker, key: SoundKey, node: Node | null, opts: ParseOptions): { value: string | null } | null {
  const example = `Ví dụ:  ${key}: nhac-hieu/${key}.mp3   (hoặc ${key}: builtin — có sẵn; ${key}: none — không dùng)`;
  const v = c.text(node, `${key} (${SOUND_WORDS[key]})`, example);
  if (v === null) return null;
  if (v === 'none') return { value: null };
  if (v === 'builtin') return { value: 'builtin' };
  const path = isAbsolute(v) ? v : resolve(opts.contentDir, v);
  if (!AUDIO_EXTENSIONS.has(extname(path).toLowerCase())) {
    c.add(node, `${key} "${v}" không phải tệp âm thanh`, `Dùng tệp ${[...AUDIO_EXTENSIONS].join(', ')}; ${example}`);
    return null;
  }
  if (opts.checkFiles ?? true) {
    let ok = false;
    try {
      ok = statSync(path).isFile();
    } catch {
      // reported below
    }
    if (!ok) {
      c.add(node, `không tìm thấy tệp ${SOUND_WORDS[key]} "${v}" (tìm tại ${path})`, `Sửa đường dẫn; đường dẫn tương đối tính từ thư mục nội dung ${opts.contentDir}`);
      return null;
    }
  }
  return { value: path };
}

/** The sound keys present in a map, read; null if any is invalid (reported). */
function readSounds(c: Checker, f: Map<string, Pair<Node, Node | null>>, opts: ParseOptions): SoundChoice | null {
  const out: SoundChoice = {};
  let ok = true;
  for (const key of SOUND_KEYS) {
    if (!f.has(key)) continue;
    const r = readSound(c, key, f.get(key)!.value, opts);
    if (r) out[key] = r.value;
    else ok = false;
  }
  return ok ? out : null;
}

/** Where each relay's `until` was written, so the slot check can point at it. */
type UntilNodes = Map<RelayItem, Node | null>;

function readItem(c: Checker, node: Node, opts: ParseOptions, sound: SoundChoice, untilNodes: UntilNodes): ScheduleItem | null {
  const example = 'Ví dụ:  - bulletin: scripts-audio/nq57/ban-tin-01.txt';
  if (!isMap(node)) {
    c.add(node, 'mỗi mục phát phải có dạng "bulletin: đường dẫn", "audio: đường dẫn" hoặc "relay: địa chỉ luồng"', example);
    return null;
  }
  const f = c.fields(node, ITEM_KEYS, 'một mục phát (items)');
  const kinds = ITEM_KINDS.filter((k) => f.has(k));
  if (kinds.length !== 1) {
    c.add(node, kinds.length ? 'một mục phát chỉ được có một trong ba khóa "bulletin", "audio" hoặc "relay"' : 'mục phát thiếu khóa "bulletin" (văn bản), "audio" (tệp âm thanh) hoặc "relay" (tiếp âm)', example);
    return null;
  }
  const kind = kinds[0];
  if (kind === 'relay') return readRelay(c, node, f, untilNodes, opts);
  const lengthKey = RELAY_LENGTH_KEYS.find((k) => f.has(k));
  if (lengthKey) {
    c.add(f.get(lengthKey)!.key, `"${lengthKey}" chỉ dùng cho mục tiếp âm (relay)`, `Bỏ dòng "${lengthKey}": độ dài của "${kind}" lấy từ chính tệp`);
    return null;
  }
  const valueNode = f.get(kind)!.value;
  const rel = c.text(valueNode, `đường dẫn "${kind}"`, example);
  const title = f.has('title') ? c.text(f.get('title')!.value, 'tiêu đề (title)', 'Ví dụ:  title: "Bản tin chuyển đổi số"') : undefined;
  if (rel === null || title === null) return null;
  const path = isAbsolute(rel) ? rel : resolve(opts.contentDir, rel);
  const ext = extname(path).toLowerCase();
  if (kind === 'bulletin' && AUDIO_EXTENSIONS.has(ext)) {
    c.add(valueNode, `"${rel}" là tệp âm thanh, không phải văn bản bản tin`, `Viết "audio: ${rel}" thay cho "bulletin: ${rel}"`);
    return null;
  }
  const own = readSounds(c, f, opts);
  if (own === null) return null;
  if (kind === 'audio' && Object.keys(own).length) {
    c.add(f.get(Object.keys(own)[0])!.key, 'tệp âm thanh có sẵn được phát nguyên vẹn: không thêm nhạc hiệu hay nhạc nền', 'Bỏ các khóa intro, outro, bed khỏi mục "audio" (chúng chỉ dùng cho "bulletin")');
    return null;
  }
  // The item's own choice wins over its schedule's; audio items air as they are.
  const item: FileItem = { kind, path, title: title ?? basename(path, ext), ...(kind === 'bulletin' ? { ...sound, ...own } : {}), line: c.lineOf(node) };
  if (opts.checkFiles ?? true) {
    let size: number;
    try {
      const st = statSync(path);
      if (!st.isFile()) throw new Error('not a file');
      size = st.size;
    } catch {
      c.add(valueNode, `không tìm thấy tệp "${rel}" (tìm tại ${path})`, `Sửa đường dẫn; đường dẫn tương đối tính từ thư mục nội dung ${opts.contentDir}`);
      return null;
    }
    if (kind === 'bulletin') {
      if (size > MAX_TEXT_BYTES) {
        c.add(valueNode, `tệp bản tin "${rel}" quá lớn (${size} byte)`, 'Chia thành các bản tin ngắn, mỗi bản tin 1–3 phút');
        return null;
      }
      item.estimatedSeconds = estimateBulletinSeconds(readFileSync(path, 'utf8'));
    }
  }
  return item;
}

/** `relay: URL` with exactly one of `duration` and `until`, and an optional title; no sound keys. */
function readRelay(c: Checker, node: Node, f: Map<string, Pair<Node, Node | null>>, untilNodes: UntilNodes, opts: ParseOptions): RelayItem | null {
  const urlNode = f.get('relay')!.value;
  const text = c.text(urlNode, 'địa chỉ tiếp âm (relay)', RELAY_EXAMPLE);
  const title = f.has('title') ? c.text(f.get('title')!.value, 'tiêu đề (title)', 'Ví dụ:  title: "Tiếp âm chương trình thời sự của huyện"') : undefined;
  if (text === null || title === null) return null;
  let url: URL | null = null;
  try {
    url = new URL(text);
  } catch {
    // reported below
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || !url.hostname) {
    c.add(urlNode, `"${text}" không phải địa chỉ luồng http:// hoặc https://`, RELAY_EXAMPLE);
    return null;
  }
  if (url.username || url.password) {
    // The relay's ffmpeg is given the URL as an argument: any local user could read it with ps.
    c.add(urlNode, `địa chỉ tiếp âm "${url.host}" chứa tên đăng nhập hoặc mật khẩu: người dùng khác trên máy đọc được nó trong danh sách tiến trình`,
      'Dùng địa chỉ nghe công khai của đài cấp trên (luồng Icecast cho người nghe không cần mật khẩu)');
    return null;
  }
  if (/\.m3u8?$/i.test(url.pathname)) {
    c.add(urlNode, `"${text}" là danh sách phát HLS: đài chưa tiếp âm được HLS`, 'Dùng địa chỉ luồng Icecast (MP3, AAC hoặc Ogg) của đài cấp trên, ví dụ http://dai-huyen.example.vn:8000/thoi-su');
    return null;
  }
  if (opts.relayHosts && !relayHostAllowed(url.href, opts.relayHosts)) {
    c.add(urlNode, `máy chủ "${url.host}" không thuộc các máy chủ tiếp âm được phép (LP_ERR_RELAY_HOST_NOT_ALLOWED; được phép: ${opts.relayHosts.join(', ') || 'chưa khai báo máy chủ nào'})`,
      `Người quản trị máy chủ đài thêm "${url.host}" vào relay.hosts trong loaphuong.config.yaml (hoặc LOAPHUONG_RELAY_HOSTS), nếu đó đúng là đài cấp trên`);
    return null;
  }
  const sound = SOUND_KEYS.find((k) => f.has(k));
  if (sound) {
    c.add(f.get(sound)!.key, 'mục tiếp âm phát nguyên luồng của đài cấp trên: không thêm nhạc hiệu hay nhạc nền', 'Bỏ các khóa intro, outro, bed khỏi mục "relay"');
    return null;
  }
  const given = RELAY_LENGTH_KEYS.filter((k) => f.has(k));
  if (given.length !== 1) {
    c.add(given.length ? f.get('until')!.key : node, given.length ? 'mục tiếp âm chỉ được có một trong hai khóa "duration" hoặc "until"' : 'mục tiếp âm thiếu độ dài: "duration" (bao lâu) hoặc "until" (đến mấy giờ)', RELAY_EXAMPLE);
    return null;
  }
  const lengthNode = f.get(given[0])!.value;
  const written = c.text(lengthNode, given[0], RELAY_EXAMPLE);
  if (written === null) return null;
  let length: RelayItem['length'];
  if (given[0] === 'duration') {
    const durationMs = parseDuration(written);
    if (durationMs === null) {
      c.add(lengthNode, `độ dài "${written}" không hợp lệ`, 'Số kèm đơn vị h (giờ), m (phút), s (giây), tối đa 24h, ví dụ  duration: 30m   duration: 90s   duration: 1h30m');
      return null;
    }
    length = { durationMs };
  } else {
    const until = parseTimeOfDay(written);
    if (until === null) {
      c.add(lengthNode, `giờ kết thúc "${written}" không hợp lệ`, 'Dạng HH:MM theo giờ địa phương, trong dấu ngoặc kép, ví dụ  until: "06:30"');
      return null;
    }
    length = { until };
  }
  const item: RelayItem = { kind: 'relay', url: url.href, title: title ?? `Tiếp âm ${url.host}`, length, line: c.lineOf(node) };
  if ('until' in length) untilNodes.set(item, lengthNode);
  return item;
}

/**
 * An `until` relay counts from the slot's start, so it must open its slot (the first item, unless
 * items rotate) and end after every time of day the slots start at.
 */
function checkRelayUntil(c: Checker, items: readonly (ScheduleItem | null)[], slots: readonly (Slot | null)[], rotate: boolean, untilNodes: UntilNodes): void {
  items.forEach((item, index) => {
    if (!item || item.kind !== 'relay' || !('until' in item.length)) return;
    const node = untilNodes.get(item);
    const until = formatClock(item.length.until);
    if (index > 0 && !rotate) {
      c.add(node, `"until: ${until}" tính từ đầu khung giờ nên mục tiếp âm này phải đứng đầu danh sách items`, 'Đưa mục tiếp âm lên đầu items, hoặc dùng  duration: 25m  (độ dài cố định) thay cho until');
      return;
    }
    const end = secondOfDay(item.length.until);
    for (const slot of slots) {
      if (!slot) continue;
      const starts = slot.kind === 'cron' ? cronTimesOfDay(slot.cron) : [secondOfDay(slot.when.local)];
      const late = starts.find((sec) => sec >= end);
      if (late !== undefined) {
        c.add(node, `tiếp âm "until: ${until}" không sau giờ bắt đầu ${formatSecondOfDay(late)} của khung giờ dòng ${slot.line}`, 'Giờ kết thúc phải muộn hơn mọi giờ bắt đầu của các khung giờ trong cùng ngày; hoặc dùng  duration: 30m');
        return;
      }
    }
  });
}

function readSlot(c: Checker, node: Node): Slot | null {
  const example = 'Ví dụ:  - cron: "0 30 6 * * *"   hoặc   - at: 2026-11-25T17:00:00+07:00';
  if (!isMap(node)) {
    c.add(node, 'mỗi khung giờ phải có dạng "cron: …" hoặc "at: …"', example);
    return null;
  }
  const f = c.fields(node, SLOT_KEYS, 'một khung giờ (slots)');
  if (f.has('cron') === f.has('at')) {
    c.add(node, f.has('cron') ? 'một khung giờ chỉ được có "cron" hoặc "at", không cả hai' : 'khung giờ thiếu "cron" (lặp lại) hoặc "at" (một lần)', example);
    return null;
  }
  const line = c.lineOf(node);
  if (f.has('cron')) {
    const valueNode = f.get('cron')!.value;
    const expr = c.text(valueNode, 'biểu thức cron', example);
    if (expr === null) return null;
    const parsed = parseCron(expr);
    if ('error' in parsed) {
      c.add(valueNode, `biểu thức cron "${expr}" không hợp lệ: ${parsed.error}`, 'Dạng "giây phút giờ ngày tháng thứ", ví dụ "0 30 6 * * *" là 06:30 hằng ngày, "0 0 17 * * 1-5" là 17:00 từ thứ Hai đến thứ Sáu');
      return null;
    }
    return { kind: 'cron', cron: parsed.spec, line };
  }
  const valueNode = f.get('at')!.value;
  const at = c.text(valueNode, 'thời điểm "at"', example);
  if (at === null) return null;
  const when = parseDateTime(at);
  if (!when) {
    c.add(valueNode, `thời điểm "${at}" không hợp lệ`, 'Dạng YYYY-MM-DDTHH:MM[:SS] theo giờ địa phương, có thể kèm múi giờ, ví dụ 2026-11-25T17:00:00+07:00');
    return null;
  }
  return { kind: 'at', at: at.replace(' ', 'T'), when, line };
}

function readWeekdays(c: Checker, node: Node | null): number[] | null {
  const fix = `Liệt kê các thứ: ${WEEKDAY_FORMS}, ví dụ  weekdays: [t2, t3, t4, t5, t6]`;
  const items = c.seq(node, 'weekdays', fix);
  if (!items) return null;
  const days = new Set<number>();
  let ok = true;
  for (const it of items) {
    const v = isScalar(it) ? it.value : undefined;
    const n = parseWeekday(v);
    if (n === null) {
      c.add(it, `"${String(v)}" không phải một thứ trong tuần`, fix);
      ok = false;
    } else days.add(n);
  }
  if (ok && days.size === 0) {
    c.add(node, 'weekdays rỗng: lịch sẽ không bao giờ phát', fix);
    return null;
  }
  return ok ? [...days].sort((a, b) => a - b) : null;
}

function readSkip(c: Checker, node: Node | null): SkipRange[] | null {
  const fix = 'Mỗi dòng một ngày YYYY-MM-DD hoặc một khoảng YYYY-MM-DD..YYYY-MM-DD, ví dụ  - 2026-04-30';
  const items = c.seq(node, 'skip', fix);
  if (!items) return null;
  const out: SkipRange[] = [];
  for (const it of items) {
    const v = isScalar(it) ? String(it.value) : '';
    const [a, b = a] = v.split('..').map((s) => s.trim());
    const from = parseDate(a ?? '');
    const until = parseDate(b ?? '');
    if (!from || !until || compareDates(from, until) > 0) c.add(it, `"${v}" không phải ngày hoặc khoảng ngày hợp lệ`, fix);
    else out.push({ from: formatDate(from), until: formatDate(until) });
  }
  return out.length === items.length ? out : null;
}

function readChannels(c: Checker, node: Node | null, known: readonly string[] | undefined): string[] | null {
  const fix = known ? `Dùng mã kênh đã cấu hình: ${known.join(', ')}` : 'Ví dụ:  channels: [chinh]';
  const items = c.seq(node, 'channels', fix);
  if (!items) return null;
  if (items.length === 0) {
    c.add(node, 'channels rỗng: lịch sẽ không phát trên kênh nào', `Bỏ dòng "channels" để phát trên mọi kênh, hoặc ${fix}`);
    return null;
  }
  const out: string[] = [];
  for (const it of items) {
    const id = c.text(it, 'mã kênh', fix);
    if (id === null) continue;
    if (known && !known.includes(id)) c.add(it, `không có kênh "${id}" trong cấu hình`, `${suggest(id, known)}${fix}`);
    else out.push(id);
  }
  return out.length === items.length ? [...new Set(out)] : null;
}

function readInteger(c: Checker, node: Node | null, what: string, min: number, max: number, fix: string): number | null {
  const v = isScalar(node) ? node.value : undefined;
  if (typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max) return v;
  c.add(node, `${what} phải là số nguyên từ ${min} đến ${max}`, fix);
  return null;
}

function readBoolean(c: Checker, node: Node | null, what: string): boolean | null {
  const v = isScalar(node) ? node.value : undefined;
  if (typeof v === 'boolean') return v;
  c.add(node, `${what} phải là true hoặc false`, `Viết "${what}: true" hoặc "${what}: false"`);
  return null;
}

/** Validates one schedule file's text. `file` names it in problems and gives the schedule its id. */
export function parseScheduleText(text: string, file: string, opts: ParseOptions): { schedule: Schedule | null; problems: ScheduleProblem[] } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: true });
  const c = new Checker(file, lines);
  const seen = new Set<number>();
  for (const e of doc.errors) {
    const p = e.linePos?.[0] ?? lines.linePos(e.pos[0]);
    // One mistake often yields several parser errors on the same line: report the first.
    if (seen.has(p.line)) continue;
    seen.add(p.line);
    c.problems.push({
      code: 'LP_ERR_SCHEDULE_INVALID', file, line: p.line, column: p.col,
      message: `lỗi cú pháp YAML: ${e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}`,
      fix: 'Kiểm tra thụt lề (dùng dấu cách, không dùng tab), dấu ":" sau mỗi khóa; đặt biểu thức cron và chuỗi có dấu * # : trong dấu ngoặc kép',
    });
  }
  if (c.problems.length) return { schedule: null, problems: c.problems };
  const root = doc.contents as Node | null;
  if (!isMap(root)) {
    c.add(root, root ? 'tệp lịch phải là một bảng "khóa: giá trị"' : 'tệp lịch trống', 'Bắt đầu bằng "campaign: …", "priority: …", "items:", "slots:" — xem docs/SCHEDULES.md');
    return { schedule: null, problems: c.problems };
  }
  const f = c.fields(root, TOP_KEYS, 'tệp lịch');
  const need = (key: string, fix: string): Node | null | undefined => {
    if (!f.has(key)) c.add(root, `thiếu khóa "${key}"`, fix);
    return f.get(key)?.value;
  };

  const campaignNode = need('campaign', 'Thêm dòng  campaign: Tên chiến dịch tuyên truyền');
  const campaign = campaignNode !== undefined ? c.text(campaignNode, 'campaign', 'Ví dụ:  campaign: Tuyên truyền Nghị quyết 57-NQ/TW') : null;

  const priorityNode = need('priority', `Thêm dòng  priority: thuong  (một trong ${PRIORITIES.join(', ')})`);
  let priority: Priority | null = null;
  if (priorityNode !== undefined) {
    const v = isScalar(priorityNode) ? String(priorityNode.value) : '';
    if ((PRIORITIES as readonly string[]).includes(v)) priority = v as Priority;
    else c.add(priorityNode, `mức ưu tiên "${v}" không có`, `${suggest(v, PRIORITIES)}Dùng một trong: thuong (thông thường), uu-tien (ưu tiên), khan-cap (khẩn cấp)`);
  }

  const dateOf = (key: 'from' | 'until'): string | undefined | null => {
    const node = f.get(key)?.value;
    if (node === undefined) return undefined;
    const v = isScalar(node) ? String(node.value) : '';
    const d = parseDate(v);
    if (d) return formatDate(d);
    c.add(node, `ngày "${v}" không hợp lệ`, `Dạng YYYY-MM-DD, ví dụ  ${key}: 2026-01-01`);
    return null;
  };
  const from = dateOf('from');
  const until = dateOf('until');
  if (from && until && from > until) c.add(f.get('until')!.value, `until (${until}) sớm hơn from (${from})`, 'Đổi lại hai ngày cho đúng thứ tự');

  const itemsNode = need('items', 'Thêm danh sách  items:  với các dòng  - bulletin: đường dẫn');
  const itemNodes = itemsNode !== undefined ? c.seq(itemsNode, 'items', 'Ví dụ:\nitems:\n  - bulletin: scripts-audio/nq57/ban-tin-01.txt') : null;
  if (itemNodes && itemNodes.length === 0) c.add(itemsNode, 'items rỗng: không có gì để phát', 'Thêm ít nhất một dòng  - bulletin: đường dẫn');
  const sound = readSounds(c, f, opts) ?? {};
  const untilNodes: UntilNodes = new Map();
  const items = itemNodes?.map((n) => readItem(c, n, opts, sound, untilNodes)) ?? [];

  const slotsNode = need('slots', 'Thêm danh sách  slots:  với các dòng  - cron: "0 30 6 * * *"');
  const slotNodes = slotsNode !== undefined ? c.seq(slotsNode, 'slots', 'Ví dụ:\nslots:\n  - cron: "0 30 6 * * *"') : null;
  if (slotNodes && slotNodes.length === 0) c.add(slotsNode, 'slots rỗng: lịch sẽ không bao giờ phát', 'Thêm ít nhất một dòng  - cron: "…"  hoặc  - at: …');
  const slots = slotNodes?.map((n) => readSlot(c, n)) ?? [];

  const weekdays = f.has('weekdays') ? readWeekdays(c, f.get('weekdays')!.value) : null;
  const skip = f.has('skip') ? readSkip(c, f.get('skip')!.value) : [];
  const channels = f.has('channels') ? readChannels(c, f.get('channels')!.value, opts.channels) : null;
  const rotate = f.has('rotate') ? readBoolean(c, f.get('rotate')!.value, 'rotate') : false;
  if (rotate && !from) c.add(f.get('rotate')!.key, 'rotate: true cần ngày bắt đầu "from" để tính lượt luân phiên', 'Thêm dòng  from: YYYY-MM-DD');
  checkRelayUntil(c, items, slots, rotate === true, untilNodes);
  if (f.has('note')) c.text(f.get('note')!.value, 'note', 'Ví dụ:  note: Ghi chú cho người vận hành');

  const emergencyOnly = (key: string): void => {
    if (f.has(key) && priority !== null && priority !== 'khan-cap') {
      c.add(f.get(key)!.key, `"${key}" chỉ dùng cho lịch khẩn cấp (priority: khan-cap)`, `Bỏ dòng "${key}", hoặc đổi priority thành khan-cap nếu đây là tin khẩn cấp`);
    }
  };
  emergencyOnly('repeat');
  emergencyOnly('interval');
  emergencyOnly('breakQuietHours');
  const repeat = f.has('repeat') ? readInteger(c, f.get('repeat')!.value, 'repeat', 1, MAX_REPEAT, 'Số lần phát mỗi lượt, ví dụ  repeat: 3') : 1;
  const interval = f.has('interval') ? readInteger(c, f.get('interval')!.value, 'interval', 1, 24 * 60, 'Số phút giữa hai lần phát, ví dụ  interval: 15') : 0;
  if (repeat !== null && repeat > 1 && !f.has('interval')) c.add(f.get('repeat')!.key, 'repeat lớn hơn 1 cần "interval" (số phút giữa hai lần phát)', 'Thêm dòng  interval: 15');
  const breaksQuietHours = f.has('breakQuietHours') ? readBoolean(c, f.get('breakQuietHours')!.value, 'breakQuietHours') : priority === 'khan-cap';

  const id = basename(file).replace(/\.ya?ml$/i, '');
  if (c.problems.length || campaign === null || priority === null || from === null || until === null
    || skip === null || rotate === null || repeat === null || interval === null || breaksQuietHours === null) {
    return { schedule: null, problems: c.problems };
  }
  const schedule: Schedule = {
    id,
    file,
    campaign,
    priority,
    ...(from ? { from } : {}),
    ...(until ? { until } : {}),
    items: items as ScheduleItem[],
    slots: slots as Slot[],
    weekdays,
    skip,
    channels,
    rotate,
    repeat,
    intervalMinutes: interval,
    breaksQuietHours,
  };
  return { schedule, problems: [] };
}

/**
 * Loads every `*.yaml` / `*.yml` in `dir` (sorted by name). Unreadable or invalid files become
 * problems and are left out; the others load. A missing directory is the one hard error.
 */
export function loadSchedules(dir: string, opts: ParseOptions): { schedules: Schedule[]; problems: ScheduleProblem[] } {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => /\.ya?ml$/i.test(n)).sort();
  } catch (e) {
    throw new LpError('LP_ERR_SCHEDULE_NOT_FOUND', `${dir}: ${(e as Error).message}`);
  }
  const schedules: Schedule[] = [];
  const problems: ScheduleProblem[] = [];
  const ids = new Map<string, string>();
  for (const name of names) {
    const file = join(dir, name);
    const problem = (message: string, fix: string): void => {
      problems.push({ code: 'LP_ERR_SCHEDULE_INVALID', file, line: 1, column: 1, message, fix });
    };
    let text: string;
    try {
      const st = statSync(file);
      if (!st.isFile()) continue;
      if (st.size > MAX_TEXT_BYTES) {
        problem(`tệp lịch quá lớn (${st.size} byte)`, 'Một tệp lịch chỉ vài chục dòng; tách thành nhiều tệp');
        continue;
      }
      text = readFileSync(file, 'utf8');
    } catch (e) {
      problem(`không đọc được tệp: ${(e as Error).message}`, 'Kiểm tra quyền đọc của tệp');
      continue;
    }
    if (text.includes('\u0000')) {
      problem('tệp không phải văn bản', 'Tệp lịch là văn bản YAML (UTF-8); xem docs/SCHEDULES.md');
      continue;
    }
    const id = name.replace(/\.ya?ml$/i, '');
    if (ids.has(id)) {
      problem(`trùng tên lịch "${id}" với tệp ${ids.get(id)}`, 'Đổi tên một trong hai tệp');
      continue;
    }
    ids.set(id, name);
    const r = parseScheduleText(text, file, opts);
    problems.push(...r.problems);
    if (r.schedule) schedules.push(r.schedule);
  }
  return { schedules, problems };
}

/** One line per problem: `file:line:column  message → fix`. */
export function formatProblem(p: ScheduleProblem): string {
  return `${p.file}:${p.line}:${p.column}  ${p.message}\n    → ${p.fix.replace(/\n/g, '\n      ')}`;
}
