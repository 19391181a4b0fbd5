// One engine configuration of `npm run bench:text`, in its own process (so
// its peak RSS is its own), bundled and run under plain Node as the engine
// runs in the app. Reads the captures' PNGs from the folder it is given:
// first each once (the first read loads the models: "cold"), then each again
// `repeats` times ("warm"), and prints one JSON report on stdout.
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { PpOcrTuning } from '../engine/text/ppocr.js';
import { TextReader, type TextLanguage, type TextReading } from '../engine/text/text-reader.js';

export interface ChildRequest {
  folder: string;
  names: string[];
  /** Each capture's device scale, passed on as the app passes the display's. */
  pixelRatios: number[];
  lang: TextLanguage;
  repeats: number;
  /** PP-OCR's tuning where it differs from the shipped one. */
  tuning?: Partial<PpOcrTuning>;
}

export interface ChildImageResult {
  name: string;
  text: string;
  language: string;
  lines: TextReading['lines'];
  firstMs: number;
  warmMs: number[];
  timings: TextReading['timings'];
}

export interface ChildReport {
  /** From creating the reader to the first capture's text, models loaded on the way. */
  coldMs: number;
  peakRssMb: number;
  loadAverage: number[];
  images: ChildImageResult[];
}

const request = JSON.parse(process.argv[2]!) as ChildRequest;
const pngs = await Promise.all(request.names.map((name) => readFile(path.join(request.folder, `${name}.png`))));
const started = performance.now();
const reader = new TextReader(request.tuning ? { tuning: request.tuning } : {});
const images: ChildImageResult[] = [];
let coldMs = 0;
for (const [index, name] of request.names.entries()) {
  const t = performance.now();
  const reading = await reader.read(pngs[index]!, { lang: request.lang, pixelRatio: request.pixelRatios[index]! });
  const firstMs = performance.now() - t;
  if (index === 0) coldMs = performance.now() - started;
  images.push({
    name,
    text: reading.text,
    language: reading.language,
    lines: reading.lines,
    firstMs,
    warmMs: [],
    timings: reading.timings,
  });
}
for (let repeat = 0; repeat < request.repeats; repeat++) {
  for (const [index, image] of images.entries()) {
    const t = performance.now();
    await reader.read(pngs[index]!, { lang: request.lang, pixelRatio: request.pixelRatios[index]! });
    image.warmMs.push(performance.now() - t);
  }
}
await reader.dispose();
const report: ChildReport = {
  coldMs,
  peakRssMb: process.resourceUsage().maxRSS / 1024,
  loadAverage: os.loadavg(),
  images,
};
process.stdout.write(`${JSON.stringify(report)}\n`);
