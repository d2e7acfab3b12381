/**
 * Ward keys. A key is 32 random bytes (base64url), so unlike a password it cannot be guessed and a
 * fast hash is enough: the hub keeps only `sha256:<hex>` (its config may hold just that), and
 * checking one costs microseconds — 150 wards long-polling must not pay scrypt on every call.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const HASHED = /^sha256:[0-9a-f]{64}$/;

/** A new ward key. */
export function newWardKey(): string {
  return randomBytes(32).toString('base64url');
}

/** The form the hub stores: `sha256:<hex>` of the key; a value already in that form is kept. */
export function hashWardKey(keyOrHash: string): string {
  return HASHED.test(keyOrHash) ? keyOrHash : `sha256:${createHash('sha256').update(keyOrHash, 'utf8').digest('hex')}`;
}

/** Finds whose key `presented` is, comparing hashes in constant time. */
export function wardOfKey<W extends { readonly keyHash: string }>(wards: readonly W[], presented: string): W | null {
  // A presented value that is itself a hash must not pass as the key it is the hash of.
  if (!presented || HASHED.test(presented)) return null;
  const h = Buffer.from(hashWardKey(presented));
  let found: W | null = null;
  for (const w of wards) {
    const k = Buffer.from(w.keyHash);
    if (k.length === h.length && timingSafeEqual(k, h)) found = w;
  }
  return found;
}
