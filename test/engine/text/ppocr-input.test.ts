import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectorInput, recogniserInput } from '../../../engine/text/ppocr-input.js';
import { lumaPlane, sampleLuma, type Raster } from '../../../engine/text/raster.js';

// The models' inputs as PP-OCR was trained on them: the detector's BGR planes
// normalised (dark themes inverted), the recogniser's lines in [-1, 1] with
// dark backgrounds inverted, and resampling that keeps an edge where it is.

/** A width × height capture: white on the left half, `right` (an RGB triple) on the right. */
function halves(width: number, height: number, right: [number, number, number]): Raster {
  const data = new Uint8Array(width * height * 3).fill(255);
  for (let y = 0; y < height; y++) {
    for (let x = width / 2; x < width; x++) data.set(right, (y * width + x) * 3);
  }
  return { width, height, data };
}

test("the detector's planes are blue, green, red, normalised, and inverted for dark themes", () => {
  const raster = halves(64, 32, [255, 0, 0]);
  const plane = 64 * 32;
  const input = detectorInput(raster, 64, 32, false);
  const at = (channel: number, x: number) => input[channel * plane + 5 * 64 + x]!;
  // White: (1 - mean) / std in every channel; pure red: only the third (red) plane is high.
  assert.ok(Math.abs(at(0, 2) - (1 - 0.406) / 0.225) < 1e-5);
  assert.ok(Math.abs(at(2, 2) - (1 - 0.485) / 0.229) < 1e-5);
  assert.ok(Math.abs(at(0, 60) - (0 - 0.406) / 0.225) < 1e-5);
  assert.ok(Math.abs(at(2, 60) - (1 - 0.485) / 0.229) < 1e-5);
  const inverted = detectorInput(raster, 64, 32, true);
  assert.ok(Math.abs(inverted[2]! - (0 - 0.406) / 0.225) < 1e-5);
});

test('a line scaled to half its size keeps its edge in the middle, and a dark line reads inverted', () => {
  const raster = halves(64, 16, [0, 0, 0]);
  const luma = sampleLuma(raster, { x: 0, y: 0, width: 64, height: 16 }, 32, 8, false);
  assert.equal(luma[3 * 32 + 4], 255);
  assert.equal(luma[3 * 32 + 28], 0);
  assert.equal(lumaPlane(raster)[40], 0);
  const input = recogniserInput(raster, [{ box: { x: 32, y: 0, width: 32, height: 16 }, width: 16 }], 24, 8);
  // All black: a dark background, so inverted to white (1), the same in the three channels; the padding is 0.
  const plane = 8 * 24;
  for (const channel of [0, 1, 2]) assert.equal(input[channel * plane + 3 * 24 + 5], 1);
  assert.equal(input[3 * 24 + 20], 0);
});
