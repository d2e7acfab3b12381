#!/bin/sh
# Regenerates the built-in jingles (intro.wav, outro.wav) in this folder with ffmpeg synthesis.
# The chime itself is defined in src/audio/jingles.ts; run `npm run build` first.
set -e
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
node --input-type=module -e "
const m = await import('$root/dist/src/audio/jingles.js');
for (const p of await m.makeJingles('$here')) console.log(p);
"
