/**
 * What a ward does with a bulletin from its hub, as a scenario table on a fixed clock; a failing
 * row prints the decision trace.
 */
import { describe, expect, it } from 'vitest';
import { decideDelivery, PRIORITY_LEAD_MS, type DecisionContext, type DeliveryFacts, type WardAction } from '../../src/hub/decide.js';

const NOW = Date.parse('2026-11-20T10:00:00.000Z');
const min = (m: number) => NOW + m * 60_000;
const iso = (ms: number) => new Date(ms).toISOString();

interface Scenario {
  readonly name: string;
  readonly d: DeliveryFacts;
  readonly ctx?: Partial<DecisionContext>;
  readonly expect: WardAction;
}

const S = (name: string, d: Partial<DeliveryFacts>, expected: WardAction, ctx: Partial<DecisionContext> = {}): Scenario => ({
  name, d: { priority: 'thuong', until: null, state: 'received', ...d }, ctx, expect: expected,
});

const scenarios: Scenario[] = [
  S('khẩn cấp just received airs at once', { priority: 'khan-cap' }, { kind: 'air-now' }),
  S('khẩn cấp within its until airs at once', { priority: 'khan-cap', until: iso(min(1)) }, { kind: 'air-now' }),
  S('khẩn cấp past its until is never aired', { priority: 'khan-cap', until: iso(min(-1)) }, { kind: 'expire' }),
  S('until is exclusive: at the instant it is over', { priority: 'khan-cap', until: iso(NOW) }, { kind: 'expire' }),
  S('queued in this run: waits for playout', { priority: 'khan-cap', state: 'queued' }, { kind: 'none' }, { queuedHere: true }),
  S('queued before a restart and not aired: handed over again', { priority: 'khan-cap', state: 'queued' }, { kind: 'air-now' }),
  S('queued before a restart and on record: aired, never again', { priority: 'khan-cap', state: 'queued' }, { kind: 'aired' }, { aired: true }),
  S('received, crashed before playout, aired meanwhile (same keys): aired', { priority: 'khan-cap' }, { kind: 'aired' }, { aired: true }),
  S('an airing row beats the until: what aired is on record', { priority: 'khan-cap', state: 'queued', until: iso(min(-5)) }, { kind: 'aired' }, { aired: true }),
  S('queued, not aired, until passed: expired', { priority: 'uu-tien', state: 'queued', until: iso(min(-1)) }, { kind: 'expire' }, { queuedHere: true }),
  S('thông thường goes to the inbox', { priority: 'thuong' }, { kind: 'offer' }),
  S('offered waits for the approver', { priority: 'thuong', state: 'offered' }, { kind: 'none' }),
  S('offered past its until expires', { priority: 'thuong', state: 'offered', until: iso(min(-1)) }, { kind: 'expire' }),
  S('accepted belongs to the ward now', { priority: 'thuong', state: 'accepted', until: iso(min(-1)) }, { kind: 'none' }),
  S('declined stays declined', { priority: 'thuong', state: 'declined' }, { kind: 'none' }),
  S('aired stays aired', { priority: 'khan-cap', state: 'aired' }, { kind: 'none' }, { aired: true }),
  S('failed is not retried', { priority: 'khan-cap', state: 'failed' }, { kind: 'none' }),
  S('ưu tiên goes ahead of each channel\'s next session',
    { priority: 'uu-tien' },
    { kind: 'air-at', sessions: [{ channelId: 'chinh', startAt: min(30) }, { channelId: 'to-3', startAt: min(45) }] },
    { sessions: [{ channelId: 'to-3', startAt: min(45) }, { channelId: 'chinh', startAt: min(30) }, { channelId: 'chinh', startAt: min(90) }] }),
  S('ưu tiên skips a session too close to render for, takes the next',
    { priority: 'uu-tien' },
    { kind: 'air-at', sessions: [{ channelId: 'chinh', startAt: min(90) }] },
    { sessions: [{ channelId: 'chinh', startAt: NOW + PRIORITY_LEAD_MS - 1 }, { channelId: 'chinh', startAt: min(90) }] }),
  S('ưu tiên with a session just far enough ahead takes it',
    { priority: 'uu-tien' },
    { kind: 'air-at', sessions: [{ channelId: 'chinh', startAt: NOW + PRIORITY_LEAD_MS }] },
    { sessions: [{ channelId: 'chinh', startAt: NOW + PRIORITY_LEAD_MS }] }),
  S('ưu tiên: a session after its until does not count', { priority: 'uu-tien', until: iso(min(60)) }, { kind: 'none' },
    { sessions: [{ channelId: 'chinh', startAt: min(60) }] }),
  S('ưu tiên with no session planned waits (looked at again)', { priority: 'uu-tien' }, { kind: 'none' }),
  S('ưu tiên queued before a restart goes ahead of the next session again', { priority: 'uu-tien', state: 'queued' },
    { kind: 'air-at', sessions: [{ channelId: 'chinh', startAt: min(30) }] }, { sessions: [{ channelId: 'chinh', startAt: min(30) }] }),
];

describe('decideDelivery (ward side, fixed clock)', () => {
  for (const s of scenarios) {
    it(s.name, () => {
      const { action, trace } = decideDelivery(s.d, { now: NOW, sessions: [], queuedHere: false, aired: false, ...s.ctx });
      expect(action, trace.join('\n')).toEqual(s.expect);
    });
  }
});
