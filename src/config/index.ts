/**
 * Typed configuration, validated once at start and then frozen. Sources, later wins:
 * built-in defaults < `loaphuong.config.yaml` (or the file in LOAPHUONG_CONFIG) < environment.
 * The source is injectable (`env`, `cwd`) so tests never touch the real process environment.
 */
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { LpError } from '../errors.js';
import { parseTimeOfDay, parseWeekday, WEEKDAY_FORMS } from '../time/index.js';

// Validation messages reach ward staff (config, hardware profiles, API input): say them in Vietnamese.
z.config(z.locales.vi());

const port = z.coerce.number().int().min(1).max(65535);
/** "HH:MM" local, as the time module reads it (so 24:00 or 23:75 never reaches the planner). */
const timeOfDay = z.string().refine((s) => parseTimeOfDay(s) !== null, { message: 'giờ dạng HH:MM, từ 00:00 đến 23:59' });
const minutesOfDay = z.coerce.number().positive().max(24 * 60);

const channelSchema = z.strictObject({
  /** Short id used in URLs and logs. */
  id: z.string().regex(/^[a-z0-9-]+$/),
  /** Name shown in the UI and the report, e.g. "Cụm loa tổ dân phố 3". */
  name: z.string().min(1),
  /** Icecast mount, starts with "/". */
  mount: z.string().regex(/^\/[A-Za-z0-9._-]+$/),
  /** Hardware profile name: a file `hardware/<name>.yaml`. @default 'none' */
  hardware: z.string().default('none'),
});

/** A ward's key as the hub holds it: the key itself (kept only as its hash), or `sha256:` and 64 hex digits. */
const wardKey = z.string().refine((k) => /^sha256:[0-9a-f]{64}$/.test(k) || (k.length >= 24 && !k.startsWith('sha256:')), {
  message: 'khóa của phường cần ít nhất 24 ký tự, hoặc dạng sha256:<64 chữ số hex> (lệnh "loaphuong hub ward-key" tạo cả hai)',
});

const wardSchema = z.strictObject({
  /** Short id, in the log's ward column, URLs and the edge server's mounts (`/<id>/<mount>`). */
  id: z.string().regex(/^[a-z0-9-]+$/),
  /** Name shown on the hub's pages and in its report, e.g. "Phường Gia Viên". */
  name: z.string().min(1),
  /** The ward's key: the hub keeps only its SHA-256 (`loaphuong hub ward-key` makes one). */
  key: wardKey,
  /**
   * Where a city edge server pulls this ward's mounts from, `http://host:port` (a VPN address, or
   * the city Icecast the ward sends to). @default the listen address the ward reports
   */
  stream: z.url({ protocol: /^https?$/ }).optional(),
});

