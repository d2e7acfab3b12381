export { externalIcecast, startEmbeddedIcecast, icecastXml, loadOrCreateSecrets, portInUse, freeLoopbackPort } from './icecast.js';
export type { IcecastServer, EmbeddedIcecastOptions, StreamState } from './icecast.js';
export { encoderCommand, decodeCommand, expectedDeliveryMs, PCM } from './encoder.js';
export type { EncoderOptions } from './encoder.js';
export { listen, listenerCommand } from './listener.js';
export type { Listener } from './listener.js';
