/**
 * Turns what a schedule or an operator names (a bulletin document, an audio file, pasted text) into
 * audio a channel can air: document (text, .docx, PDF, scan) → clean & spoken form → OCR guard →
 * render (cached). Shared by the scheduler's render-ahead and air-now, so both refuse the same
 * things with the same codes.
 */
import { hashFile } from '../audio/cache.js';
import type { Renderer, RenderRequest } from '../audio/render.js';
import { probe } from '../audio/ffmpeg.js';
import { documentWork, readDocument, scanAdvice } from '../documents/index.js';
import { LpError } from '../errors.js';
import type { Lexicon, QualityReport } from '../text/index.js';

export interface PreparedAudio {
  readonly title: string;
  readonly audioPath: string;
  readonly contentHash: string;
  readonly durationSec: number;
  /** Voice that rendered it, or "file" for a ready-made audio item. */
  readonly voice: string;
}

export interface PrepareDeps {
  readonly renderer: Renderer;
  readonly lexicon: Lexicon;
  /** Hardware profile whose voicing the render uses. */
  readonly profileName: string;
}

/** Jingles and music bed of a rendered bulletin, as a schedule file chose them (see RenderRequest). */
export type SoundChoice = Pick<RenderRequest, 'intro' | 'outro' | 'bed'>;

/**
 * The one gate before a script is voiced (air-now, render ahead, `loaphuong render`): text the OCR
 * guard flags is refused unless `force`, with what to do about it (`advice`: a sharper scan; `hint`:
 * how this door says "air it anyway"), and a script with nothing left to read is refused.
 */
export function checkAirable(script: { spoken: string; quality: QualityReport }, name: string, opts: { force?: boolean; advice?: string | null; hint?: string } = {}): void {
  const { quality } = script;
  if (quality.suspect && !opts.force) {
    const why = quality.warnings[0]?.message ?? `${Math.round(quality.score * 100)}% âm tiết hợp lệ`;
    throw new LpError('LP_ERR_TEXT_SUSPECT', [`${name}: ${why}`, opts.advice, opts.hint].filter(Boolean).join('; '), { exitCode: 3 });
  }
  if (!script.spoken.trim()) throw new LpError('LP_ERR_TEXT_NOTHING_TO_AIR', name);
}

/** Raw bulletin text → its spoken form, through the gate (`gate.force` airs text the OCR guard flags). */
export async function spokenText(raw: string, title: string, deps: Pick<PrepareDeps, 'lexicon'>, gate: { force?: boolean; advice?: string | null } = {}): Promise<string> {
  // In the documents worker thread: a long text must not hold the loop that paces the air.
  const { spoken, quality } = await documentWork().run('prepare', { raw, name: title, lexicon: deps.lexicon });
  checkAirable({ spoken, quality }, title, gate);
  return spoken;
}

/**
 * A spoken form (already through the gate) → rendered audio. `urgency` 'now' (the default: air-now,
 * a hub's delivery) lets a failing voice fall back within seconds; a schedule item's render-ahead is
 * patient.
 */
export async function renderSpoken(spoken: string, title: string, deps: PrepareDeps, sound: SoundChoice = {}, urgency: RenderRequest['urgency'] = 'now'): Promise<PreparedAudio> {
  const r = await deps.renderer.render({ spoken, title, profileName: deps.profileName, ...sound, urgency });
  return { title, audioPath: r.path, contentHash: r.contentHash, durationSec: r.durationSec, voice: r.voiceUsed };
}

/** Raw bulletin text → rendered audio, through the gate. */
export async function prepareText(raw: string, title: string, deps: PrepareDeps, gate: { force?: boolean; advice?: string | null } = {}, sound: SoundChoice = {}, urgency: RenderRequest['urgency'] = 'now'): Promise<PreparedAudio> {
  return renderSpoken(await spokenText(raw, title, deps, gate), title, deps, sound, urgency);
}

/** A schedule item: a bulletin text file is rendered, an audio file is checked and aired as it is. */
export async function prepareItem(item: { kind: 'bulletin' | 'audio'; path: string; title: string } & SoundChoice, deps: PrepareDeps): Promise<PreparedAudio> {
  if (item.kind === 'audio') {
    const facts = await probe(item.path);
    return { title: item.title, audioPath: item.path, contentHash: await hashFile(item.path), durationSec: facts.durationSec, voice: 'file' };
  }
  const doc = await readDocument(item.path);
  return prepareText(doc.text, item.title, deps, { advice: scanAdvice(doc) }, { intro: item.intro, outro: item.outro, bed: item.bed }, 'ahead');
}
