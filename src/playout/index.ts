export { createChannel } from './channel.js';
export type { Channel, ChannelOptions, OnAirView, QueuedView } from './channel.js';
export { compareDue, expandRepeats, preempts, resumeAfterCut } from './queue.js';
export type { PlayoutBlock, PlayoutItem } from './queue.js';
