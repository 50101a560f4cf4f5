// Removes what killed oracle runs left behind (see cleanupLeftovers in netns.ts).
// Run it compiled or through any TypeScript runner, e.g. before a CI job's live suite.

import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { cleanupLeftovers } from './netns.js';

export { cleanupLeftovers };

function isMain(): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return realpathSync(entry) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isMain()) {
  const removed = cleanupLeftovers();
  console.log(removed.length ? `removed: ${removed.join(' ')}` : 'nothing to remove');
}
