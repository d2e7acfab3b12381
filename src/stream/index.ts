export { externalIcecast, startEmbeddedIcecast, icecastXml, loadOrCreateSecrets, portInUse } from './icecast.js';
export type { IcecastServer, EmbeddedIcecastOptions, IcecastRelay, StreamState } from './icecast.js';
export { convertCommand, liveCommand, micCommand, RELAY_FORMATS, silenceWatchCommand } from './encoder.js';
export type { LiveCommandOptions } from './encoder.js';
export { frameMs, parseFrames, readHeader, mainDataBegin, sameFormat, silenceFrame, silenceFrames, formatLabel, DECODER_DELAY_SAMPLES } from './mp3.js';
export type { FrameFormat, FrameHeader, ParsedFrames } from './mp3.js';
export { createSourceConnection, sourceRequest, ICECAST_BLOCK_BYTES, DECODER_READ_BYTES } from './source.js';
export type { SourceConnection, SourceConnectionOptions, SourceState } from './source.js';