const schema = z.strictObject({
  /** SQLite store, render cache, generated icecast.xml and secrets. @default './data' */
  dataDir: z.string().default('./data'),
  /** Schedule files (*.yaml). @default './schedules' */
  schedulesDir: z.string().default('./schedules'),
  /** Root that relative bulletin paths in schedule files are read from. @default '.' */
  contentDir: z.string().default('.'),
  /** Transmitter/receiver profiles. @default './hardware' */
  hardwareDir: z.string().default('./hardware'),
  http: z.strictObject({
    /** @default '127.0.0.1' */
    host: z.string().default('127.0.0.1'),
    /** @default 8080 */
    port: port.default(8080),
    /**
     * Addresses (or CIDR ranges) of reverse proxies whose `X-Forwarded-For` is believed, e.g. a TLS
     * proxy on this machine: `["127.0.0.1"]`. From anyone else the header is ignored, so it cannot
     * buy extra login guesses or lock another address out. A comma-separated list in the env.
     * @default none
     */
    trustedProxies: z.preprocess((v) => (typeof v === 'string' ? v.split(',').map((x) => x.trim()).filter(Boolean) : v),
      z.array(z.string().min(1))).default([]),
  }).prefault({}),
  icecast: z.strictObject({
    /** External server `http://source:PASS@host:port`; unset → embedded icecast2 on loopback. */
    url: z.url({ protocol: /^https?$/ }).optional(),
    /** Port of the embedded Icecast. @default 8000 */
    port: port.default(8000),
  }).prefault({}),
  /**
   * `postgres://user:pass@host:port/db`: every store in PostgreSQL; unset → SQLite in the data dir.
   * @default unset
   */
  databaseUrl: z.string().regex(/^postgres(ql)?:\/\/\S+$/, 'cần dạng postgres://người-dùng:mật-khẩu@máy:cổng/tên-csdl').optional(),
  /** First admin's password; unset → generated at first start, printed once, stored 0600. */
  adminPassword: z.string().min(8).optional(),
  /** Voice used to render bulletins. @default 'espeak' */
  tts: z.enum(['espeak', 'google']).default('espeak'),
  espeak: z.strictObject({
    /** espeak-ng voice. @default 'vi' */
    voice: z.string().default('vi'),
    /** Words per minute. @default 150 */
    rate: z.coerce.number().int().min(80).max(400).default(150),
    /** 0–99. @default 50 */
    pitch: z.coerce.number().int().min(0).max(99).default(50),
  }).prefault({}),
  google: z.strictObject({
    /** Path of a service-account JSON (GOOGLE_APPLICATION_CREDENTIALS). */
    credentials: z.string().optional(),
    /** Endpoint override, e.g. `http://127.0.0.1:9999` for a local fake. */
    endpoint: z.url().optional(),
    /** @default 'vi-VN-Standard-A' */
    voice: z.string().default('vi-VN-Standard-A'),
  }).prefault({}),
  /** Time zone of every schedule. @default 'Asia/Ho_Chi_Minh' */
  timezone: z.string().default('Asia/Ho_Chi_Minh'),
  ward: z.strictObject({
    /** @default 'Phường Gia Viên' */
    name: z.string().default('Phường Gia Viên'),
    /** City or province, used in the report's place and date line. @default 'Hải Phòng' */
    place: z.string().default('Hải Phòng'),
  }).prefault({}),
  loudness: z.strictObject({
    /** Integrated loudness target, LUFS. @default -16 */
    targetLufs: z.coerce.number().min(-36).max(-8).default(-16),
    /** True-peak ceiling, dBTP. @default -1 */
    truePeakDb: z.coerce.number().min(-9).max(0).default(-1),
  }).prefault({}),
  /** Nights when only khẩn cấp may air, "HH:MM" local; null turns them off. @default 22:00–05:00 */
  quietHours: z.strictObject({ from: timeOfDay, to: timeOfDay })
    .nullable().default({ from: '22:00', to: '05:00' }),
  /**
   * The locality's airtime rules, checked by `schedule check` and the Lịch phát page on each
   * channel; khẩn cấp is exempt, relays count. Hà Nội's urban wards (2021): `{sessionsPerDay: 2,
   * minutesPerSession: 15, weekdays: [t2, t3, t4, t5, t6]}`; its rural wards: `{minutesPerDay: 45}`.
   * @default no limit
   */
  airtime: z.strictObject({
    /** Most sessions (buổi phát) a day. @default no limit */
    sessionsPerDay: z.coerce.number().int().min(1).max(48).optional(),
    /** Longest session, minutes from its first start to its last end. @default no limit */
    minutesPerSession: minutesOfDay.optional(),
    /** Most minutes on air a day, relays included. @default no limit */
    minutesPerDay: minutesOfDay.optional(),
    /** Days sessions may air on: t2 … t7, cn (or 0–6, 0 = Sunday). @default every day */
    weekdays: z.array(z.union([z.string(), z.number()]).refine((v) => parseWeekday(v) !== null, { message: `một thứ trong tuần: ${WEEKDAY_FORMS}` }))
      .min(1).transform((days) => [...new Set(days.map((v) => parseWeekday(v)!))].sort((a, b) => a - b)).optional(),
    /** Blocks less than this many minutes apart make one session. @default 30 */
    sessionGapMinutes: z.coerce.number().min(0).max(24 * 60).default(30),
  }).prefault({}),
  relay: z.strictObject({
    /**
     * Upstream servers relay items may name, as `host` (any port) or `host:port`, e.g.
     * `["dai-huyen.example.vn", "10.0.0.5:8000"]`: a relay URL on any other server is refused in
     * schedule files and in the web's editor, so nobody can point the station at this machine's
     * own services or the office network. A comma-separated list in the env.
     * @default none (no relay can be scheduled until the admin names the upstreams)
     */
    hosts: z.preprocess((v) => (typeof v === 'string' ? v.split(',').map((x) => x.trim()).filter(Boolean) : v),
      z.array(z.string().min(1).regex(/^[^\s/@]+$/, 'tên máy chủ, có thể kèm :cổng'))).default([]),
    /** Audio file aired (looped) while a relay's upstream is silent or down. @default none: silence */
    filler: z.string().min(1).optional(),
  }).prefault({}),
  /** Silence on the mount longer than this, while something is on air, is flagged as dead air; 0 turns the monitor off. @default 8 */
  deadAirSeconds: z.coerce.number().min(0).max(3600).default(8),
  /** How long before its slot a bulletin is rendered. @default 120 */
  renderAheadMinutes: z.coerce.number().min(1).max(24 * 60).default(120),
  /**
   * Hub: the wards it sends bulletins down to and collects airings from. Each reaches out to the
   * hub with its own key (wards sit behind 4G and NAT; the hub never calls a ward).
   * @default none (a ward on its own)
   */
  wards: z.array(wardSchema).default([]),
  /**
   * Ward: the hub it takes bulletins from and reports airings to (LOAPHUONG_UPSTREAM_URL,
   * LOAPHUONG_UPSTREAM_KEY). @default none
   */
  upstream: z.strictObject({
    /** The hub's web address, `https://hub.example` (http on a closed network). */
    url: z.url({ protocol: /^https?$/ }),
    /** This ward's key, as the hub's `wards` lists it (or its hash there). */
    key: z.string().min(24),
    /** How long one long-poll is held open by the hub, seconds. @default 25 */
    waitSeconds: z.coerce.number().int().min(1).max(30).default(25),
    /** How often airings and channel state are reported up, seconds. @default 5 */
    reportSeconds: z.coerce.number().min(1).max(300).default(5),
  }).optional(),
  /** @default one channel "chinh" on /loaphuong with the `none` profile */
  channels: z.array(channelSchema).min(1)
    .default([{ id: 'chinh', name: 'Kênh chính', mount: '/loaphuong', hardware: 'none' }]),
});

