import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './repo.js';

/**
 * The Electron binary, if one is installed. Electron 42+ downloads it on first
 * start; reading require('electron') would try that download, so this only
 * looks at the files. Undefined where none is (the build machines).
 */
export function installedElectron(): string | undefined {
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const packageDir = path.join(repoRoot, 'node_modules', 'electron');
  const pathFile = path.join(packageDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : undefined;
  if (override) {
    const candidate = path.join(override, relative ?? 'electron');
    return existsSync(candidate) ? candidate : undefined;
  }
  if (!relative) return undefined;
  const candidate = path.join(packageDir, 'dist', relative);
  return existsSync(candidate) ? candidate : undefined;
}

export const noElectronReason =
  'No Electron binary is installed here (Electron downloads it on first start, and this machine cannot reach its host); the end-to-end suite runs in the hosted CI workflow (.github/workflows/build.yml).';
