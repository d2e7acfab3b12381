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
import type { Lexicon } from '../text/index.js';

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

/** Raw bulletin text → rendered audio; `force` airs text the OCR guard flags. */
export async function prepareText(raw: string, title: string, deps: PrepareDeps, force = false, sound: SoundChoice = {}): Promise<PreparedAudio> {
  // In the documents worker thread: a long text must not hold the loop that paces the air.
  const { spoken, quality } = await documentWork().run('prepare', { raw, name: title, lexicon: deps.lexicon });
  if (quality.suspect && !force) {
    throw new LpError('LP_ERR_TEXT_SUSPECT', `${title}: ${Math.round(quality.score * 100)}% âm tiết hợp lệ`, { exitCode: 3 });
  }
  if (!spoken.trim()) throw new LpError('LP_ERR_TEXT_NOTHING_TO_AIR', title);
  const r = await deps.renderer.render({ spoken, title, profileName: deps.profileName, ...sound });
  return { title, audioPath: r.path, contentHash: r.contentHash, durationSec: r.durationSec, voice: r.voiceUsed };
}

/** A schedule item: a bulletin text file is rendered, an audio file is checked and aired as it is. */
export async function prepareItem(item: { kind: 'bulletin' | 'audio'; path: string; title: string } & SoundChoice, deps: PrepareDeps): Promise<PreparedAudio> {
  if (item.kind === 'audio') {
    const facts = await probe(item.path);
    return { title: item.title, audioPath: item.path, contentHash: await hashFile(item.path), durationSec: facts.durationSec, voice: 'file' };
  }
  const doc = await readDocument(item.path);
  try {
    return await prepareText(doc.text, item.title, deps, false, { intro: item.intro, outro: item.outro, bed: item.bed });
  } catch (e) {
    const advice = e instanceof LpError && e.code === 'LP_ERR_TEXT_SUSPECT' ? scanAdvice(doc) : null;
    throw advice ? new LpError('LP_ERR_TEXT_SUSPECT', `${(e as LpError).detail}; ${advice}`, { exitCode: 3 }) : e;
  }
}
