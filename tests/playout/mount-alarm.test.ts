/** The mount-taken alarm as a table on a fixed clock: how long the home page keeps it. */
import { describe, expect, it } from 'vitest';
import { mountTakenWarning, type MountTaken } from '../../src/playout/channel.js';

const AT = Date.parse('2026-12-01T17:29:11.313Z');
const H = 3600_000;

describe('mountTakenWarning', () => {
  it.each<[string, MountTaken | null, number, RegExp | null]>([
    ['never taken', null, AT, null],
    ['taken, reclaim under way', { at: AT, reclaimed: null }, AT + 500, /đang chiếm \/loaphuong \(từ 2026-12-01T17:29:11.313Z\)/],
    // The reclaim takes a second: an officer who was not looking must still see it afterwards.
    ['reclaimed a second ago', { at: AT, reclaimed: true }, AT + 1000, /đã chiếm \/loaphuong lúc 2026-12-01T17:29:11.313Z; đài đã giành lại/],
    ['reclaimed 23 h ago', { at: AT, reclaimed: true }, AT + 23 * H, /đã giành lại/],
    ['reclaimed 24 h ago', { at: AT, reclaimed: true }, AT + 24 * H, null],
    ['reclaim failed 48 h ago: still taken', { at: AT, reclaimed: false }, AT + 48 * H, /chưa giành lại được/],
  ])('%s', (_name, taken, now, want) => {
    const w = mountTakenWarning(taken, '/loaphuong', now);
    const trace = JSON.stringify({ taken, now: new Date(now).toISOString(), w });
    if (want === null) expect(w, trace).toBeNull();
    else {
      expect(w?.code, trace).toBe('LP_ERR_MOUNT_TAKEN');
      expect(w?.message, trace).toMatch(want);
      expect(w?.subject, trace).toBe('/loaphuong');
    }
  });
});
