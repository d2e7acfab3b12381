/** Local time as ward schedules are written: Asia/Ho_Chi_Minh is UTC+7 all year (no DST). */
const OFFSET_MS = 7 * 3600_000;

/** ISO with the +07:00 offset, to the second. */
export function vnIso(ms: number): string {
  return new Date(ms + OFFSET_MS).toISOString().replace(/\.\d{3}Z$/, '+07:00');
}

/** "HH:MM" in Vietnam at `ms`. */
export function vnHhmm(ms: number): string {
  return new Date(ms + OFFSET_MS).toISOString().slice(11, 16);
}
