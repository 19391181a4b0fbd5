// Where a selected region's pixels come from: a raw RGBA frame is cut and
// encoded here, in main, without sharp (an 800x450 region in about 7 ms at
// zlib level 4); a PNG frame goes to the engine, whose crop decodes it with
// sharp (never in Electron's main process). Both the capture flow and the
// repeat flow cut regions this way.
import type { Rect } from '../../common/geometry.js';
import type { DisplayCapture, RegionPng } from './capture-adapter.js';
import { rgbaImage } from './zpixmap-rgba.js';
import { zpixmapToPng } from './zpixmap-png.js';

/** The engine's crop of a frame's PNG. */
export type EngineCrop = (capture: Uint8Array, rect: Rect) => Promise<RegionPng>;

/**
 * zlib level of a region cut from raw pixels; the history keeps it. For an
 * 800x450 region of a screen-like image level 4 took 7 ms for 56 KB, level 6
 * (the engine crop's) 31 ms for 50 KB, level 1 3 ms for 78 KB.
 */
const regionLevel = 4;

export async function cropRegion(capture: DisplayCapture, rect: Rect, engineCrop: EngineCrop): Promise<RegionPng> {
  const { image } = capture;
  if (image.format === 'png') return engineCrop(image.bytes, rect);
  const png = await zpixmapToPng(rgbaImage(image.bytes, capture.width, capture.height), rect, {
    level: regionLevel,
  });
  return { png, width: rect.width, height: rect.height };
}
