import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERRORS, LpError, renderErrorDocs, type ErrorDef } from '../src/errors.js';

/**
 * Codes in src/ outside the registry itself, as a string literal or at the start of one: thrown
 * (`'LP_ERR_…'`) or printed as a coded line (`` `LP_ERR_… : …` ``). A code only in a comment is not used.
 */
function codesUsedInSrc(): Set<string> {
  const used = new Set<string>();
  const registry = new URL('../src/errors.ts', import.meta.url).pathname;
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (p.endsWith('.ts') && p !== registry) for (const m of readFileSync(p, 'utf8').matchAll(/'(LP_ERR_[A-Z0-9_]+)'|`(LP_ERR_[A-Z0-9_]+) : /g)) used.add(m[1] ?? m[2]);
    }
  };
  walk(new URL('../src', import.meta.url).pathname);
  return used;
}

describe('error registry', () => {
  it('docs/ERRORS.md is generated from the registry (run `npm run docs:errors` after a change)', () => {
    expect(readFileSync(new URL('../docs/ERRORS.md', import.meta.url), 'utf8')).toBe(renderErrorDocs());
  });

  it('every code is LP_ERR_*, has an HTTP error status and a Vietnamese message', () => {
    for (const [code, def] of Object.entries(ERRORS)) {
      expect(code).toMatch(/^LP_ERR_[A-Z0-9_]+$/);
      expect(def.status).toBeGreaterThanOrEqual(400);
      expect(def.status).toBeLessThan(600);
      // Vietnamese wording: at least one letter with a diacritic.
      expect(def.message, code).toMatch(/[ăâđêôơưàáảãạèéẻẽẹìíỉĩịòóỏõọùúủũụỳýỷỹỵ]/i);
    }
  });

  it('every LP_ERR_ code used in src/ is registered', () => {
    const missing = [...codesUsedInSrc()].filter((c) => !(c in ERRORS));
    expect(missing).toEqual([]);
  });

  it('every registered code that is not retired is used somewhere in src/ (outside the registry)', () => {
    const used = codesUsedInSrc();
    const unused = Object.entries(ERRORS as Record<string, ErrorDef>).filter(([code, d]) => !d.retired && !used.has(code)).map(([code]) => code);
    expect(unused).toEqual([]);
  });

  it('prints as CODE : message with the detail', () => {
    const e = new LpError('LP_ERR_INPUT_EMPTY', 'a.txt');
    expect(e.toLine()).toBe(`LP_ERR_INPUT_EMPTY : ${ERRORS.LP_ERR_INPUT_EMPTY.message} (a.txt)`);
    expect(e.toJSON()).toEqual({ code: 'LP_ERR_INPUT_EMPTY', message: e.message });
    expect(e.status).toBe(400);
  });
});
