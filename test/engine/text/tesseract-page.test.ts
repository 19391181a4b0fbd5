import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pageImage, piecesFromTsv } from '../../../engine/text/tesseract-page.js';
import type { Raster } from '../../../engine/text/raster.js';

// The pure half of the text layer's fallback where PP-OCR cannot run:
// Tesseract's TSV back to line pieces in capture pixels. Reading real
// captures this way is tested on the engine (test/engine/without-onnxruntime.test.ts).
const header = 'level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext';
const row = (line: number, word: number, box: number[], conf: number, text: string) =>
  ['5', '1', '1', '1', String(line), String(word), ...box.map(String), String(conf), text].join('\t');

test('words of a line become one piece, in capture pixels, with its confidence', () => {
  const tsv = [
    header,
    '4\t1\t1\t1\t1\t0\t20\t10\t200\t30\t-1\t',
    row(1, 1, [20, 10, 80, 30], 96, 'Unable'),
    row(1, 2, [110, 10, 40, 30], 90, 'to'),
    row(2, 1, [20, 60, 60, 30], 95, 'Save'),
  ].join('\n');
  const pieces = piecesFromTsv(tsv, 2);
  assert.deepEqual(
    pieces.map((piece) => [piece.text, piece.box, piece.confidence]),
    [
      ['Unable to', { x: 10, y: 5, width: 65, height: 15 }, 0.93],
      ['Save', { x: 10, y: 30, width: 30, height: 15 }, 0.95],
    ],
  );
  // A position for each character, the space included, left to right.
  assert.equal(pieces[0]!.charPositions.length, 'Unable to'.length);
  assert.ok(pieces[0]!.charPositions.every((x, i, all) => i === 0 || x > all[i - 1]!));
});

test('words Tesseract is unsure of (icons, borders) are left out', () => {
  const tsv = [header, row(1, 1, [0, 0, 10, 10], 12, '|'), row(1, 2, [20, 0, 50, 10], 88, 'Cancel')].join('\n');
  assert.deepEqual(
    piecesFromTsv(tsv, 1).map((piece) => piece.text),
    ['Cancel'],
  );
});

test('the page is grey, dark themes inverted, and scaled up to the letter size Tesseract reads best', () => {
  const dark: Raster = { width: 4, height: 2, data: new Uint8Array(4 * 2 * 3).fill(20) };
  const page = pageImage(dark);
  assert.equal(page.scale, 2);
  const text = new TextDecoder().decode(page.pgm.subarray(0, 11));
  assert.equal(text, 'P5\n8 4\n255\n');
  assert.ok(
    page.pgm.subarray(11).every((value) => value > 200),
    'dark background inverted to light',
  );
  // A HiDPI capture's text is already large: scaled less.
  assert.equal(pageImage(dark, 2).scale, 1);
});