export type Config = z.infer<typeof schema>;
export type ChannelConfig = z.infer<typeof channelSchema>;

/** Environment names of the DESIGN.md contract → config paths. */
const ENV_KEYS: Record<string, string> = {
  LOAPHUONG_DATA_DIR: 'dataDir',
  LOAPHUONG_SCHEDULES_DIR: 'schedulesDir',
  LOAPHUONG_CONTENT_DIR: 'contentDir',
  LOAPHUONG_HARDWARE_DIR: 'hardwareDir',
  LOAPHUONG_HTTP_HOST: 'http.host',
  LOAPHUONG_HTTP_PORT: 'http.port',
  LOAPHUONG_ICECAST_URL: 'icecast.url',
  LOAPHUONG_ICECAST_PORT: 'icecast.port',
  LOAPHUONG_ADMIN_PASSWORD: 'adminPassword',
  LOAPHUONG_TTS: 'tts',
  GOOGLE_APPLICATION_CREDENTIALS: 'google.credentials',
  LOAPHUONG_GOOGLE_ENDPOINT: 'google.endpoint',
  LOAPHUONG_GOOGLE_VOICE: 'google.voice',
  LOAPHUONG_TIMEZONE: 'timezone',
  LOAPHUONG_WARD_NAME: 'ward.name',
  LOAPHUONG_LOUDNESS_TARGET: 'loudness.targetLufs',
  LOAPHUONG_TRUE_PEAK: 'loudness.truePeakDb',
  LOAPHUONG_DATABASE_URL: 'databaseUrl',
  LOAPHUONG_TRUSTED_PROXIES: 'http.trustedProxies',
  LOAPHUONG_RELAY_HOSTS: 'relay.hosts',
  LOAPHUONG_DEAD_AIR_SECONDS: 'deadAirSeconds',
  LOAPHUONG_UPSTREAM_URL: 'upstream.url',
  LOAPHUONG_UPSTREAM_KEY: 'upstream.key',
};

export interface ConfigSource {
  env?: Record<string, string | undefined>;
  cwd?: string;
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let node = target;
  for (const k of keys.slice(0, -1)) {
    if (typeof node[k] !== 'object' || node[k] === null) node[k] = {};
    node = node[k] as Record<string, unknown>;
  }
  node[keys[keys.length - 1]] = value;
}

