import { screen, type Display } from 'electron';
import type { DisplayGeometry } from '../../common/geometry.js';

export function displayGeometry(display: Display): DisplayGeometry {
  return { id: String(display.id), bounds: { ...display.bounds }, scaleFactor: display.scaleFactor };
}

export function allDisplays(): DisplayGeometry[] {
  return screen.getAllDisplays().map(displayGeometry);
}
