/** The hub's deliveries port (`DeliveryStore`) on each engine. */
import { afterEach, describe, expect, it } from 'vitest';
import { SqlDeliveryStore, type NewBulletin } from '../../../src/hub/deliveries.js';
import type { EngineUnderTest } from '../../store/engines.js';

const T0 = new Date('2026-11-20T01:00:00.000Z');
const at = (s: number) => new Date(T0.getTime() + s * 1000);
const ids = () => {
  let n = 0;
  return () => `d-${String(++n).padStart(4, '0')}-xxxx`;
};
const bulletin = (title: string, over: Partial<NewBulletin> = {}): NewBulletin => ({ title, text: `${title}: nội dung.`, priority: 'thuong', until: null, ...over });

export function deliveryStoreConformance(engine: EngineUnderTest): void {
  describe(`DeliveryStore conformance: ${engine.name}`, () => {
    afterEach(() => engine.cleanup());
    const open = async () => new SqlDeliveryStore(await engine.open());

    it('a send is one bulletin and one pending delivery per ward, handed to each ward as its own', async () => {
      const store = await open();
      const { bulletin: b, deliveries } = await store.send(bulletin('Bão số 3', { priority: 'khan-cap', until: at(3600) }), ['a', 'b'], 'admin', T0, ids());
      expect(b).toEqual({ id: 1, title: 'Bão số 3', text: 'Bão số 3: nội dung.', priority: 'khan-cap', until: at(3600).toISOString(), sentBy: 'admin', sentAt: T0.toISOString() });
      expect(deliveries.map((d) => [d.id, d.ward, d.state, d.ackedAt])).toEqual([['d-0001-xxxx', 'a', 'pending', null], ['d-0002-xxxx', 'b', 'pending', null]]);
      expect(await store.pending('a', at(1), 'Thành phố')).toEqual([{
        id: 'd-0001-xxxx', bulletinId: 1, priority: 'khan-cap', title: 'Bão số 3', text: 'Bão số 3: nội dung.',
        until: at(3600).toISOString(), sentAt: T0.toISOString(), sentBy: 'admin', from: 'Thành phố',
      }]);
      expect(await store.pending('c', at(1), 'x')).toEqual([]);
    });

    it('pending: not acknowledged, still valid, khẩn cấp then ưu tiên then in the order sent', async () => {
      const store = await open();
      const id = ids();
      await store.send(bulletin('thường 1'), ['a'], 'u', T0, id);
      await store.send(bulletin('thường 2'), ['a'], 'u', T0, id);
      await store.send(bulletin('ưu tiên', { priority: 'uu-tien' }), ['a'], 'u', T0, id);
      await store.send(bulletin('khẩn', { priority: 'khan-cap' }), ['a'], 'u', T0, id);
      await store.send(bulletin('hết hạn', { priority: 'khan-cap', until: at(10) }), ['a'], 'u', T0, id);
      expect((await store.pending('a', at(5), 'x')).map((d) => d.title)).toEqual(['khẩn', 'hết hạn', 'ưu tiên', 'thường 1', 'thường 2']);
      // Past its until (to the millisecond) it is never handed out again.
      expect((await store.pending('a', at(10), 'x')).map((d) => d.title)).toEqual(['khẩn', 'ưu tiên', 'thường 1', 'thường 2']);
      await store.report('a', 'd-0004-xxxx', { state: 'received', at: at(6) });
      expect((await store.pending('a', at(6), 'x')).map((d) => d.id)).toEqual(['d-0005-xxxx', 'd-0003-xxxx', 'd-0001-xxxx', 'd-0002-xxxx']);
      expect(await store.pending('a', at(6), 'x', 1)).toHaveLength(1);
    });

    it("a report acknowledges once; only the ward's own delivery; a later state is never undone by a repeated acknowledgement", async () => {
      const store = await open();
      await store.send(bulletin('Họp tổ'), ['a', 'b'], 'u', T0, ids());
      expect(await store.report('b', 'd-0001-xxxx', { state: 'received', at: at(1) })).toBeNull();
      expect(await store.report('a', 'nope', { state: 'received', at: at(1) })).toBeNull();
      const r1 = await store.report('a', 'd-0001-xxxx', { state: 'offered', at: at(1) });
      expect(r1).toMatchObject({ state: 'offered', ackedAt: at(1).toISOString(), stateAt: at(1).toISOString() });
      const again = await store.report('a', 'd-0001-xxxx', { state: 'received', at: at(2) });
      expect(again).toMatchObject({ state: 'offered', ackedAt: at(1).toISOString(), stateAt: at(1).toISOString() });
      const decided = await store.report('a', 'd-0001-xxxx', { state: 'declined', at: at(3), by: 'duyet', note: 'không phù hợp' });
      expect(decided).toMatchObject({ state: 'declined', stateBy: 'duyet', note: 'không phù hợp', ackedAt: at(1).toISOString() });
      expect(await store.report('a', 'd-0001-xxxx', { state: 'aired', at: at(4) })).toMatchObject({ state: 'declined', stateAt: at(3).toISOString() });
      const [b] = await store.deliveriesOf([1]).then((ds) => ds.filter((d) => d.ward === 'b'));
      expect(b).toMatchObject({ state: 'pending', ackedAt: null });
    });

    it('lists sent bulletins newest first by pages, each with its deliveries', async () => {
      const store = await open();
      const id = ids();
      for (let i = 1; i <= 5; i++) await store.send(bulletin(`b${i}`), i % 2 ? ['a', 'b'] : ['b'], 'u', at(i), id);
      expect((await store.bulletins({ limit: 2 })).map((b) => b.title)).toEqual(['b5', 'b4']);
      expect((await store.bulletins({ limit: 2, before: 4 })).map((b) => b.title)).toEqual(['b3', 'b2']);
      expect(await store.bulletin(3)).toMatchObject({ title: 'b3', sentAt: at(3).toISOString() });
      expect(await store.bulletin(9)).toBeNull();
      expect((await store.deliveriesOf([3, 4])).map((d) => `${d.bulletinId}:${d.ward}`)).toEqual(['3:a', '3:b', '4:b']);
      expect(await store.deliveriesOf([])).toEqual([]);
    });
  });
}
