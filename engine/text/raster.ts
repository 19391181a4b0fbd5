// A capture as plain pixels, and the few operations the OCR needs on it:
// decode (sharp), luminance (computed once per capture), and a bilinear
// crop-and-scale in JavaScript (one call per text line; cheaper than a sharp
// pipeline per line).
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

const lumaPlanes = new WeakMap<Raster, Uint8Array>();

/**
 * The raster's luma, one byte a pixel (rounded), computed once per raster:
 * every line's crop, its background test and the page's mean read it, where
 * each used to weigh the three channels again for every tap of every sample.
 */
export function lumaPlane(raster: Raster): Uint8Array {
  let plane = lumaPlanes.get(raster);
  if (plane) return plane;
  const { data } = raster;
  const pixels = raster.width * raster.height;
  plane = new Uint8Array(pixels);
  for (let p = 0, i = 0; p < pixels; p++, i += 3) {
    plane[p] = (data[i]! * 299 + data[i + 1]! * 587 + data[i + 2]! * 114 + 500) / 1000;
  }
  lumaPlanes.set(raster, plane);
  return plane;
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
  const luma = lumaPlane(raster);
  const histogram = new Uint32Array(256);
  let count = 0;
  const sample = (x: number, y: number) => {
    histogram[luma[y * raster.width + x]!]!++;
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
  const luma = lumaPlane(raster);
  const pixels = raster.width * raster.height;
  const step = Math.max(1, Math.floor(pixels / 40_000));
  let sum = 0;
  let count = 0;
  for (let p = 0; p < pixels; p += step) {
    sum += luma[p]!;
    count++;
  }
  return count ? sum / count : 255;
}

/**
 * Where each output column (or row) samples the source, for a bilinear
 * resample of `count` outputs over [start, start + length) source pixels,
 * `taps` samples an output: the two source pixels and the second's weight.
 */
export interface SampleTable {
  near: Int32Array;
  far: Int32Array;
  weight: Float32Array;
}

export function sampleTable(start: number, length: number, count: number, taps: number, limit: number): SampleTable {
  const scale = length / count;
  const near = new Int32Array(count * taps);
  const far = new Int32Array(count * taps);
  const weight = new Float32Array(count * taps);
  const max = limit - 1;
  for (let i = 0; i < count; i++) {
    for (let t = 0; t < taps; t++) {
      const at = start + (i + (t + 0.5) / taps) * scale - 0.5;
      const clamped = at < 0 ? 0 : at > max ? max : at;
      const index = i * taps + t;
      near[index] = Math.floor(clamped);
      far[index] = Math.min(near[index]! + 1, max);
      weight[index] = clamped - near[index]!;
    }
  }
  return { near, far, weight };
}

/**
 * Bilinear sample of `box` (source pixels, may be fractional) into a
 * width × height single-channel luma image. Downscaling by more than 2× first
 * averages neighbouring source pixels, so thin strokes do not vanish.
 */
export function sampleLuma(raster: Raster, box: Box, width: number, height: number, invert: boolean): Float32Array {
  const out = new Float32Array(width * height);
  const taps = Math.max(1, Math.floor(Math.min(box.width / width, box.height / height)));
  const columns = sampleTable(box.x, box.width, width, taps, raster.width);
  const rows = sampleTable(box.y, box.height, height, taps, raster.height);
  const luma = lumaPlane(raster);
  const stride = raster.width;
  const norm = 1 / (taps * taps);
  for (let y = 0; y < height; y++) {
    const line = y * width;
    for (let ty = 0; ty < taps; ty++) {
      const row = y * taps + ty;
      const top = rows.near[row]! * stride;
      const bottom = rows.far[row]! * stride;
      const fy = rows.weight[row]!;
      for (let x = 0; x < width; x++) {
        let value = 0;
        for (let tx = 0; tx < taps; tx++) {
          const column = x * taps + tx;
          const x0 = columns.near[column]!;
          const x1 = columns.far[column]!;
          const fx = columns.weight[column]!;
          const upper = luma[top + x0]! * (1 - fx) + luma[top + x1]! * fx;
          const lower = luma[bottom + x0]! * (1 - fx) + luma[bottom + x1]! * fx;
          value += upper * (1 - fy) + lower * fy;
        }
        out[line + x] = out[line + x]! + value * norm;
      }
    }
    if (invert) for (let x = 0; x < width; x++) out[line + x] = 255 - out[line + x]!;
  }
  return out;
}
