// PP-OCR's two inputs, built from a capture's pixels: the detector's (the
// whole capture resampled to a multiple of 32, BGR planes normalised as
// PaddleOCR's training normalised them) and the recogniser's (each text line's
// luma, scaled to the model's height, in one tensor per run). Pure functions
// over typed arrays; the resampling tables are computed once per call, so the
// per-pixel work is a few loads and multiplies.
import { isDarkBackground, sampleLuma, sampleTable, type Box, type Raster } from './raster.js';

/** The DB detector's input normalisation (ImageNet mean/std, as PaddleOCR applies them to BGR). */
const detMean = [0.406, 0.456, 0.485];
const detStd = [0.225, 0.224, 0.229];

/** The capture resampled (bilinear) to width × height, as three normalised BGR planes; dark themes inverted. */
export function detectorInput(raster: Raster, width: number, height: number, invert: boolean): Float32Array {
  const plane = width * height;
  const input = new Float32Array(3 * plane);
  const columns = sampleTable(0, raster.width, width, 1, raster.width);
  const rows = sampleTable(0, raster.height, height, 1, raster.height);
  const near = Int32Array.from(columns.near, (x) => x * 3);
  const far = Int32Array.from(columns.far, (x) => x * 3);
  const { weight } = columns;
  const { data } = raster;
  const stride = raster.width * 3;
  for (let channel = 0; channel < 3; channel++) {
    // BGR planes, as PaddleOCR feeds OpenCV's images; the inversion and the
    // mean and deviation folded into one multiply and add.
    const source = 2 - channel;
    const unit = 1 / (255 * detStd[channel]!);
    const scale = invert ? -unit : unit;
    const offset = ((invert ? 1 : 0) - detMean[channel]!) / detStd[channel]!;
    for (let y = 0; y < height; y++) {
      const top = rows.near[y]! * stride + source;
      const bottom = rows.far[y]! * stride + source;
      const fy = rows.weight[y]!;
      const out = channel * plane + y * width;
      for (let x = 0; x < width; x++) {
        const a = near[x]!;
        const b = far[x]!;
        const fx = weight[x]!;
        const upper = data[top + a]! * (1 - fx) + data[top + b]! * fx;
        const lower = data[bottom + a]! * (1 - fx) + data[bottom + b]! * fx;
        input[out + x] = (upper * (1 - fy) + lower * fy) * scale + offset;
      }
    }
  }
  return input;
}

/** Whether rows [from, to) of the detector's input (first plane) hold one value, give or take a little noise. */
export function isFlat(input: Float32Array, width: number, from: number, to: number): boolean {
  let min = Infinity;
  let max = -Infinity;
  for (let i = from * width; i < to * width; i++) {
    const value = input[i]!;
    if (value < min) min = value;
    if (value > max) max = value;
  }
  // 0.1 in normalised units is about 6 grey levels.
  return max - min < 0.1;
}

/**
 * One recogniser run's input: each line's luma scaled to `height` rows and
 * its own width, dark backgrounds inverted, in [-1, 1], the same in all three
 * channels, left-aligned and padded (with zeros) to the run's widest line.
 */
export function recogniserInput(
  raster: Raster,
  lines: readonly { box: Box; width: number }[],
  batchWidth: number,
  height: number,
): Float32Array {
  const plane = height * batchWidth;
  const input = new Float32Array(lines.length * 3 * plane);
  lines.forEach(({ box, width }, slot) => {
    const luma = sampleLuma(raster, box, width, height, isDarkBackground(raster, box));
    const base = slot * 3 * plane;
    for (let y = 0; y < height; y++) {
      const row = base + y * batchWidth;
      for (let x = 0; x < width; x++) input[row + x] = luma[y * width + x]! / 127.5 - 1;
    }
    input.copyWithin(base + plane, base, base + plane);
    input.copyWithin(base + 2 * plane, base, base + plane);
  });
  return input;
}
