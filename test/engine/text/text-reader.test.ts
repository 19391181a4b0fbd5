import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { capturePages, testCaptureNames } from '../../fixtures/text-captures/pages.js';
import { renderCaptures, type RenderedCapture } from '../../fixtures/text-captures/render.js';
import { installNetworkGuard, type NetworkGuard } from '../../support/network-guard.js';
import { scoreText } from '../../support/text-metrics.js';
import { TextReader, TextReadError, type TextReading } from '../../../engine/text/text-reader.js';

// Real OCR (PP-OCRv4 on onnxruntime-node, Tesseract's French model in
// WebAssembly) on captures that Chromium renders from the evaluation set;
// ground truth comes from the rendered pages. Speed is the benchmark's
// business (npm run bench:text): nothing here is timed.
let captures: Map<string, RenderedCapture>;
let reader: TextReader;
let guard: NetworkGuard;
const readings = new Map<string, TextReading>();

before(async () => {
  const pages = capturePages.filter((page) => (testCaptureNames as readonly string[]).includes(page.name));
  captures = new Map((await renderCaptures(pages)).map((capture) => [capture.page.name, capture]));
  // From the first model file read to the last line: not one connection.
  guard = installNetworkGuard();
  reader = new TextReader();
  for (const [name, capture] of captures) readings.set(name, await reader.read(capture.png));
});

after(async () => {
  guard?.uninstall();
  await reader?.dispose();
});

const truthText = (capture: RenderedCapture) => capture.lines.map((line) => line.text).join('\n');

test('reading the models and three captures opens no network connection', () => {
  assert.deepEqual(guard.attempts, []);
});

test('an English dialog reads within 5% character error, in English', () => {
  const capture = captures.get('dialog-save')!;
  const reading = readings.get('dialog-save')!;
  const score = scoreText(reading.text, truthText(capture));
  assert.ok(score.cer <= 0.05, `CER ${(score.cer * 100).toFixed(1)}%:\n${reading.text}`);
  assert.equal(reading.language, 'en');
  assert.match(reading.text, /report-2024\.txt is read-only\./);
});

test('a dark French dialog keeps its accents, ç and « »', () => {
  const capture = captures.get('fr-dialog-network-dark')!;
  const reading = readings.get('fr-dialog-network-dark')!;
  const score = scoreText(reading.text, truthText(capture));
  assert.equal(reading.language, 'fr');
  assert.ok(score.cer <= 0.035, `CER ${(score.cer * 100).toFixed(1)}%:\n${reading.text}`);
  for (const word of ['réseau', 'Échec', '« Bureau-5G »', 'peut-être', 'Vérifiez', 'sécurité', 'réessayez', 'Ça']) {
    assert.ok(reading.text.includes(word), `"${word}" in:\n${reading.text}`);
  }
});

test('each line of the truth has a recognised line on it, box over box', () => {
  for (const [name, capture] of captures) {
    const reading = readings.get(name)!;
    for (const truth of capture.lines) {
      const match = reading.lines.find((line) => overlapRatio(line.box, truth.box) >= 0.5);
      assert.ok(match, `${name}: no line over "${truth.text}" at ${JSON.stringify(truth.box)}`);
      // The recognised box holds the text's ink: its middle is inside the truth's row.
      const middle = match.box.y + match.box.height / 2;
      assert.ok(middle >= truth.box.y && middle <= truth.box.y + truth.box.height, `${name}: "${match.text}"`);
    }
    for (const line of reading.lines) {
      assert.ok(line.confidence > 0.5 && line.confidence <= 1, `${name}: confidence ${line.confidence}`);
      assert.ok(line.box.x >= 0 && line.box.y >= 0, `${name}: box inside the capture`);
      assert.ok(line.box.x + line.box.width <= capture.width && line.box.y + line.box.height <= capture.height);
    }
  }
});

test('code keeps its indentation', () => {
  const capture = captures.get('code-python')!;
  const reading = readings.get('code-python')!;
  assert.equal(reading.lines.length, capture.lines.length, reading.text);
  const indents = (lines: { text: string }[]) => lines.map((line) => line.text.length - line.text.trimStart().length);
  assert.deepEqual(indents(reading.lines), indents(capture.lines), reading.text);
  assert.deepEqual(
    reading.lines.map((line) => line.indent),
    indents(capture.lines),
  );
  const score = scoreText(reading.text, truthText(capture));
  assert.ok(score.cer <= 0.03, `CER ${(score.cer * 100).toFixed(1)}%:\n${reading.text}`);
});

test('--lang en reads French without Tesseract: the accents PP-OCR lacks are lost', async () => {
  const capture = captures.get('fr-dialog-network-dark')!;
  const reading = await reader.read(capture.png, { lang: 'en' });
  assert.equal(reading.language, 'en');
  assert.ok(!reading.text.includes('« Bureau-5G »'), reading.text);
});

test('something that is not an image is refused with its own error', async () => {
  await assert.rejects(
    reader.read(new TextEncoder().encode('not a picture')),
    (error: unknown) => error instanceof TextReadError && error.code === 'not-an-image',
  );
  // The reader still works after a bad input.
  const again = await reader.read(captures.get('dialog-save')!.png, { lang: 'en' });
  assert.match(again.text, /Unable/);
});

/** How much of the smaller box the two boxes share. */
function overlapRatio(
  a: { x: number; y: number; width: number; height: number },
  b: { x: number; y: number; width: number; height: number },
): number {
  const width = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const height = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  if (width <= 0 || height <= 0) return 0;
  return (width * height) / Math.min(a.width * a.height, b.width * b.height);
}
