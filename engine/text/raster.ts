// A capture as plain pixels, and the few operations the OCR needs on it:
// decode (sharp), luminance, and a bilinear crop-and-scale in JavaScript (one
// call per text line; cheaper than a sharp pipeline per line).
import sharp from 'sharp';

/** RGB, 3 bytes per pixel, row by row. */
export interface Raster {
  width: number;
  height: number;
  data: Uint8Array;
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Decodes any image sharp reads (PNG, JPEG, WebP, ...); transparency is flattened onto white. */
export async function decodeImage(input: string | Uint8Array): Promise<Raster> {
  const { data, info } = await sharp(input, { failOn: 'error' })
    .flatten({ background: '#ffffff' })
    .toColourspace('srgb')
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.length) };
}

/** Rec. 601 luma of pixel i (0..255). */
export function lumaAt(data: Uint8Array, i: number): number {
  return (data[i]! * 299 + data[i + 1]! * 587 + data[i + 2]! * 114) / 1000;
}

/**
 * Whether the box's background is dark: the median luma of its border pixels
 * (text is the minority of any line's border) is below the middle grey.
 */
export function isDarkBackground(
  raster: Raster,
  box: Box = { x: 0, y: 0, width: raster.width, height: raster.height },
): boolean {
  const x0 = Math.max(0, Math.floor(box.x));
  const y0 = Math.max(0, Math.floor(box.y));
  const x1 = Math.min(raster.width - 1, Math.ceil(box.x + box.width) - 1);
  const y1 = Math.min(raster.height - 1, Math.ceil(box.y + box.height) - 1);
  if (x1 < x0 || y1 < y0) return false;
  const histogram = new Uint32Array(256);
  let count = 0;
  const sample = (x: number, y: number) => {
    histogram[Math.round(lumaAt(raster.data, (y * raster.width + x) * 3))]!++;
    count++;
  };
  const stepX = Math.max(1, Math.floor((x1 - x0) / 200));
  const stepY = Math.max(1, Math.floor((y1 - y0) / 200));
  for (let x = x0; x <= x1; x += stepX) {
    sample(x, y0);
    sample(x, y1);
  }
  for (let y = y0; y <= y1; y += stepY) {
    sample(x0, y);
    sample(x1, y);
  }
  let seen = 0;
  for (let value = 0; value < 256; value++) {
    seen += histogram[value]!;
    if (seen * 2 >= count) return value < 128;
  }
  return false;
}

/** The mean luma of the whole raster, sampled. */
export function meanLuma(raster: Raster): number {
  const pixels = raster.width * raster.height;
  const step = Math.max(1, Math.floor(pixels / 40_000));
  let sum = 0;
  let count = 0;
  for (let p = 0; p < pixels; p += step) {
    sum += lumaAt(raster.data, p * 3);
    count++;
  }
  return count ? sum / count : 255;
}

/**
 * Bilinear sample of `box` (source pixels, may be fractional) into a
 * width × height single-channel luma image. Downscaling by more than 2× first
 * averages neighbouring source pixels, so thin strokes do not vanish.
 */
export function sampleLuma(raster: Raster, box: Box, width: number, height: number, invert: boolean): Float32Array {
  const out = new Float32Array(width * height);
  const scaleX = box.width / width;
  const scaleY = box.height / height;
  const taps = Math.max(1, Math.floor(Math.min(scaleX, scaleY)));
  const maxX = raster.width - 1;
  const maxY = raster.height - 1;
  const { data } = raster;
  const at = (x: number, y: number) => {
    const cx = x < 0 ? 0 : x > maxX ? maxX : x;
    const cy = y < 0 ? 0 : y > maxY ? maxY : y;
    const x0 = Math.floor(cx);
    const y0 = Math.floor(cy);
    const x1 = Math.min(x0 + 1, maxX);
    const y1 = Math.min(y0 + 1, maxY);
    const fx = cx - x0;
    const fy = cy - y0;
    const top = lumaAt(data, (y0 * raster.width + x0) * 3) * (1 - fx) + lumaAt(data, (y0 * raster.width + x1) * 3) * fx;
    const bottom =
      lumaAt(data, (y1 * raster.width + x0) * 3) * (1 - fx) + lumaAt(data, (y1 * raster.width + x1) * 3) * fx;
    return top * (1 - fy) + bottom * fy;
  };
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let value = 0;
      for (let ty = 0; ty < taps; ty++) {
        for (let tx = 0; tx < taps; tx++) {
          value += at(box.x + (x + (tx + 0.5) / taps) * scaleX - 0.5, box.y + (y + (ty + 0.5) / taps) * scaleY - 0.5);
        }
      }
      value /= taps * taps;
      out[y * width + x] = invert ? 255 - value : value;
    }
  }
  return out;
}
