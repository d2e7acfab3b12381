/**
 * The TTS adapters, built once from config where the station (or a command) is wired together, and
 * passed to the renderer: the renderer itself knows voices only through the TTS port.
 */
import type { Voices } from '../audio/render.js';
import type { Config } from '../config/index.js';
import { createEspeakTts } from '../speech/espeak.js';
import { createGoogleTts } from '../speech/google.js';

export function createVoices(config: Readonly<Config>): Voices {
  return {
    espeak: createEspeakTts(config.espeak),
    google: createGoogleTts({ voice: config.google.voice, credentials: config.google.credentials, endpoint: config.google.endpoint }),
  };
}