function readConfigFile(path: string): Record<string, unknown> {
  let doc: unknown;
  try {
    doc = parseYaml(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new LpError('LP_ERR_CONFIG_INVALID', `${path}: ${(e as Error).message.split('\n')[0]}`);
  }
  if (doc == null) return {};
  if (typeof doc !== 'object' || Array.isArray(doc)) throw new LpError('LP_ERR_CONFIG_INVALID', `${path}: phải là một bảng khóa: giá trị`);
  // The file may use the environment names too ("the same keys"), or the nested names.
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(doc)) {
    if (k in ENV_KEYS) setPath(out, ENV_KEYS[k], v);
    else out[k] = v;
  }
  return out;
}

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object') {
    for (const v of Object.values(o)) deepFreeze(v);
    Object.freeze(o);
  }
  return o;
}

/** Validates every source at once and reports each mistake on its own line. */
export function loadConfig(source: ConfigSource = {}): Readonly<Config> {
  const env = source.env ?? process.env;
  const cwd = source.cwd ?? process.cwd();
  const filePath = env.LOAPHUONG_CONFIG ? resolve(cwd, env.LOAPHUONG_CONFIG) : resolve(cwd, 'loaphuong.config.yaml');
  if (env.LOAPHUONG_CONFIG && !existsSync(filePath)) throw new LpError('LP_ERR_CONFIG_INVALID', `LOAPHUONG_CONFIG: không có tệp ${filePath}`);
  const raw: Record<string, unknown> = existsSync(filePath) ? readConfigFile(filePath) : {};
  for (const [name, path] of Object.entries(ENV_KEYS)) {
    const v = env[name];
    if (v !== undefined && v !== '') setPath(raw, path, v);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const reverse = Object.fromEntries(Object.entries(ENV_KEYS).map(([k, v]) => [v, k]));
    const lines = parsed.error.issues.map((i) => {
      const path = i.path.join('.');
      const where = reverse[path] ?? path;
      return where ? `${where}: ${i.message}` : i.message;
    });
    throw new LpError('LP_ERR_CONFIG_INVALID', lines.join('; '));
  }
  const cfg = parsed.data;
  for (const key of ['dataDir', 'schedulesDir', 'contentDir', 'hardwareDir'] as const) {
    cfg[key] = isAbsolute(cfg[key]) ? cfg[key] : resolve(cwd, cfg[key]);
  }
  if (cfg.google.credentials) cfg.google.credentials = resolve(cwd, cfg.google.credentials);
  if (cfg.relay.filler) cfg.relay.filler = resolve(cfg.contentDir, cfg.relay.filler);
  const ids = new Set<string>();
  for (const c of cfg.channels) {
    if (ids.has(c.id)) throw new LpError('LP_ERR_CONFIG_INVALID', `channels: kênh "${c.id}" bị khai báo hai lần`);
    ids.add(c.id);
  }
  for (const [what, values] of [['id', cfg.wards.map((w) => w.id)], ['key', cfg.wards.map((w) => w.key)]] as const) {
    const dup = values.find((v, i) => values.indexOf(v) !== i);
    if (dup) throw new LpError('LP_ERR_CONFIG_INVALID', `wards: ${what === 'id' ? `phường "${dup}" bị khai báo hai lần` : 'hai phường dùng chung một khóa'}`);
  }
  try {
    new Intl.DateTimeFormat('en', { timeZone: cfg.timezone });
  } catch {
    throw new LpError('LP_ERR_CONFIG_INVALID', `LOAPHUONG_TIMEZONE: múi giờ "${cfg.timezone}" không tồn tại`);
  }
  return deepFreeze(cfg);
}

/** Checks the directories the running station needs; creates the data dir on first start. */
export function ensureDirectories(cfg: Readonly<Config>): void {
  try {
    mkdirSync(cfg.dataDir, { recursive: true });
    if (!statSync(cfg.dataDir).isDirectory()) throw new Error('không phải thư mục');
  } catch (e) {
    throw new LpError('LP_ERR_DATA_DIR', `${cfg.dataDir}: ${(e as Error).message}`);
  }
  for (const key of ['schedulesDir', 'hardwareDir'] as const) {
    const dir = cfg[key];
    if (!existsSync(dir) || !statSync(dir).isDirectory()) {
      throw new LpError('LP_ERR_CONFIG_INVALID', `${key === 'schedulesDir' ? 'LOAPHUONG_SCHEDULES_DIR' : 'LOAPHUONG_HARDWARE_DIR'}: không có thư mục ${dir}`);
    }
  }
}
