// The displays as Electron's `screen` reports them, in the geometry the
// capture flow and the overlays work in (common/geometry.ts): bounds in DIPs,
// the scale factor to device pixels, and the id as the string the capture
// adapters' frames are matched by.
import { screen, type Display } from 'electron';
import type { DisplayGeometry } from '../../common/geometry.js';

function displayGeometry(display: Display): DisplayGeometry {
  return { id: String(display.id), bounds: { ...display.bounds }, scaleFactor: display.scaleFactor };
}

export function allDisplays(): DisplayGeometry[] {
  return screen.getAllDisplays().map(displayGeometry);
}
