/**
 * Hardware profiles (`hardware/<name>.yaml`): what a ward's transmitter chain needs — how to key the
 * transmitter, and how to voice audio for its loudspeakers. Read by `audio/` (voicing, format) and
 * `transmitter/` (keying); validated here once, with the file and the field in every message.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { LpError } from '../errors.js';

const transmitterSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }),
  z.object({
    kind: z.literal('http-relay'),
    /** URL that switches the relay on (GET unless `method` says POST). */
    onUrl: z.url(),
    offUrl: z.url(),
    method: z.enum(['GET', 'POST']).default('GET'),
    /** @default 3000 */
    timeoutMs: z.number().int().min(100).max(60_000).default(3000),
  }),
  z.object({
    kind: z.literal('command'),
    /** argv run to key the transmitter on, e.g. ["gpioset", "gpiochip0", "17=1"]. */
    on: z.array(z.string()).min(1),
    off: z.array(z.string()).min(1),
    /** @default 5000 */
    timeoutMs: z.number().int().min(100).max(60_000).default(5000),
  }),
]);

const audioSchema = z.object({
  /** Horn loudspeakers do little below ~300 Hz. @default 250 */
  highpassHz: z.number().min(0).max(2000).default(250),
  /** …and little above ~5 kHz. @default 6000 */
  lowpassHz: z.number().min(2000).max(22050).default(6000),
  /** Compressor on the voice before the limiter. @default true */
  compress: z.boolean().default(true),
  /** Overrides the configured loudness target for this chain (e.g. -23 for a broadcast feed). */
  targetLufs: z.number().min(-36).max(-8).optional(),
  truePeakDb: z.number().min(-9).max(0).optional(),
  /** @default 'mp3' */
  format: z.enum(['mp3', 'wav', 'ogg']).default('mp3'),
  /** @default 44100 */
  sampleRate: z.number().int().refine((n) => [16000, 22050, 32000, 44100, 48000].includes(n)).default(44100),
  /** @default 1 */
  channels: z.number().int().min(1).max(2).default(1),
  /** kbit/s for mp3/ogg. @default 64 */
  bitrateKbps: z.number().int().min(16).max(320).default(64),
}).prefault({});

const profileSchema = z.object({
  name: z.string().min(1),
  description: z.string().default(''),
  transmitter: transmitterSchema.default({ kind: 'none' }),
  /** Seconds the transmitter is on before the first item of a block. @default 0 */
  preRollSeconds: z.number().min(0).max(60).default(0),
  /** Seconds it stays on after the last item. @default 0 */
  postRollSeconds: z.number().min(0).max(600).default(0),
  audio: audioSchema,
});

export type HardwareProfile = z.infer<typeof profileSchema>;
export type TransmitterSettings = HardwareProfile['transmitter'];
export type AudioSettings = HardwareProfile['audio'];

/** Reads and validates `hardware/<name>.yaml`. */
export function loadHardwareProfile(hardwareDir: string, name: string): HardwareProfile {
  if (!/^[a-z0-9-]+$/.test(name)) throw new LpError('LP_ERR_PROFILE_UNKNOWN', name);
  const file = join(hardwareDir, `${name}.yaml`);
  if (!existsSync(file)) throw new LpError('LP_ERR_PROFILE_UNKNOWN', `${name} (không có ${file})`);
  let doc: unknown;
  try {
    doc = parseYaml(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new LpError('LP_ERR_PROFILE_INVALID', `${file}: ${(e as Error).message.split('\n')[0]}`);
  }
  const parsed = profileSchema.safeParse(doc);
  if (!parsed.success) {
    throw new LpError('LP_ERR_PROFILE_INVALID', `${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  return Object.freeze(parsed.data);
}
