/**
 * The transmitter port: what playout needs to key a ward's transmitter (or the relay that powers
 * its amplifiers) before a block and release it after. Adapters: `none`, `http-relay`, `command`,
 * chosen by the hardware profile (`hardware/*.yaml`); one conformance suite
 * (tests/transmitter/conformance.test.ts) runs against all of them.
 *
 * Deliberately left out: scheduling of pre-/post-roll (playout decides when), retries (a failed
 * keying is reported on the airing, not retried behind the operator's back), and reading the
 * transmitter's real state (cheap relays offer none — `state()` is what we last commanded).
 */
export type TransmitterKind = 'none' | 'http-relay' | 'command';

export interface TransmitterState {
  /** What was last commanded successfully, or `error` when the last command failed. */
  readonly state: 'on' | 'off' | 'error';
  /** The last failure, kept until a later command succeeds. */
  readonly lastError?: string;
}

export interface TransmitterPort {
  readonly kind: TransmitterKind;
  /** Keys the transmitter on; rejects with LP_ERR_TRANSMITTER_FAILED (detail says why). */
  on(): Promise<void>;
  /** Releases it; rejects with LP_ERR_TRANSMITTER_FAILED. */
  off(): Promise<void>;
  state(): TransmitterState;
}
