/** A ward's upstream port (`UpstreamStore`: the inbox and the report cursor) on each engine. */
import { afterEach, describe, expect, it } from 'vitest';
import type { Delivery } from '../../../src/hub/protocol.js';
import { SqlUpstreamStore } from '../../../src/hub/upstream-store.js';
import type { EngineUnderTest } from '../../store/engines.js';

const T0 = new Date('2026-11-20T01:00:00.000Z');
const at = (s: number) => new Date(T0.getTime() + s * 1000);
const delivery = (id: string, over: Partial<Delivery> = {}): Delivery => ({
  id, bulletinId: 7, priority: 'thuong', title: 'Tiêm chủng', text: 'Lịch tiêm chủng tháng 12.', until: '2026-11-21T00:00:00.000Z',
  sentAt: '2026-11-20T00:59:00.000Z', sentBy: 'admin', from: 'UBND thành phố', ...over,
});

export function upstreamStoreConformance(engine: EngineUnderTest): void {
  describe(`UpstreamStore conformance: ${engine.name}`, () => {
    afterEach(() => engine.cleanup());
    const open = async () => new SqlUpstreamStore(await engine.open());

    it('takes a delivery once: the second time it comes back as it is', async () => {
      const store = await open();
      const first = await store.receive(delivery('d-1111-aaaa'), T0);
      expect(first.fresh).toBe(true);
      expect(first.item).toEqual({
        id: 'd-1111-aaaa', bulletinId: 7, priority: 'thuong', title: 'Tiêm chủng', text: 'Lịch tiêm chủng tháng 12.', until: '2026-11-21T00:00:00.000Z',
        sentAt: '2026-11-20T00:59:00.000Z', sentBy: 'admin', from: 'UBND thành phố', receivedAt: T0.toISOString(), state: 'received', stateAt: T0.toISOString(),
        stateBy: null, note: null, airKeys: [], bulletins: [], reportedState: null,
      });
      await store.change('d-1111-aaaa', { state: 'offered', at: at(1) });
      const second = await store.receive(delivery('d-1111-aaaa', { title: 'khác' }), at(2));
      expect(second.fresh).toBe(false);
      expect(second.item).toMatchObject({ title: 'Tiêm chủng', state: 'offered', receivedAt: T0.toISOString() });
      await expect(store.get('nope')).rejects.toMatchObject({ code: 'LP_ERR_NOT_FOUND' });
      expect(await store.find('nope')).toBeNull();
    });

    it('moves items on; a guarded move happens once (two approvers at once)', async () => {
      const store = await open();
      await store.receive(delivery('d-1'), T0);
      await store.change('d-1', { state: 'offered', at: at(1) });
      const won = await store.change('d-1', { state: 'accepted', at: at(2), by: 'duyet', bulletins: [3, 4] }, ['offered']);
      expect(won).toMatchObject({ state: 'accepted', stateBy: 'duyet', bulletins: [3, 4], stateAt: at(2).toISOString() });
      expect(await store.change('d-1', { state: 'declined', at: at(3), by: 'khac' }, ['offered'])).toBeNull();
      expect(await store.get('d-1')).toMatchObject({ state: 'accepted', stateBy: 'duyet' });
      const queued = await store.change('d-1', { state: 'queued', at: at(4), airKeys: ['hub:d-1:chinh:0'], note: 'x' });
      expect(queued).toMatchObject({ airKeys: ['hub:d-1:chinh:0'], bulletins: [3, 4], note: 'x', stateBy: null });
      await expect(store.change('nope', { state: 'aired', at: at(5) })).rejects.toMatchObject({ code: 'LP_ERR_NOT_FOUND' });
      await expect(store.change('nope', { state: 'aired', at: at(5) }, ['queued'])).rejects.toMatchObject({ code: 'LP_ERR_NOT_FOUND' });
    });

    it('lists by state and pages; tells which states the hub has not heard', async () => {
      const store = await open();
      for (let i = 1; i <= 4; i++) await store.receive(delivery(`d-${i}`, { priority: i === 4 ? 'khan-cap' : 'thuong' }), at(i));
      await store.change('d-2', { state: 'offered', at: at(10) });
      await store.change('d-4', { state: 'queued', at: at(11) });
      expect((await store.inStates(['received', 'queued'])).map((i) => i.id)).toEqual(['d-1', 'd-3', 'd-4']);
      expect(await store.inStates([])).toEqual([]);
      expect((await store.list({ limit: 2 })).map((i) => i.id)).toEqual(['d-4', 'd-3']);
      expect((await store.list({ limit: 2, offset: 2 })).map((i) => i.id)).toEqual(['d-2', 'd-1']);
      expect((await store.list({ state: 'offered' })).map((i) => i.id)).toEqual(['d-2']);
      expect(await store.count()).toBe(4);
      expect(await store.count({ state: 'received' })).toBe(2);
      expect((await store.unreported()).map((i) => i.id)).toEqual(['d-1', 'd-3', 'd-2', 'd-4']);
      await store.markReported('d-2', 'offered');
      await store.markReported('d-4', 'received'); // the item moved on meanwhile: told again
      expect((await store.unreported()).map((i) => i.id)).toEqual(['d-1', 'd-3', 'd-4']);
      expect(await store.unreported(1)).toHaveLength(1);
      await store.change('d-2', { state: 'accepted', at: at(12) });
      expect((await store.unreported()).map((i) => i.id)).toEqual(['d-1', 'd-3', 'd-4', 'd-2']);
    });

    it('keeps how far the airings are reported', async () => {
      const store = await open();
      expect(await store.reportedBelow()).toBe(0);
      await store.setReportedBelow(42);
      await store.setReportedBelow(57);
      expect(await store.reportedBelow()).toBe(57);
    });
  });
}
