import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where the engine entry is, relative to this code: the built CLI
 * (dist/cli/sightline.js) forks dist/engine/entry.js; run from source with
 * tsx, it forks engine/entry.ts through tsx.
 */
export function engineEntry(): { entry: string; execArgv: string[] } {
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith('.ts')) {
    return { entry: path.resolve(path.dirname(here), '../engine/entry.ts'), execArgv: ['--import', 'tsx'] };
  }
  return { entry: path.resolve(path.dirname(here), '../engine/entry.js'), execArgv: [] };
}
