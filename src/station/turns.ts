/**
 * Requests take turns with the air. The loop that paces the air (the playout clock's timers) also
 * answers HTTP, and a burst — a thousand requests read in one poll phase — would otherwise run back
 * to back, each a fraction of a millisecond, before the clock's next timer: measured in
 * `api-1000-concurrent` as a 200–300 ms late clock and a 500–660 ms hole on air. Here each request
 * waits its turn in arrival order: at most `perTurn` start in one turn of the event loop, and the
 * next batch is released from a timer, so the timers phase — the clock — runs between batches,
 * whatever the burst. An idle or lightly used station sees no wait at all.
 */

export interface TurnGate {
  /** Resolves when the caller may run; undefined when it may run at once. */
  admit(): Promise<void> | undefined;
  /** Requests waiting for a turn. */
  waiting(): number;
}

export function createTurnGate(perTurn = 8): TurnGate {
  const queue: Array<() => void> = [];
  let started = 0;
  let resetArmed = false;
  let pumpArmed = false;

  // The check phase follows the poll phase that read the requests: a new loop turn starts after it.
  const armReset = (): void => {
    if (resetArmed) return;
    resetArmed = true;
    setImmediate(() => {
      resetArmed = false;
      started = 0;
    });
  };

  // A timer, not an immediate: the batch runs in the timers phase beside the clock's own timer.
  const armPump = (): void => {
    if (pumpArmed) return;
    pumpArmed = true;
    setTimeout(() => {
      pumpArmed = false;
      started = 0;
      while (queue.length && started < perTurn) {
        started++;
        queue.shift()!();
      }
      armReset();
      if (queue.length) armPump();
    }, 0);
  };

  return {
    admit() {
      if (queue.length === 0 && started < perTurn) {
        started++;
        armReset();
        return undefined;
      }
      armPump();
      return new Promise<void>((resolve) => queue.push(resolve));
    },
    waiting: () => queue.length,
  };
}
