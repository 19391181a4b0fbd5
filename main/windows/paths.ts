import path from 'node:path';
import { fileURLToPath } from 'node:url';

// dist/main/index.js sits beside dist/preload and dist/renderer, in the asar
// when packaged and in the working tree during development.
const distRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export const rendererRoot = path.join(distRoot, 'renderer');
export const engineEntry = path.join(distRoot, 'engine', 'entry.js');

export function preloadPath(window: 'chat' | 'overlay'): string {
  return path.join(distRoot, 'preload', `${window}.cjs`);
}

/** build/icon.png and the tray icons, copied into dist/icons by the build. */
export function iconPath(name: 'icon.png' | 'tray.png'): string {
  return path.join(distRoot, 'icons', name);
}
