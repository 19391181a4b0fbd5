// PP-OCR's outputs into text: DB detection's probability map into boxes, and
// the CRNN recogniser's per-step class scores into characters (greedy CTC).
// Pure functions over typed arrays, apart from the model runs in ppocr.ts.
import type { Box } from './raster.js';

/** The detector's thresholds (PpOcrTuning's), as boxesFromProbabilities uses them. */
export interface BoxTuning {
  detThreshold: number;
  boxThreshold: number;
  unclipRatio: number;
}

/**
 * DB post-processing for upright text: connected regions of the thresholded
 * probability map, kept when their mean probability is high enough, each
 * grown back by DB's unclip distance (area × ratio / perimeter).
 */
export function boxesFromProbabilities(
  probabilities: Float32Array,
  width: number,
  height: number,
  tuning: BoxTuning,
): Box[] {
  const labels = new Int32Array(width * height).fill(-1);
  const parent: number[] = [];
  const find = (label: number): number => {
    let root = label;
    while (parent[root] !== root) root = parent[root]!;
    while (parent[label] !== root) {
      const next = parent[label]!;
      parent[label] = root;
      label = next;
    }
    return root;
  };
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      if (probabilities[i]! <= tuning.detThreshold) continue;
      const left = x > 0 ? labels[i - 1]! : -1;
      const up = y > 0 ? labels[i - width]! : -1;
      if (left < 0 && up < 0) {
        labels[i] = parent.length;
        parent.push(parent.length);
      } else if (left >= 0 && up >= 0) {
        const a = find(left);
        const b = find(up);
        labels[i] = Math.min(a, b);
        if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
      } else {
        labels[i] = left >= 0 ? left : up;
      }
    }
  }
  interface Region {
    minX: number;
    minY: number;
    maxX: number;
    maxY: number;
    sum: number;
    count: number;
  }
  const regions = new Map<number, Region>();
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      if (labels[i]! < 0) continue;
      const root = find(labels[i]!);
      let region = regions.get(root);
      if (!region) {
        region = { minX: x, minY: y, maxX: x, maxY: y, sum: 0, count: 0 };
        regions.set(root, region);
      }
      if (x < region.minX) region.minX = x;
      if (x > region.maxX) region.maxX = x;
      if (y < region.minY) region.minY = y;
      if (y > region.maxY) region.maxY = y;
      region.sum += probabilities[i]!;
      region.count++;
    }
  }
  const boxes: Box[] = [];
  for (const region of regions.values()) {
    const w = region.maxX - region.minX + 1;
    const h = region.maxY - region.minY + 1;
    if (Math.min(w, h) < 2) continue;
    if (region.sum / region.count < tuning.boxThreshold) continue;
    const distance = (w * h * tuning.unclipRatio) / (2 * (w + h));
    boxes.push({
      x: region.minX - distance,
      y: region.minY - distance,
      width: w + 2 * distance,
      height: h + 2 * distance,
    });
  }
  return boxes;
}

/** Greedy CTC: the best class per step, repeats merged, blanks dropped. */
export function ctcDecode(
  data: Float32Array,
  steps: number,
  classes: number,
  alphabet: string[],
): { text: string; confidences: number[]; steps: number[] } {
  let text = '';
  const confidences: number[] = [];
  const positions: number[] = [];
  let previous = -1;
  for (let step = 0; step < steps; step++) {
    let best = 0;
    let bestValue = -Infinity;
    const offset = step * classes;
    for (let k = 0; k < classes; k++) {
      const value = data[offset + k]!;
      if (value > bestValue) {
        bestValue = value;
        best = k;
      }
    }
    if (best !== 0 && best !== previous) {
      text += alphabet[best] ?? '';
      confidences.push(bestValue);
      positions.push(step);
    }
    previous = best;
  }
  return { text, confidences, steps: positions };
}
