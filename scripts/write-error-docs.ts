// Regenerates docs/ERRORS.md from the registry (run after adding a code: npm run build && npm run docs:errors).
import { writeFileSync } from 'node:fs';
import { renderErrorDocs } from '../src/errors.js';

writeFileSync(new URL('../../docs/ERRORS.md', import.meta.url), renderErrorDocs());
