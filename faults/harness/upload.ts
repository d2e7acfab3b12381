/** The Bản tin door as a browser uses it: a paste or a file, with the session cookie and CSRF token. */
import type { Answer, Session, Station } from './station.js';

/** POST /api/bulletins with a pasted text (JSON, as the page's script would send it). */
export function paste(st: Station, s: Session, text: string, timeoutMs: number): Promise<Answer> {
  return st.request('POST', '/api/bulletins', { auth: s, body: { text, title: 'Dán thử' }, timeoutMs });
}

/** POST /api/bulletins with a file, multipart as the form sends it (but answered as JSON). */
export function uploadFile(st: Station, s: Session, name: string, data: Buffer, timeoutMs: number): Promise<Answer> {
  const form = new FormData();
  form.append('title', 'Tệp thử');
  form.append('file', new Blob([new Uint8Array(data)]), name);
  return st.request('POST', '/api/bulletins', { auth: s, raw: form, headers: { accept: 'application/json' }, timeoutMs });
}

/**
 * Drafts created since `since` (ms), read back from the list (a form post is answered with a
 * redirect, not the drafts). The list may be paged: its first 200 are asked for, more than any
 * sane cap; null when the list cannot be read.
 */
export async function draftsSince(st: Station, since: number): Promise<number | null> {
  const r = await st.get('/api/bulletins?limit=200', { timeoutMs: 30_000 });
  const list: unknown = Array.isArray(r.body) ? r.body : r.body?.items ?? r.body?.bulletins;
  if (r.status !== 200 || !Array.isArray(list)) return null;
  return list.filter((b: { createdAt?: string }) => Date.parse(b.createdAt ?? '') >= since - 1000).length;
}

/** `HTTP 413 LP_ERR_INPUT_TOO_LARGE in 1.2 s`, or `no answer in 60.0 s`. */
export function answered(a: Answer): string {
  if (a.status === 0) return `no answer in ${(a.ms / 1000).toFixed(1)} s`;
  const code = typeof a.body === 'object' && a.body?.code ? ` ${a.body.code}` : '';
  return `HTTP ${a.status}${code} in ${(a.ms / 1000).toFixed(1)} s`;
}
