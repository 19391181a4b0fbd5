// Where a selected region's pixels come from: the adapter's raw grab when it
// still holds it (no PNG decode), else the engine's crop of the frame's PNG.
// Both the capture flow and the repeat flow cut regions this way.
import type { Rect } from '../../common/geometry.js';
import type { DisplayCapture, RegionPng } from './capture-adapter.js';

/** The engine's crop of a frame's PNG (sharp, never in Electron's main process). */
export type EngineCrop = (capture: Uint8Array, rect: Rect) => Promise<RegionPng>;

export async function cropRegion(capture: DisplayCapture, rect: Rect, engineCrop: EngineCrop): Promise<RegionPng> {
  // A raw crop that fails is only a lost shortcut: the engine's crop reads the
  // same pixels from the PNG, and words any real problem (a rect outside) itself.
  const raw = await capture.cropRaw?.(rect).catch(() => undefined);
  return raw ?? engineCrop(capture.png, rect);
}
