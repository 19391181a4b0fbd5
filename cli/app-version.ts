// `sightline --version`: the version in Sightline's package.json, found by
// walking up from this file (cli/ from source, dist/cli/ when built), so the
// command line and the app always report the same version.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export async function appVersion(from: string = path.dirname(fileURLToPath(import.meta.url))): Promise<string> {
  for (let dir = from; ; dir = path.dirname(dir)) {
    try {
      const manifest = JSON.parse(await readFile(path.join(dir, 'package.json'), 'utf8')) as {
        name?: unknown;
        version?: unknown;
      };
      if (manifest.name === 'sightline' && typeof manifest.version === 'string') return manifest.version;
    } catch {
      // No package.json here (or not ours): look one folder up.
    }
    if (path.dirname(dir) === dir) return 'unknown';
  }
}
