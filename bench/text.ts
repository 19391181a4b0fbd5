// `npm run bench:text`: the text layer (engine/text) on the evaluation set
// (test/fixtures/text-captures: 20 captures Chromium renders, ground truth
// read from the pages). Per capture and overall: character error rate (CER),
// word accuracy, the first (cold) and warm reading times, and the process's
// peak RSS; overall CER also for dark captures and French ones. Each engine
// configuration runs in its own plain-Node process, bundled as the engine is.
// Writes bench/results/text.json; asserts nothing.
//
// Usage: flock /tmp/sightline-bench.lock npm run bench:text [-- --repeats 3]
import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { capturePages } from '../test/fixtures/text-captures/pages.js';
import { renderCaptures } from '../test/fixtures/text-captures/render.js';
import { poolScores, scoreText, type TextScore } from '../test/support/text-metrics.js';
import type { PpOcrTuning } from '../engine/text/ppocr.js';
import type { TextLanguage } from '../engine/text/text-reader.js';
import type { ChildReport, ChildRequest } from './text-child.js';
import { median } from './stats.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cache = path.join(root, 'node_modules', '.cache', 'sightline-text-bench');
const repeatsFlag = process.argv.indexOf('--repeats');
const repeats = repeatsFlag > 0 ? Number(process.argv[repeatsFlag + 1]) : 3;

const engines: { name: string; lang: TextLanguage; note: string; tuning?: Partial<PpOcrTuning> }[] = [
  {
    name: 'ppocr+tesseract-fr',
    lang: 'auto',
    note: 'shipped: PP-OCRv4 det+rec on onnxruntime-node; French captures (auto) add Tesseract fra per line',
  },
  { name: 'ppocr', lang: 'en', note: 'PP-OCRv4 alone (--lang en): no French accents' },
  {
    name: 'ppocr-unfolded',
    lang: 'en',
    note: 'PP-OCRv4 alone, affine blocks as exported (Mul, Add): the baseline of their folding',
    tuning: { foldAffine: false },
  },
  {
    name: 'ppocr-exported',
    lang: 'en',
    note: 'PP-OCRv4 alone, both graphs as exported (no rewrites): the baseline of both',
    tuning: { foldAffine: false, fuseHardSwish: false },
  },
];

const print = (line = '') => process.stdout.write(`${line}\n`);
const pct = (value: number) => `${(value * 100).toFixed(2)}%`;
const ms = (value: number) => `${Math.round(value)} ms`;
const load = () =>
  os
    .loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');

print(
  `Sightline text benchmark: ${capturePages.length} captures, ${repeats} warm reads each, ${os.cpus().length} CPUs`,
);
print(`load average at start: ${load()}`);

// The captures, rendered once per run (the ground truth is the page's text).
const folder = path.join(cache, 'captures');
await mkdir(folder, { recursive: true });
const captures = await renderCaptures(capturePages);
for (const capture of captures) {
  await writeFile(path.join(folder, `${capture.page.name}.png`), capture.png);
  await writeFile(path.join(folder, `${capture.page.name}.json`), JSON.stringify(capture.lines, null, 1));
}

// The child, bundled like dist/engine (packages external), run under plain Node.
const child = path.join(cache, 'text-child.mjs');
await build({
  absWorkingDir: root,
  entryPoints: ['bench/text-child.ts'],
  outfile: child,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  packages: 'external',
  logLevel: 'warning',
});

interface ImageRow {
  name: string;
  size: string;
  lang: string;
  dark: boolean;
  read: string;
  cer: number;
  wordAccuracy: number;
  firstMs: number;
  warmMs: number;
}

