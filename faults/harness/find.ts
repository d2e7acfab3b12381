/**
 * The station's own processes, found through /proc (the product offers no pid hook): its icecast2,
 * its encoder (an ffmpeg sending to icecast://), its render worker and that worker's children.
 */
import { descendants, type ProcInfo } from './proc.js';
import type { Station } from './station.js';

export const icecastOf = (st: Station): ProcInfo | undefined => st.children().find((p) => /(^|\/)icecast2 /.test(p.cmdline));

/** An ffmpeg whose output is an Icecast mount: the long-lived encoder of a channel. */
export const encoderOf = (st: Station): ProcInfo | undefined => st.children().find((p) => /ffmpeg/.test(p.cmdline) && /icecast:\/\//.test(p.cmdline));

export const renderWorkerOf = (st: Station): ProcInfo | undefined => st.children().find((p) => /render-worker/.test(p.cmdline));

/** The worker's own children (espeak-ng, ffmpeg) while it renders. */
export const workerChildren = (worker: ProcInfo): ProcInfo[] => descendants(worker.pid);
