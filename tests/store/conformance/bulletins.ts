/** The bulletins port (`BulletinStore`) on each engine. */
import { afterEach, describe, expect, it } from 'vitest';
import { SqlBulletinStore, type BulletinDraft } from '../../../src/store/bulletins.js';
import type { EngineUnderTest } from '../engines.js';

const T0 = new Date('2026-11-20T01:00:00.000Z');
const draft = (title: string, over: Partial<BulletinDraft> = {}): BulletinDraft => ({
  title, campaign: 'Phòng chống thiên tai', text: `${title}: bão số 3 đổ bộ.`, spoken: `${title}: bão số ba đổ bộ.`,
  quality: { suspect: false, score: 0.97, warnings: [] }, estimatedSeconds: 12.5, source: 'dán', ...over,
});

export function bulletinStoreConformance(engine: EngineUnderTest): void {
  describe(`BulletinStore conformance: ${engine.name}`, () => {
    afterEach(() => engine.cleanup());
    const open = async () => new SqlBulletinStore(await engine.open());

    it('drafts keep text, spoken form, quality and who made them', async () => {
      const store = await open();
      const b = await store.create(draft('Bản tin 1', { quality: { suspect: true, score: 0.31, warnings: ['mất dấu'] }, campaign: null, source: null }), 'bientap', T0);
      expect(b).toEqual({
        id: 1, title: 'Bản tin 1', campaign: null, text: 'Bản tin 1: bão số 3 đổ bộ.', spoken: 'Bản tin 1: bão số ba đổ bộ.',
        quality: { suspect: true, score: 0.31, warnings: ['mất dấu'] }, estimatedSeconds: 12.5, source: null,
        status: 'draft', createdBy: 'bientap', createdAt: T0.toISOString(), approvedBy: null, approvedAt: null,
      });
      expect(await store.get(1)).toEqual(b);
      expect(await store.find(2)).toBeNull();
      await expect(store.get(2)).rejects.toMatchObject({ code: 'LP_ERR_NOT_FOUND' });
    });

    it('a draft can be edited; approval freezes it and happens once', async () => {
      const store = await open();
      const b = await store.create(draft('Nháp'), 'bientap', T0);
      const edited = await store.update(b.id, draft('Đã sửa', { estimatedSeconds: null }));
      expect(edited).toMatchObject({ title: 'Đã sửa', estimatedSeconds: null, status: 'draft', createdBy: 'bientap' });
      const approved = await store.approve(b.id, 'duyet', new Date('2026-11-20T02:00:00.000Z'));
      expect(approved).toMatchObject({ status: 'approved', approvedBy: 'duyet', approvedAt: '2026-11-20T02:00:00.000Z', title: 'Đã sửa' });
      expect(await store.approve(b.id, 'nguoi-khac', new Date('2026-11-21T00:00:00.000Z'))).toEqual(approved);
      await expect(store.update(b.id, draft('Sửa sau duyệt'))).rejects.toMatchObject({ code: 'LP_ERR_BAD_REQUEST' });
      expect(await store.get(b.id)).toEqual(approved);
      await expect(store.update(99, draft('x'))).rejects.toMatchObject({ code: 'LP_ERR_NOT_FOUND' });
      await expect(store.approve(99, 'duyet', T0)).rejects.toMatchObject({ code: 'LP_ERR_NOT_FOUND' });
    });

    it('lists newest first by status, a page at a time, every bulletin exactly once', async () => {
      const store = await open();
      for (let i = 1; i <= 7; i++) {
        const b = await store.create(draft(`Bản tin ${i}`), 'bientap', T0);
        if (i % 3 === 0) await store.approve(b.id, 'duyet', T0);
      }
      expect((await store.list()).map((b) => b.id)).toEqual([7, 6, 5, 4, 3, 2, 1]);
      expect((await store.list({ status: 'approved' })).map((b) => b.id)).toEqual([6, 3]);
      expect(await store.count()).toBe(7);
      expect(await store.count({ status: 'draft' })).toBe(5);
      const pages: number[][] = [];
      let before: number | undefined;
      for (;;) {
        const page = await store.list({ limit: 3, before });
        if (!page.length) break;
        pages.push(page.map((b) => b.id));
        before = page.at(-1)!.id;
      }
      expect(pages).toEqual([[7, 6, 5], [4, 3, 2], [1]]);
      expect((await store.list({ status: 'draft', limit: 2, before: 5 })).map((b) => b.id)).toEqual([4, 2]);
    });
  });
}
