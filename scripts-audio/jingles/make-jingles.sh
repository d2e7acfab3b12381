#!/bin/sh
# Regenerates the built-in sounds (intro.wav, outro.wav chimes; bed.wav, a loopable soft music bed)
# in this folder with ffmpeg synthesis.
# The sounds themselves are defined in src/audio/jingles.ts; run `npm run build` first.
set -e
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
node --input-type=module -e "
const m = await import('$root/dist/src/audio/jingles.js');
for (const p of await m.makeJingles('$here')) console.log(p);
"
