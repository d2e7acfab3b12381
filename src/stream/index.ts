export { externalIcecast, startEmbeddedIcecast, icecastXml, loadOrCreateSecrets, portInUse } from './icecast.js';
export type { IcecastServer, EmbeddedIcecastOptions, StreamState } from './icecast.js';