const results = [];
for (const engine of engines) {
  const request: ChildRequest = {
    folder,
    names: captures.map((capture) => capture.page.name),
    pixelRatios: captures.map((capture) => capture.page.scale),
    lang: engine.lang,
    repeats,
    ...(engine.tuning ? { tuning: engine.tuning } : {}),
  };
  const loadBefore = os.loadavg();
  const { stdout } = await promisify(execFile)(process.execPath, [child, JSON.stringify(request)], {
    cwd: root,
    maxBuffer: 64 * 1024 * 1024,
  });
  const report = JSON.parse(stdout) as ChildReport;
  const rows: (ImageRow & { score: TextScore })[] = report.images.map((image, index) => {
    const capture = captures[index]!;
    const score = scoreText(image.text, capture.lines.map((line) => line.text).join('\n'));
    return {
      name: image.name,
      size: `${capture.width}x${capture.height}`,
      lang: capture.page.lang,
      dark: capture.page.dark,
      read: image.language,
      cer: score.cer,
      wordAccuracy: score.wordAccuracy,
      firstMs: image.firstMs,
      warmMs: median(image.warmMs),
      score,
    };
  });
  const pool = (filter: (row: ImageRow) => boolean) => poolScores(rows.filter(filter).map((row) => row.score));
  const at800x600 = rows.filter((row) => row.size === '800x600');
  const frenchRows = rows.filter((row) => row.lang === 'fr');
  const summary = {
    cer: pool(() => true).cer,
    cerDark: pool((row) => row.dark).cer,
    cerFrench: pool((row) => row.lang === 'fr').cer,
    wordAccuracy: pool(() => true).wordAccuracy,
    warmMeanMs: rows.reduce((sum, row) => sum + row.warmMs, 0) / rows.length,
    warmMedianMs: median(rows.map((row) => row.warmMs)),
    warm800x600Ms: median(at800x600.map((row) => row.warmMs)),
    warmFrenchMs: median(frenchRows.map((row) => row.warmMs)),
    coldMs: report.coldMs,
    /** The first French capture's first read: Tesseract's model loads then (auto). */
    coldFrenchMs: frenchRows.length ? Math.max(...frenchRows.map((row) => row.firstMs)) : 0,
    peakRssMb: report.peakRssMb,
    loadAverage: { before: loadBefore, after: report.loadAverage },
  };
  results.push({
    engine: engine.name,
    note: engine.note,
    summary,
    images: rows.map(({ score: _score, ...row }) => row),
  });

  print();
  print(`${engine.name}: ${engine.note}`);
  print('capture                      size       lang read   CER  words  first   warm');
  for (const row of rows) {
    print(
      `${row.name.padEnd(28)} ${row.size.padEnd(10)} ${row.lang}   ${row.read}  ${pct(row.cer).padStart(6)}` +
        ` ${(row.wordAccuracy * 100).toFixed(0).padStart(4)}% ${ms(row.firstMs).padStart(7)} ${ms(row.warmMs).padStart(7)}`,
    );
  }
  print(
    `CER all ${pct(summary.cer)}, dark ${pct(summary.cerDark)}, French ${pct(summary.cerFrench)}; ` +
      `word accuracy ${pct(summary.wordAccuracy)}`,
  );
  print(
    `warm: mean ${ms(summary.warmMeanMs)}, median ${ms(summary.warmMedianMs)}, 800x600 ${ms(summary.warm800x600Ms)}, ` +
      `French ${ms(summary.warmFrenchMs)}; cold ${ms(summary.coldMs)} (first French ${ms(summary.coldFrenchMs)}); ` +
      `peak RSS ${Math.round(summary.peakRssMb)} MB`,
  );
  print(
    `load average ${loadBefore.map((value) => value.toFixed(2)).join(' ')} -> ${report.loadAverage.map((value) => value.toFixed(2)).join(' ')}`,
  );
}

const out = path.join(root, 'bench', 'results', 'text.json');
await mkdir(path.dirname(out), { recursive: true });
await writeFile(
  out,
  `${JSON.stringify({ date: new Date().toISOString(), cpus: os.cpus().length, repeats, engines: results }, null, 2)}\n`,
);
print();
print(`load average at end: ${load()}`);
print(`written ${path.relative(root, out)}`);
